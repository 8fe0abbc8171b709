import Testing
import TriageKit
import TriageRegisterPostgres

/// Reading the shared register's URL: TLS by default off this machine, passwords never shown.
@Suite struct PostgresLocationTests {
    private func location(_ url: String, environment: [String: String] = [:]) throws -> PostgresLocation {
        try PostgresLocation(url: url, environment: { environment[$0] })
    }

    @Test func tlsIsRequiredUnlessTheHostIsThisMachineOrASocket() throws {
        #expect(try location("postgres://p@db.regio.nl/triage").tls == .require)
        #expect(try location("postgres://p@10.0.0.5:6432/triage").tls == .require)
        #expect(try location("postgres://p@localhost/triage").tls == .disable)
        #expect(try location("postgres://p@127.0.0.1:5433/triage").tls == .disable)
        #expect(try location("postgres://p@[::1]/triage").tls == .disable)
        let socket = try location("postgres://p@/triage?host=/var/run/postgresql")
        #expect(socket.tls == .disable && socket.socketPath == "/var/run/postgresql/.s.PGSQL.5432" && socket.host == nil)
        #expect(try location("postgres://p@%2Ftmp%2Fpg:5499/triage").socketPath == "/tmp/pg/.s.PGSQL.5499")
        #expect(try location("postgres://p@db.regio.nl/triage?sslmode=verify-full&sslrootcert=/etc/ca.pem").tls == .verifyFull)
        #expect(try location("postgres://p@db.regio.nl/triage?sslmode=disable").tls == .disable)
        #expect(try location("postgres://p@localhost/triage?sslmode=require").tls == .require)
    }

    @Test func thePasswordComesFromTheURLOrPGPASSWORDAndIsNeverShown() throws {
        let inURL = try location("postgres://practice_a:s3cr%40t@db.regio.nl:6432/triage")
        #expect(inURL.user == "practice_a" && inURL.password == "s3cr@t" && inURL.port == 6432 && inURL.database == "triage")
        #expect(!inURL.description.contains("s3cr"))
        let fromEnvironment = try location("postgres://practice_a@db.regio.nl/triage", environment: ["PGPASSWORD": "geheim"])
        #expect(fromEnvironment.password == "geheim")
        #expect(PostgresLocation.redacted("postgres://a:geheim@h/d") == "postgres://a:***@h/d")
        #expect(PostgresLocation.redacted("postgres://a@h/d?password=geheim&sslmode=require") == "postgres://a@h/d?password=***&sslmode=require")
        #expect { try location("postgres://a:geheim@h:99999/d") } throws: { error in
            let text = "\(error)"
            return text.contains("port") && !text.contains("geheim")
        }
    }

    @Test func aConnectionStringReadsBackTheSame() throws {
        let admin = try location("postgres://beheer:x@db.regio.nl:6432/triage_regio?sslmode=verify-full")
        let handed = try location(admin.connectionString(user: "service_punt_welzijn", password: "Abc123"))
        #expect(handed.user == "service_punt_welzijn" && handed.password == "Abc123" && handed.host == "db.regio.nl")
        #expect(handed.port == 6432 && handed.database == "triage_regio" && handed.tls == .verifyFull)
        let socket = try location("postgres://beheer@/triage?host=/tmp/pg%20dir&port=5499")
        let viaSocket = try location(socket.connectionString(user: "practice_a", password: "Z9"))
        #expect(viaSocket.socketPath == "/tmp/pg dir/.s.PGSQL.5499" && viaSocket.password == "Z9")
    }

    @Test func whatIsNoPostgresURLIsRefusedClearly() throws {
        for bad in ["postgres://db.regio.nl/triage", "postgres://p@h/d?sslmode=prefer", "postgres://p@h/d?foo=bar", "postgres://p@h:port/d"] {
            #expect(throws: RegisterError.self, "\(bad)") { try location(bad) }
        }
        #expect(PostgresLocation.isURL("postgresql://p@h/d") && !PostgresLocation.isURL("/tmp/register.sqlite"))
    }
}
