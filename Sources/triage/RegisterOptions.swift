import ArgumentParser
import TriageKit
import TriageRegister
import TriageRegisterPostgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--register PATH|URL` (or `TRIAGE_REGISTER`), shared by every command that keeps referrals:
/// a file is the practice's local register (SQLite), a `postgres://` URL the region's shared one.
/// Without one nothing is stored.
struct RegisterOptions: ParsableArguments {
    @Option(
        name: .customLong("register"),
        help: ArgumentHelp(
            "The practice's local register (a SQLite file, created 0600 when missing) or the region's shared one "
                + "(postgres://role@host/database; password from the URL or PGPASSWORD). Default: $TRIAGE_REGISTER; none: nothing is stored.",
            valueName: "PATH|URL"))
    var path: String?

    /// The path from the option or the environment, if either names one.
    var resolvedPath: String? {
        if let path, !path.isEmpty { return path }
        return Self.environmentValue
    }

    /// `TRIAGE_REGISTER`, when set and not empty.
    static var environmentValue: String? {
        guard let value = getenv("TRIAGE_REGISTER").map({ String(cString: $0) }), !value.isEmpty else { return nil }
        return value
    }

    /// Opens the register; without one configured, a usage error explaining how to name one.
    func open(create: Bool = true) throws -> any ReferralStore {
        guard let path = resolvedPath else {
            Terminal.say("triage: no register: name one with --register PATH or TRIAGE_REGISTER=PATH")
            throw ExitCode(64)
        }
        do {
            if PostgresLocation.isURL(path) { return try PostgresReferralStore(try PostgresLocation(url: path)) }
            return try SQLiteReferralStore(path: path, create: create)
        } catch {
            Terminal.say("triage: \(error.description)")
            throw ExitCode(1)
        }
    }

    /// Reads a code typed by the user; an unknown one is refused with the closest existing code.
    static func code(_ text: String, in store: some ReferralStore) throws -> ReferralCode {
        let code: ReferralCode
        switch ReferralCode.parse(text) {
        case .success(let parsed): code = parsed
        case .failure(let error):
            let existing = (try? store.allReferrals().map(\.code.description)) ?? []
            let hint = Suggestion.closest(to: text.uppercased(), in: existing).map { "; did you mean \($0)?" } ?? ""
            Terminal.say("triage: \(error.description)\(hint)")
            throw ExitCode(1)
        }
        // Visible to this user, not only in use (a shared register has codes of other practices).
        guard (try? store.referral(code)) != nil else {
            let suggestion = try? store.suggestion(for: code)
            Terminal.say("triage: \(RegisterError.unknownCode(code, suggestion: suggestion ?? nil).description)")
            throw ExitCode(1)
        }
        return code
    }
}

extension Instant {
    /// Now, from the system clock; `TRIAGE_NOW` (YYYY-MM-DDTHH:MM:SSZ) sets another moment —
    /// for tests of what is overdue, not for use in a practice.
    static func now() throws -> Instant {
        if let value = getenv("TRIAGE_NOW").map({ String(cString: $0) }), !value.isEmpty {
            guard let instant = Instant.parse(value) else {
                Terminal.say("triage: TRIAGE_NOW='\(value.neutralized)' is not a moment (write YYYY-MM-DDTHH:MM:SSZ)")
                throw ExitCode(64)
            }
            return instant
        }
        return Instant(secondsSince1970: Int64(time(nil)))
    }
}

/// A random number generator from the system (for referral codes).
struct SystemRandom: RandomNumberGenerator {
    mutating func next() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }
}
