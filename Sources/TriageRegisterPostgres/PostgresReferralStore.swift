import PostgresNIO
import TriageKit

/// The region's shared register: one PostgreSQL database where practices record referrals and
/// contact persons report back, each through its own login role. It keeps less than a practice's
/// local register — no answers, no GP's note with an adjustment, no Positieve Gezondheid profile
/// (should `Referral` carry one) — so a `Referral` read back has empty `answers`; who sees which
/// rows is decided by the database's row-level security (`PostgresSchema`), never by this client.
package final class PostgresReferralStore: ReferralStore, Sendable {
    /// The connection.
    package let session: PostgresSession

    /// Connects to the register at `location` and checks its schema version.
    package init(_ location: PostgresLocation, timeoutSeconds: Int64 = 30) throws(RegisterError) {
        session = try PostgresSession(location, seconds: timeoutSeconds)
        let found: Int
        do {
            found = try PostgresSchema.currentVersion(session)
        } catch {
            throw .storage(
                path: location.description,
                message: "no shared register here, or this role may not use it (the administrator runs `triage register init --admin`): "
                    + Self.message(of: error))
        }
        if found > PostgresSchema.version {
            throw .newerVersion(path: location.description, found: found, supported: PostgresSchema.version)
        }
        guard found == PostgresSchema.version else {
            throw .storage(path: location.description, message: "the register's schema is at version \(found): the administrator runs `triage register init --admin`")
        }
    }

    /// The register as the messages name it (no password).
    package var path: String { session.location.description }

    // MARK: - ReferralStore

    package func insert(_ referrals: [Referral]) throws(RegisterError) {
        try session.transaction { () throws(RegisterError) in
            for referral in referrals {
                let adjustment = referral.adjustment
                try session.query(
                    """
                    INSERT INTO triage.referral (code, created_at, protocol_id, protocol_version, protocol_hash, region,
                        destination_id, destination_category, destination_name, service_id, service_name, urgency, consent_at,
                        feedback_days, adjust_dropped, adjust_added, adjust_urgency, adjust_reason)
                    VALUES (\(referral.code.description), to_timestamp(\(referral.createdAt.secondsSince1970)), \(referral.protocolID),
                        \(referral.protocolVersion), \(referral.protocolHash), \(referral.region), \(referral.destinationID),
                        \(referral.destinationCategory.rawValue), \(referral.destinationName), \(referral.serviceID), \(referral.serviceName),
                        \(referral.urgency.rawValue), to_timestamp(\(referral.consentAt?.secondsSince1970)), \(referral.feedbackDays),
                        \(adjustment.map { $0.dropped.joined(separator: ",") }), \(adjustment.map { $0.added.joined(separator: ",") }),
                        \(adjustment?.urgency?.rawValue), \(adjustment?.reason.rawValue))
                    """)
                for (position, reason) in referral.reasons.enumerated() {
                    try session.query(
                        "INSERT INTO triage.referral_reason (code, position, rule_id, text) VALUES (\(referral.code.description), \(position), \(reason.ruleID), \(reason.text))"
                    )
                }
                for change in referral.history { try insertStatus(change, code: referral.code) }
            }
        }
    }

    package func referral(_ code: ReferralCode) throws(RegisterError) -> Referral? {
        try fetch(only: code).first
    }

    package func allReferrals() throws(RegisterError) -> [Referral] {
        try fetch(only: nil)
    }

    /// Whether any practice uses `code` (not only this role's): new codes must be unique in the
    /// region. It tells whether a code exists, nothing more — as the primary key would.
    package func contains(_ code: ReferralCode) throws(RegisterError) -> Bool {
        let rows = try session.query("SELECT triage.code_in_use(\(code.description))")
        return (try? rows.first?.decode(Bool.self)) ?? false
    }

    /// One transaction: a lock on the code (an advisory lock: a service's role has no UPDATE
    /// privilege, which `SELECT … FOR UPDATE` would need), the current history, the transition
    /// checked by `Referral.record`, the new row. Two contact persons at once are serialised.
    package func record(_ change: Referral.Change, for code: ReferralCode) throws(RegisterError) -> Referral {
        try session.transaction { () throws(RegisterError) in
            try session.query("SELECT pg_advisory_xact_lock(hashtextextended(\(code.description), 0))")
            guard var referral = try fetch(only: code).first else { throw RegisterError.unknownCode(code, suggestion: nil) }
            do throws(ReferralError) { try referral.record(change) } catch { throw RegisterError.referral(error) }
            try insertStatus(change, code: code)
            return referral
        }
    }

    // MARK: - Rows

    private func insertStatus(_ change: Referral.Change, code: ReferralCode) throws(RegisterError) {
        try session.query(
            """
            INSERT INTO triage.referral_status (code, status, at, note, source)
            VALUES (\(code.description), \(change.status.rawValue), to_timestamp(\(change.at.secondsSince1970)), \(change.note), \(change.source))
            """)
    }

    /// The referrals visible to this role (one, or all newest first), in three queries.
    private func fetch(only code: ReferralCode?) throws(RegisterError) -> [Referral] {
        let filter = code?.description
        let rows = try session.query(
            """
            SELECT code, extract(epoch FROM created_at)::int8, protocol_id, protocol_version, protocol_hash, region,
                destination_id, destination_category, destination_name, service_id, service_name, urgency,
                extract(epoch FROM consent_at)::int8, feedback_days::int8, adjust_dropped, adjust_added, adjust_urgency, adjust_reason
            FROM triage.referral WHERE (\(filter)::text IS NULL OR code = \(filter)) ORDER BY created_at DESC, code
            """)
        var reasons: [String: [Referral.Reason]] = [:]
        for row in try session.query(
            "SELECT code, rule_id, text FROM triage.referral_reason WHERE (\(filter)::text IS NULL OR code = \(filter)) ORDER BY code, position")
        {
            let (code, ruleID, text) = try decoded(row, as: (String, String?, String).self)
            reasons[code, default: []].append(Referral.Reason(ruleID: ruleID, text: text))
        }
        var histories: [String: [Referral.Change]] = [:]
        for row in try session.query(
            """
            SELECT code, status, extract(epoch FROM at)::int8, note, source FROM triage.referral_status
            WHERE (\(filter)::text IS NULL OR code = \(filter)) ORDER BY code, id
            """)
        {
            let (code, statusText, at, note, source) = try decoded(row, as: (String, String, Int64, String?, String).self)
            guard let status = ReferralStatus(rawValue: statusText) else { throw damaged(code, "bad status '\(statusText)'") }
            histories[code, default: []].append(Referral.Change(status: status, at: Instant(secondsSince1970: at), note: note, source: source))
        }
        return try rows.map { row throws(RegisterError) in
            let columns = try decoded(
                row,
                as: (
                    String, Int64, String, String, String, String?, String, String, String, String?, String?, String, Int64?, Int,
                    String?, String?, String?, String?
                ).self)
            let (codeText, createdAt, protocolID, protocolVersion, protocolHash, region, destinationID) =
                (columns.0, columns.1, columns.2, columns.3, columns.4, columns.5, columns.6)
            guard let referralCode = try? ReferralCode.parse(codeText).get() else { throw damaged(codeText, "bad code") }
            guard let category = Destination.Category(rawValue: columns.7), let urgency = Outcome.Urgency(rawValue: columns.11) else {
                throw damaged(codeText, "bad category or urgency")
            }
            guard let history = histories[codeText], !history.isEmpty else { throw damaged(codeText, "no status history") }
            var adjustment: Adjustment?
            if let reasonText = columns.17, let reason = Adjustment.Reason(rawValue: reasonText) {
                func ids(_ text: String?) -> [String] { text?.split(separator: ",").map(String.init) ?? [] }
                adjustment = Adjustment(
                    dropped: ids(columns.14), added: ids(columns.15), urgency: columns.16.flatMap(Outcome.Urgency.init(rawValue:)),
                    reason: reason, note: nil)
            }
            return Referral(
                code: referralCode, createdAt: Instant(secondsSince1970: createdAt), protocolID: protocolID,
                protocolVersion: protocolVersion, protocolHash: protocolHash, region: region, destinationID: destinationID,
                destinationCategory: category, destinationName: columns.8, serviceID: columns.9, serviceName: columns.10,
                urgency: urgency, consentAt: columns.12.map(Instant.init(secondsSince1970:)), feedbackDays: columns.13,
                reasons: reasons[codeText] ?? [], adjustment: adjustment, answers: [], history: history)
        }
    }

    private func decoded<each Column: PostgresDecodable>(_ row: PostgresRow, as: (repeat each Column).Type) throws(RegisterError)
        -> (repeat each Column)
    {
        do { return try row.decode((repeat each Column).self) } catch {
            throw .damaged(path: path, message: "a row cannot be read: \(error)")
        }
    }

    private func damaged(_ code: String, _ what: String) -> RegisterError {
        .damaged(path: path, message: "\(code): \(what)")
    }

    private static func message(of error: RegisterError) -> String {
        if case .storage(_, let message) = error { return message }
        return error.description
    }
}
