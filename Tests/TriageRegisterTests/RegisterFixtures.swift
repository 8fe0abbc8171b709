import Foundation
import TriageKit

/// A scratch file name in a fresh directory.
func scratchPath(_ name: String = "register.sqlite") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appending(path: "register-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory + "/" + name
}

struct Counter: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}

/// A referral as `Referral.referrals(from:)` makes them, without a protocol.
func referral(_ code: ReferralCode, at seconds: Int64 = 1_764_500_000, service: String = "punt_welzijn") -> Referral {
    let now = Instant(secondsSince1970: seconds)
    return Referral(
        code: code, createdAt: now, protocolID: "welzijn-op-recept", protocolVersion: "1.0.0", protocolHash: "abc",
        region: "Weert", destinationID: "welzijnscoach", destinationCategory: .welfare, destinationName: "Welzijnscoach",
        serviceID: service, serviceName: "Punt Welzijn", urgency: .routine, consentAt: now, feedbackDays: 14,
        reasons: [.init(ruleID: "eenzaamheid", text: "Eenzaamheid.")],
        adjustment: Adjustment(dropped: ["schuldhulpverlening"], reason: .alreadyInCare, note: "al geholpen"),
        answers: [
            .init(questionID: "eenzaam", answer: .yesNo(true)), .init(questionID: "zorgen", answer: .choices(["geld", "rouw"])),
            .init(questionID: "geen", answer: .choices([])), .init(questionID: "leeftijd", answer: .number(78)),
            .init(questionID: "pg_mentaal", answer: .unknown), .init(questionID: "wens", answer: .text("Weer onder de mensen")),
            .init(questionID: "oorzaak", answer: .choice("geen")), .init(questionID: "later", answer: nil),
        ],
        history: [.init(status: .requested, at: now)], profile: [.mentaalWelbevinden: 4.5, .meedoen: 3, .zingeving: 7.25])
}

