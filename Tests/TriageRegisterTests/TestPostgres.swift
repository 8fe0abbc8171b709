import Foundation
import PostgresNIO
import TriageKit
import TriageRegisterPostgres

/// The throwaway PostgreSQL server of the tests: `TRIAGE_TEST_POSTGRES` is its administrator's
/// URL (`.ci/run` starts one and always sets it). Without it the shared register's tests are skipped.
enum TestPostgres {
    /// The administrator's URL, if a server is there.
    static let url: String? = ProcessInfo.processInfo.environment["TRIAGE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether the tests that need the server run.
    static var isAvailable: Bool { url != nil }

    /// A new database on the server with the register's schema, roles and policies.
    static func freshRegister() throws -> SharedRegister {
        guard let url else { throw SkipReason.noServer }
        let server = try PostgresLocation(url: url)
        let name = "triage_test_" + uniqueSuffix()
        let session = try PostgresSession(server)
        try session.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        session.close()
        var admin = server
        admin.database = name
        let adminSession = try PostgresSession(admin)
        try PostgresSchema.initialise(adminSession)
        adminSession.close()
        return SharedRegister(admin: admin)
    }

    /// Ten random lowercase letters and digits, for names that must not collide between tests.
    static func uniqueSuffix() -> String {
        String(UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(10))
    }

    enum SkipReason: Error { case noServer }
}

/// One test's shared register: its administrator, and the roles the test adds.
struct SharedRegister {
    /// The administrator of the test's database.
    let admin: PostgresLocation

    /// Adds an organisation as `triage register add-practice/add-service` does; its location
    /// (the connection string it is handed, read back).
    func add(_ kind: PostgresSchema.Kind, _ id: String) throws -> PostgresLocation {
        let session = try PostgresSession(admin)
        defer { session.close() }
        let (role, password) = try PostgresSchema.addOrganisation(kind, id: id, in: session)
        return try PostgresLocation(url: admin.connectionString(user: role, password: password))
    }

    /// An administrator's session on the test's database.
    func adminSession() throws -> PostgresSession { try PostgresSession(admin) }
}
