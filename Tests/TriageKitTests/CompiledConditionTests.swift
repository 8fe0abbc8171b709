import Testing

@testable import TriageKit

/// The compiled conditions the engine walks with (`ConditionMachine`) must mean exactly what
/// the analysis's tree evaluator (`Evaluator`) means, and every fused node what its general form
/// means: every `when`, rule, note and invariant, compiled with and without fusing, over random
/// answers (and outcomes).
@Suite struct CompiledConditionTests {
    static let packageRoot = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")

    /// Every shape of the condition language, the fused forms and the general ones.
    static let shapes = """
        kind: protocol
        id: shapes
        version: 1.0.0
        title: Shapes
        destinations:
          - {id: coach, category: welfare, name: Coach}
          - {id: crisis, category: urgent, name: Crisis}
          - {id: poh, category: medical, name: POH, consent_required: true}
        questions:
          - {id: yn, type: yes_no, allow_unknown: true, text: Ja of nee?}
          - {id: yn2, type: yes_no, text: Nog een?}
          - {id: sc, type: scale, allow_unknown: true, text: Cijfer?}
          - {id: sc2, type: scale, range: {min: 1, max: 5}, when: "yn or unknown(yn)", text: Vaak?}
          - {id: num, type: number, range: {min: 0, max: 120}, text: Leeftijd?}
          - id: ch
            type: choice
            allow_unknown: true
            text: Welke?
            options: [{id: a, text: A}, {id: b, text: B}, {id: c, text: C}]
          - id: ch2
            type: choice
            when: "ch != b"
            text: Welke nog?
            options: [{id: a, text: A}, {id: x, text: X}]
          - id: mc
            type: multiple_choice
            allow_unknown: true
            text: Welke allemaal?
            options: [{id: a, text: A}, {id: b, text: B}, {id: c, text: C}, {id: d, text: D}]
          - id: mc2
            type: multiple_choice
            when: "count(mc) >= 1 or sc < 3"
            text: En verder?
            options: [{id: x, text: X}, {id: y, text: Y}]
          - {id: tx, type: text, when: "not yn2", text: Wat wil de patient?}
          - id: big
            type: multiple_choice
            text: Welke van de vele?
            options: [\(bigOptions)]
          - id: big1
            type: choice
            allow_unknown: true
            text: Welke ene?
            options: [\(bigOptions)]
        scores:
          - {id: s_sum, method: sum, of: [sc, sc2, num]}
          - {id: s_mean, method: mean, of: [sc, sc2, num]}
          - {id: s_min, method: min, of: [sc, sc2]}
          - {id: s_max, method: max, of: [sc, sc2]}
          - {id: s_count, method: count, of: [yn, yn2, mc, mc2]}
        rules:

        """

    static let conditions = [
        "yn", "not yn", "yn == yes", "yn != no", "yes == yn", "yn2 == no",
        "sc < 5", "5 >= sc", "sc == 0", "sc != 10", "sc == sc2", "sc != num", "sc <= score.s_sum", "num > 17.5",
        "ch == a", "ch != b", "a == ch", "ch2 == x", "ch in [a, c]", "ch not in [a]", "sc in [1, 2, 3]", "sc not in [4]",
        "num in [18, 65]", "mc contains a", "mc contains d", "mc2 contains y", "mc in [a, b]", "mc not in [c]",
        "count(mc) >= 2", "count(mc) == 0", "2 <= count(mc)", "count(yn, yn2, sc > 3) >= 2", "count(mc2) < 1",
        "answered(tx)", "unknown(ch)", "asked(mc2)", "answered(yn)", "unknown(mc)", "asked(sc2)",
        "any(yn, sc > 7, ch == c)", "all(yn, yn2)", "all(yn, sc < 3, mc contains b)", "yn implies yn2",
        "(yn or yn2) and not (sc > 5)", "yn and yn2 and sc > 2 and ch == a", "yn2 or ch == b or count(mc) > 3",
        "score.s_mean > 4.5", "score.s_count == 0", "score.s_min < 2", "score.s_max >= 9", "4 < score.s_sum",
        "score.s_sum in [3, 4]", "score.s_sum != 2", "not (score.s_count > 1 implies score.s_mean < 5)",
        "true", "false", "not true",
        "big contains o69", "big contains o3", "big in [o1, o68]", "big not in [o65]", "count(big) >= 2", "big1 == o66",
        "big1 != o2", "big1 in [o70, o4]", "big1 not in [o67]", "answered(big1)", "unknown(big1)",
    ]

    /// Options beyond the 64 an answer code's mask holds (read from the answers themselves).
    static let bigOptions = (0..<72).map { "{id: o\($0), text: O\($0)}" }.joined(separator: ", ")

    /// Invariants and notes read the outcome and the answers.
    static let outcomeConditions = [
        "red_flag implies decision == urgent", "decision == none", "decision != mixed", "referred", "referred_welfare",
        "referred_urgent", "referred_medical", "referred_needing_consent", "refers(coach)", "not refers(coach) or yn",
        "decision == psychosocial and count(mc) >= 1",
    ]

    static func shapesProtocol() throws -> TriageProtocol {
        var yaml = shapes
        for (index, condition) in conditions.enumerated() {
            yaml += "  - {id: r\(index), when: \"\(condition)\", refer: coach, priority: 1, reason: Reden \(index)}\n"
        }
        yaml += "notes:\n"
        for (index, condition) in conditions.enumerated() {
            yaml += "  - {id: n\(index), when: \"\(condition)\", text: Noot \(index)}\n"
        }
        yaml += "invariants:\n"
        for (index, condition) in (outcomeConditions + conditions).enumerated() {
            yaml += "  - {id: i\(index), check: \"\(condition)\", message: Invariant \(index)}\n"
        }
        let result = ProtocolLoader().load(Array(yaml.utf8), file: "shapes.yaml")
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors)")
        return try #require(result.value)
    }

    @Test func everyShapeMeansWhatTheEvaluatorMeans() throws {
        let spec = try Self.shapesProtocol()
        #expect(spec.questions.last?.answerType.options.count == 72)
        Self.expectAgreement(spec, states: 4000, seed: 1)
    }

    @Test(arguments: ["welzijn-op-recept", "geldzorgen", "jeugd"])
    func shippedProtocolsMeanWhatTheEvaluatorMeans(_ name: String) throws {
        let path = "\(Self.packageRoot)/Protocols/\(name).yaml"
        let bytes = try #require(try? SourceFile.read(path).get())
        let spec = try #require(ProtocolLoader().load(bytes, file: path).value)
        Self.expectAgreement(spec, states: 3000, seed: 2)
    }

    /// Random protocols (every operator and function of the condition language, invariants
    /// over the outcome): the fused and the general compiled forms and `Evaluator` agree.
    @Test(arguments: 0..<200)
    func randomProtocolsMeanTheSameEveryWay(_ seed: Int) throws {
        var generator = RandomProtocol(seed: UInt64(seed) &+ 7_000)
        let yaml = generator.protocolYAML()
        guard let spec = ProtocolLoader().load(Array(yaml.utf8), file: "random.yaml").value else { return }
        Self.expectAgreement(spec, states: 300, seed: UInt64(seed))
    }

    /// The fused forms are compiled (so the agreement above covers them), and not when fusing is off.
    @Test func fusedFormsAreUsedAndCanBeTurnedOff() throws {
        let spec = try Self.shapesProtocol()
        let fusedOps: Set<ConditionNode.Op> = [
            .questionVersusNumber, .scoreVersusNumber, .countVersusNumber, .questionVersusOption, .questionVersusBoolean,
            .containsOption, .inOptions,
        ]
        let fused = CompiledProtocol(spec)
        #expect(Set(fused.nodes.array.map(\.op)).isSuperset(of: fusedOps))
        let general = CompiledProtocol(spec, fusing: false)
        #expect(Set(general.nodes.array.map(\.op)).isDisjoint(with: fusedOps))
    }

    /// Random answer states (not only walks: any question may be answered or not), and for each
    /// every `when`, every rule and every score both ways.
    static func expectAgreement(_ spec: TriageProtocol, states: Int, seed: UInt64) {
        let plan = CompiledProtocol(spec)
        let general = CompiledProtocol(spec, fusing: false)
        var random = SplitMix(state: seed)
        var disagreements: [String] = []
        for _ in 0..<states {
            var values: [AnswerValue?] = []
            var codes: [AnswerCode] = []
            var answered: [Outcome.AnsweredQuestion] = []
            for (index, question) in spec.questions.enumerated() {
                guard random.below(4) != 0, let value = random.answer(for: question),
                    var code = try? plan.code(for: value, at: index)
                else {
                    values.append(nil)
                    codes.append(.none)
                    continue
                }
                code.position = UInt32(answered.count)
                answered.append(Outcome.AnsweredQuestion(questionID: question.id, answer: value))
                values.append(value)
                codes.append(code)
            }
            let context = SessionContext(triageProtocol: spec, questionIndices: plan.scoreQuestions, answers: values)
            let facts = random.outcome(spec.destinations)
            codes.withUnsafeBufferPointer { codes in
                answered.withUnsafeBufferPointer { answered in
                    let live = plan.liveMachine(codes, answered)
                    let unfused = general.liveMachine(codes, answered)
                    let withOutcome = ConditionMachine(
                        plan: plan, codes: codes, scores: OutcomeScores(live: LiveScores(plan: plan, codes: codes), outcome: facts),
                        answered: answered)
                    let unfusedWithOutcome = ConditionMachine(
                        plan: general, codes: codes, scores: OutcomeScores(live: LiveScores(plan: general, codes: codes), outcome: facts),
                        answered: answered)
                    for (index, note) in spec.notes.enumerated() {
                        let expected = Evaluator.holds(note.when.expression, in: context)
                        if live.holds(plan.noteRoots[index]) != expected || unfused.holds(general.noteRoots[index]) != expected {
                            disagreements.append("note \(note.id) [\(note.when.source)] with \(values)")
                        }
                    }
                    let outcomeContext = WithOutcome(session: context, outcome: facts)
                    for (index, invariant) in spec.invariants.enumerated() {
                        let expected = Evaluator.holds(invariant.condition.expression, in: outcomeContext)
                        if withOutcome.holds(plan.invariantRoots[index]) != expected
                            || unfusedWithOutcome.holds(general.invariantRoots[index]) != expected
                        {
                            disagreements.append("invariant \(invariant.id) [\(invariant.condition.source)] with \(values), outcome \(facts.map { "\($0.decision) \($0.redFlag) \($0.destinations.map(\.id))" } ?? "none")")
                        }
                    }
                    for index in spec.scores.indices where plan.score(index, codes)?.bitPattern != context.score(at: index)?.bitPattern {
                        disagreements.append("score \(spec.scores[index].id) with \(values)")
                    }
                    let scores = (0..<spec.scores.count).map { plan.score($0, codes) }
                    scores.withUnsafeBufferPointer { scores in
                        let fixed = ConditionMachine(plan: plan, codes: codes, scores: FixedScores(values: scores), answered: answered)
                        for (index, question) in spec.questions.enumerated() {
                            guard let when = question.when else { continue }
                            let expected = Evaluator.holds(when.expression, in: context)
                            if live.holds(plan.whenRoots[index]) != expected || fixed.holds(plan.whenRoots[index]) != expected
                                || unfused.holds(general.whenRoots[index]) != expected
                            {
                                disagreements.append("when of \(question.id) [\(when.source)] with \(values)")
                            }
                        }
                        for (index, rule) in spec.rules.enumerated() {
                            let expected = Evaluator.holds(rule.when.expression, in: context)
                            if live.holds(plan.ruleRoots[index]) != expected || fixed.holds(plan.ruleRoots[index]) != expected
                                || unfused.holds(general.ruleRoots[index]) != expected
                            {
                                disagreements.append("rule \(rule.id) [\(rule.when.source)] with \(values)")
                            }
                        }
                    }
                }
            }
            if disagreements.count > 5 { break }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5).joined(separator: "\n"))")
    }
}

/// Answers by question with an outcome, as the analysis's evaluator reads an invariant.
private struct WithOutcome: EvaluationContext {
    let session: SessionContext
    let outcome: OutcomeFacts?

    func answer(at index: Int) -> AnswerValue? { session.answer(at: index) }
    func score(at index: Int) -> Double? { session.score(at: index) }
}

/// Seeded random numbers and random answers of every kind, valid or not quite
/// (repeated options, "weet niet"), as an API caller might give them.
private struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func answer(for question: Question) -> AnswerValue? {
        if random(question.allowsUnknown ? 6 : 0) { return .unknown }
        switch question.answerType {
        case .yesNo: return .yesNo(below(2) == 0)
        case .singleChoice(let options): return .choice(options[below(options.count)].id)
        case .multipleChoice(let options):
            var chosen = options.filter { _ in below(3) == 0 }.map(\.id)
            if below(8) == 0, let first = chosen.first { chosen.append(first) }  // a repeat is accepted
            if below(8) == 0 { chosen.reverse() }
            return .choices(chosen)
        case .scale(let low, let high): return .number(Double(low + below(high - low + 1)))
        case .number(let low, let high):
            return below(3) == 0 ? .number(low + (high - low) * Double(below(1000)) / 1000) : .number(Double(below(Int(high - low) + 1)) + low)
        case .text: return .text(["", "iets", "meer rust"][below(3)])
        }
    }

    /// A random outcome over `destinations` (sometimes none at all).
    mutating func outcome(_ destinations: [Destination]) -> OutcomeFacts? {
        guard below(6) != 0 else { return nil }
        return OutcomeFacts(
            decision: Decision.allCases[below(Decision.allCases.count)], redFlag: below(3) == 0,
            destinations: destinations.filter { _ in below(2) == 0 })
    }

    /// True one time in `oneIn` (never for 0).
    private mutating func random(_ oneIn: Int) -> Bool { oneIn > 0 && below(oneIn) == 0 }
}
