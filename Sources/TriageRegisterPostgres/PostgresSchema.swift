import PostgresNIO
import TriageKit

/// The shared register's schema, roles and row-level security, applied by the region's
/// administrator (`triage register init --admin`). Who sees what is decided here, by the
/// database: a practice's role reads and adds only its own referrals (the `practice` column is
/// filled by the database from the role, never by the client); a service's role reads only
/// referrals addressed to it and may only append to their status history; no role may update
/// or delete anything (grants, policies and a trigger that refuses it even to the owner).
package enum PostgresSchema {
    /// The schema version this build writes; a register at a newer one is refused.
    package static let version = 1

    /// The group role every practice's login role is a member of.
    package static let practiceGroup = "triage_practice"
    /// The group role every service's login role is a member of.
    package static let serviceGroup = "triage_service"

    /// The migrations, in order: version and statements (one transaction each).
    static let migrations: [(version: Int, sql: String)] = [(1, v1)]

    /// Creates or updates the schema, as the administrator; idempotent. A register at a newer
    /// schema is left untouched (`newerVersion`).
    package static func initialise(_ session: PostgresSession) throws(RegisterError) {
        // Group roles belong to the whole cluster: created outside a transaction, tolerating a
        // concurrent `init` on another database.
        for group in [practiceGroup, serviceGroup] {
            try session.query(
                PostgresQuery(
                    unsafeSQL: """
                        DO $$ BEGIN
                            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(group)') THEN CREATE ROLE \(group) NOLOGIN; END IF;
                        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                        END $$
                        """))
        }
        try session.transaction { () throws(RegisterError) in
            try session.query("CREATE SCHEMA IF NOT EXISTS triage")
            try session.query(
                "CREATE TABLE IF NOT EXISTS triage.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            // One administrator migrates at a time.
            try session.query("LOCK TABLE triage.schema_migrations IN EXCLUSIVE MODE")
            let found = try currentVersion(session)
            if found > version { throw RegisterError.newerVersion(path: session.location.description, found: found, supported: version) }
            for migration in migrations where migration.version > found {
                try session.execute(migration.sql)
                try session.query("INSERT INTO triage.schema_migrations (version) VALUES (\(migration.version))")
            }
            try session.execute(grants)
        }
    }

    /// The schema version of the register (0 when it has none).
    package static func currentVersion(_ session: PostgresSession) throws(RegisterError) -> Int {
        let rows = try session.query("SELECT coalesce(max(version), 0)::int8 FROM triage.schema_migrations")
        return (try? rows.first?.decode(Int.self)) ?? 0
    }

    /// An organisation: a practice or a contact person's service.
    package enum Kind: String, Sendable, CaseIterable {
        case practice, service
    }

    /// Why an organisation id cannot be used.
    package static func roleName(kind: Kind, id: String) throws(RegisterError) -> String {
        let allowed = id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        guard allowed, !id.isEmpty, id.count <= 40 else {
            throw .storage(path: "--", message: "'\(id.neutralized)' is not an organisation id (lowercase letters, digits, - and _; at most 40)")
        }
        return "\(kind.rawValue)_" + String(id.map { $0 == "-" ? "_" : $0 })
    }

    /// Creates the login role of an organisation with a new random password (stored by the
    /// server as a SCRAM-SHA-256 verifier); the password, to be handed over once.
    package static func addOrganisation(_ kind: Kind, id: String, in session: PostgresSession) throws(RegisterError) -> (role: String, password: String) {
        let role = try roleName(kind: kind, id: id)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        let password = String((0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        try session.transaction { () throws(RegisterError) in
            let existing = try session.query("SELECT 1 FROM pg_roles WHERE rolname = \(role)")
            if !existing.isEmpty { throw RegisterError.storage(path: session.location.description, message: "role \(role) exists already") }
            try session.query("SET LOCAL password_encryption = 'scram-sha-256'")
            // Role names and the password come from fixed alphabets, so they can be written into the statement.
            let group = kind == .practice ? practiceGroup : serviceGroup
            try session.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) LOGIN PASSWORD '\(password)' IN ROLE \(group)"))
            try session.query("INSERT INTO triage.organisation (role_name, kind, org_id) VALUES (\(role), \(kind.rawValue), \(id))")
        }
        return (role, password)
    }

    /// Version 1: organisations, referrals, reasons, status history; policies.
    static let v1 = """
        CREATE TABLE triage.organisation (
            role_name name PRIMARY KEY,
            kind text NOT NULL CHECK (kind IN ('practice', 'service')),
            org_id text NOT NULL,
            UNIQUE (kind, org_id)
        );
        ALTER TABLE triage.organisation ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_row ON triage.organisation FOR SELECT TO triage_practice, triage_service
            USING (role_name = current_user);

        -- The organisation of the role running the statement, of `kind`; NULL for any other role.
        CREATE FUNCTION triage.my_org(kind text) RETURNS text LANGUAGE sql STABLE
            AS $$ SELECT o.org_id FROM triage.organisation o WHERE o.role_name = current_user AND o.kind = $1 $$;

        -- No answers, no patient free text, no GP notes: see README, "The shared register".
        CREATE TABLE triage.referral (
            code text PRIMARY KEY,
            practice text NOT NULL DEFAULT triage.my_org('practice'),
            created_at timestamptz NOT NULL,
            protocol_id text NOT NULL,
            protocol_version text NOT NULL,
            protocol_hash text NOT NULL,
            region text,
            destination_id text NOT NULL,
            destination_category text NOT NULL,
            destination_name text NOT NULL,
            service_id text,
            service_name text,
            urgency text NOT NULL,
            consent_at timestamptz,
            feedback_days integer NOT NULL CHECK (feedback_days >= 0),
            adjust_dropped text,
            adjust_added text,
            adjust_urgency text,
            adjust_reason text,
            recorded_by name NOT NULL DEFAULT current_user
        );
        CREATE INDEX referral_by_practice ON triage.referral (practice, created_at);
        CREATE INDEX referral_by_service ON triage.referral (service_id, created_at);

        -- Whether a code is taken by any practice: only that, so a new code never collides with
        -- one this role cannot see (the primary key would refuse the referral).
        CREATE FUNCTION triage.code_in_use(code text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
            SET search_path = pg_catalog
            AS $$ SELECT EXISTS (SELECT 1 FROM triage.referral r WHERE r.code = $1) $$;

        CREATE TABLE triage.referral_reason (
            code text NOT NULL REFERENCES triage.referral (code),
            position integer NOT NULL,
            rule_id text,
            text text NOT NULL,
            PRIMARY KEY (code, position)
        );

        CREATE TABLE triage.referral_status (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code text NOT NULL REFERENCES triage.referral (code),
            status text NOT NULL,
            at timestamptz NOT NULL,
            note text,
            source text NOT NULL,
            recorded_by name NOT NULL DEFAULT current_user
        );
        CREATE INDEX referral_status_by_code ON triage.referral_status (code, id);

        -- Append-only, for every role including the owner.
        CREATE FUNCTION triage.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the register is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege'; END $$;
        CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON triage.referral FOR EACH ROW EXECUTE FUNCTION triage.refuse_change();
        CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON triage.referral_reason FOR EACH ROW EXECUTE FUNCTION triage.refuse_change();
        CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON triage.referral_status FOR EACH ROW EXECUTE FUNCTION triage.refuse_change();
        CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON triage.referral FOR EACH STATEMENT EXECUTE FUNCTION triage.refuse_change();
        CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON triage.referral_reason FOR EACH STATEMENT EXECUTE FUNCTION triage.refuse_change();
        CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON triage.referral_status FOR EACH STATEMENT EXECUTE FUNCTION triage.refuse_change();

        ALTER TABLE triage.referral ENABLE ROW LEVEL SECURITY;
        ALTER TABLE triage.referral_reason ENABLE ROW LEVEL SECURITY;
        ALTER TABLE triage.referral_status ENABLE ROW LEVEL SECURITY;

        -- A practice: its own referrals; a service: those addressed to it.
        CREATE POLICY practice_reads ON triage.referral FOR SELECT TO triage_practice
            USING (practice = triage.my_org('practice'));
        CREATE POLICY practice_refers ON triage.referral FOR INSERT TO triage_practice
            WITH CHECK (practice = triage.my_org('practice') AND recorded_by = current_user);
        CREATE POLICY service_reads ON triage.referral FOR SELECT TO triage_service
            USING (service_id = triage.my_org('service'));

        -- Reasons and history: visible with their referral. Reasons are written only together
        -- with a new referral (in the transaction that inserted it), so nobody changes them later.
        CREATE POLICY visible ON triage.referral_reason FOR SELECT TO triage_practice, triage_service
            USING (EXISTS (SELECT 1 FROM triage.referral r WHERE r.code = referral_reason.code));
        CREATE POLICY with_new_referral ON triage.referral_reason FOR INSERT TO triage_practice
            WITH CHECK (EXISTS (SELECT 1 FROM triage.referral r
                WHERE r.code = referral_reason.code AND r.xmin = pg_current_xact_id()::xid));
        CREATE POLICY visible ON triage.referral_status FOR SELECT TO triage_practice, triage_service
            USING (EXISTS (SELECT 1 FROM triage.referral r WHERE r.code = referral_status.code));
        CREATE POLICY appends ON triage.referral_status FOR INSERT TO triage_practice, triage_service
            WITH CHECK (recorded_by = current_user AND EXISTS (SELECT 1 FROM triage.referral r WHERE r.code = referral_status.code));
        """

    /// Privileges, granted again by every `init` (a new database needs its CONNECT).
    static let grants = """
        DO $$ BEGIN
            EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
            EXECUTE format('GRANT CONNECT ON DATABASE %I TO triage_practice, triage_service', current_database());
        END $$;
        REVOKE ALL ON SCHEMA public FROM PUBLIC;
        REVOKE ALL ON SCHEMA triage FROM PUBLIC;
        REVOKE ALL ON ALL TABLES IN SCHEMA triage FROM PUBLIC;
        REVOKE ALL ON FUNCTION triage.my_org(text), triage.code_in_use(text) FROM PUBLIC;
        GRANT USAGE ON SCHEMA triage TO triage_practice, triage_service;
        GRANT EXECUTE ON FUNCTION triage.my_org(text), triage.code_in_use(text) TO triage_practice, triage_service;
        GRANT SELECT ON triage.schema_migrations, triage.organisation, triage.referral, triage.referral_reason,
            triage.referral_status TO triage_practice, triage_service;
        GRANT INSERT (code, created_at, protocol_id, protocol_version, protocol_hash, region, destination_id,
            destination_category, destination_name, service_id, service_name, urgency, consent_at, feedback_days,
            adjust_dropped, adjust_added, adjust_urgency, adjust_reason) ON triage.referral TO triage_practice;
        GRANT INSERT (code, position, rule_id, text) ON triage.referral_reason TO triage_practice;
        GRANT INSERT (code, status, at, note, source) ON triage.referral_status TO triage_practice, triage_service;
        """
}

