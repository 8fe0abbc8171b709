import Foundation
import Testing

@testable import TriageKit

@Suite struct ReferralTests {
    private static let yaml = """
        kind: protocol
        id: welzijn-op-recept
        version: 1.0.0
        languages: [nl]
        title: {nl: T}
        consent: toestemming
        destinations:
          - {id: crisisdienst, category: urgent, name: {nl: Crisisdienst}}
          - {id: welzijnscoach, category: welfare, name: {nl: Welzijnscoach}}
        questions:
          - {id: gevaar, type: yes_no, text: {nl: Gevaar?}}
          - {id: eenzaam, type: yes_no, text: {nl: Eenzaam?}}
          - {id: toestemming, type: yes_no, text: {nl: Toestemming?}}
        rules:
          - {id: rood, when: gevaar, red_flag: true, refer: crisisdienst, priority: 1, reason: {nl: Gevaar.}}
          - {id: coach, when: eenzaam and toestemming, refer: welzijnscoach, priority: 2, reason: {nl: Eenzaam.}}
          - {id: coach_zonder, when: eenzaam and not toestemming, refer: welzijnscoach, priority: 2, reason: {nl: Eenzaam.}}
        """

    private static let map = """
        kind: social_map
        region: Testdorp
        services:
          - {id: punt, serves: [welzijnscoach], name: Punt Welzijn, feedback_days: 10}
        """

    private func outcome(_ answers: [String]) throws -> (Outcome, TriageProtocol) {
        let triageProtocol = try #require(ProtocolLoader().load(Array(Self.yaml.utf8), file: "p.yaml").value)
        let map = try #require(SocialMapLoader().load(Array(Self.map.utf8), file: "m.yaml").value)
        var session = TriageSession(protocol: triageProtocol, socialMap: map)
        for answer in answers { try session.answer(text: answer) }
        return (session.outcome(), triageProtocol)
    }

    private static func codes() -> (String) -> ReferralCode {
        var generator = SystemRandomNumberGenerator()
        return { ReferralCode.generate(prefix: $0, using: &generator) }
    }

    @Test func aReferralKeepsTheDimensionScoresOfItsOutcome() throws {
        var (consented, triageProtocol) = try outcome(["nee", "ja", "ja"])
        consented.scores = [
            .init(id: "totaal", dimension: nil, label: nil, value: 30),
            .init(id: "mentaal", dimension: .mentaalWelbevinden, label: nil, value: 4.5),
            .init(id: "mentaal_2", dimension: .mentaalWelbevinden, label: nil, value: 9),  // the first with a value counts
            .init(id: "meedoen", dimension: .meedoen, label: nil, value: nil),  // not asked: left out
            .init(id: "zin", dimension: .zingeving, label: nil, value: .nan),  // never stored
        ]
        #expect(consented.dimensionProfile[.mentaalWelbevinden] == 4.5 && consented.dimensionProfile[.meedoen] == nil)
        let made = try Referral.referrals(from: consented, protocol: triageProtocol, at: Instant(secondsSince1970: 0), newCode: Self.codes())
        #expect(made.map(\.profile) == [[.mentaalWelbevinden: 4.5]])
    }

    @Test func aWelfareReferralNeedsConsentAndTakesTheServicesFeedbackTime() throws {
        let now = Instant(CivilDate(year: 2026, month: 11, day: 2)!)
        let (consented, triageProtocol) = try outcome(["nee", "ja", "ja"])
        let made = try Referral.referrals(from: consented, protocol: triageProtocol, at: now, newCode: Self.codes())
        #expect(made.count == 1)
        #expect(made[0].code.prefix == "WOR" && made[0].status == .requested && made[0].consentAt == now)
        #expect(made[0].feedbackDays == 10 && made[0].serviceName == "Punt Welzijn")
        #expect(!made[0].isOverdue(at: now.adding(days: 10)))
        #expect(made[0].isOverdue(at: now.adding(days: 11)))
        let (refused, _) = try outcome(["nee", "ja", "nee"])
        #expect(throws: ReferralError.noConsent) {
            try Referral.referrals(from: refused, protocol: triageProtocol, at: now, newCode: Self.codes())
        }
        var withoutQuestion = triageProtocol
        withoutQuestion.consentQuestionID = nil
        #expect(throws: ReferralError.noConsentQuestion(protocolID: "welzijn-op-recept")) {
            try Referral.referrals(from: consented, protocol: withoutQuestion, at: now, newCode: Self.codes())
        }
    }

    @Test func aRedFlagRouteIsRecordedAsActedOnWithoutConsent() throws {
        let (urgent, triageProtocol) = try outcome(["ja"])
        let made = try Referral.referrals(from: urgent, protocol: triageProtocol, at: Instant(secondsSince1970: 0), newCode: Self.codes())
        #expect(made.map(\.status) == [.actedOn])
        #expect(made[0].consentAt == nil && made[0].status.isClosed)
        #expect(!made[0].isOverdue(at: Instant(secondsSince1970: 100 * 86_400)))
    }

    @Test func feedbackDaysOutsideOneToAYearIsAnError() {
        let bad = Self.map.replacingOccurrences(of: "feedback_days: 10", with: "feedback_days: 0")
        let findings = SocialMapLoader().load(Array(bad.utf8), file: "m.yaml").diagnostics
        #expect(findings.contains { $0.code == "invalid-value" && $0.message.contains("feedback_days") })
    }
}
