import Foundation
import Testing

@testable import TriageKit

/// The exhaustive analysis: every check's own examples, counterexamples that reproduce,
/// the answer abstraction's boundaries, the path bound, and the shipped protocols.
struct ExhaustiveAnalyzerTests {
    /// One example of one check.
    struct Case: Sendable, CustomTestStringConvertible {
        var check: ExhaustiveCheck
        var example: ExhaustiveCheck.Example
        var triggering: Bool

        var testDescription: String {
            "\(check.code) \(triggering ? "triggers" : "does not trigger"): \(example.name)"
        }
    }

    static let cases: [Case] = ExhaustiveCheck.all.flatMap { check in
        check.triggeringExamples.map { Case(check: check, example: $0, triggering: true) }
            + check.nonTriggeringExamples.map { Case(check: check, example: $0, triggering: false) }
    }

    static func load(_ yaml: String, file: String = "voorbeeld.yaml") -> LoadResult<TriageProtocol> {
        ProtocolLoader().load(Array(yaml.utf8), file: file)
    }

    static func analyze(_ spec: TriageProtocol) -> ExhaustiveReport {
        ExhaustiveAnalyzer.analyze(spec)
    }

    /// Applies an answers file to a fresh session and returns the invariants it violates.
    static func replay(_ answersFile: String, on spec: TriageProtocol) -> [String]? {
        guard let sheet = AnswerSheetLoader().load(Array(answersFile.utf8), file: "answers.yaml").value else { return nil }
        var session = TriageSession(protocol: spec)
        let findings = sheet.apply(to: &session)
        guard !findings.containsErrors, session.isComplete else { return nil }
        return session.violatedInvariants().map(\.id)
    }

    @Test(arguments: cases)
    func checkExamples(_ testCase: Case) throws {
        let loaded = Self.load(testCase.example.yaml)
        let spec = try #require(loaded.value, "example does not load: \(loaded.diagnostics)")
        let report = Self.analyze(spec)
        #expect(!report.diagnostics.contains { $0.message.contains("disagree") }, "\(report.diagnostics)")
        let found = report.diagnostics.filter { $0.code == testCase.check.code }
        if testCase.triggering {
            #expect(!found.isEmpty, "expected [\(testCase.check.code)], got \(report.diagnostics)")
            #expect(found.allSatisfy { $0.severity == testCase.check.severity })
        } else {
            #expect(found.isEmpty, "unexpected: \(found)")
        }
        if let expected = testCase.example.counterexample {
            let example = try #require(report.counterexamples.first)
            let file = "kind: answers\nprotocol: voorbeeld\nanswers:\n" + expected.map { "  \($0)\n" }.joined()
            #expect(example.answersFile == file)
            #expect(example.fileName == "voorbeeld-\(example.invariantID).yaml")
            // The counterexample reproduces the violation through the engine's public path.
            let violated = try #require(Self.replay(example.answersFile, on: spec))
            #expect(violated.contains(example.invariantID))
            // And the diagnostic prints it.
            let diagnostic = try #require(found.first)
            #expect(diagnostic.hint?.contains(expected[0]) == true)
        }
    }

    /// The analysis's verdicts equal those of replaying every path through `TriageSession`.
    static func expectAgreesWithReplay(_ spec: TriageProtocol, maxPaths: Int = 20_000) -> Bool {
        guard let replay = SessionReplay(spec, maxPaths: maxPaths) else { return false }
        var options = ExhaustiveAnalyzer.Options()
        options.checkWitnesses = true  // every witness edit replayed through a real session
        let report = ExhaustiveAnalyzer.analyze(spec, options: options)
        let file = spec.location.file
        #expect(!report.diagnostics.contains { $0.message.contains("disagree") }, "\(file): \(report.diagnostics)")
        #expect(report.isComplete == replay.isExact, "\(file): \(report.diagnostics.filter { $0.code == "analysis-incomplete" })")
        func subjects(_ code: String) -> Set<String> {
            Set(report.diagnostics.filter { $0.code == code }.compactMap { $0.message.split(separator: "'").dropFirst().first.map(String.init) })
        }
        if replay.isExact {
            #expect(subjects("unreachable-question") == replay.unreachableQuestions, "\(file)")
            #expect(subjects("dead-rule") == replay.deadRules, "\(file)")
            #expect(subjects("shadowed-rule") == replay.shadowedRules, "\(file)")
        }
        #expect(report.diagnostics.contains { $0.code == "no-decision" } == (replay.shortestUndecided != nil), "\(file)")
        let conflicts = Set(
            report.diagnostics.filter { $0.code == "rule-conflict" }.map { diagnostic in
                diagnostic.message.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }.prefix(2)
                    .joined(separator: "+")
            })
        #expect(conflicts == replay.conflicts, "\(file)")
        #expect(Set(report.counterexamples.map(\.invariantID)) == Set(replay.shortestViolation.keys), "\(file)")
        for example in report.counterexamples {
            #expect(Self.replay(example.answersFile, on: spec)?.contains(example.invariantID) == true, "\(file)")
            // Shortest: no path with fewer answers breaks the invariant.
            #expect(example.answers.count == replay.shortestViolation[example.invariantID], "\(file) \(example.invariantID)")
        }
        return true
    }

    @Test(arguments: cases)
    func analysisAgreesWithReplayOnExamples(_ testCase: Case) throws {
        let spec = try #require(Self.load(testCase.example.yaml).value)
        #expect(Self.expectAgreesWithReplay(spec))
    }

    /// Small random protocols (seeded) covering every operator and function of the
    /// condition language: the analysis and a replay of every path agree.
    @Test(arguments: 0..<600)
    func analysisAgreesWithReplayOnRandomProtocols(_ seed: Int) throws {
        var generator = RandomProtocol(seed: UInt64(seed))
        let yaml = generator.protocolYAML()
        let loaded = Self.load(yaml)
        guard let spec = loaded.value else {
            // The generator aims at valid protocols; a few type errors are fine, many are not.
            #expect(seed % 10 != 0 || loaded.diagnostics.count < 100)
            return
        }
        #expect(Self.expectAgreesWithReplay(spec), "seed \(seed): too many paths\n\(yaml)")
    }

    @Test func everyCheckHasExamplesBothWays() {
        for check in ExhaustiveCheck.all {
            #expect(!check.triggeringExamples.isEmpty, "\(check.code)")
            #expect(!check.nonTriggeringExamples.isEmpty, "\(check.code)")
        }
        #expect(Set(ExhaustiveCheck.all.map(\.code)).count == ExhaustiveCheck.all.count)
    }

    // MARK: - The abstraction

    /// The values tried for a 0–10 scale compared with 5 by one operator.
    static func representatives(_ condition: String) throws -> [Double] {
        let yaml = ExhaustiveCheck.protocolYAML(
            questions: ExhaustiveCheck.scale("x"), rules: ExhaustiveCheck.rule("r", when: condition, refer: "huisarts"))
        let spec = try #require(load(yaml).value)
        return AnswerSpace(spec).values[0].compactMap { if case .number(let n) = $0 { n } else { nil } }
    }

    @Test(arguments: [
        ("x < 5", [4.0, 5]), ("x <= 5", [5.0, 6]), ("x == 5", [4.0, 5]), ("x != 5", [4.0, 5]),
        ("x > 5", [5.0, 6]), ("x >= 5", [4.0, 5]), ("5 > x", [4.0, 5]), ("x in [2, 5]", [1.0, 2, 5]),
        ("x < 4.5", [4.0, 5]), ("x < 5 and x > 2", [2.0, 3, 5]), ("x > 10", [10.0]),
    ])
    func scaleBoundaries(_ condition: String, _ expected: [Double]) throws {
        #expect(try Self.representatives(condition) == expected)
    }

    @Test func representativesAreExactForEveryOperator() throws {
        let conditions = ["x < 5", "x <= 5", "x == 5", "x != 5", "x > 5", "x >= 5", "x < 3 or x >= 7", "x in [0, 10]"]
        for condition in conditions {
            let yaml = ExhaustiveCheck.protocolYAML(
                questions: ExhaustiveCheck.scale("x"), rules: ExhaustiveCheck.rule("r", when: condition, refer: "huisarts"))
            let spec = try #require(Self.load(yaml).value)
            let expression = spec.rules[0].when.expression
            func holds(_ value: Double) -> Bool {
                Evaluator.holds(expression, in: SessionContext(triageProtocol: spec, questionIndices: [], answers: [.number(value)]))
            }
            let tried = Set(AnswerSpace(spec).values[0].compactMap { if case .number(let n) = $0 { holds(n) } else { nil } })
            let all = Set((0...10).map { holds(Double($0)) })
            #expect(tried == all, "\(condition)")
        }
    }

    @Test func unusedQuestionsAreTriedOnce() throws {
        let yaml = ExhaustiveCheck.protocolYAML(
            questions: ExhaustiveCheck.scale("x") + ExhaustiveCheck.yesNo("y", allowUnknown: true)
                + ExhaustiveCheck.yesNo("z", allowUnknown: true),
            rules: ExhaustiveCheck.rule("r", when: "unknown(z)", refer: "huisarts"))
        let spec = try #require(Self.load(yaml).value)
        let space = AnswerSpace(spec)
        #expect(space.values[0] == [.number(0)])
        #expect(space.values[1] == [.yesNo(false)])
        #expect(space.values[2] == [.yesNo(false), .unknown])
    }

    @Test func multipleChoiceMergesUnnamedOptions() throws {
        let options = "    options:\n" + ["geld", "wonen", "rouw"].map { "      - {id: \($0), text: \($0)}\n" }.joined()
        let named = ExhaustiveCheck.protocolYAML(
            questions: ExhaustiveCheck.question("zorgen", type: "multiple_choice", when: nil, extra: options),
            rules: ExhaustiveCheck.rule("r", when: "zorgen contains geld", refer: "welzijnscoach"))
        let spec = try #require(Self.load(named).value)
        #expect(AnswerSpace(spec).values[0] == [.choices([]), .choices(["geld"])])
        let counted = ExhaustiveCheck.protocolYAML(
            questions: ExhaustiveCheck.question("zorgen", type: "multiple_choice", when: nil, extra: options),
            rules: ExhaustiveCheck.rule("r", when: "zorgen contains geld and count(zorgen) >= 2", refer: "welzijnscoach"))
        let countedSpec = try #require(Self.load(counted).value)
        #expect(AnswerSpace(countedSpec).values[0].count == 6)  // {geld or not} x {0, 1, 2 others}
        #expect(Self.analyze(countedSpec).diagnostics.allSatisfy { $0.code != "dead-rule" })
    }

    @Test func answersAreWrittenSoTheyReadBack() throws {
        let options = "    options:\n" + ["geen", "niets", "wel"].map { "      - {id: \($0), text: \($0)}\n" }.joined()
        let yaml = ExhaustiveCheck.protocolYAML(
            questions: ExhaustiveCheck.question("keuze", type: "choice", when: nil, extra: options + "    allow_unknown: true\n")
                + ExhaustiveCheck.question("meer", type: "multiple_choice", when: nil, extra: options),
            rules: ExhaustiveCheck.rule("r", when: "keuze == niets or meer contains geen", refer: "huisarts"))
        let spec = try #require(Self.load(yaml).value)
        let (keuze, meer) = (spec.questions[0], spec.questions[1])
        // An option may not be called like a "weet niet" word (the loader refuses it), so ids read back.
        #expect(AnswerSheet.written(.choice("niets"), for: keuze) == "niets")
        #expect(AnswerSheet.written(.choice("geen"), for: keuze) == "geen")
        #expect(AnswerSheet.written(.unknown, for: keuze) == "weet niet")
        #expect(AnswerSheet.written(.choices(["geen", "wel"]), for: meer) == "[geen, wel]")
        #expect(AnswerSheet.written(.choices([]), for: meer) == "[]")
        // Whatever the parser's words ("geen" may mean none), every answer reads back as itself.
        for value: AnswerValue in [.choices(["geen"]), .choices(["niets"]), .choices(["geen", "niets", "wel"])] {
            let written = AnswerSheet.written(value, for: meer)
            let items = written.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect((try? AnswerParser.parse(items.joined(separator: ","), for: meer).get()) == value, "\(written)")
        }
        for value: AnswerValue in [.choice("geen"), .choice("niets"), .choice("wel"), .unknown] {
            #expect((try? AnswerParser.parse(AnswerSheet.written(value, for: keuze), for: keuze).get()) == value)
        }
    }

    // MARK: - Bound, hook, shipped protocols

    @Test func aTimeBudgetLeavesLocatedNotProvedWarnings() throws {
        let yaml = ExhaustiveCheck.invariantViolated.triggeringExamples[0].yaml
        let spec = try #require(Self.load(yaml).value)
        let report = ExhaustiveAnalyzer.analyze(spec, options: .init(timeLimit: 0))
        #expect(!report.isComplete)
        let warnings = report.diagnostics.filter { $0.code == "analysis-incomplete" }
        // Each names its check and the rule, question or invariant, located at it.
        let invariant = try #require(warnings.first { $0.message.contains("invariant 'toestemming'") })
        #expect(invariant.message.hasPrefix("not proved (invariant-violated)"))
        #expect(invariant.message.contains("the time budget (0 s) ran out"))
        #expect(invariant.location == spec.invariants[0].condition.location)
        let rule = try #require(warnings.first { $0.message.contains("rule 'somber_coach'") })
        #expect(rule.location == spec.rules[0].when.location)
        #expect(warnings.allSatisfy { !$0.message.contains("combinations") && $0.location.line > 1 })
        // Nothing is claimed that was not proved.
        #expect(!report.diagnostics.contains { ["dead-rule", "unreachable-question", "invariant-violated"].contains($0.code) })
    }

    @Test func aNodeBudgetLeavesLocatedNotProvedWarnings() throws {
        let spec = try #require(Self.load(ExhaustiveCheck.invariantViolated.triggeringExamples[0].yaml).value)
        let report = ExhaustiveAnalyzer.analyze(spec, options: .init(maxNodes: 2))
        #expect(!report.isComplete)
        let warning = try #require(report.diagnostics.first { $0.code == "analysis-incomplete" && $0.message.contains("invariant") })
        #expect(warning.message == "not proved (invariant-violated): invariant 'toestemming'; its diagram outgrew 2 nodes")
        #expect(warning.location == spec.invariants[0].condition.location)
        #expect(report.counterexamples.isEmpty)
        #expect(ExhaustiveAnalyzer.analyze(spec).counterexamples.count == 1)
    }

    @Test func validateRunsItAndLoadDoesNot() throws {
        let yaml = ExhaustiveCheck.invariantViolated.triggeringExamples[0].yaml
        let checked = DocumentValidator().validate(Array(yaml.utf8), file: "voorbeeld.yaml")
        #expect(checked.diagnostics.contains { $0.code == "invariant-violated" && $0.severity == .error })
        #expect(checked.counterexamples.map(\.invariantID) == ["toestemming"])
        let loaded = Self.load(yaml)
        #expect(loaded.value != nil)
        #expect(!loaded.diagnostics.contains { $0.code == "invariant-violated" })
        let skipped = DocumentValidator(exhaustive: nil).validate(Array(yaml.utf8), file: "voorbeeld.yaml")
        #expect(!skipped.diagnostics.contains { $0.code == "invariant-violated" })
    }

    static let protocolsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocols")

    static var shippedProtocols: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: protocolsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".tests.yaml") }.sorted()
            .map { protocolsDirectory.appendingPathComponent($0).path }
    }

    @Test func shippedProtocolsAreFullyChecked() throws {
        #expect(!Self.shippedProtocols.isEmpty)
        for path in Self.shippedProtocols {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            guard DocumentKind.of(try #require(YAMLReader().read(bytes, file: path).root)) == .success(.protocol) else { continue }
            let spec = try #require(ProtocolLoader().load(bytes, file: path).value, "\(path) does not load")
            let report = ExhaustiveAnalyzer.analyze(spec)
            #expect(report.isComplete, "\(path): \(report.diagnostics.filter { $0.code == "analysis-incomplete" })")
            #expect(!report.diagnostics.contains { $0.code == "analysis-incomplete" }, "\(path)")
            for example in report.counterexamples {
                #expect(Self.replay(example.answersFile, on: spec)?.contains(example.invariantID) == true)
            }
        }
    }
}

/// Generates small, mostly valid protocols from a seed, for comparing the analysis with a
/// replay of every path: every operator and function of the condition language, scores of
/// every method, every hit policy, red flags and fallback rules.
struct RandomProtocol {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    private mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    private mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    private mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    private enum Kind: CaseIterable { case yesNo, scale, choice, multiple, number }

    private var kinds: [Kind] = []
    private var hasScore = false
    private var scoreIsCount = false

    /// A condition over the questions before `limit` (and the outcome, for invariants).
    private mutating func condition(before limit: Int, outcome: Bool, depth: Int = 0) -> String {
        if depth < 2, chance(45) {
            let a = condition(before: limit, outcome: outcome, depth: depth + 1)
            let b = condition(before: limit, outcome: outcome, depth: depth + 1)
            return pick([
                "(\(a) and \(b))", "(\(a) or \(b))", "not (\(a))", "(\(a) implies \(b))", "count(\(a), \(b)) >= 1",
                "all(\(a), \(b))", "any(\(a), \(b))", "count(\(a), \(b)) == 2", "count(\(a), \(b)) < 1", "not all(\(a), \(b))",
            ])
        }
        if outcome, chance(40) {
            return pick([
                "red_flag", "referred", "referred_welfare", "referred_medical", "referred_urgent", "referred_needing_consent",
                "decision == \(pick(["urgent", "medical", "mixed", "psychosocial", "none"]))",
                "decision in [medical, mixed]", "refers(\(pick(["coach", "huisarts", "crisis"])))",
            ])
        }
        if hasScore, limit == kinds.count, chance(15) {
            return scoreIsCount ? "score.s >= \(int(0...2))" : "score.s \(pick(["<", "<=", ">", "==", "!="])) \(int(0...4))"
        }
        guard limit > 0 else { return pick(["true", "false"]) }
        let index = int(0...(limit - 1))
        let q = "q\(index)"
        switch kinds[index] {
        case .yesNo: return pick([q, "\(q) == no", "unknown(\(q))", "answered(\(q))", "asked(\(q))", "\(q) != yes"])
        case .scale:
            return pick(["\(q) < \(int(0...4))", "\(q) >= \(int(0...4))", "\(q) == \(int(0...4))", "\(q) != \(int(0...4))", "\(q) in [1, 3]"])
        case .number: return pick(["\(q) < 50", "\(q) >= 20.5", "\(q) == 0", "\(q) > 100"])
        case .choice: return pick(["\(q) == a", "\(q) != b", "\(q) in [a, c]", "\(q) not in [b]", "unknown(\(q))"])
        case .multiple: return pick(["\(q) contains a", "\(q) contains c", "count(\(q)) >= 2", "\(q) in [b]", "count(\(q)) == 0"])
        }
    }

    mutating func protocolYAML() -> String {
        let count = int(2...5)
        kinds = (0..<count).map { _ in pick(Kind.allCases) }
        var questions = ""
        for (index, kind) in kinds.enumerated() {
            var extra = chance(30) ? "    allow_unknown: true\n" : ""
            let options = "    options:\n" + ["a", "b", "c"].map { "      - {id: \($0), text: \($0)}\n" }.joined()
            let type: String
            switch kind {
            case .yesNo: type = "yes_no"
            case .scale:
                type = "scale"
                extra += "    range: {min: 0, max: 4}\n"
            case .number:
                type = "number"
                extra += "    range: {min: 0, max: 100}\n"
            case .choice:
                type = "choice"
                extra += options
            case .multiple:
                type = "multiple_choice"
                extra += options
            }
            let when = index > 0 && chance(35) ? condition(before: index, outcome: false) : nil
            questions += ExhaustiveCheck.question("q\(index)", type: type, when: when, extra: extra)
        }
        var scores = ""
        let numeric = kinds.indices.filter { kinds[$0] == .scale || kinds[$0] == .number }
        let countable = kinds.indices.filter { kinds[$0] == .yesNo || kinds[$0] == .multiple }
        if chance(50), !numeric.isEmpty || !countable.isEmpty {
            hasScore = true
            scoreIsCount = numeric.isEmpty || (!countable.isEmpty && chance(40))
            let pool = scoreIsCount ? countable : numeric.filter { kinds[$0] == .scale }
            if pool.isEmpty {
                hasScore = false
            } else {
                let members = Array(Set((0..<int(1...2)).map { _ in pick(pool) })).sorted().map { "q\($0)" }
                let method = scoreIsCount ? "count" : pick(["sum", "mean", "min", "max"])
                scores = "  - id: s\n    method: \(method)\n    of: [\(members.joined(separator: ", "))]\n"
            }
        }
        var rules = ""
        for index in 0..<int(1...4) {
            let redFlag = chance(20)
            let refer = redFlag ? "crisis" : pick(["coach", "huisarts", "crisis", "coach"])
            rules += ExhaustiveCheck.rule(
                "r\(index)", when: condition(before: count, outcome: false), refer: refer,
                decision: redFlag ? nil : (chance(30) ? pick(["medical", "psychosocial", "mixed", "none"]) : nil), redFlag: redFlag)
        }
        if chance(25) {
            rules += ExhaustiveCheck.rule("anders", when: "true", decision: "none")
        }
        var invariants = ""
        for index in 0..<int(0...2) {
            invariants += ExhaustiveCheck.invariant("i\(index)", condition(before: count, outcome: true))
        }
        return """
            kind: protocol
            id: willekeurig
            version: 1.0.0
            title: Willekeurig
            hit_policy: \(pick(["collect", "first", "unique"]))
            destinations:
              - {id: coach, category: welfare, name: Coach}
              - {id: huisarts, category: medical, name: Huisarts}
              - {id: crisis, category: urgent, name: Crisis}
            questions:

            """ + questions + (scores.isEmpty ? "" : "scores:\n" + scores) + "rules:\n" + rules
            + (invariants.isEmpty ? "" : "invariants:\n" + invariants)
    }
}
