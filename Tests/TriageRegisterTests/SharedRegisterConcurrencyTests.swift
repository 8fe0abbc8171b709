import Foundation
import PostgresNIO
import Testing
import TriageKit
import TriageRegisterPostgres

/// Many contact persons at once: every change lands exactly once, in an order the transition
/// rules allow.
@Suite("shared register: concurrency", .enabled(if: TestPostgres.isAvailable, "needs TRIAGE_TEST_POSTGRES"))
struct SharedRegisterConcurrencyTests {
    @Test("200 feedback updates from 8 concurrent clients on 50 referrals: none lost, none doubled")
    func concurrentFeedback() throws {
        let register = try TestPostgres.freshRegister()
        let suffix = TestPostgres.uniqueSuffix()
        let practice = try register.add(.practice, "p-\(suffix)")
        let serviceID = "s-\(suffix)"
        let service = try register.add(.service, serviceID)
        let practiceStore = try PostgresReferralStore(practice)
        var generator = Counter(state: 21)
        var codes: [ReferralCode] = []
        for _ in 0..<50 {
            let code = try practiceStore.newCode(prefix: "WOR", using: &generator)
            try practiceStore.insert([referral(code, service: serviceID)])
            codes.append(code)
        }
        // 4 updates per referral; client c takes updates c, c+8, c+16, …; each alternates the
        // referral between contacted and unreachable, reading the status first and trying again
        // when another client changed it in between.
        let jobs = (0..<200).map { (index: $0, code: codes[$0 % 50]) }
        let at = Instant(secondsSince1970: 1_764_600_000)
        let failures = Failures()
        let allCodes = codes
        DispatchQueue.concurrentPerform(iterations: 8) { client in
            // Half the clients are the service's contact persons, half the practice.
            do {
                try Self.runClient(client % 2 == 0 ? service : practice, jobs: jobs.filter { $0.index % 8 == client }, at: at)
            } catch {
                failures.add("client \(client): \(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        var notes: [String] = []
        for code in allCodes {
            let history = try #require(try practiceStore.referral(code)).history
            #expect(history.count == 5, "\(code)")
            #expect(history.map(\.status) == [.requested, .contacted, .unreachable, .contacted, .unreachable], "\(code)")
            notes += history.compactMap(\.note)
        }
        #expect(notes.count == 200)
        #expect(Set(notes) == Set((0..<200).map { "update-\($0)" }))
        let admin = try register.adminSession()
        defer { admin.close() }
        #expect(try admin.query("SELECT count(*) FROM triage.referral_status").first?.decode(Int.self) == 250)
    }
}

extension SharedRegisterConcurrencyTests {
    /// One client: its own connection, its jobs one after another.
    static func runClient(_ location: PostgresLocation, jobs: [(index: Int, code: ReferralCode)], at: Instant) throws(RegisterError) {
        let store = try PostgresReferralStore(location)
        for job in jobs {
            var attempts = 0
            while true {
                attempts += 1
                guard let current = try store.referral(job.code) else { throw RegisterError.unknownCode(job.code, suggestion: nil) }
                let next: ReferralStatus = current.status == .contacted ? .unreachable : .contacted
                do {
                    _ = try store.record(.init(status: next, at: at, note: "update-\(job.index)"), for: job.code)
                    break
                } catch {
                    guard case .referral(.transition) = error, attempts < 100 else { throw error }
                }
            }
        }
    }
}

/// Errors collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
