import Foundation
import Testing

/// `triage report` as a process: counts from a real register, "<5" and "x" where a count is
/// small or could be worked out, no code, date or patient text in any format.
@Suite("triage report")
struct ReportCommandTests {
    private static let root = CLIFixture.repositoryRoot
    private static let protocolPath = root + "/Protocols/welzijn-op-recept.yaml"
    private static let widow = root + "/Examples/answers/welzijn-op-recept-weduwe.yaml"
    private static let lonely = root + "/Examples/answers/welzijn-op-recept-eenzaam.yaml"

    private func environment(_ register: String, now: String? = nil) -> [String: String] {
        var extra = ["TRIAGE_REGISTER": register]
        if let now { extra["TRIAGE_NOW"] = now }
        return CLIFixture.environment(lang: "nl_NL.UTF-8", extra: extra)
    }

    @Test("counts per month and destination; small counts <5, a count that a total would reveal x; nothing identifying")
    func report() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let register = dir.path + "/r.sqlite"
        // Three widows (coach + elderly adviser each) and three lonely patients (coach): coach 6, adviser 3.
        for (answers, day) in [(Self.widow, 2), (Self.widow, 3), (Self.widow, 4), (Self.lonely, 10), (Self.lonely, 11), (Self.lonely, 12)] {
            let run = try triage(
                ["run", Self.protocolPath, "--answers", answers, "--refer"], environment: environment(register, now: "2026-11-\(day < 10 ? "0" : "")\(day)T09:00:00Z"))
            #expect(run.status == 0, "\(run.standardError)")
        }
        // One referral from December, outside --to.
        _ = try triage(["run", Self.protocolPath, "--answers", Self.lonely, "--refer"], environment: environment(register, now: "2026-12-01T09:00:00Z"))
        let listing = try triage(["referrals", "--status", "all", "--format", "json"], environment: environment(register))
        let list = try #require(try JSONSerialization.jsonObject(with: Data(listing.standardOutput.utf8)) as? [[String: Any]])
        let coach = list.filter { $0["destination"] as? String == "welzijnscoach" && ($0["created"] as? String ?? "").hasPrefix("2026-11") }
        #expect(coach.count == 6)
        for referral in coach.prefix(5) {
            let code = try #require(referral["code"] as? String)
            let step = try triage(
                ["feedback", code, "--status", "contacted", "--date", "2026-11-20", "--note", "geheime notitie"], environment: environment(register))
            #expect(step.status == 0, "\(step.standardError)")
        }

        let json = try triage(["report", "--from", "2026-11-15", "--to", "2026-11-30", "--format", "json"], environment: environment(register))
        #expect(json.status == 0, "\(json.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["from"] as? String == "2026-11" && object["to"] as? String == "2026-11")
        let rows = try #require(object["rows"] as? [[String: Any]])
        func row(_ period: String?, _ destination: String?) -> [String: Any]? {
            rows.first { ($0["period"] as? String) == period && ($0["destination"] as? String) == destination }
        }
        let adviser = try #require(row("2026-11", "ouderenadviseur"))
        let coachRow = try #require(row("2026-11", "welzijnscoach"))
        let total = try #require(row(nil, nil))
        #expect(adviser["made"] as? String == "<5")
        // 9 − 3 would give the adviser's 3 back: the coach's 6 is hidden.
        #expect(coachRow["made"] as? String == "x")
        #expect(total["made"] as? Int == 9)
        // Some coach referrals got feedback within 14 days (those made from the 10th on).
        #expect(coachRow["feedback_in_time"] as? Int == 5 || coachRow["feedback_in_time"] as? String == "<5")
        #expect(coachRow["median_days_to_feedback"] is NSNumber)

        let csv = try triage(["report", "--to", "2026-11-30", "--format", "csv"], environment: environment(register))
        #expect(csv.standardOutput.hasPrefix("period,destination,destination_name,made,"))
        #expect(csv.standardOutput.contains("2026-11,ouderenadviseur,\"Ouderenadviseur\",<5,"), "\(csv.standardOutput)")
        #expect(csv.standardOutput.contains("\nall,all,,9,"), "\(csv.standardOutput)")
        let text = try triage(["report", "--by", "quarter"], environment: environment(register))
        #expect(text.standardOutput.contains("2026-Q4 · Ouderenadviseur"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("verwezen <5"))
        #expect(text.standardOutput.contains("verwezen 10"))  // the quarter holds December's too
        let english = try triage(["report", "--lang", "en"], environment: environment(register))
        #expect(english.standardOutput.contains("all periods · all destinations"))

        for output in [json.standardOutput, csv.standardOutput, text.standardOutput, english.standardOutput] {
            #expect(!output.contains("WOR-"))
            #expect(!output.contains("geheime notitie") && !output.contains("Weer onder de mensen"))
            #expect(output.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) == nil, "\(output)")
        }
    }

    @Test("a bad date is a usage error; without a register, 64")
    func usage() throws {
        let bad = try triage(["report", "--from", "2026-13-01"], environment: environment("/nonexistent/r.sqlite"))
        #expect(bad.status == 64)
        #expect(bad.standardError.contains("--from"))
        let none = try triage(["report"], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(none.status == 64)
    }

    @Test("the profile at referral: kept by run --refer, reported as quartiles over 5 or more; a register without it says so")
    func profile() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let register = try ReportFixture.register(in: dir, [(Self.lonely, "2026-11", 6)])
        let json = try triage(["report", "--format", "json", "--lang", "en"], environment: environment(register))
        #expect(json.status == 0, "\(json.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        let total = try #require(rows.last?["profile"] as? [String: Any])
        // The lonely patient's answers score meedoen 3 every time.
        let meedoen = try #require(total["meedoen"] as? [String: Any])
        #expect(meedoen["median"] as? Double == 3 && meedoen["q1"] as? Double == 3 && meedoen["q3"] as? Double == 3)
        #expect((object["profile_note"] as? String)?.hasPrefix("Positive Health profile at referral") == true)
        let text = try triage(["report"], environment: environment(register))
        #expect(text.standardOutput.contains("profiel: Lichaamsfuncties"), "\(text.standardOutput)")
        let csv = try triage(["report", "--format", "csv"], environment: environment(register))
        #expect(csv.standardOutput.split(separator: "\r\n").first?.hasSuffix("dagelijks_functioneren_q3") == true)
    }

    @Test("--export: NDJSON with a versioned header, mode 0600, suppressed counts only; never over a file without --force")
    func export() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let register = try ReportFixture.register(in: dir, [(Self.widow, "2026-11", 3), (Self.lonely, "2026-11", 6)])
        let file = dir.path + "/praktijk.ndjson"
        let missing = try triage(["report", "--export", file], environment: environment(register))
        #expect(missing.status == 64 && missing.standardError.contains("--export needs --from and --to"), "\(missing.standardError)")
        let run = try triage(["report", "--from", "2026-11-01", "--to", "2026-12-31", "--export", file], environment: environment(register))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.isEmpty && run.standardError.contains("export geschreven naar"))
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(header["format"] as? String == "triage-report-export" && header["version"] as? Int == 1)
        #expect(header["by"] as? String == "month" && header["from"] as? String == "2026-11" && header["to"] as? String == "2026-12")
        #expect((header["generator"] as? String)?.hasPrefix("triage ") == true)
        #expect(text.contains(#""destination":"ouderenadviseur","destination_name":"Ouderenadviseur","made":"<5""#), "\(text)")
        #expect(!text.contains("WOR-") && !text.contains("median") && !text.contains("meedoen") && !text.contains("Weer onder de mensen"))
        #expect(text.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) == nil)

        let again = try triage(["report", "--from", "2026-11-01", "--to", "2026-12-31", "--export", file], environment: environment(register))
        #expect(again.status == 1 && again.standardError.contains("bestaat al; niet overschreven"), "\(again.standardError)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
        let forced = try triage(
            ["report", "--from", "2026-11-01", "--to", "2027-01-31", "--export", file, "--force"], environment: environment(register))
        #expect(forced.status == 0, "\(forced.standardError)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains(#""to":"2027-01""#))
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o600)
        let force = try triage(["report", "--force"], environment: environment(register))
        #expect(force.status == 64)
    }

    @Test("triage report FILE...: a regional report of several exports; newer, mixed or broken exports refused at file:line")
    func combine() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let first = try ReportFixture.register(in: dir, [(Self.widow, "2026-11", 3), (Self.lonely, "2026-11", 6)], name: "a.sqlite")
        let second = try ReportFixture.register(in: dir, [(Self.widow, "2026-11", 5), (Self.lonely, "2026-12", 5)], name: "b.sqlite")
        for (register, name) in [(first, "a"), (second, "b")] {
            let run = try triage(
                ["report", "--from", "2026-11-01", "--to", "2026-12-31", "--export", "\(dir.path)/\(name).ndjson"], environment: environment(register))
            #expect(run.status == 0, "\(run.standardError)")
        }
        let quarterly = try triage(
            ["report", "--from", "2026-11-01", "--to", "2026-12-31", "--by", "quarter", "--export", dir.path + "/q.ndjson"],
            environment: environment(second))
        #expect(quarterly.status == 0, "\(quarterly.standardError)")
        let (a, b) = (dir.path + "/a.ndjson", dir.path + "/b.ndjson")

        let csv = try triage(["report", a, b, "--format", "csv"], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(csv.status == 0, "\(csv.standardError)")
        // A: 3 widows (adviser <5, coach 3 + 6 = 9, shown only as a complement), B: 5 widows in November, 5 lonely in December.
        #expect(csv.standardOutput.contains("2026-11,ouderenadviseur,\"Ouderenadviseur\",≥6,"), "\(csv.standardOutput)")
        #expect(csv.standardOutput.contains("\nall,all,,27,"), "\(csv.standardOutput)")  // 12 + 15
        for line in csv.standardOutput.split(separator: "\r\n").dropFirst() {
            for field in line.split(separator: ",", omittingEmptySubsequences: false).dropFirst(3) {
                #expect(!["1", "2", "3", "4"].contains(String(field)), "\(line)")
            }
        }
        let text = try triage(["report", a, b, "--lang", "en"], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(text.standardOutput.contains("Combined from 2 exports"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("median days to feedback n/a"))
        let html = try triage(["report", a, b, "--format", "html"], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(html.status == 0 && html.standardOutput.contains("<svg") && html.standardOutput.contains("≥6"))

        let twice = try triage(["report", a, b, a], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(twice.status == 0 && twice.standardError.contains("let op: \(a) heeft dezelfde aantallen als \(a)"), "\(twice.standardError)")
        #expect(!csv.standardError.contains("let op"))
        let mixed = try triage(["report", a, dir.path + "/q.ndjson"], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(mixed.status == 1)
        #expect(mixed.standardError.contains("\(dir.path)/q.ndjson:1:1: error: by quarter, but \(a) is by month"), "\(mixed.standardError)")
        let newer = try dir.write("newer.ndjson", try String(contentsOfFile: b, encoding: .utf8).replacing(#""version":1"#, with: #""version":3"#))
        let refused = try triage(["report", a, newer], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("\(newer):1:44: error: written by a newer triage (format version 3"), "\(refused.standardError)")
        let broken = try dir.write("broken.ndjson", try String(contentsOfFile: b, encoding: .utf8) + "{\"table\": \"referrals\", \"made\": \n")
        let located = try triage(["report", broken], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(located.status == 1 && located.standardError.contains("broken.ndjson:"), "\(located.standardError)")
        let usage = try triage(["report", a, "--from", "2026-11-01"], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(usage.status == 64)
    }
}

/// Registers filled the way a practice fills them: `triage run --refer` with shipped answers files.
enum ReportFixture {
    static let protocolPath = CLIFixture.repositoryRoot + "/Protocols/welzijn-op-recept.yaml"

    /// A register in `directory` with, per entry, `count` consults of `answers` on the first days of `month` (YYYY-MM).
    static func register(in directory: ScratchDirectory, _ plan: [(answers: String, month: String, count: Int)], name: String = "r.sqlite") throws -> String {
        let register = directory.path + "/" + name
        for (answers, month, count) in plan {
            for day in 1...count {
                let run = try triage(
                    ["run", protocolPath, "--answers", answers, "--refer"],
                    environment: CLIFixture.environment(
                        lang: "nl_NL.UTF-8", extra: ["TRIAGE_REGISTER": register, "TRIAGE_NOW": "\(month)-\(day < 10 ? "0" : "")\(day)T09:00:00Z"]))
                #expect(run.status == 0, "\(run.standardError)")
            }
        }
        return register
    }
}

