import Foundation
import Testing

@testable import TriageKit

@Suite struct OutcomeTextRendererTests {
    private static let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Every outcome of every shipped scenario: the headline names exactly the listed routes,
    /// in order, so it can never say "medical" while only welfare and practice care are listed.
    @Test(arguments: ["welzijn-op-recept", "geldzorgen", "jeugd"])
    func headlineNamesTheListedRoutes(_ name: String) throws {
        let suite = try #require(ScenarioSuiteLoader().load(path: "\(Self.root)/Protocols/\(name).tests.yaml").value)
        let bytes = try SourceFile.read(suite.protocolPath).get()
        let triageProtocol = try #require(ProtocolLoader().load(bytes, file: suite.protocolPath).value)
        let runner = ScenarioRunner(protocol: triageProtocol)
        var checked = 0
        for scenario in suite.scenarios {
            guard let outcome = runner.run(scenario).outcome else { continue }
            for language in ["nl", "en"] {
                let text = OutcomeTextRenderer(language: language).render(outcome, protocol: triageProtocol)
                let headline = String(text.prefix { $0 != "\n" })
                let names = outcome.referrals.map { $0.destination.name.text(in: language) }
                if names.isEmpty {
                    #expect(!headline.contains(" + "))
                } else {
                    #expect(headline.hasPrefix((language == "en" ? "Advice: " : "Advies: ") + names.joined(separator: " + ") + " — "), "\(headline)")
                }
                let saysMedical = headline.lowercased().contains("medis") || headline.lowercased().contains("medical")
                let listsMedical = outcome.referrals.contains { $0.destination.category == .medical }
                    || names.contains { $0.lowercased().contains("medis") || $0.lowercased().contains("medical") }
                if outcome.referrals.isEmpty == false { #expect(!saysMedical || listsMedical, "\(headline)") }
                // Each listed route has its own reason line.
                if outcome.redFlags.isEmpty {
                    let whyLines = text.split(separator: "\n").filter { $0.hasPrefix("     Waarom: ") || $0.hasPrefix("     Why: ") }
                    #expect(whyLines.count == outcome.referrals.filter { !$0.reasons.isEmpty }.count)
                }
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    @Test func equalDimensionScoresAreFlaggedAlikeAndNoEmptyBlockAfterARedFlag() throws {
        let yaml = """
            kind: protocol
            id: gelijk
            version: 1.0.0
            languages: [nl]
            title: {nl: Gelijk}
            destinations:
              - {id: crisisdienst, category: urgent, name: {nl: Crisisdienst}}
              - {id: welzijnscoach, category: welfare, name: {nl: Welzijnscoach}}
            questions:
              - {id: gevaar, type: yes_no, text: {nl: Gevaar?}}
              - {id: a, type: scale, dimension: lichaamsfuncties, text: {nl: A?}}
              - {id: b, type: scale, dimension: zingeving, text: {nl: B?}}
              - {id: c, type: scale, dimension: meedoen, text: {nl: C?}}
              - {id: d, type: scale, dimension: dagelijks_functioneren, text: {nl: D?}}
            scores:
              - {id: sa, dimension: lichaamsfuncties, method: mean, of: [a]}
              - {id: sb, dimension: zingeving, method: mean, of: [b]}
              - {id: sc, dimension: meedoen, method: mean, of: [c]}
              - {id: sd, dimension: dagelijks_functioneren, method: mean, of: [d]}
            rules:
              - {id: rood, when: gevaar, red_flag: true, refer: crisisdienst, priority: 1, reason: {nl: Gevaar.}}
              - {id: laag, when: a < 6, refer: welzijnscoach, priority: 2, reason: {nl: Laag.}}
            """
        let triageProtocol = try #require(ProtocolLoader().load(Array(yaml.utf8), file: "gelijk.yaml").value)
        var session = TriageSession(protocol: triageProtocol)
        for answer in ["nee", "2", "3", "3", "3"] { try session.answer(text: answer) }
        let outcome = session.outcome()
        #expect(outcome.lowestDimensions == [.lichaamsfuncties, .zingeving, .meedoen, .dagelijksFunctioneren])
        let text = OutcomeTextRenderer(language: "nl").render(outcome, protocol: triageProtocol)
        #expect(text.split(separator: "\n").count { $0.hasSuffix("← laag") } == 4)

        var redFlag = TriageSession(protocol: triageProtocol)
        try redFlag.answer(text: "ja")
        let urgent = OutcomeTextRenderer(language: "nl").render(redFlag.outcome(), protocol: triageProtocol)
        #expect(!urgent.contains("Positieve Gezondheid"), "\(urgent)")
    }
}

@Suite struct ProtocolNotesConsentLabelTests {
    private static let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    private func run(_ answers: String) throws -> (Outcome, TriageProtocol) {
        let path = "\(Self.root)/Protocols/welzijn-op-recept.yaml"
        let triageProtocol = try #require(ProtocolLoader().load(try SourceFile.read(path).get(), file: path).value)
        let sheet = try #require(AnswerSheetLoader().load(path: "\(Self.root)/Examples/answers/\(answers).yaml").value)
        var session = TriageSession(protocol: triageProtocol)
        #expect(!sheet.apply(to: &session).containsErrors)
        return (session.outcome(), triageProtocol)
    }

    @Test func anIncompletePictureIsSaidInOneLineAndRecordedInTheNote() throws {
        let (widow, triageProtocol) = try run("welzijn-op-recept-weduwe")
        #expect(widow.notes.map(\.id) == ["beeld_onvolledig"])
        let text = OutcomeTextRenderer(language: "nl").render(widow, protocol: triageProtocol)
        let lines = text.split(separator: "\n")
        #expect(lines[1].hasPrefix("Let op: Beeld onvolledig"), "\(text)")
        #expect(text.contains("Lichaamsfuncties        ·········· weet niet"))
        let note = OutcomeNoteRenderer(language: "nl").renderNote(widow, protocol: triageProtocol)
        #expect(note.contains("Let op: Beeld onvolledig"))
        #expect(!note.contains(".."))
        let json = OutcomeJSONRenderer(language: "en").render(widow)
        #expect(json.contains(#""id": "beeld_onvolledig""#))
        // A complete picture: no note.
        let (lonely, _) = try run("welzijn-op-recept-eenzaam")
        #expect(lonely.notes.isEmpty)
        #expect(!OutcomeTextRenderer(language: "nl").render(lonely, protocol: triageProtocol).contains("Let op:"))
    }

    @Test func consentGivenIsNotAskedForAgainAndLabelsShortenTheNote() throws {
        let (lonely, triageProtocol) = try run("welzijn-op-recept-eenzaam")
        #expect(triageProtocol.consentQuestionID == "toestemming")
        let text = OutcomeTextRenderer(language: "nl").render(lonely, protocol: triageProtocol)
        #expect(!text.contains("Alleen met toestemming"), "\(text)")
        var withoutConsentQuestion = triageProtocol
        withoutConsentQuestion.consentQuestionID = nil
        #expect(OutcomeTextRenderer(language: "nl").render(lonely, protocol: withoutConsentQuestion).contains("Alleen met toestemming"))
        let note = OutcomeNoteRenderer(language: "nl").renderNote(lonely, protocol: triageProtocol)
        let subjective = try #require(note.split(separator: "\n").first)
        #expect(subjective.contains("Eenzaam: ja") && subjective.contains("Toestemming: ja"), "\(subjective)")
        #expect(!subjective.contains("Voelt de patiënt"))
    }
}
