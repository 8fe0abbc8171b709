import ArgumentParser
import TriageKit
import TriageRegister

/// Records the routes of an outcome in the register — one referral and one code per route —
/// and says what was recorded; the letters carry the codes. Shared by the walk's action `r`
/// and `triage run --refer`.
enum Refer {
    /// The referrals made, or `nil` (with the reason said on standard error) when none could be.
    static func record(
        _ outcome: Outcome, protocol triageProtocol: TriageProtocol, in store: some ReferralStore, language: String
    ) throws -> [Referral]? {
        let t: (String, String) -> String = { nl, en in language == "en" ? en : nl }
        let now = try Instant.now()
        var generator = SystemRandom()
        var taken = Set<ReferralCode>()
        var unreadable: RegisterError?
        let referrals: [Referral]
        do {
            referrals = try Referral.referrals(from: outcome, protocol: triageProtocol, at: now) { prefix in
                while true {
                    let code = ReferralCode.generate(prefix: prefix, using: &generator)
                    guard !taken.contains(code) else { continue }
                    do throws(RegisterError) {
                        if try store.contains(code) { continue }
                    } catch {
                        // The register cannot be read: stop looking; the error is reported below.
                        unreadable = error
                    }
                    taken.insert(code)
                    return code
                }
            }
        } catch {
            Terminal.sayWrapped(t("Niet vastgelegd: ", "Not recorded: ") + error.description(in: language))
            return nil
        }
        do throws(RegisterError) {
            if let unreadable { throw unreadable }
            try store.insert(referrals)
        } catch {
            Terminal.say("triage: \(error.description)")
            throw ExitCode(1)
        }
        for referral in referrals {
            var line = "\(referral.code)  \(referral.destinationName.neutralized)"
            if let service = referral.serviceName { line += " — \(service.neutralized)" }
            line += referral.status == .actedOn
                ? t(" (rode vlag: vastgelegd als direct gehandeld)", " (red flag: recorded as acted on)")
                : t(" (terugkoppeling binnen \(referral.feedbackDays) dagen)", " (feedback within \(referral.feedbackDays) days)")
            Terminal.sayWrapped(t("Vastgelegd: ", "Recorded: ") + line, hanging: 2)
        }
        return referrals
    }

    /// The codes by destination id, for the note and the letters.
    static func codes(_ referrals: [Referral]) -> [String: ReferralCode] {
        Dictionary(referrals.map { ($0.destinationID, $0.code) }, uniquingKeysWith: { first, _ in first })
    }
}
