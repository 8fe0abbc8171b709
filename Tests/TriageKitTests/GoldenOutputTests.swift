import Foundation
import Testing

@testable import TriageKit

/// The exact note, letters and text screen for shipped answers files, compared byte for byte
/// with golden files in `Tests/TriageKitTests/Fixtures/golden/` (NAME.note.txt,
/// NAME.letters.txt, NAME.screen.txt).
///
/// After an intended change to the output, rewrite them and review the diff:
///
///     TRIAGE_UPDATE_GOLDEN=1 swift test --filter GoldenOutputTests
///
/// The outputs depend on the shipped protocols, answers files and social map: a change to
/// any of those can change them too.
@Suite struct GoldenOutputTests {
    static let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
    static let golden = root + "/Tests/TriageKitTests/Fixtures/golden"

    struct Case: Sendable, CustomTestStringConvertible {
        var answers: String
        var map: String?
        var testDescription: String { answers }
    }

    static let cases = [
        Case(answers: "welzijn-op-recept-eenzaam", map: "weert"),
        Case(answers: "welzijn-op-recept-rode-vlag", map: "weert"),
        Case(answers: "geldzorgen-overzicht", map: nil),
    ]

    /// The outcome of a shipped answers file applied to its protocol.
    static func outcome(_ testCase: Case) throws -> (Outcome, TriageProtocol) {
        let sheet = try #require(AnswerSheetLoader().load(path: "\(root)/Examples/answers/\(testCase.answers).yaml").value)
        let protocolID = try #require(sheet.protocolID)
        let path = "\(root)/Protocols/\(protocolID).yaml"
        let triageProtocol = try #require(ProtocolLoader().load(try SourceFile.read(path).get(), file: path).value)
        let map = try testCase.map.map { name in
            try #require(SocialMapLoader().load(path: "\(root)/Examples/sociale-kaart/\(name).yaml").value)
        }
        var session = TriageSession(protocol: triageProtocol, socialMap: map)
        let diagnostics = sheet.apply(to: &session)
        #expect(!diagnostics.containsErrors, "\(diagnostics)")
        #expect(session.isComplete)
        return (session.outcome(), triageProtocol)
    }

    @Test(arguments: cases)
    func noteLettersAndScreenMatchTheGoldenFiles(_ testCase: Case) throws {
        let (outcome, triageProtocol) = try Self.outcome(testCase)
        let notes = OutcomeNoteRenderer(language: "nl")
        let outputs = [
            ("note", notes.renderNote(outcome, protocol: triageProtocol)),
            ("letters", notes.renderLetters(outcome, protocol: triageProtocol)),
            ("screen", OutcomeTextRenderer(language: "nl").render(outcome, protocol: triageProtocol)),
        ]
        for (kind, actual) in outputs {
            try Self.compare(actual, with: "\(testCase.answers).\(kind).txt")
        }
    }

    /// Compares `actual` with the golden file `name`; with `TRIAGE_UPDATE_GOLDEN=1`, rewrites it.
    static func compare(_ actual: String, with name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let path = golden + "/" + name
        if ProcessInfo.processInfo.environment["TRIAGE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: golden, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("no golden file \(path); run with TRIAGE_UPDATE_GOLDEN=1 to write it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard Array(actual.utf8) != Array(data) else { return }
        Issue.record(
            "\(name) differs from the golden file (TRIAGE_UPDATE_GOLDEN=1 rewrites it):\n\(diff(expected, actual))",
            sourceLocation: sourceLocation)
    }

    /// A line diff of the first difference and some context: `-` expected, `+` actual.
    static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        var lines = ["@@ line \(prefix + 1) @@"]
        lines += old[max(0, prefix - 2)..<prefix].map { "  " + $0 }
        lines += old[prefix..<(old.count - suffix)].map { "- " + $0 }
        lines += new[prefix..<(new.count - suffix)].map { "+ " + $0 }
        lines += old[(old.count - suffix)..<min(old.count, old.count - suffix + 2)].map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    @Test func theDiffShowsWhatChanged() {
        let diff = Self.diff("a\nb\nc\nd\n", "a\nb\nx\nd\n")
        #expect(diff == "@@ line 3 @@\n  a\n  b\n- c\n+ x\n  d\n  ")
    }
}
