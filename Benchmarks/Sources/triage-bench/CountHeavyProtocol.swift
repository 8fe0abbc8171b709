/// The `count` mode of `ProtocolGenerator`: 50 yes/no questions and 300 rules whose
/// conditions count over all 50 questions and exclude nested conjunctions, with a few
/// invariants over `refers(...)` — the shape that took the old analysis 467 s.
struct CountHeavyProtocol {
    var seed: UInt64
    static let questionCount = 50
    static let ruleCount = 300

    /// The YAML text of the protocol.
    func yaml() -> String {
        var random = SplitMix64(seed: seed)
        let all = (0..<Self.questionCount).map { "q\($0)" }.joined(separator: ", ")
        var out = """
            kind: protocol
            id: bench-count
            version: 1.0.0
            title: Benchmarkprotocol met tellingen
            hit_policy: collect
            destinations:
              - {id: crisisdienst, category: urgent, name: Crisisdienst}
              - {id: poh_ggz, category: medical, name: POH-GGZ}
              - {id: welzijnscoach, category: welfare, name: Welzijnscoach}
            questions:

            """
        for index in 0..<Self.questionCount {
            out += "  - {id: q\(index), type: yes_no, text: Vraag \(index)?}\n"
        }
        out += "rules:\n"
        for index in 0..<Self.ruleCount {
            let threshold = 1 + random.next(below: Self.questionCount - 1)
            let picks = (0..<4).map { _ in "q\(random.next(below: Self.questionCount))" }
            let excluded = "not (\(picks[0]) and \(picks[1]) and not (\(picks[2]) and \(picks[3])))"
            let redFlag = index % 60 == 0
            let op = index % 3 == 0 && !redFlag ? "<=" : ">="
            out += "  - id: r\(index)\n    when: \"count(\(all)) \(op) \(threshold) and \(excluded)\"\n"
            out += "    reason: Regel \(index).\n"
            if redFlag {
                out += "    red_flag: true\n    refer: crisisdienst\n"
            } else {
                out += "    refer: \(index % 2 == 0 ? "poh_ggz" : "welzijnscoach")\n"
            }
        }
        out += "  - {id: anders, when: \"true\", decision: none, reason: Geen verwijzing nodig.}\n"
        out += """
            invariants:
              - id: crisis_is_rode_vlag
                check: refers(crisisdienst) implies red_flag
                message: De crisisdienst alleen bij een rode vlag.
              - id: rode_vlag_urgent
                check: red_flag implies (decision == urgent and refers(crisisdienst))
                message: Een rode vlag is urgent.
              - id: coach_niet_bij_rode_vlag
                check: red_flag implies not refers(welzijnscoach)
                message: Geen coach bij een rode vlag.

            """
        return out
    }
}
