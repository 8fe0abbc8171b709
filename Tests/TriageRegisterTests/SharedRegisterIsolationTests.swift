import Foundation
import PostgresNIO
import Testing
import TriageKit
import TriageRegisterPostgres

/// Who sees what in the shared register, tried directly with SQL as each role (not through
/// triage's store, which could hide a hole): the database enforces it.
@Suite("shared register: row-level security", .enabled(if: TestPostgres.isAvailable, "needs TRIAGE_TEST_POSTGRES"))
struct SharedRegisterIsolationTests {
    /// Practices A and B; services X and Y; A referred `a` to X, B referred `b` to Y.
    struct Region {
        let register: SharedRegister
        let practiceA, practiceB, serviceX, serviceY: PostgresLocation
        let serviceXID: String
        let a, b: ReferralCode

        init() throws {
            register = try TestPostgres.freshRegister()
            let suffix = TestPostgres.uniqueSuffix()
            practiceA = try register.add(.practice, "a-\(suffix)")
            practiceB = try register.add(.practice, "b-\(suffix)")
            serviceXID = "x-\(suffix)"
            serviceX = try register.add(.service, serviceXID)
            serviceY = try register.add(.service, "y-\(suffix)")
            var generator = Counter(state: 11)
            let storeA = try PostgresReferralStore(practiceA)
            let storeB = try PostgresReferralStore(practiceB)
            a = try storeA.newCode(prefix: "WOR", using: &generator)
            b = try storeB.newCode(prefix: "WOR", using: &generator)
            try storeA.insert([referral(a, service: serviceXID)])
            try storeB.insert([referral(b, service: "y-\(suffix)")])
        }

        func codes(as location: PostgresLocation, in table: String = "referral") throws -> Set<String> {
            let session = try PostgresSession(location)
            defer { session.close() }
            return Set(try session.query(PostgresQuery(unsafeSQL: "SELECT code FROM triage.\(table)")).map { try $0.decode(String.self) })
        }
    }

    /// The message of the error `statement` gets as `location`'s role (`nil`: it succeeded).
    private func refusal(_ statement: String, as location: PostgresLocation) throws -> String? {
        let session = try PostgresSession(location)
        defer { session.close() }
        do {
            try session.query(PostgresQuery(unsafeSQL: statement))
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aPracticeSeesOnlyItsOwnRowsInEveryTable() throws {
        let region = try Region()
        for table in ["referral", "referral_reason", "referral_status"] {
            #expect(try region.codes(as: region.practiceA, in: table) == [region.a.description], "\(table)")
            #expect(try region.codes(as: region.practiceB, in: table) == [region.b.description], "\(table)")
        }
        // Guessing the code gives nothing, not even through the store; only that the code is
        // taken (as the primary key would say), so A never makes the same code.
        #expect(try PostgresReferralStore(region.practiceA).referral(region.b) == nil)
        #expect(try PostgresReferralStore(region.practiceA).contains(region.b) == true)
        let session = try PostgresSession(region.practiceA)
        defer { session.close() }
        #expect(try session.query(PostgresQuery(unsafeSQL: "SELECT * FROM triage.referral WHERE code = '\(region.b)'")).isEmpty)
    }

    @Test func aPracticeCannotChangeReassignOrDeleteAnything() throws {
        let region = try Region()
        let a = region.a.description
        let b = region.b.description
        for statement in [
            "UPDATE triage.referral SET service_id = 'elders' WHERE code = '\(a)'",
            "UPDATE triage.referral_reason SET text = 'anders' WHERE code = '\(a)'",
            "UPDATE triage.referral_status SET status = 'completed' WHERE code = '\(a)'",
            "DELETE FROM triage.referral_status WHERE code = '\(a)'",
            "DELETE FROM triage.referral WHERE code = '\(b)'",
            "TRUNCATE triage.referral_status",
        ] {
            let refused = try refusal(statement, as: region.practiceA)
            #expect(refused?.contains("permission denied") == true, "\(statement): \(refused ?? "allowed")")
        }
        // Claiming another practice: the column is the database's to fill.
        let claim = try refusal(
            """
            INSERT INTO triage.referral (code, practice, created_at, protocol_id, protocol_version, protocol_hash, destination_id,
                destination_category, destination_name, urgency, feedback_days)
            VALUES ('WOR-2222-22', 'b', now(), 'p', '1', 'h', 'd', 'welfare', 'D', 'routine', 14)
            """, as: region.practiceA)
        #expect(claim?.contains("permission denied") == true, "\(claim ?? "allowed")")
        // A reason added to an existing referral later, even its own: refused.
        let reason = try refusal("INSERT INTO triage.referral_reason (code, position, text) VALUES ('\(a)', 5, 'later')", as: region.practiceA)
        #expect(reason?.contains("row-level security") == true, "\(reason ?? "allowed")")
        // A status for B's referral is refused exactly like one for a code that does not exist.
        let onB = try refusal(
            "INSERT INTO triage.referral_status (code, status, at, source) VALUES ('\(b)', 'cancelled', now(), 'gp')", as: region.practiceA)
        let onNothing = try refusal(
            "INSERT INTO triage.referral_status (code, status, at, source) VALUES ('WOR-2222-22', 'cancelled', now(), 'gp')",
            as: region.practiceA)
        #expect(onB != nil && onB == onNothing, "\(onB ?? "allowed") / \(onNothing ?? "allowed")")
    }

    @Test func theDatabaseFillsInThePracticeFromTheRole() throws {
        let region = try Region()
        let admin = try region.register.adminSession()
        defer { admin.close() }
        let rows = try admin.query("SELECT practice, recorded_by::text FROM triage.referral WHERE code = \(region.a.description)")
        let (practice, recordedBy) = try #require(rows.first).decode((String, String).self)
        #expect(practice.hasPrefix("a-"))
        #expect(recordedBy == region.practiceA.user)
    }

    @Test func aServiceSeesWhatWasSentToItAndMayOnlyAppend() throws {
        let region = try Region()
        for table in ["referral", "referral_reason", "referral_status"] {
            #expect(try region.codes(as: region.serviceX, in: table) == [region.a.description], "\(table)")
            #expect(try region.codes(as: region.serviceY, in: table) == [region.b.description], "\(table)")
        }
        let a = region.a.description
        for statement in [
            "UPDATE triage.referral_reason SET text = 'anders' WHERE code = '\(a)'",
            "UPDATE triage.referral SET practice = 'x', destination_id = 'elders' WHERE code = '\(a)'",
            "INSERT INTO triage.referral_reason (code, position, text) VALUES ('\(a)', 9, 'extra')",
            "DELETE FROM triage.referral_status WHERE code = '\(a)'",
            "UPDATE triage.referral_status SET note = 'weg' WHERE code = '\(a)'",
            """
            INSERT INTO triage.referral (code, created_at, protocol_id, protocol_version, protocol_hash, destination_id,
                destination_category, destination_name, urgency, feedback_days)
            VALUES ('WOR-2222-22', now(), 'p', '1', 'h', 'd', 'welfare', 'D', 'routine', 14)
            """,
        ] {
            let refused = try refusal(statement, as: region.serviceX)
            #expect(refused?.contains("permission denied") == true, "\(statement): \(refused ?? "allowed")")
        }
        // Y may not report on X's referral; X may.
        let later = Instant(secondsSince1970: 1_764_600_000)
        #expect(throws: RegisterError.unknownCode(region.a, suggestion: nil)) {
            try PostgresReferralStore(region.serviceY).record(.init(status: .contacted, at: later), for: region.a)
        }
        let direct = try refusal(
            "INSERT INTO triage.referral_status (code, status, at, source) VALUES ('\(a)', 'contacted', now(), 'gp')", as: region.serviceY)
        #expect(direct?.contains("row-level security") == true, "\(direct ?? "allowed")")
        let reported = try PostgresReferralStore(region.serviceX).record(.init(status: .contacted, at: later, note: "gebeld"), for: region.a)
        #expect(reported.history.map(\.status) == [.requested, .contacted])
        #expect(try PostgresReferralStore(region.practiceA).referral(region.a)?.history.last?.note == "gebeld")
    }

    @Test func nobodyDeletesHistoryNotEvenTheOwner() throws {
        let region = try Region()
        let admin = try region.register.adminSession()
        defer { admin.close() }
        for statement in ["DELETE FROM triage.referral_status", "UPDATE triage.referral SET region = NULL", "TRUNCATE triage.referral_reason"] {
            #expect(throws: RegisterError.self, "\(statement)") { try admin.query(PostgresQuery(unsafeSQL: statement)) }
        }
        #expect(try region.codes(as: region.register.admin, in: "referral_status").count == 2)
    }

    @Test func withoutTheRightPasswordOrRoleThereIsNothing() throws {
        let region = try Region()
        var wrong = region.practiceA
        wrong.password = "not-the-password"
        #expect { try PostgresSession(wrong) } throws: { error in
            "\(error)".contains("login refused") && !"\(error)".contains("not-the-password")
        }
        var none = region.practiceA
        none.password = nil
        #expect(throws: RegisterError.self) { try PostgresSession(none) }
        // A login role of the cluster that is no organisation of this register.
        let admin = try region.register.adminSession()
        let stranger = "stranger_\(TestPostgres.uniqueSuffix())"
        try admin.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(stranger) LOGIN PASSWORD 'stranger-password'"))
        admin.close()
        var strangerLocation = region.practiceA
        strangerLocation.user = stranger
        strangerLocation.password = "stranger-password"
        #expect { try PostgresSession(strangerLocation) } throws: { error in "\(error)".contains("permission denied") }
        #expect(throws: RegisterError.self) { try PostgresReferralStore(strangerLocation) }
    }

    @Test func aNewerSchemaIsRefusedAndLeftAlone() throws {
        let register = try TestPostgres.freshRegister()
        let admin = try register.adminSession()
        defer { admin.close() }
        try admin.query("INSERT INTO triage.schema_migrations (version) VALUES (\(PostgresSchema.version + 1))")
        #expect(throws: RegisterError.newerVersion(path: register.admin.description, found: PostgresSchema.version + 1, supported: PostgresSchema.version)) {
            try PostgresSchema.initialise(admin)
        }
        #expect(throws: RegisterError.newerVersion(path: register.admin.description, found: PostgresSchema.version + 1, supported: PostgresSchema.version)) {
            try PostgresReferralStore(register.admin)
        }
        #expect(try PostgresSchema.currentVersion(admin) == PostgresSchema.version + 1)
    }

    @Test func initIsIdempotent() throws {
        let register = try TestPostgres.freshRegister()
        let admin = try register.adminSession()
        defer { admin.close() }
        try PostgresSchema.initialise(admin)
        try PostgresSchema.initialise(admin)
        let rows = try admin.query("SELECT count(*) FROM triage.schema_migrations")
        #expect(try rows.first?.decode(Int.self) == 1)
    }
}
