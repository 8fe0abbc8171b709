/// Where referrals are kept: a practice's local register (SQLite, in `TriageRegister`) or,
/// later, a region's shared one. The library holds no storage itself; it defines what a store
/// does, so the rules of a referral (codes, transitions) live in one place for every store.
package protocol ReferralStore {
    /// Adds new referrals, all or none.
    func insert(_ referrals: [Referral]) throws(RegisterError)
    /// The referral with `code`, if there is one.
    func referral(_ code: ReferralCode) throws(RegisterError) -> Referral?
    /// Every referral, newest first.
    func allReferrals() throws(RegisterError) -> [Referral]
    /// Whether `code` is in use.
    func contains(_ code: ReferralCode) throws(RegisterError) -> Bool
    /// Appends `change` to the history of `code` as one transaction: read, check the
    /// transition, write; the referral as it now is.
    func record(_ change: Referral.Change, for code: ReferralCode) throws(RegisterError) -> Referral
}

/// Why the register cannot do what was asked.
package enum RegisterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No referral has this code.
    case unknownCode(ReferralCode, suggestion: ReferralCode?)
    /// The change breaks the rules of a referral.
    case referral(ReferralError)
    /// The file cannot be opened, read or written.
    case storage(path: String, message: String)
    /// The file was written by a newer version of triage; it is left as it is.
    case newerVersion(path: String, found: Int, supported: Int)
    /// The file is not a register or is damaged.
    case damaged(path: String, message: String)

    package var description: String {
        switch self {
        case .unknownCode(let code, let suggestion):
            return "no referral \(code) in the register" + (suggestion.map { "; did you mean \($0)?" } ?? "")
        case .referral(let error): return error.description
        case .storage(let path, let message): return "register \(path.neutralized): \(message.neutralized)"
        case .newerVersion(let path, let found, let supported):
            return "register \(path.neutralized) was written by a newer triage (schema \(found); this one knows up to \(supported)); "
                + "it is left untouched: update triage"
        case .damaged(let path, let message): return "register \(path.neutralized) is damaged or not a register: \(message.neutralized)"
        }
    }
}

extension ReferralStore {
    /// A code not yet in use, with `prefix`.
    package func newCode(prefix: String, using generator: inout some RandomNumberGenerator) throws(RegisterError) -> ReferralCode {
        while true {
            let code = ReferralCode.generate(prefix: prefix, using: &generator)
            if try !contains(code) { return code }
        }
    }

    /// The closest existing code to a mistyped one (one or two characters off), for "did you mean".
    package func suggestion(for code: ReferralCode) throws(RegisterError) -> ReferralCode? {
        let codes = try allReferrals().map(\.code)
        return Suggestion.closest(to: code.description, in: codes.map(\.description)).flatMap {
            try? ReferralCode.parse($0).get()
        }
    }
}
