import Foundation
import Testing
import TriageKit

/// What an embedder can do with the public API alone (this file imports TriageKit without
/// `@testable`; `package` symbols are visible to it, so it sticks to what API/TriageKit.public.txt lists).
@Suite struct PublicAPITests {
    static let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")

    /// Every answer type, with a text question whose answers can hold anything.
    static let protocolYAML = """
        kind: protocol
        id: alles
        version: 1
        title: Alles
        questions:
          - {id: stress, type: yes_no, allow_unknown: true, text: Stress?}
          - id: oorzaak
            type: choice
            text: Oorzaak?
            options:
              - {id: geen, text: Geen}
              - {id: wel, text: Wel}
          - id: zorgen
            type: multiple_choice
            text: Zorgen?
            options:
              - {id: geld, text: Geld}
              - {id: wonen, text: Wonen}
          - {id: somber, type: scale, text: Somber?}
          - {id: bedrag, type: number, range: {min: -1000, max: 1000}, text: Bedrag?}
          - {id: wens, type: text, text: Wens?}
        rules:
          - {id: r, when: "true", decision: none, reason: R}

        """

    static func loadProtocol() throws -> TriageProtocol {
        try #require(ProtocolLoader().load(Array(protocolYAML.utf8), file: "alles.yaml").value)
    }

    @Test("an answers file written by AnswerSheet.file reads back as the same answers, whatever the text holds")
    func answersFilesRoundTrip() throws {
        let triageProtocol = try Self.loadProtocol()
        let texts = ["", "gewoon", "a: b # c", "\"quoted\" \\ back", "line\nforged: ja", "tab\there", "\u{1B}[31mred\u{7}", "‮bidi", "weet niet?"]
        for text in texts {
            let answers: [(questionID: String, value: AnswerValue)] = [
                ("stress", .unknown), ("oorzaak", .choice("wel")), ("zorgen", .choices(["geld", "wonen"])),
                ("somber", .number(7)), ("bedrag", .number(-12.5)), ("wens", .text(text)),
            ]
            let file = AnswerSheet.file(for: triageProtocol, answers: answers)
            #expect(file.split(separator: "\n").count == 9, "one line per answer: \(file)")
            let sheet = try #require(AnswerSheetLoader().load(Array(file.utf8), file: "a.yaml").value, "\(file)")
            var session = TriageSession(protocol: triageProtocol)
            #expect(sheet.apply(to: &session).isEmpty, "\(file)")
            #expect(session.isComplete)
            let expectedText = text.trimmingCharacters(in: .whitespaces)
            #expect(session.answer(for: "wens") == .text(expectedText), "\(file)")
            #expect(session.answer(for: "oorzaak") == .choice("wel"))
            #expect(session.answer(for: "zorgen") == .choices(["geld", "wonen"]))
            #expect(session.answer(for: "bedrag") == .number(-12.5))
            #expect(session.answer(for: "stress") == .unknown)
            #expect(AnswerSheet.file(of: session) == file)
        }
    }

    @Test("ProtocolLoader.load(path:) loads a file, and a missing one is one located error")
    func loadsByPath() throws {
        let loaded = ProtocolLoader().load(path: Self.root + "/Protocols/welzijn-op-recept.yaml")
        #expect(loaded.value?.id == "welzijn-op-recept")
        let missing = ProtocolLoader().load(path: "/nonexistent/p.yaml")
        #expect(missing.value == nil)
        #expect(missing.diagnostics.count == 1)
        #expect(missing.diagnostics.first?.location.file == "/nonexistent/p.yaml")
        #expect(missing.diagnostics.first?.severity == .error)
    }

    @Test("a session in ten lines: load, answer what is asked, render in both languages")
    func tenLineSession() throws {
        let triageProtocol = try #require(ProtocolLoader().load(path: Self.root + "/Protocols/welzijn-op-recept.yaml").value)
        var session = TriageSession(protocol: triageProtocol)
        while let question = session.nextQuestion {
            try session.answer(text: question.answerType == .yesNo ? "nee" : (question.allowsUnknown ? "weet niet" : "1"))
        }
        let outcome = session.outcome()
        #expect(OutcomeTextRenderer(language: .dutch).render(outcome, protocol: triageProtocol).contains("Advies"))
        #expect(OutcomeTextRenderer(language: .english).render(outcome, protocol: triageProtocol).contains("Advice"))
        #expect(Language(code: "en") == .english && Language(code: "de") == nil)
    }

    @Test("Outcome encodes as the triage-outcome/1 document that OutcomeJSONRenderer writes")
    func outcomeEncodesAsTheJSONDocument() throws {
        let triageProtocol = try Self.loadProtocol()
        var session = TriageSession(protocol: triageProtocol)
        let file = AnswerSheet.file(for: triageProtocol, answers: [
            ("stress", .yesNo(true)), ("oorzaak", .choice("geen")), ("zorgen", .choices([])), ("somber", .number(3)),
            ("bedrag", .number(1)), ("wens", .text("rust")),
        ])
        _ = try #require(AnswerSheetLoader().load(Array(file.utf8), file: "a.yaml").value).apply(to: &session)
        let outcome = session.outcome()
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(outcome)) as? NSDictionary
        let rendered = try JSONSerialization.jsonObject(with: Data(OutcomeJSONRenderer().render(outcome).utf8)) as? NSDictionary
        #expect(encoded != nil)
        #expect(encoded == rendered)
        #expect(encoded?["schema"] as? String == "triage-outcome/1")
    }
}
