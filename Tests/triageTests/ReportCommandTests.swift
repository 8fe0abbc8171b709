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
}
