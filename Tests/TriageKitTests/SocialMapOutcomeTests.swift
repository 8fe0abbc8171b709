import Foundation
import Testing

@testable import TriageKit

/// A social map with localized texts, an out-of-date contact and a fallback.
enum SocialMapFixture {
    static let mapText = """
        kind: social_map
        region: Testdorp
        services:
          - id: welzijn
            serves: [welzijnscoach, mantelzorgondersteuning]
            name: Stichting Welzijn Testdorp
            description: {nl: Welzijn op Recept en steun voor mantelzorgers., en: Social prescribing and support for carers.}
            keywords: [eenzaam, mantelzorg]
            contact: {nl: welzijnscoach wijk Noord (rol), en: wellbeing coach North district (role)}
            phone: 0100-123 456
            email: welzijnscoach.wijk-noord@welzijn-testdorp.example
            address: Marktplein 1, Testdorp
            hours: {nl: "dinsdag en donderdag, 9-12 uur", en: "Tuesday and Thursday, 9am-12pm"}
            website: https://www.welzijn-testdorp.example/welzijn-op-recept
            channel: email
            checked: 2024-01-10
            fallback: amw
          - id: amw
            serves: [maatschappelijk_werk]
            name: Maatschappelijk Werk Testdorp
            phone: 0100-777 888
            checked: 2026-01-10
            valid_until: 2026-03-31

        """

    static func map() throws -> SocialMap {
        let loaded = SocialMapLoader().load(Array(mapText.utf8), file: "m.yaml")
        return try #require(loaded.value, "\(loaded.diagnostics)")
    }

    static let today = CivilDate("2026-06-01")
}

/// The social map in the outcome renderers: the contact line with its out-of-date mark, the
/// fallback under it, and localized map texts in text, JSON and the note.
@Suite struct SocialMapOutcomeTests {
    static let protocolText = """
        kind: protocol
        id: kaart-test
        version: 1.0.0
        languages: [nl, en]
        title: {nl: Test, en: Test}
        destinations:
          - {id: welzijnscoach, category: welfare, name: {nl: Welzijnscoach, en: Wellbeing coach}}
        questions:
          - {id: eenzaam, type: yes_no, text: {nl: Eenzaam?, en: Lonely?}}
        rules:
          - {id: r, when: eenzaam, refer: welzijnscoach, reason: {nl: Eenzaam., en: Lonely.}}

        """

    static func outcome() throws -> (Outcome, TriageProtocol) {
        let triageProtocol = try #require(ProtocolLoader().load(Array(protocolText.utf8), file: "p.yaml").value)
        var session = TriageSession(protocol: triageProtocol, socialMap: try SocialMapFixture.map())
        try session.answer(text: "ja")
        return (session.outcome(), triageProtocol)
    }

    @Test("run --map: the contact line is marked when out of date, the fallback is under it")
    func outcomeText() throws {
        let (outcome, triageProtocol) = try Self.outcome()
        #expect(outcome.referrals.first?.fallback?.id == "amw")
        let dutch = OutcomeTextRenderer(language: "nl", today: SocialMapFixture.today).render(outcome, protocol: triageProtocol)
        #expect(
            dutch.contains(
                "     welzijnscoach wijk Noord (rol) · 0100-123 456 · welzijnscoach.wijk-noord@welzijn-testdorp.example · per e-mail · dinsdag en donderdag, 9-12 uur (gegevens mogelijk verouderd, gecontroleerd 2024-01-10)\n     bij afwezigheid: Maatschappelijk Werk Testdorp, 0100-777 888\n"
            ), "\(dutch)")
        let english = OutcomeTextRenderer(language: "en", today: SocialMapFixture.today).render(outcome, protocol: triageProtocol)
        #expect(english.contains("wellbeing coach North district (role) · 0100-123 456"))
        #expect(english.contains("Tuesday and Thursday, 9am-12pm (details may be out of date, checked 2024-01-10)"))
        #expect(english.contains("     if unavailable: Maatschappelijk Werk Testdorp, 0100-777 888"))
        let fresh = OutcomeTextRenderer(language: "nl", today: CivilDate("2024-06-01")).render(outcome, protocol: triageProtocol)
        #expect(!fresh.contains("verouderd"))
        #expect(!OutcomeTextRenderer(language: "nl").render(outcome, protocol: triageProtocol).contains("verouderd"))
    }

    @Test("outcome JSON and note: map texts in the chosen language, dates and fallback in JSON")
    func outcomeJSONAndNote() throws {
        let (outcome, triageProtocol) = try Self.outcome()
        let text = OutcomeJSONRenderer(language: "en").render(outcome)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let referral = try #require((object["referrals"] as? [[String: Any]])?.first)
        let service = try #require(referral["service"] as? [String: Any])
        #expect(service["contact"] as? String == "wellbeing coach North district (role)")
        #expect(service["hours"] as? String == "Tuesday and Thursday, 9am-12pm")
        #expect(service["checked"] as? String == "2024-01-10")
        #expect(service["valid_until"] is NSNull)
        let fallback = try #require(service["fallback"] as? [String: Any])
        #expect(fallback["phone"] as? String == "0100-777 888")
        #expect(fallback["fallback"] == nil)
        #expect(OutcomeJSONRenderer(language: "nl").render(outcome).contains("\"contact\": \"welzijnscoach wijk Noord (rol)\""))
        let note = OutcomeNoteRenderer(language: "en").render(outcome, protocol: triageProtocol)
        #expect(note.contains("Referral message to wellbeing coach North district (role) <welzijnscoach.wijk-noord@welzijn-testdorp.example>"))
    }
}
