import Foundation
import Testing

@testable import TriageKit

/// Ids that answers or conditions read as something else: options named like a "weet niet"
/// word or a keyword, questions named like a keyword. And "weet niet" stays distinct from
/// every option in the JSON outcome.
@Suite struct ReservedIDTests {
    static func protocolText(options: [String], questionID: String = "oorzaak") -> String {
        """
        kind: protocol
        id: gereserveerd
        version: 1
        title: Gereserveerd
        questions:
          - id: \(questionID)
            type: choice
            allow_unknown: true
            text: Oorzaak?
            options:
        \(options.map { "      - {id: \($0), text: \($0)}" }.joined(separator: "\n"))
        rules:
          - {id: r, when: "answered(\(questionID))", decision: none, reason: R}

        """
    }

    @Test(
        "an option id that means 'weet niet' is refused at the id (bug fix)",
        arguments: ["unknown", "wn", "onbekend", "dk", "weet_niet", "weetniet", "dont_know"])
    func optionsNamedLikeWeetNietAreRefused(id: String) {
        let result = loadInlineProtocol(Self.protocolText(options: ["geen", id]))
        #expect(result.value == nil)
        let finding = expectFinding(result.diagnostics, "reserved-id", at: 12, 14)
        #expect(finding?.message == "option id '\(id)' means 'weet niet' in answers, so it cannot name an option")
        #expect(finding?.hint?.contains("allow_unknown: true") == true)
    }

    @Test("an option id the condition language reads as a keyword is refused at the id", arguments: Token.Keyword.allCases)
    func optionsNamedLikeKeywordsAreRefused(keyword: Token.Keyword) {
        let result = loadInlineProtocol(Self.protocolText(options: ["geen", keyword.rawValue]))
        #expect(result.value == nil)
        let finding = expectFinding(result.diagnostics, "reserved-id", at: 12, 14)
        #expect(finding?.message == "option id '\(keyword.rawValue)' is a word of the condition language, so no condition can name it")
    }

    @Test func aQuestionIDThatIsAKeywordIsRefused() {
        // `when: true` would read the literal, never the question.
        let result = loadInlineProtocol(Self.protocolText(options: ["geen", "wel"], questionID: "true"))
        #expect(result.value == nil)
        expectFinding(result.diagnostics, "reserved-id", at: 6, 9)
    }

    @Test func ordinaryIDsAndTheWordsYesAndNoStayAllowed() {
        let result = loadInlineProtocol(Self.protocolText(options: ["geen", "ja", "nee", "unknown_cause", "andere"]))
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
    }

    @Test(
        "these spellings mean 'weet niet'",
        arguments: ["weet niet", "Weet niet", "weet_niet", "weet-niet", "weetniet", "wn", "onbekend", "unknown", "dont know", "don't know", "don’t know", "dont_know", "dk"])
    func weetNietSpellings(text: String) throws {
        let spec = try #require(loadInlineProtocol(Self.protocolText(options: ["geen", "wel"])).value)
        #expect(try AnswerParser.parse(text, for: spec.questions[0]).get() == .unknown)
    }

    @Test("JSON keeps 'weet niet' (\"unknown\") apart from every option, which can no longer be called unknown")
    func jsonKeepsWeetNietDistinct() throws {
        let spec = try #require(loadInlineProtocol(Self.protocolText(options: ["geen", "wel"])).value)
        func json(_ answer: String) throws -> Any? {
            var session = TriageSession(protocol: spec)
            try session.answer(text: answer)
            let object = try JSONSerialization.jsonObject(with: Data(OutcomeJSONRenderer(language: "nl").render(session.outcome()).utf8))
            return ((object as? [String: Any])?["answers"] as? [String: Any])?["oorzaak"]
        }
        #expect(try json("wn") as? String == "unknown")
        #expect(try json("3") as? String == "unknown")
        #expect(try json("geen") as? String == "geen")
        #expect(try json("2") as? String == "wel")
        // The one way an option could have been written "unknown" is refused at load.
        #expect(loadInlineProtocol(Self.protocolText(options: ["geen", "unknown"])).value == nil)
    }

    @Test func theSchemaRefusesReservedIDs() throws {
        #expect(try JSONSchemaDocumentTests.problems(Self.protocolText(options: ["geen", "wel"])).isEmpty)
        #expect(try !JSONSchemaDocumentTests.problems(Self.protocolText(options: ["geen", "unknown"])).isEmpty)
        #expect(try !JSONSchemaDocumentTests.problems(Self.protocolText(options: ["geen", "true"])).isEmpty)
        #expect(try !JSONSchemaDocumentTests.problems(Self.protocolText(options: ["geen", "wel"], questionID: "and")).isEmpty)
        // `integer` only on number questions.
        let number = "questions:\n  - {id: leeftijd, type: number, range: {min: 0, max: 120}, integer: true, text: L?}\n"
        let base = "kind: protocol\nid: x\nversion: 1\ntitle: X\nrules:\n  - {id: r, when: \"true\", decision: none, reason: R}\n"
        #expect(try JSONSchemaDocumentTests.problems(base + number).isEmpty)
        #expect(try !JSONSchemaDocumentTests.problems(base + number.replacing("type: number", with: "type: scale")).isEmpty)
    }
}
