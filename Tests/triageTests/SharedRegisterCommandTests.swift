import Foundation
import PostgresNIO
import Testing
import TriageRegisterPostgres

/// The administrator's URL of the test server (`.ci/run` sets it; without it these tests are skipped).
private let adminURL = ProcessInfo.processInfo.environment["TRIAGE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

/// The shared register driven as processes, as a region would: the administrator sets it up,
/// two practices refer, two contact persons report back; then the server fails mid-command.
@Suite("the shared register (PostgreSQL) from the command line", .enabled(if: adminURL != nil, "needs TRIAGE_TEST_POSTGRES"))
struct SharedRegisterCommandTests {
    private static let root = CLIFixture.repositoryRoot
    private static let protocolPath = root + "/Protocols/welzijn-op-recept.yaml"
    private static func answers(_ name: String) -> String { root + "/Examples/answers/welzijn-op-recept-\(name).yaml" }

    /// A new database on `server` (an administrator's URL); the administrator's URL of it.
    private static func freshDatabase(on server: String) throws -> String {
        let location = try PostgresLocation(url: server)
        let name = "triage_cli_" + suffix()
        let session = try PostgresSession(location)
        try session.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        session.close()
        let path = server.firstIndex(of: "?").map { server[..<$0] } ?? server[...]
        let base = path[..<(path.lastIndex(of: "/") ?? path.endIndex)]
        return base + "/" + name + (server.firstIndex(of: "?").map { String(server[$0...]) } ?? "")
    }

    private static func suffix() -> String { String(UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(8)) }

    private func environment(now: String = "2026-11-02T09:00:00Z") -> [String: String] {
        CLIFixture.environment(lang: "nl_NL.UTF-8", extra: ["TRIAGE_NOW": now])
    }

    /// `triage register add-… ID`: the connection string it prints once.
    private func add(_ kind: String, _ id: String, admin: String) throws -> String {
        let run = try triage(["register", "add-\(kind)", id, "--register", admin], environment: environment())
        #expect(run.status == 0, "\(run.standardError)")
        return run.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func codes(_ register: String, now: String = "2026-11-02T09:00:00Z") throws -> [String] {
        let run = try triage(["referrals", "--status", "all", "--format", "json", "--register", register], environment: environment(now: now))
        #expect(run.status == 0, "\(run.standardError)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [[String: Any]])
        return list.compactMap { $0["code"] as? String }
    }

    private func password(_ url: String) -> String {
        let authority = url.dropFirst("postgres://".count).prefix { $0 != "@" }
        return String(authority.drop { $0 != ":" }.dropFirst())
    }

    /// A copy of the Weert social map whose two services have ids of this test alone (roles
    /// belong to the whole server); the ids.
    private func map(in directory: ScratchDirectory) throws -> (path: String, x: String, y: String) {
        let suffix = Self.suffix()
        let x = "punt_welzijn_\(suffix)"
        let y = "amw_weert_\(suffix)"
        let text = try String(contentsOfFile: Self.root + "/Examples/sociale-kaart/weert.yaml", encoding: .utf8)
            .replacingOccurrences(of: "punt_welzijn", with: x).replacingOccurrences(of: "amw_weert", with: y)
        return (try directory.write("weert.yaml", text), x, y)
    }

    @Test("two practices refer, two services see only theirs and report back, each practice sees the feedback")
    func wholeLoop() throws {
        let admin = try Self.freshDatabase(on: try #require(adminURL))
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let (mapPath, x, y) = try map(in: dir)
        for _ in 0..<2 {
            let initialise = try triage(["register", "init", admin, "--admin"], environment: environment())
            #expect(initialise.status == 0, "\(initialise.standardError)")
            #expect(!initialise.standardOutput.contains(password(admin)))
        }
        let suffix = Self.suffix()
        let practiceA = try add("practice", "a-\(suffix)", admin: admin)
        let practiceB = try add("practice", "b-\(suffix)", admin: admin)
        let serviceX = try add("service", x, admin: admin)
        let serviceY = try add("service", y, admin: admin)
        #expect(Set([practiceA, practiceB, serviceX, serviceY].map(password)).count == 4)

        func refer(_ answers: String, as practice: String) throws {
            let run = try triage(
                ["run", Self.protocolPath, "--answers", Self.answers(answers), "--map", mapPath, "--refer", "--format", "note", "--register", practice],
                environment: environment())
            #expect(run.status == 0, "\(run.standardError)")
            #expect(!run.standardError.contains(password(practice)))
        }
        try refer("eenzaam", as: practiceA)  // → X
        try refer("schulden", as: practiceA)  // → schuldhulp (no role) and Y
        try refer("weduwe", as: practiceB)  // → X, twice
        let ofA = try codes(practiceA)
        let ofB = try codes(practiceB)
        #expect(ofA.count == 3 && ofB.count == 2)
        #expect(Set(ofA).isDisjoint(with: ofB))
        let ofX = try codes(serviceX)
        let ofY = try codes(serviceY)
        #expect(ofX.count == 3 && ofY.count == 1, "X \(ofX), Y \(ofY)")
        #expect(Set(ofX).isSubset(of: Set(ofA + ofB)) && Set(ofY).isSubset(of: Set(ofA)))

        // The contact person's list: what was sent, why, in Dutch; nothing the patient said.
        let listX = try triage(["referrals", "--register", serviceX], environment: environment(now: "2026-11-20T09:00:00Z"))
        #expect(listX.status == 0)
        #expect(listX.standardOutput.contains("Reden: "), "\(listX.standardOutput)")
        #expect(!listX.standardOutput.contains("Weer onder de mensen"))

        // X reports on one of B's referrals; A and Y cannot.
        let code = try #require(ofX.first { ofB.contains($0) })
        for intruder in [practiceA, serviceY] {
            let refused = try triage(["feedback", code, "--status", "declined", "--register", intruder], environment: environment(now: "2026-11-05T09:00:00Z"))
            #expect(refused.status == 1, "\(refused.standardOutput)")
        }
        let reported = try triage(
            ["feedback", code, "--status", "accepted", "--note", "afspraak gemaakt", "--register", serviceX],
            environment: environment(now: "2026-11-05T09:00:00Z"))
        #expect(reported.status == 0, "\(reported.standardError)")
        let wrong = try triage(["feedback", code, "--status", "requested", "--register", serviceX], environment: environment())
        #expect(wrong.status == 64)

        // B's next list: the other one overdue first, then the feedback.
        let listB = try triage(["referrals", "--register", practiceB], environment: environment(now: "2026-11-20T09:00:00Z"))
        let lines = listB.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("      Reden: ") }
        #expect(lines[0].contains("1 te laat"), "\(listB.standardOutput)")
        #expect(lines[1].hasPrefix("! ") && !lines[1].contains(code), "\(listB.standardOutput)")
        #expect(lines[2].contains(code) && lines[2].contains("ondersteuning afgesproken"), "\(listB.standardOutput)")
        let detail = try triage(["referrals", code, "--register", practiceB], environment: environment())
        #expect(detail.standardOutput.contains("afspraak gemaakt"))

        // The letter from the shared register carries no patient's details; the note needs the answers.
        let letter = try triage(["export", code, "--format", "letter", "--protocol", Self.protocolPath, "--register", serviceX], environment: environment())
        #expect(letter.status == 0 && letter.standardOutput.contains(code) && letter.standardOutput.contains("Reden: "), "\(letter.standardError)")
        let note = try triage(["export", code, "--format", "note", "--protocol", Self.protocolPath, "--register", serviceX], environment: environment())
        #expect(note.status == 1 && note.standardError.contains("geen antwoorden"))

        let report = try triage(["report", "--register", practiceA], environment: environment())
        #expect(report.status == 0, "\(report.standardError)")
        let check = try triage(["register", "check", "--register", practiceA], environment: environment())
        #expect(check.status == 0 && check.standardOutput.contains("ok (3 referrals)"), "\(check.standardOutput)")

        // A wrong password: a clear refusal that does not repeat it.
        let guessed = practiceA.replacingOccurrences(of: password(practiceA), with: "raden123")
        let refused = try triage(["referrals", "--register", guessed], environment: environment())
        #expect(refused.status == 1 && refused.standardError.contains("login refused") && !refused.standardError.contains("raden123"))
        let organisation = try triage(["register", "add-practice", "a-\(suffix)", "--register", admin], environment: environment())
        #expect(organisation.status == 1 && organisation.standardError.contains("exists already"))
    }

    @Test("the server stopped mid-command: a clear error, exit 1, nothing half-written; after a restart it works again")
    func serverStopsMidCommand() throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.remove() }
        let admin = cluster.adminURL
        #expect(try triage(["register", "init", admin, "--admin"], environment: environment()).status == 0)
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let (mapPath, x, _) = try map(in: dir)
        let practice = try add("practice", "p", admin: admin)
        let service = try add("service", x, admin: admin)
        let referred = try triage(
            ["run", Self.protocolPath, "--answers", Self.answers("eenzaam"), "--map", mapPath, "--refer", "--register", practice],
            environment: environment())
        #expect(referred.status == 0, "\(referred.standardError)")
        let code = try #require(try codes(practice).first)

        // The administrator holds the referral's lock, so the contact person's feedback waits
        // inside its transaction; then the server goes down.
        let holder = try PostgresSession(try PostgresLocation(url: admin))
        try holder.query("SELECT pg_advisory_lock(hashtextextended(\(code), 0))")
        let result = Box()
        let started = Date()
        let feedback = Thread {
            result.set(try? triage(["feedback", code, "--status", "contacted", "--register", service], environment: environment(now: "2026-11-05T09:00:00Z")))
        }
        feedback.start()
        Thread.sleep(forTimeInterval: 2)
        try cluster.server("stop")
        while result.get() == nil, Date().timeIntervalSince(started) < 40 { Thread.sleep(forTimeInterval: 0.1) }
        let run = try #require(result.get())
        #expect(run.status == 1, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardError.hasPrefix("triage: register postgres://"), "\(run.standardError)")
        #expect(run.standardError.contains("connection to the server was lost"), "\(run.standardError)")
        #expect(!run.standardError.contains(password(service)))
        #expect(Date().timeIntervalSince(started) < 30)

        // Down: a clear error at once.
        let down = try triage(["referrals", "--register", practice], environment: environment())
        #expect(down.status == 1 && down.standardError.contains("cannot connect"), "\(down.standardError)")

        try cluster.server("start")
        let after = try triage(["referrals", code, "--format", "json", "--register", practice], environment: environment())
        #expect(after.status == 0, "\(after.standardError)")
        let history = try #require((try JSONSerialization.jsonObject(with: Data(after.standardOutput.utf8)) as? [[String: Any]])?.first?["history"] as? [Any])
        #expect(history.count == 1, "nothing half-written: \(after.standardOutput)")
        let again = try triage(["feedback", code, "--status", "contacted", "--register", service], environment: environment(now: "2026-11-05T09:00:00Z"))
        #expect(again.status == 0, "\(again.standardError)")
    }
}

/// A result handed from a thread.
private final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var value: CLIRun?
    func set(_ run: CLIRun?) { lock.withLock { value = run } }
    func get() -> CLIRun? { lock.withLock { value } }
}

/// A PostgreSQL cluster of one test's own (`.ci/throwaway-postgres.sh`), so stopping it
/// disturbs no other test.
private struct ThrowawayCluster {
    let adminURL: String
    let directory: String
    let bin: String

    init() throws {
        let output = try Self.shell("source .ci/throwaway-postgres.sh && pg_throwaway_start >&2 && echo \"$TRIAGE_TEST_POSTGRES\" && echo \"$PG_THROWAWAY_DIR\" && echo \"$PG_THROWAWAY_BIN\"")
        let lines = output.split(separator: "\n").map(String.init)
        guard lines.count == 3 else { throw CocoaError(.fileReadUnknown) }
        (adminURL, directory, bin) = (lines[0], lines[1], lines[2])
    }

    /// `stop` (at once, like a crash) or `start` again.
    func server(_ action: String) throws {
        _ = try Self.shell("source .ci/throwaway-postgres.sh && PG_THROWAWAY_DIR='\(directory)' PG_THROWAWAY_BIN='\(bin)' pg_throwaway_server \(action)")
    }

    func remove() {
        _ = try? Self.shell("source .ci/throwaway-postgres.sh && PG_THROWAWAY_DIR='\(directory)' PG_THROWAWAY_BIN='\(bin)' pg_throwaway_stop")
    }

    private static func shell(_ script: String) throws -> String {
        let result = try TriageProcess.spawn(
            "/bin/bash", ["-c", script], currentDirectory: CLIFixture.repositoryRoot, timeout: 120)
        guard result.status == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return result.stdout
    }
}
