import Foundation
import Testing

@testable import TriageKit

/// One line of a `Fixtures/semantics/*.cases` file: answers and the outcome they must give
/// (`answers | decision | referrals in order | red flag yes/no | rules that fire`).
struct SemanticsCase: Sendable, CustomTestStringConvertible {
    var protocolFile: String
    var answers: [(id: String, text: String)]
    var decision: String
    var referrals: [String]
    var redFlag: Bool
    var fired: [String]
    var line: String

    var testDescription: String { "\(protocolFile): \(line)" }

    /// `Tests/TriageKitTests/Fixtures/semantics`, found from this source file.
    static let directory: String =
        #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        + "/Fixtures/semantics"

    /// Every case of every `.cases` file (a line that cannot be read becomes a case that fails).
    static func all() -> [SemanticsCase] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".cases") }.sorted()
        return files.flatMap { file -> [SemanticsCase] in
            let text = (try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)) ?? ""
            let protocolFile = String(file.dropLast(".cases".count)) + ".yaml"
            return text.split(separator: "\n").compactMap { raw -> SemanticsCase? in
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
                let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                func list(_ text: String) -> [String] {
                    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                let answers = fields[0].split(separator: " ").map { token -> (String, String) in
                    let parts = token.split(separator: "=", maxSplits: 1).map(String.init)
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                }
                guard fields.count == 5 else {
                    return SemanticsCase(
                        protocolFile: protocolFile, answers: [], decision: "malformed", referrals: [], redFlag: false, fired: [], line: line)
                }
                return SemanticsCase(
                    protocolFile: protocolFile, answers: answers, decision: fields[1], referrals: list(fields[2]),
                    redFlag: fields[3] == "yes", fired: list(fields[4]), line: line)
            }
        }
    }
}

/// The engine-independent case set: each case is run by the engine (`TriageSession`) and
/// by the analysis's own encoding (`SymbolicAnalysis` restricted to the case's answers), and
/// both must give the expected outcome.
@Suite struct SemanticsCaseTests {
    static func load(_ file: String) throws -> TriageProtocol {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: SemanticsCase.directory + "/" + file)))
        let loaded = ProtocolLoader().load(bytes, file: file)
        return try #require(loaded.value, "\(file): \(loaded.diagnostics)")
    }

    @Test func everyProtocolHasCases() {
        let cases = SemanticsCase.all()
        #expect(Set(cases.map(\.protocolFile)).count >= 3)
        #expect(cases.count >= 12)
        #expect(!cases.contains { $0.decision == "malformed" })
    }

    @Test(arguments: SemanticsCase.all())
    func theEngineGivesTheExpectedOutcome(_ testCase: SemanticsCase) throws {
        let spec = try Self.load(testCase.protocolFile)
        var session = TriageSession(protocol: spec)
        for (id, text) in testCase.answers {
            let question = try #require(session.nextQuestion, "nothing asked before \(id)")
            #expect(question.id == id)
            try session.answer(try AnswerParser.parse(text, for: question).get())
        }
        #expect(session.isComplete)
        let outcome = session.outcome()
        #expect(outcome.decision.rawValue == testCase.decision)
        #expect(outcome.referrals.map(\.destination.id) == testCase.referrals)
        #expect(outcome.redFlags.isEmpty == !testCase.redFlag)
        #expect(outcome.trace.filter(\.fired).map(\.ruleID) == testCase.fired)
    }

    @Test(arguments: SemanticsCase.all())
    func theAnalysisGivesTheExpectedOutcome(_ testCase: SemanticsCase) throws {
        let spec = try Self.load(testCase.protocolFile)
        let space = AnswerSpace(spec)
        let cone = ConeOfInfluence(spec)
        var analysis = SymbolicAnalysis(
            spec: spec, space: space, scoreMembers: cone.scoreMembers, cone: Array(spec.questions.indices), mode: .exact,
            budget: 1_000_000, deadline: nil, redFlagQuestions: cone.redFlagQuestions)
        // The one path of the case: every answer fixed, every other question not asked.
        var path = try analysis.valid()
        var given: [Int: Int] = [:]
        for (id, text) in testCase.answers {
            let index = try #require(spec.questions.firstIndex { $0.id == id })
            let value = try AnswerParser.parse(text, for: spec.questions[index]).get()
            let position = try #require(space.values[index].firstIndex(of: value), "\(id): \(text) is not an answer the analysis tries")
            given[index] = position + 1
        }
        for index in spec.questions.indices {
            let wanted = given[index] ?? 0
            path = try analysis.and(path, analysis.answer(index, is: wanted))
        }
        #expect(path != DecisionDiagram.falseRef, "the analysis does not walk these answers")
        func holdsOnPath(_ expression: TriageKit.Expression) throws -> Bool {
            let set = try analysis.compile(expression)
            let outside = try analysis.and(path, analysis.not(set))
            return outside == DecisionDiagram.falseRef
        }
        #expect(try holdsOnPath(.comparison(.equal, .outcome(.decision), .symbol(testCase.decision))))
        for destination in spec.destinations {
            let referred = try holdsOnPath(.call(.refers, [.symbol(destination.id)]))
            #expect(referred == testCase.referrals.contains(destination.id), "\(destination.id)")
        }
        #expect(try holdsOnPath(.outcome(.redFlag)) == testCase.redFlag)
        for (index, rule) in spec.rules.enumerated() {
            let fires = try analysis.fires(index)
            let onPath = try analysis.and(path, fires) != DecisionDiagram.falseRef
            #expect(onPath == testCase.fired.contains(rule.id), "\(rule.id)")
        }
    }
}
