import Foundation
import GRDB
import Testing
import TriageKit

@testable import TriageRegister

@Suite struct RegisterTests {
    @Test func aNewRegisterIsPrivateAndKeepsAReferralExactly() throws {
        let path = try scratchPath()
        let store = try SQLiteReferralStore(path: path)
        var generator = Counter(state: 1)
        let code = try store.newCode(prefix: "WOR", using: &generator)
        let original = referral(code)
        try store.insert([original])
        #expect(try store.referral(code) == original)
        #expect(try store.contains(code))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Reopening reads the same.
        #expect(try SQLiteReferralStore(path: path).referral(code) == original)
        #expect(try store.integrityProblems() == nil)
    }

    @Test func aRegisterFromANewerVersionIsRefusedAndLeftAsItIs() throws {
        let path = try scratchPath()
        _ = try SQLiteReferralStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA user_version = 7")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try queue.close()
        let before = try Data(contentsOf: URL(filePath: path))
        #expect(throws: RegisterError.newerVersion(path: path, found: 7, supported: SQLiteReferralStore.schemaVersion)) {
            try SQLiteReferralStore(path: path)
        }
        #expect(try Data(contentsOf: URL(filePath: path)) == before)
    }

    @Test func aVersion1RegisterMigratesToVersion2AndKeepsItsReferrals() throws {
        // A register as triage wrote it before the profile: the v1 schema and a row written with its columns.
        let path = try scratchPath()
        var generator = Counter(state: 9)
        let old = ReferralCode.generate(prefix: "WOR", using: &generator)
        let queue = try DatabaseQueue(path: path)
        try SQLiteReferralStore.migrator.migrate(queue, upTo: "v1")
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA user_version = 1")
            try db.execute(
                sql: """
                    INSERT INTO referral (code, created_at, protocol_id, protocol_version, protocol_hash, destination_id,
                        destination_category, destination_name, urgency, consent_at, feedback_days)
                    VALUES (?, '2026-11-02T09:00:00Z', 'welzijn-op-recept', '1.0.0', 'abc', 'welzijnscoach',
                        'welfare', 'Welzijnscoach', 'routine', '2026-11-02T09:00:00Z', 14);
                    INSERT INTO referral_status (code, status, at, source) VALUES (?, 'requested', '2026-11-02T09:00:00Z', 'gp');
                    """, arguments: [old.description, old.description])
        }
        try queue.close()

        let store = try SQLiteReferralStore(path: path)
        let migrated = try #require(try store.referral(old))
        #expect(migrated.profile.isEmpty && migrated.destinationID == "welzijnscoach" && migrated.status == .requested)
        let code = try store.newCode(prefix: "WOR", using: &generator)
        try store.insert([referral(code)])
        #expect(try store.referral(code)?.profile == [.mentaalWelbevinden: 4.5, .meedoen: 3, .zingeving: 7.25])
        #expect(try store.integrityProblems() == nil)
        let check = try DatabaseQueue(path: path)
        defer { try? check.close() }
        let (version, migrations) = try check.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"), try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"))
        }
        #expect(version == 2 && migrations == ["v1", "v2"])
        // Opening again changes nothing.
        #expect(try SQLiteReferralStore(path: path).allReferrals().count == 2)
    }

    @Test func aFileThatIsNoRegisterIsRefusedWithItsName() throws {
        let text = try scratchPath("notes.txt")
        try "not a database, just text\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect { try SQLiteReferralStore(path: text) } throws: { error in
            guard case .damaged(let path, _)? = error as? RegisterError else { return false }
            return path == text
        }
        let other = try scratchPath("other.sqlite")
        let queue = try DatabaseQueue(path: other)
        try queue.write { db in try db.execute(sql: "CREATE TABLE patients (name TEXT)") }
        try queue.close()
        #expect(throws: RegisterError.self) { try SQLiteReferralStore(path: other) }
        #expect(throws: RegisterError.self) { try SQLiteReferralStore(path: try scratchPath() + ".missing", create: false) }
    }

    @Test func twoWritersAtOnceLoseNothing() throws {
        let path = try scratchPath()
        let first = try SQLiteReferralStore(path: path)
        let second = try SQLiteReferralStore(path: path)
        var generator = Counter(state: 9)
        var codes: [ReferralCode] = []
        for _ in 0..<50 {
            let code = try first.newCode(prefix: "WOR", using: &generator)
            try first.insert([referral(code)])
            codes.append(code)
        }
        let later = Instant(secondsSince1970: 1_764_600_000)
        let stores = [first, second]
        let all = codes
        DispatchQueue.concurrentPerform(iterations: all.count) { index in
            _ = try? stores[index % 2].record(.init(status: .contacted, at: later), for: all[index])
        }
        for code in codes { #expect(try first.referral(code)?.status == .contacted) }
    }

    @Test func theSchemaHasNoPlaceForAnIdentity() throws {
        let path = try scratchPath()
        _ = try SQLiteReferralStore(path: path)
        let queue = try DatabaseQueue(path: path)
        let columns = try queue.read { db in
            try ["referral", "referral_reason", "referral_answer", "referral_status", "referral_profile"].flatMap { table in
                try db.columns(in: table).map(\.name)
            }
        }
        for forbidden in ["name", "bsn", "birth", "address", "phone", "email", "patient"] {
            #expect(!columns.contains { $0.lowercased().contains(forbidden) && $0 != "destination_name" && $0 != "service_name" }, "\(forbidden)")
        }
    }
}

@Suite struct ReferralCodeTests {
    @Test func codesReadBackAndCatchTyposAndSwaps() throws {
        var generator = Counter(state: 42)
        for _ in 0..<200 {
            let code = ReferralCode.generate(prefix: "WOR", using: &generator)
            let text = code.description
            #expect(try ReferralCode.parse(text).get() == code)
            #expect(try ReferralCode.parse(text.lowercased().replacingOccurrences(of: "-", with: " ")).get() == code)
            var characters = Array(text)
            // Every single substitution in the body is caught.
            for position in [4, 5, 6, 7, 9, 10] {
                for replacement in ReferralCode.alphabet where replacement != characters[position] {
                    var typo = characters
                    typo[position] = replacement
                    #expect(throws: ReferralCode.ParseError.self) { try ReferralCode.parse(String(typo)).get() }
                }
            }
            // Swapping two different neighbours is caught.
            if characters[5] != characters[6] {
                characters.swapAt(5, 6)
                #expect(throws: ReferralCode.ParseError.self) { try ReferralCode.parse(String(characters)).get() }
            }
        }
        #expect(ReferralCode.prefix(from: "welzijn-op-recept") == "WOR")
        #expect(ReferralCode.prefix(from: "jeugd") == "JEUG")
        for bad in ["", "WOR", "WOR-0000-00", "12-3456-78", "W-7K3F-QX", "WOR-7K3F-QX-EXTRA"] {
            #expect(throws: ReferralCode.ParseError.self, "\(bad)") { try ReferralCode.parse(bad).get() }
        }
    }

    @Test func instantsReadAndWriteISO8601() {
        let instant = Instant(secondsSince1970: 1_764_529_380)
        #expect(instant.description == "2025-11-30T19:03:00Z")
        #expect(Instant.parse(instant.description) == instant)
        #expect(Instant(CivilDate(year: 2024, month: 2, day: 29)!).description == "2024-02-29T00:00:00Z")
        #expect(Instant(secondsSince1970: 0).adding(days: 14).date.description == "1970-01-15")
        #expect(Instant.parse("2025-13-01T00:00:00Z") == nil)
    }
}
