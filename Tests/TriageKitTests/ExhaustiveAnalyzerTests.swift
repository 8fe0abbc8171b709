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

    static func analyze(_ spec: TriageProtocol, maxPaths: Int = 2_000_000) -> ExhaustiveReport {
        var options = ExhaustiveAnalyzer.Options(maxPaths: maxPaths)
        options.crossCheckWithSession = true
        return ExhaustiveAnalyzer.analyze(spec, options: options)
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
        let options = "    options:\n" + ["geen", "onbekend", "wel"].map { "      - {id: \($0), text: \($0)}\n" }.joined()
        let yaml = ExhaustiveCheck.protocolYAML(
            questions: ExhaustiveCheck.question("keuze", type: "choice", when: nil, extra: options + "    allow_unknown: true\n")
                + ExhaustiveCheck.question("meer", type: "multiple_choice", when: nil, extra: options),
            rules: ExhaustiveCheck.rule("r", when: "keuze == onbekend or meer contains geen", refer: "huisarts"))
        let spec = try #require(Self.load(yaml).value)
        let (keuze, meer) = (spec.questions[0], spec.questions[1])
        #expect(ExhaustiveWalk.written(.choice("onbekend"), for: keuze) == "2")
        #expect(ExhaustiveWalk.written(.choice("geen"), for: keuze) == "geen")
        #expect(ExhaustiveWalk.written(.unknown, for: keuze) == "weet niet")
        #expect(ExhaustiveWalk.written(.choices(["geen"]), for: meer) == "[1]")
        #expect(ExhaustiveWalk.written(.choices(["geen", "wel"]), for: meer) == "[geen, wel]")
        #expect(ExhaustiveWalk.written(.choices([]), for: meer) == "[]")
    }

    // MARK: - Bound, hook, shipped protocols

    @Test func stopsAtTheBoundWithAWarning() throws {
        let spec = try #require(Self.load(ExhaustiveCheck.deadRule.triggeringExamples[1].yaml).value)
        let report = ExhaustiveAnalyzer.analyze(spec, options: .init(maxPaths: 2))
        #expect(!report.isComplete)
        #expect(report.pathCount == 2)
        let warning = try #require(report.diagnostics.first { $0.code == "analysis-incomplete" })
        #expect(warning.severity == .warning)
        #expect(warning.message.hasPrefix("not fully checked: 2 combinations"))
        // "Never" findings need every path, so none are claimed.
        #expect(!report.diagnostics.contains { $0.code == "dead-rule" })
    }

    @Test func validateRunsItAndLoadDoesNot() throws {
        let yaml = ExhaustiveCheck.invariantViolated.triggeringExamples[0].yaml
        let checked = DocumentValidator().check(Array(yaml.utf8), file: "voorbeeld.yaml")
        #expect(checked.diagnostics.contains { $0.code == "invariant-violated" && $0.severity == .error })
        #expect(checked.counterexamples.map(\.invariantID) == ["toestemming"])
        #expect(DocumentValidator().validate(Array(yaml.utf8), file: "voorbeeld.yaml").diagnostics == checked.diagnostics)
        let loaded = Self.load(yaml)
        #expect(loaded.value != nil)
        #expect(!loaded.diagnostics.contains { $0.code == "invariant-violated" })
        let skipped = DocumentValidator(exhaustive: nil).check(Array(yaml.utf8), file: "voorbeeld.yaml")
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
            let report = Self.analyze(spec)
            #expect(report.isComplete, "\(path): \(report.diagnostics.filter { $0.code == "analysis-incomplete" })")
            #expect(!report.diagnostics.contains { $0.code == "analysis-incomplete" }, "\(path)")
            for example in report.counterexamples {
                #expect(Self.replay(example.answersFile, on: spec)?.contains(example.invariantID) == true)
            }
        }
    }
}
