import ArgumentParser
import TriageKit
import TriageRegister
import TriageRegisterPostgres

/// `triage register check|init|add-practice|add-service`: check a register; set up the
/// region's shared register and its organisations' roles.
struct RegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Check a register; set up the region's shared register (PostgreSQL) and its organisations.",
        subcommands: [Check.self, Initialise.self, AddOrganisation.Practice.self, AddOrganisation.Service.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the register for damage (SQLite integrity check; for PostgreSQL: the schema and what this role sees).",
            discussion: "Exit status: 0 sound, 1 damaged or unreadable, 64 without a register.")

        @OptionGroup var register: RegisterOptions

        func run() throws {
            let store = try register.open(create: false)
            do {
                let name: String
                if let local = store as? SQLiteReferralStore {
                    if let problems = try local.integrityProblems() {
                        Terminal.say("triage: register \(local.path.neutralized) is damaged: \(problems.neutralized)")
                        throw ExitCode(1)
                    }
                    name = local.path
                } else if let shared = store as? PostgresReferralStore {
                    name = shared.path
                } else {
                    name = "?"
                }
                let count = try store.allReferrals().count
                Output.write("register \(name.neutralized): ok (\(count) referral\(count == 1 ? "" : "s"))\n")
            } catch let error as RegisterError {
                Terminal.say("triage: \(error.description)")
                throw ExitCode(1)
            }
        }
    }

    /// `triage register init URL --admin`.
    struct Initialise: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create or update the shared register's schema, roles and row-level security (as its administrator).",
            discussion: """
                URL: postgres://ADMIN@host/database (password in the URL or PGPASSWORD; sslmode=require unless \
                the host is a Unix socket or this machine). Safe to run again; a register of a newer triage is \
                left untouched. Exit status: 0, 1 when the server refuses or cannot be reached, 64 usage.
                """)

        @Argument(help: ArgumentHelp("The register, as its administrator (default: $TRIAGE_REGISTER).", valueName: "URL"))
        var url: String?

        @Flag(help: "Confirms that URL logs in as the administrator (owner of the database).")
        var admin = false

        func validate() throws {
            guard admin else { throw ValidationError("init changes the schema and roles: run it with --admin and the administrator's URL") }
        }

        func run() throws {
            let session = try AdminSession.open(url)
            do {
                try PostgresSchema.initialise(session)
                Output.write("register \(session.location.description.neutralized): schema version \(PostgresSchema.version), roles and row-level security in place\n")
            } catch {
                Terminal.say("triage: \(error.description)")
                throw ExitCode(1)
            }
        }
    }

    /// `triage register add-practice ID` and `add-service ID`.
    enum AddOrganisation {
        static func run(_ kind: PostgresSchema.Kind, id: String, register: RegisterOptions) throws {
            let session = try AdminSession.open(register.resolvedPath)
            do {
                let (role, password) = try PostgresSchema.addOrganisation(kind, id: id, in: session)
                Terminal.say(
                    "Role \(role) created. Its connection string follows, once: hand it over safely; it is not stored and not shown again.")
                Output.write(session.location.connectionString(user: role, password: password) + "\n")
            } catch {
                Terminal.say("triage: \(error.description)")
                throw ExitCode(1)
            }
        }

        struct Practice: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add-practice",
                abstract: "Create the login role of a GP practice in the shared register; prints its connection string once.",
                discussion: "Run with --register and the administrator's URL. The role sees and adds only the practice's own referrals.")

            @Argument(help: "The practice's id (lowercase letters, digits, - and _).")
            var id: String

            @OptionGroup var register: RegisterOptions

            func run() throws { try AddOrganisation.run(.practice, id: id, register: register) }
        }

        struct Service: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add-service",
                abstract: "Create the login role of a contact person's service; prints its connection string once.",
                discussion: """
                    ID is the service's id in the social map (sociale kaart): the role sees the referrals addressed \
                    to it and may only report back on them. Run with --register and the administrator's URL.
                    """)

            @Argument(help: "The service's id, as in the social map.")
            var id: String

            @OptionGroup var register: RegisterOptions

            func run() throws { try AddOrganisation.run(.service, id: id, register: register) }
        }
    }
}

/// The administrator's connection, for the commands that set up the shared register.
enum AdminSession {
    static func open(_ url: String?) throws -> PostgresSession {
        guard let url = url ?? RegisterOptions.environmentValue, PostgresLocation.isURL(url) else {
            Terminal.say("triage: name the shared register as postgres://ADMIN@host/database (or TRIAGE_REGISTER)")
            throw ExitCode(64)
        }
        do {
            return try PostgresSession(try PostgresLocation(url: url))
        } catch {
            Terminal.say("triage: \(error.description)")
            throw ExitCode(1)
        }
    }
}
