import Testing

@testable import TriageKit

/// Answers files: findings that talk about answers files, a file holding only null, nested
/// lists, and the cap on findings per file (shared with protocols).
@Suite struct AnswerSheetTests {
    static let protocolYAML = """
        kind: protocol
        id: blad
        version: 1
        title: Blad
        questions:
          - {id: stress, type: yes_no, allow_unknown: true, text: Stress?}
          - id: zorgen
            type: multiple_choice
            text: Zorgen?
            options:
              - {id: geld, text: Geld}
              - {id: wonen, text: Wonen}
        rules:
          - {id: r, when: "true", decision: none, reason: R}

        """

    static func spec() throws -> TriageProtocol { try #require(loadInlineProtocol(protocolYAML).value) }

    static func load(_ text: String, file: String = "a.yaml") -> LoadResult<AnswerSheet> {
        AnswerSheetLoader().load(Array(text.utf8), file: file)
    }

    static func apply(_ text: String) throws -> [Diagnostic] {
        let sheet = try #require(load(text).value, "\(load(text).diagnostics)")
        var session = TriageSession(protocol: try spec())
        return sheet.apply(to: &session)
    }

    @Test("a JSON file holding only null says so, at 1:1 (bug fix)")
    func aNullFileSaysItHoldsNoData() throws {
        for (text, written) in [("null", "null"), ("null\n", "null"), ("~", "~")] {
            let finding = try #require(Self.load(text, file: "a.json").diagnostics.first)
            #expect(finding.code == "yaml-empty")
            #expect(finding.message == "the file holds no data, only '\(written)'")
            #expect((finding.location.line, finding.location.column) == (1, 1))
        }
        #expect(Self.load("").diagnostics.first?.message == "the file contains no YAML document")
    }

    @Test("findings about an answers file talk about answers files, not protocols (bug fix)")
    func hintsTalkAboutAnswersFiles() throws {
        for text in ["", "null", "kind: answers\nanswers: &a {}\n", "kind: answers\nanswers: {}\n---\nkind: answers\n"] {
            for finding in Self.load(text).diagnostics {
                #expect(!finding.description.contains("protocol"), "\(finding)")
            }
        }
        #expect(Self.load("").diagnostics.first?.hint == "an answers file is a mapping that starts with 'kind: answers'")
        let wrongKind = try #require(Self.load("kind: protocol\nanswers: {}\n").diagnostics.first)
        #expect(wrongKind.hint?.contains("an answers file starts with 'kind: answers'") == true)
        // A question id without a close match: the hint says what to do in the answers.
        let unknown = try Self.apply("kind: answers\nanswers: {stress: nee, zorgen: [], xyzzy: 1}\n")
        #expect(unknown.first?.hint == "remove it from the answers, or check the question ids of protocol 'blad'")
        let missing = try Self.apply("kind: answers\nanswers: {stress: nee}\n")
        #expect(missing.first?.hint?.contains("under 'answers:'") == true)
        // The protocol loader keeps its own hint for an empty file.
        #expect(loadInlineProtocol("").diagnostics.first?.hint == "a protocol file is a mapping that starts with 'kind: protocol'")
    }

    @Test("a nested list is not an answer, located at the inner list (bug fix)")
    func nestedListsAreNotAnswers() throws {
        let findings = try Self.apply("kind: answers\nanswers:\n  stress: nee\n  zorgen: [geld, [xx]]\n")
        let finding = try #require(findings.first)
        #expect(finding.code == "invalid-answer")
        #expect(finding.message.hasPrefix("a nested list is not an answer to 'zorgen'"))
        #expect((finding.location.line, finding.location.column) == (4, 18))
        let mapping = try Self.apply("kind: answers\nanswers:\n  stress: {a: 1}\n")
        #expect(mapping.first?.message == "question 'stress' expects a single value, not a mapping")
    }

    @Test("every answer to a question that is not asked gets its warning")
    func everyUnusedAnswerIsReported() throws {
        let findings = try Self.apply("kind: answers\nanswers:\n  stress: nee\n  zorgen: []\n  stress2: x\n")
        #expect(findings.map(\.code) == ["unknown-question"])
        let spec = try #require(
            loadInlineProtocol(Self.protocolYAML.replacing("text: Zorgen?", with: "text: Zorgen?\n    when: stress")).value)
        let sheet = try #require(Self.load("kind: answers\nanswers:\n  stress: nee\n  zorgen: [geld]\n").value)
        var session = TriageSession(protocol: spec)
        #expect(sheet.apply(to: &session).map(\.code) == ["answer-not-used"])
        let two = try #require(
            loadInlineProtocol(
                Self.protocolYAML.replacing("text: Zorgen?", with: "text: Zorgen?\n    when: stress")
                    .replacing("rules:", with: "  - {id: extra, type: yes_no, when: stress, text: Extra?}\nrules:")
            ).value)
        let both = try #require(Self.load("kind: answers\nanswers:\n  stress: nee\n  zorgen: [geld]\n  extra: ja\n").value)
        var twoSession = TriageSession(protocol: two)
        let warnings = both.apply(to: &twoSession)
        #expect(warnings.map(\.code) == ["answer-not-used", "answer-not-used"])
        #expect(warnings.map(\.location.line) == [4, 5])
    }

    @Test("a yes/no answer 3 means 'weet niet' where the question allows it")
    func threeMeansWeetNiet() throws {
        let sheet = try #require(Self.load("kind: answers\nanswers: {stress: 3, zorgen: []}\n").value)
        var session = TriageSession(protocol: try Self.spec())
        #expect(sheet.apply(to: &session).isEmpty)
        #expect(session.answer(for: "stress") == .unknown)
    }

    @Test("200,000 unknown answer keys give 100 errors and one note, not 200,000 errors (bug fix)")
    func findingsAreCappedPerCode() throws {
        var text = "kind: answers\nanswers:\n  stress: nee\n  zorgen: []\n"
        for index in 0..<200_000 { text += "  vraag_\(index): ja\n" }
        let findings = try Self.apply(text)
        #expect(findings.count == DiagnosticCollector.maxPerCode + 1)
        #expect(findings.filter { $0.code == "unknown-question" }.count == DiagnosticCollector.maxPerCode)
        let note = try #require(findings.last)
        #expect(note.severity == .note && note.code == "more-findings")
        #expect(note.message == "and 199900 more [unknown-question] findings like the ones above")
        #expect(note.location.line == 5 + DiagnosticCollector.maxPerCode)
    }

    @Test("a protocol with 200,000 unknown keys is capped the same way")
    func protocolFindingsAreCappedToo() throws {
        var text = Self.protocolYAML
        for index in 0..<200_000 { text += "sleutel_\(index): 1\n" }
        let findings = loadInlineProtocol(text).diagnostics
        #expect(findings.filter { $0.code == "unknown-key" }.count == DiagnosticCollector.maxPerCode)
        #expect(findings.filter { $0.code == "more-findings" }.map(\.message) == ["and 199900 more [unknown-key] findings like the ones above"])
        #expect(findings == findings.sortedByLocation())
        // Capping again changes nothing.
        #expect(findings.capped() == findings)
    }

    @Test func duplicateKeysInTheYAMLAreCappedToo() {
        var text = "kind: answers\nanswers:\n"
        for _ in 0..<1000 { text += "  stress: ja\n" }
        let findings = Self.load(text).diagnostics
        #expect(findings.filter { $0.code != "more-findings" }.count == DiagnosticCollector.maxPerCode)
        #expect(findings.filter { $0.code == "more-findings" }.count == 1)
    }
}
