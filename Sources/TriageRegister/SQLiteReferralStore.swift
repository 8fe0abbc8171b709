import GRDB
import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A practice's local register: one SQLite file (through GRDB) holding referrals and their
/// status history, and nothing that identifies a patient. Created with mode 0600; WAL, a busy
/// timeout and write transactions that take the lock at once (GRDB's pool) let two terminals of the same practice use it at once
/// without losing a change; every change is one transaction, so Ctrl-C leaves it consistent.
package final class SQLiteReferralStore: ReferralStore, Sendable {
    /// The schema version this build writes (`PRAGMA user_version`); a newer file is refused.
    package static let schemaVersion = 2

    /// The file.
    package let path: String
    private let pool: DatabasePool

    /// Opens the register at `path`, creating it (mode 0600) when `create` and it is missing.
    package init(path: String, create: Bool = true) throws(RegisterError) {
        self.path = path
        var status = stat()
        if stat(path, &status) != 0 {
            guard create else { throw .storage(path: path, message: "no such file") }
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw .storage(path: path, message: String(cString: strerror(errno))) }
            close(descriptor)
        } else if (status.st_mode & S_IFMT) != S_IFREG {
            throw .storage(path: path, message: "not a regular file")
        }
        // The version is read without writing anything, so a register of a newer triage is
        // left exactly as it is.
        do {
            var readOnly = Configuration()
            readOnly.readonly = true
            readOnly.busyMode = .timeout(15)
            let probe = try DatabaseQueue(path: path, configuration: readOnly)
            let found = try probe.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
            try probe.close()
            if found > Self.schemaVersion {
                throw RegisterError.newerVersion(path: path, found: found, supported: Self.schemaVersion)
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(15)
        configuration.label = "triage-register"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.mapped(error, path: path)
        }
        try migrate()
    }

    // MARK: - Schema

    /// Versioned migrations: each one is applied once, in order, in a transaction.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE referral (
                        code TEXT PRIMARY KEY NOT NULL,
                        created_at TEXT NOT NULL,
                        protocol_id TEXT NOT NULL,
                        protocol_version TEXT NOT NULL,
                        protocol_hash TEXT NOT NULL,
                        region TEXT,
                        destination_id TEXT NOT NULL,
                        destination_category TEXT NOT NULL,
                        destination_name TEXT NOT NULL,
                        service_id TEXT,
                        service_name TEXT,
                        urgency TEXT NOT NULL,
                        consent_at TEXT,
                        feedback_days INTEGER NOT NULL,
                        adjust_dropped TEXT,
                        adjust_added TEXT,
                        adjust_urgency TEXT,
                        adjust_reason TEXT,
                        adjust_note TEXT
                    ) STRICT;
                    CREATE TABLE referral_reason (
                        code TEXT NOT NULL REFERENCES referral(code) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        rule_id TEXT,
                        text TEXT NOT NULL,
                        PRIMARY KEY (code, position)
                    ) STRICT;
                    CREATE TABLE referral_answer (
                        code TEXT NOT NULL REFERENCES referral(code) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        question_id TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        value_text TEXT,
                        value_number REAL,
                        PRIMARY KEY (code, position)
                    ) STRICT;
                    CREATE TABLE referral_status (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        code TEXT NOT NULL REFERENCES referral(code) ON DELETE CASCADE,
                        status TEXT NOT NULL,
                        at TEXT NOT NULL,
                        note TEXT,
                        source TEXT NOT NULL
                    ) STRICT;
                    CREATE INDEX referral_status_by_code ON referral_status(code, id);
                    """)
        }
        // v2: the Positieve Gezondheid profile at referral, for monitoring; referrals of a v1
        // file have none (the report says so rather than guessing it from the answers).
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE referral_profile (
                        code TEXT NOT NULL REFERENCES referral(code) ON DELETE CASCADE,
                        dimension TEXT NOT NULL,
                        value REAL NOT NULL,
                        PRIMARY KEY (code, dimension)
                    ) STRICT;
                    """)
        }
        return migrator
    }

    private func migrate() throws(RegisterError) {
        do {
            let found = try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
            if found > Self.schemaVersion {
                throw RegisterError.newerVersion(path: path, found: found, supported: Self.schemaVersion)
            }
            let migrator = Self.migrator
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                throw RegisterError.newerVersion(path: path, found: found, supported: Self.schemaVersion)
            }
            try pool.writeWithoutTransaction { db in
                // A file with tables of its own is not a register: never write into it.
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                let ours: Set<String> = [
                    "referral", "referral_reason", "referral_answer", "referral_status", "referral_profile", "grdb_migrations", "sqlite_sequence",
                ]
                if let foreign = tables.first(where: { !ours.contains($0) }) {
                    throw RegisterError.damaged(path: path, message: "it holds a table '\(foreign)' that a register does not have")
                }
            }
            try migrator.migrate(pool)
            if found < Self.schemaVersion {
                try pool.write { db in try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersion)") }
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// `PRAGMA integrity_check`: `nil` when the file is sound, else what SQLite found.
    package func integrityProblems() throws(RegisterError) -> String? {
        do {
            let lines = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            return lines == ["ok"] ? nil : lines.joined(separator: "; ")
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    // MARK: - ReferralStore

    package func insert(_ referrals: [Referral]) throws(RegisterError) {
        do {
            try pool.write { db in
                for referral in referrals { try Self.insert(referral, into: db) }
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    package func referral(_ code: ReferralCode) throws(RegisterError) -> Referral? {
        do {
            return try pool.read { db in try Self.fetch(code.description, from: db) }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    package func allReferrals() throws(RegisterError) -> [Referral] {
        do {
            return try pool.read { db in
                let codes = try String.fetchAll(db, sql: "SELECT code FROM referral ORDER BY created_at DESC, code")
                return try codes.compactMap { try Self.fetch($0, from: db) }
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    package func contains(_ code: ReferralCode) throws(RegisterError) -> Bool {
        do {
            return try pool.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM referral WHERE code = ?)", arguments: [code.description]) ?? false
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    package func record(_ change: Referral.Change, for code: ReferralCode) throws(RegisterError) -> Referral {
        do {
            return try pool.write { db in
                guard var referral = try Self.fetch(code.description, from: db) else {
                    throw RegisterError.unknownCode(code, suggestion: nil)
                }
                do {
                    try referral.record(change)
                } catch let error as ReferralError {
                    throw RegisterError.referral(error)
                }
                try Self.insertStatus(change, code: code.description, into: db)
                return referral
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    // MARK: - Rows

    private static func insert(_ referral: Referral, into db: Database) throws {
        let adjustment = referral.adjustment
        try db.execute(
            sql: """
                INSERT INTO referral (code, created_at, protocol_id, protocol_version, protocol_hash, region, destination_id,
                    destination_category, destination_name, service_id, service_name, urgency, consent_at, feedback_days,
                    adjust_dropped, adjust_added, adjust_urgency, adjust_reason, adjust_note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                referral.code.description, referral.createdAt.description, referral.protocolID, referral.protocolVersion,
                referral.protocolHash, referral.region, referral.destinationID, referral.destinationCategory.rawValue,
                referral.destinationName, referral.serviceID, referral.serviceName, referral.urgency.rawValue,
                referral.consentAt?.description, referral.feedbackDays, adjustment.map { $0.dropped.joined(separator: ",") },
                adjustment.map { $0.added.joined(separator: ",") }, adjustment?.urgency?.rawValue, adjustment?.reason.rawValue,
                adjustment?.note,
            ])
        for (position, reason) in referral.reasons.enumerated() {
            try db.execute(
                sql: "INSERT INTO referral_reason (code, position, rule_id, text) VALUES (?, ?, ?, ?)",
                arguments: [referral.code.description, position, reason.ruleID, reason.text])
        }
        for (position, answered) in referral.answers.enumerated() {
            let (kind, text, number) = StoredAnswer.columns(answered.answer)
            try db.execute(
                sql: "INSERT INTO referral_answer (code, position, question_id, kind, value_text, value_number) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [referral.code.description, position, answered.questionID, kind, text, number])
        }
        for change in referral.history { try insertStatus(change, code: referral.code.description, into: db) }
        for dimension in Dimension.allCases {
            guard let value = referral.profile[dimension] else { continue }
            try db.execute(
                sql: "INSERT INTO referral_profile (code, dimension, value) VALUES (?, ?, ?)",
                arguments: [referral.code.description, dimension.rawValue, value])
        }
    }

    private static func insertStatus(_ change: Referral.Change, code: String, into db: Database) throws {
        try db.execute(
            sql: "INSERT INTO referral_status (code, status, at, note, source) VALUES (?, ?, ?, ?, ?)",
            arguments: [code, change.status.rawValue, change.at.description, change.note, change.source])
    }

    private static func fetch(_ code: String, from db: Database) throws -> Referral? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM referral WHERE code = ?", arguments: [code]) else { return nil }
        func damaged(_ what: String) -> RegisterError { .damaged(path: db.configuration.label ?? "", message: "\(code): \(what)") }
        guard let referralCode = try? ReferralCode.parse(row["code"]).get() else { throw damaged("bad code") }
        guard let createdAt = Instant.parse(row["created_at"]) else { throw damaged("bad created_at") }
        guard let category = Destination.Category(rawValue: row["destination_category"]),
            let urgency = Outcome.Urgency(rawValue: row["urgency"])
        else { throw damaged("bad category or urgency") }
        let reasons = try Row.fetchAll(
            db, sql: "SELECT rule_id, text FROM referral_reason WHERE code = ? ORDER BY position", arguments: [code]
        ).map { Referral.Reason(ruleID: $0["rule_id"], text: $0["text"]) }
        let answers = try Row.fetchAll(
            db, sql: "SELECT question_id, kind, value_text, value_number FROM referral_answer WHERE code = ? ORDER BY position",
            arguments: [code]
        ).map { Outcome.AnsweredQuestion(questionID: $0["question_id"], answer: StoredAnswer.value($0["kind"], $0["value_text"], $0["value_number"])) }
        let history = try Row.fetchAll(
            db, sql: "SELECT status, at, note, source FROM referral_status WHERE code = ? ORDER BY id", arguments: [code]
        ).map { row -> Referral.Change in
            guard let status = ReferralStatus(rawValue: row["status"]), let at = Instant.parse(row["at"]) else {
                throw damaged("bad status history")
            }
            return Referral.Change(status: status, at: at, note: row["note"], source: row["source"])
        }
        guard !history.isEmpty else { throw damaged("no status history") }
        var profile: [Dimension: Double] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT dimension, value FROM referral_profile WHERE code = ?", arguments: [code]) {
            guard let dimension = Dimension(rawValue: row["dimension"]), let value: Double = row["value"], value.isFinite else {
                throw damaged("bad profile")
            }
            profile[dimension] = value
        }
        var adjustment: Adjustment?
        if let reasonText: String = row["adjust_reason"], let reason = Adjustment.Reason(rawValue: reasonText) {
            func ids(_ column: String) -> [String] { (row[column] as String?)?.split(separator: ",").map(String.init) ?? [] }
            adjustment = Adjustment(
                dropped: ids("adjust_dropped"), added: ids("adjust_added"),
                urgency: (row["adjust_urgency"] as String?).flatMap(Outcome.Urgency.init(rawValue:)), reason: reason,
                note: row["adjust_note"])
        }
        return Referral(
            code: referralCode, createdAt: createdAt, protocolID: row["protocol_id"], protocolVersion: row["protocol_version"],
            protocolHash: row["protocol_hash"], region: row["region"], destinationID: row["destination_id"],
            destinationCategory: category, destinationName: row["destination_name"], serviceID: row["service_id"],
            serviceName: row["service_name"], urgency: urgency, consentAt: (row["consent_at"] as String?).flatMap(Instant.parse),
            feedbackDays: row["feedback_days"], reasons: reasons, adjustment: adjustment, answers: answers, history: history,
            profile: profile)
    }

    // MARK: - Errors

    /// Every failure as a `RegisterError` naming the file.
    static func mapped(_ error: any Error, path: String) -> RegisterError {
        switch error {
        case let error as RegisterError:
            switch error {
            case .damaged(_, let message): return .damaged(path: path, message: message)
            default: return error
            }
        case let error as DatabaseError:
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .damaged(path: path, message: error.message ?? "\(error.resultCode)")
            case .SQLITE_CONSTRAINT: return .storage(path: path, message: "a referral with this code is already registered")
            default: return .storage(path: path, message: error.message ?? "\(error.resultCode)")
            }
        default:
            return .storage(path: path, message: "\(error)")
        }
    }
}

/// Answers in columns: a kind, and a text or a number.
enum StoredAnswer {
    static func columns(_ answer: AnswerValue?) -> (kind: String, text: String?, number: Double?) {
        switch answer {
        case nil: ("not_asked", nil, nil)
        case .yesNo(let flag)?: (flag ? "yes" : "no", nil, nil)
        case .choice(let id)?: ("choice", id, nil)
        case .choices(let ids)?: ("choices", ids.joined(separator: ","), nil)
        case .number(let value)?: ("number", nil, value)
        case .text(let text)?: ("text", text, nil)
        case .unknown?: ("unknown", nil, nil)
        }
    }

    static func value(_ kind: String, _ text: String?, _ number: Double?) -> AnswerValue? {
        switch kind {
        case "yes": .yesNo(true)
        case "no": .yesNo(false)
        case "choice": text.map(AnswerValue.choice)
        case "choices": .choices(text.map { $0.isEmpty ? [] : $0.split(separator: ",").map(String.init) } ?? [])
        case "number": number.map(AnswerValue.number)
        case "text": .text(text ?? "")
        case "unknown": .unknown
        default: nil
        }
    }
}
