import Testing

@testable import TriageKit

@Suite struct AdjustmentTests {
    private static let yaml = """
        kind: protocol
        id: aanpassen
        version: 1.0.0
        languages: [nl, en]
        title: {nl: Aanpassen, en: Adjust}
        destinations:
          - {id: crisisdienst, category: urgent, name: {nl: Crisisdienst, en: Crisis service}}
          - {id: poh_ggz, category: medical, name: {nl: POH-GGZ, en: POH-GGZ}}
          - {id: welzijnscoach, category: welfare, name: {nl: Welzijnscoach, en: Wellbeing coach}}
          - {id: schuldhulp, category: welfare, name: {nl: Schuldhulp, en: Debt help}}
        questions:
          - {id: gevaar, type: yes_no, text: {nl: Gevaar?, en: Danger?}}
          - {id: eenzaam, type: yes_no, text: {nl: Eenzaam?, en: Lonely?}}
        rules:
          - {id: rood, when: gevaar, red_flag: true, refer: crisisdienst, priority: 1, reason: {nl: Gevaar., en: Danger.}}
          - {id: coach, when: eenzaam, refer: welzijnscoach, priority: 2, reason: {nl: Eenzaam., en: Lonely.}}
          - {id: geen, when: not eenzaam, decision: none, reason: {nl: Niets., en: Nothing.}}
        """

    private func outcome(_ answers: [String]) throws -> (Outcome, TriageProtocol) {
        let triageProtocol = try #require(ProtocolLoader().load(Array(Self.yaml.utf8), file: "a.yaml").value)
        var session = TriageSession(protocol: triageProtocol)
        for answer in answers { try session.answer(text: answer) }
        return (session.outcome(), triageProtocol)
    }

    @Test func dropAndAddKeepTheAdviceAndRecordTheReason() throws {
        let (advised, triageProtocol) = try outcome(["nee", "ja"])
        let adjusted = try advised.adjusted(
            by: Adjustment(dropped: ["welzijnscoach"], added: ["poh_ggz"], reason: .patientPrefers), protocol: triageProtocol)
        #expect(adjusted.referrals.map(\.destination.id) == ["poh_ggz"])
        #expect(adjusted.urgency == .soon)
        #expect(adjusted.advice == Advice(referrals: ["welzijnscoach"], urgency: .routine))
        #expect(adjusted.adjustment?.reason == .patientPrefers)
        let note = OutcomeNoteRenderer(language: "nl").renderNote(adjusted, protocol: triageProtocol)
        #expect(note.contains("Aangepast door de huisarts (advies protocol: Welzijnscoach): niet gevolgd: Welzijnscoach; toegevoegd: POH-GGZ; reden: patiënt wil liever anders"), "\(note)")
        #expect(note.contains("P: vervolg: POH-GGZ"))
        let text = OutcomeTextRenderer(language: "en").render(adjusted, protocol: triageProtocol)
        #expect(text.hasPrefix("Advice: POH-GGZ — soon\nAdjusted by the GP (protocol advice: Wellbeing coach)"), "\(text)")
        let json = OutcomeJSONRenderer(language: "nl").render(adjusted)
        #expect(json.contains(#""advice": {"#) && json.contains(#""reason": "patient_prefers""#) && json.contains(#""dropped": ["#))
        // An outcome that was not adjusted says so in JSON too.
        #expect(OutcomeJSONRenderer(language: "nl").render(advised).contains(#""adjustment": null"#))
    }

    @Test func aRedFlagRouteIsDroppedOnlyWithTheGPsWords() throws {
        let (advised, triageProtocol) = try outcome(["ja"])
        #expect(throws: AdjustmentError.redFlagRouteNeedsNote("crisisdienst")) {
            try advised.adjusted(by: Adjustment(dropped: ["crisisdienst"], reason: .clinicalJudgement), protocol: triageProtocol)
        }
        let adjusted = try advised.adjusted(
            by: Adjustment(dropped: ["crisisdienst"], added: ["poh_ggz"], reason: .clinicalJudgement, note: "al gezien door crisisdienst vanochtend"),
            protocol: triageProtocol)
        #expect(adjusted.urgency == .soon)
        let note = OutcomeNoteRenderer(language: "nl").renderNote(adjusted, protocol: triageProtocol)
        #expect(note.contains("Rode-vlagroute bewust niet gevolgd: Crisisdienst"), "\(note)")
        #expect(note.contains("“al gezien door crisisdienst vanochtend”"))
    }

    @Test func mistakesAreTypedErrors() throws {
        let (advised, triageProtocol) = try outcome(["nee", "ja"])
        #expect(throws: AdjustmentError.otherNeedsNote) {
            try advised.adjusted(by: Adjustment(dropped: ["welzijnscoach"], reason: .other), protocol: triageProtocol)
        }
        #expect(throws: AdjustmentError.notAdvised("schuldhulp")) {
            try advised.adjusted(by: Adjustment(dropped: ["schuldhulp"], reason: .patientPrefers), protocol: triageProtocol)
        }
        #expect(throws: AdjustmentError.unknownDestination("welzijnscoah", suggestion: "welzijnscoach")) {
            try advised.adjusted(by: Adjustment(added: ["welzijnscoah"], reason: .patientPrefers), protocol: triageProtocol)
        }
        #expect(throws: AdjustmentError.alreadyAdvised("welzijnscoach")) {
            try advised.adjusted(by: Adjustment(added: ["welzijnscoach"], reason: .patientPrefers), protocol: triageProtocol)
        }
        #expect(throws: AdjustmentError.nothingChanged) {
            try advised.adjusted(by: Adjustment(reason: .patientPrefers), protocol: triageProtocol)
        }
        // Only the urgency: the routes stay.
        let later = try advised.adjusted(by: Adjustment(urgency: .soon, reason: .clinicalJudgement), protocol: triageProtocol)
        #expect(later.referrals.map(\.destination.id) == ["welzijnscoach"] && later.urgency == .soon)
    }
}
