import Foundation
import Testing
import TriageKit
import TriageRegister
import TriageRegisterPostgres

/// The two implementations of `ReferralStore`, for the behaviour every store must show.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    /// The stores to test: PostgreSQL only when the test server is there.
    static var available: [StoreKind] { TestPostgres.isAvailable ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// A new, empty store: a SQLite file, or a fresh shared register as a practice's role.
    func makeStore() throws -> any ReferralStore {
        switch self {
        case .sqlite: return try SQLiteReferralStore(path: try scratchPath())
        case .postgres:
            let register = try TestPostgres.freshRegister()
            return try PostgresReferralStore(try register.add(.practice, "p-" + TestPostgres.uniqueSuffix()))
        }
    }

    /// `referral` as this store gives it back: the shared register keeps no answers and no
    /// free text of the GP's with an adjustment.
    func keptPart(of referral: Referral) -> Referral {
        guard self == .postgres else { return referral }
        var kept = referral
        kept.answers = []
        kept.adjustment?.note = nil
        kept.profile = [:]  // the profile stays in the practice (data minimisation)
        return kept
    }
}

/// One behaviour, two stores: the same tests run against the local SQLite register and the
/// shared PostgreSQL one.
@Suite("ReferralStore behaviour, SQLite and PostgreSQL")
struct StoreBehaviourTests {
    @Test(arguments: StoreKind.available)
    func keepsAReferralAndGivesItBack(kind: StoreKind) throws {
        let store = try kind.makeStore()
        var generator = Counter(state: 1)
        let code = try store.newCode(prefix: "WOR", using: &generator)
        #expect(try !store.contains(code))
        let original = referral(code)
        try store.insert([original])
        #expect(try store.contains(code))
        #expect(try store.referral(code) == kind.keptPart(of: original))
        #expect(try store.allReferrals() == [kind.keptPart(of: original)])
    }

    @Test(arguments: StoreKind.available)
    func listsNewestFirst(kind: StoreKind) throws {
        let store = try kind.makeStore()
        var generator = Counter(state: 2)
        let older = referral(try store.newCode(prefix: "WOR", using: &generator), at: 1_764_000_000)
        let newer = referral(try store.newCode(prefix: "WOR", using: &generator), at: 1_764_900_000)
        try store.insert([older])
        try store.insert([newer])
        #expect(try store.allReferrals().map(\.code) == [newer.code, older.code])
    }

    @Test(arguments: StoreKind.available)
    func insertsAllOrNone(kind: StoreKind) throws {
        let store = try kind.makeStore()
        var generator = Counter(state: 3)
        let first = referral(try store.newCode(prefix: "WOR", using: &generator))
        try store.insert([first])
        let second = referral(try store.newCode(prefix: "WOR", using: &generator))
        #expect(throws: RegisterError.self) { try store.insert([second, first]) }
        #expect(try !store.contains(second.code))
        #expect(try store.allReferrals().count == 1)
    }

    @Test(arguments: StoreKind.available)
    func appendsOnlyAllowedChangesInOrder(kind: StoreKind) throws {
        let store = try kind.makeStore()
        var generator = Counter(state: 4)
        let code = try store.newCode(prefix: "WOR", using: &generator)
        try store.insert([referral(code)])
        let later = Instant(secondsSince1970: 1_764_600_000)
        #expect(throws: RegisterError.referral(.transition(code: code, from: .requested, to: .completed))) {
            try store.record(.init(status: .completed, at: later), for: code)
        }
        _ = try store.record(.init(status: .contacted, at: later, note: "gebeld"), for: code)
        #expect(throws: RegisterError.referral(.timeBeforeHistory(code: code, at: later.adding(days: -1), last: later))) {
            try store.record(.init(status: .accepted, at: later.adding(days: -1)), for: code)
        }
        let accepted = try store.record(.init(status: .accepted, at: later.adding(days: 1)), for: code)
        #expect(accepted.history.map(\.status) == [.requested, .contacted, .accepted])
        let completed = try store.record(.init(status: .completed, at: later.adding(days: 30), source: "fhir-task"), for: code)
        #expect(completed.status.isClosed)
        #expect(throws: RegisterError.self) { try store.record(.init(status: .cancelled, at: later.adding(days: 31)), for: code) }
        let stored = try #require(try store.referral(code))
        #expect(stored.history.map(\.status) == [.requested, .contacted, .accepted, .completed])
        #expect(stored.history[1].note == "gebeld")
        #expect(stored.history[3].source == "fhir-task")
    }

    @Test(arguments: StoreKind.available)
    func refusesAnUnknownCode(kind: StoreKind) throws {
        let store = try kind.makeStore()
        var generator = Counter(state: 5)
        let code = try store.newCode(prefix: "WOR", using: &generator)
        #expect(try store.referral(code) == nil)
        #expect(throws: RegisterError.unknownCode(code, suggestion: nil)) {
            try store.record(.init(status: .contacted, at: Instant(secondsSince1970: 1_764_600_000)), for: code)
        }
    }
}
