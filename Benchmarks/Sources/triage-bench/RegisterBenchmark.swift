#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `triage-bench register`: the local register (SQLite) and the shared one (PostgreSQL) side by
/// side, through the `triage` executable as a practice uses it:
/// - recording: `triage run … --refer` launched again and again (two referrals each), against
///   the same command without a register, so the store's own cost per referral shows;
/// - reporting: `triage report` over a register bulk-loaded with N synthetic referrals (one
///   reason, one to three statuses each; the same rows in both stores).
/// PostgreSQL needs `TRIAGE_BENCH_POSTGRES` (or `TRIAGE_TEST_POSTGRES`): an administrator's URL;
/// bulk-loading uses the `sqlite3` and `psql` programs.
enum RegisterBenchmark: Benchmark {
    static let name = "register"
    static let summary = "referrals recorded per second and `triage report` over N referrals, SQLite and PostgreSQL"

    static let protocolFile = "Protocols/welzijn-op-recept.yaml"
    static let answersFile = "Examples/answers/welzijn-op-recept-weduwe.yaml"
    static let mapFile = "Examples/sociale-kaart/weert.yaml"

    static func run(_ options: Options) throws -> Bool {
        let binary = options.triageBinaries.first ?? StartupBenchmark.defaultBinary
        guard Repository.isExecutable(binary) else {
            throw BenchmarkError.failed("no triage executable at \(binary): swift build -c release --static-swift-stdlib, or --triage PATH")
        }
        let scratch = "/tmp/triage-bench-register-\(getpid())"
        mkdir(scratch, 0o700)
        var registers = [(name: "SQLite", register: scratch + "/register.sqlite", admin: String?.none)]
        let server = environment("TRIAGE_BENCH_POSTGRES") ?? environment("TRIAGE_TEST_POSTGRES")
        if let server {
            let (practice, admin) = try sharedRegister(server, binary: binary, scratch: scratch)
            registers.append((name: "PostgreSQL", register: practice, admin: admin))
        }
        let referrals = options.referrals
        let launches = options.runs

        print("triage-bench register")
        print("  recording: \(launches) × `triage run \(protocolFile) --answers … --map … --refer` (2 referrals each)")
        print("  report:    `triage report` over \(referrals) referrals; median of \(options.repetitions)")
        if server == nil { print("  (no TRIAGE_BENCH_POSTGRES or TRIAGE_TEST_POSTGRES: SQLite only)") }
        print("")
        let plain = try launchSeconds(binary, runArguments(register: nil), times: launches)
        var rows: [(String, Double, Double, Double)] = []
        for entry in registers {
            let recording = try launchSeconds(binary, runArguments(register: entry.register), times: launches)
            let perReferral = max(0, recording - plain) / 2
            try bulkLoad(referrals, into: entry.register, admin: entry.admin, scratch: scratch)
            var times: [Double] = []
            for _ in 0..<options.repetitions {
                times.append(try launchSeconds(binary, ["report", "--register", entry.register, "--format", "csv"], times: 1))
            }
            rows.append((entry.name, 2 / recording, perReferral, Measurement.median(times)))
        }
        print("  " + "store".padding(12) + "referrals/s (run --refer)".leftPadding(27) + "store ms/referral".leftPadding(19)
            + "report over \(referrals)".leftPadding(24))
        for (name, rate, perReferral, report) in rows {
            print("  " + name.padding(12) + formatted(rate, digits: 1).leftPadding(27) + formatted(perReferral * 1000, digits: 2).leftPadding(19)
                + (formatted(report, digits: 2) + " s").leftPadding(24))
        }
        print("  (a launch of `triage run` without a register: \(formatted(plain * 1000, digits: 1)) ms)")
        if rows.count == 2 {
            print("  PostgreSQL / SQLite: recording rate × \(formatted(rows[1].1 / rows[0].1, digits: 2)), report time × \(formatted(rows[1].3 / rows[0].3, digits: 2))")
        }
        _ = system("rm -rf '\(scratch)'")
        return true
    }

    // MARK: - Registers

    /// A new database on the server with the register set up and a practice's role, as a region
    /// does it: the practice's URL and the database's administrator URL.
    static func sharedRegister(_ server: String, binary: String, scratch: String) throws -> (practice: String, admin: String) {
        let database = "triage_bench_\(getpid())"
        try shell("psql '\(server)' -q -c 'CREATE DATABASE \(database)'")
        let base = server.split(separator: "?", maxSplits: 1)
        var admin = String(base[0].split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")) + "/" + database
        if base.count > 1 { admin += "?" + base[1] }
        try shell("'\(binary)' register init '\(admin)' --admin >/dev/null")
        try shell("'\(binary)' register add-practice bench-\(getpid()) --register '\(admin)' >'\(scratch)/practice' 2>/dev/null")
        let practice = try String(contentsOf: scratch + "/practice").trimmingSpace()
        return (practice, admin)
    }

    static func runArguments(register: String?) -> [String] {
        ["run", Repository.path(protocolFile), "--answers", Repository.path(answersFile), "--map", Repository.path(mapFile), "--format", "json"]
            + (register.map { ["--refer", "--register", $0] } ?? [])
    }

    /// Loads `count` synthetic referrals (valid codes; twelve months; four destinations; one
    /// reason; one to three statuses) in one transaction, through `sqlite3` or `psql`.
    static func bulkLoad(_ count: Int, into register: String, admin: String?, scratch: String) throws {
        let postgres = admin != nil
        let file = scratch + "/load.sql"
        guard let out = fopen(file, "w") else { throw BenchmarkError.failed("cannot write \(file)") }
        let routes = [
            ("welzijnscoach", "Welzijnscoach", "punt_welzijn", "Punt Welzijn"), ("ouderenadviseur", "Ouderenadviseur", "punt_welzijn", "Punt Welzijn"),
            ("amw", "Algemeen maatschappelijk werk", "amw_weert", "AMW Weert"), ("schuldhulp", "Schuldhulpverlening", "schuldhulp_weert", "Gemeente Weert"),
        ]
        let statuses = ["contacted", "accepted", "declined", "unreachable"]
        var generator = SplitMix64(seed: 42)  // the same rows for both stores
        let start: Int64 = 1_735_689_600  // 2025-01-01
        let practiceColumns = postgres ? ", practice, recorded_by" : ""
        let practiceValues = postgres ? ", (SELECT org_id FROM triage.organisation WHERE kind = 'practice'), (SELECT role_name FROM triage.organisation WHERE kind = 'practice')" : ""
        let prefix = postgres ? "triage." : ""
        fputs("BEGIN;\n", out)
        var codes = Set<String>()
        var batch: (referrals: [String], reasons: [String], statuses: [String]) = ([], [], [])
        func flush() {
            guard !batch.referrals.isEmpty else { return }
            fputs("INSERT INTO \(prefix)referral (code, created_at, protocol_id, protocol_version, protocol_hash, region, destination_id, destination_category, destination_name, service_id, service_name, urgency, consent_at, feedback_days\(practiceColumns)) VALUES\n" + batch.referrals.joined(separator: ",\n") + ";\n", out)
            fputs("INSERT INTO \(prefix)referral_reason (code, position, rule_id, text) VALUES\n" + batch.reasons.joined(separator: ",\n") + ";\n", out)
            fputs("INSERT INTO \(prefix)referral_status (code, status, at, note, source) VALUES\n" + batch.statuses.joined(separator: ",\n") + ";\n", out)
            batch = ([], [], [])
        }
        while codes.count < count {
            let code = BenchCode.random(using: &generator)
            guard codes.insert(code).inserted else { continue }
            let route = routes[Int(generator.next() % 4)]
            let created = start + Int64(generator.next() % (365 * 86_400))
            let at = isoInstant(created)
            batch.referrals.append(
                "('\(code)', '\(at)', 'welzijn-op-recept', '1.0.0', 'bench', 'Weert', '\(route.0)', 'welfare', '\(route.1)', '\(route.2)', '\(route.3)', 'routine', '\(at)', 14\(practiceValues))")
            batch.reasons.append("('\(code)', 0, 'regel_\(route.0)', 'Reden voor \(route.1.lowercased()).')")
            batch.statuses.append("('\(code)', 'requested', '\(at)', NULL, 'gp')")
            // Requested only; one report back; or accepted, then completed.
            switch generator.next() % 3 {
            case 0: break
            case 1:
                batch.statuses.append("('\(code)', '\(statuses[Int(generator.next() % 4)])', '\(isoInstant(created + 5 * 86_400))', NULL, 'gp')")
            default:
                batch.statuses.append("('\(code)', 'accepted', '\(isoInstant(created + 5 * 86_400))', NULL, 'gp')")
                batch.statuses.append("('\(code)', 'completed', '\(isoInstant(created + 40 * 86_400))', NULL, 'gp')")
            }
            if batch.referrals.count == 1000 { flush() }
        }
        flush()
        fputs("COMMIT;\n", out)
        fclose(out)
        if let admin {
            try shell("psql '\(admin)' -q -v ON_ERROR_STOP=1 -f '\(file)' >/dev/null")
        } else {
            try shell("sqlite3 '\(register)' < '\(file)'")
        }
    }

    // MARK: - Processes

    /// The mean seconds of `times` launches of `binary arguments` (output discarded; exit 0 required).
    static func launchSeconds(_ binary: String, _ arguments: [String], times: Int) throws -> Double {
        var total = 0.0
        for _ in 0..<times {
            let started = monotonicSeconds()
            let status = try launch(binary, arguments)
            total += monotonicSeconds() - started
            guard status == 0 else { throw BenchmarkError.failed("\(binary) \(arguments.joined(separator: " ")) exited with \(status)") }
        }
        return total / Double(times)
    }

    static func launch(_ binary: String, _ arguments: [String]) throws -> Int32 {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t = nil
            let environment = _NSGetEnviron().pointee
        #else
            var actions = posix_spawn_file_actions_t()
            let environment = environ
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, binary, &actions, nil, argv, environment) == 0 else { throw BenchmarkError.failed("cannot launch \(binary)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func shell(_ command: String) throws {
        let status = system(command)
        guard status == 0 else { throw BenchmarkError.failed("`\(command.replacingPasswords())` failed (\(status))") }
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func formatted(_ value: Double, digits: Int) -> String {
        var factor = 1.0
        for _ in 0..<digits { factor *= 10 }
        let rounded = (value * factor).rounded() / factor
        let text = "\(rounded)"
        let fraction = text.split(separator: ".").dropFirst().first.map(String.init) ?? ""
        return text + String(repeating: "0", count: max(0, digits - fraction.count))
    }

    /// `2025-01-01T00:00:00Z`.
    static func isoInstant(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
    }
}

/// Referral codes as triage writes them (`WOR-XXXX-XX`, the last character a Luhn mod 30 check),
/// generated here because the benchmark sees only TriageKit's public API; `triage report`
/// refuses a register whose codes do not check.
enum BenchCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ")

    static func random(using generator: inout SplitMix64) -> String {
        var characters: [Character] = (0..<5).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        let n = alphabet.count
        var sum = 0
        var factor = 2
        for character in characters.reversed() {
            let addend = factor * (alphabet.firstIndex(of: character) ?? 0)
            sum += addend / n + addend % n
            factor = factor == 2 ? 1 : 2
        }
        characters.append(alphabet[(n - sum % n) % n])
        return "WOR-" + String(characters.prefix(4)) + "-" + String(characters.suffix(2))
    }
}

extension String {
    /// A file's text.
    init(contentsOf path: String) throws {
        guard let file = fopen(path, "r") else { throw BenchmarkError.failed("cannot read \(path)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        self = String(decoding: bytes, as: UTF8.self)
    }

    func trimmingSpace() -> String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// The text with any `:password@` in a URL replaced, for messages.
    func replacingPasswords() -> String {
        var result = ""
        var rest = self[...]
        while let scheme = rest.firstRange(of: "://") {
            result += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            if let at = rest.firstIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":"), !rest[..<at].contains("/") {
                result += rest[..<colon] + ":***"
                rest = rest[at...]
            }
        }
        return result + rest
    }
}
