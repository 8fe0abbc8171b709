import Testing

@testable import TriageKit

/// Exports of practices: written and read back exactly, combined into a regional report whose
/// counts are right where known, lower bounds where a practice hid its part, and suppressed
/// again; malformed, newer or mismatched files refused at file:line:column.
@Suite("report exports and their combination")
struct ReportExportTests {
    private static let november = ReportPeriod.parse("2026-11", by: .month)!
    private static let december = ReportPeriod.parse("2026-12", by: .month)!

    /// `counts` referrals per (day, destination), seeds distinct per practice.
    private static func practice(_ counts: [(String, String, Int)], seed: UInt64) -> [Referral] {
        var referrals: [Referral] = []
        var next = seed
        for (day, destination, count) in counts {
            for _ in 0..<count {
                referrals.append(ReportTests.referral(day, to: destination, profile: [.meedoen: 5], seed: next))
                next += 1
            }
        }
        return referrals
    }

    private static func export(_ referrals: [Referral], file: String, by granularity: ReportGranularity = .month) throws -> ReportExport {
        let report = ReferralReport(referrals: referrals, from: CivilDate("2026-11-01"), to: CivilDate("2026-12-31"), by: granularity)
        let from = ReportPeriod(containing: CivilDate("2026-11-01")!, by: granularity)
        let to = ReportPeriod(containing: CivilDate("2026-12-31")!, by: granularity)
        let text = ReportExportWriter(generator: "triage test").ndjson(report, from: from, to: to)
        return try ReportExportLoader().load(Array(text.utf8), file: file)
    }

    @Test("an export holds exactly the report's suppressed cells, no median and no profile, and reads back the same")
    func roundTrip() throws {
        let referrals = Self.practice([("2026-11-02", "welzijnscoach", 12), ("2026-11-03", "crisisdienst", 2), ("2026-12-02", "welzijnscoach", 9)], seed: 0)
        let report = ReferralReport(referrals: referrals, from: CivilDate("2026-11-01"), to: CivilDate("2026-12-31"))
        let text = ReportExportWriter(generator: "triage test").ndjson(report, from: Self.november, to: Self.december)
        let lines = text.split(separator: "\n")
        #expect(lines.first?.hasPrefix(#"{"format":"triage-report-export","version":1,"by":"month","from":"2026-11","to":"2026-12","generator":"triage test""#) == true)
        #expect(!text.contains("median") && !text.contains("meedoen") && !text.contains("WOR-"))
        let export = try ReportExportLoader().load(Array(text.utf8), file: "a.ndjson")
        #expect(export.rows.map(\.cells) == report.rows.map(\.cells))
        #expect(export.rows.map(\.destinationName) == report.rows.map(\.destinationName))
        #expect(export.adjustmentReasons == report.adjustmentReasons)
        #expect(export.feedbackDays == report.feedbackDays)
        #expect((export.from, export.to, export.granularity) == (Self.november, Self.december, .month))
    }

    @Test("combined: exact where every practice showed its count, ≥ where one hid it; no count 1–4 shown; no total pins a hidden cell")
    func combination() throws {
        let a = Self.practice([("2026-11-02", "welzijnscoach", 12), ("2026-11-03", "crisisdienst", 2), ("2026-12-02", "welzijnscoach", 9)], seed: 0)
        let b = Self.practice(
            [("2026-11-05", "welzijnscoach", 7), ("2026-11-06", "crisisdienst", 6), ("2026-12-07", "schuldhulp", 3), ("2026-12-08", "welzijnscoach", 6)],
            seed: 100)
        let c = Self.practice([("2026-12-08", "welzijnscoach", 5), ("2026-12-09", "schuldhulp", 5)], seed: 200)
        let combined = try ReferralReport(combining: [try Self.export(a, file: "a"), try Self.export(b, file: "b"), try Self.export(c, file: "c")])
        let truth = ReferralReport(referrals: a + b + c, from: CivilDate("2026-11-01"), to: CivilDate("2026-12-31"))
        #expect(combined.combinedExports == 3 && !combined.hasProfile)
        #expect(combined.rows.map { "\($0.period?.description ?? "-") \($0.destinationID ?? "-")" } == truth.rows.map { "\($0.period?.description ?? "-") \($0.destinationID ?? "-")" })
        func trueCount(_ row: ReferralReport.Row, _ measure: ReferralReport.Measure) -> Int {
            (a + b + c).count { referral in
                (row.period.map { ReportPeriod(containing: referral.createdAt.date, by: .month) == $0 } ?? true)
                    && (row.destinationID.map { referral.destinationID == $0 } ?? true) && ReferralReport.counts(referral, in: measure)
            }
        }
        for row in combined.rows {
            for measure in ReferralReport.Measure.allCases {
                switch row.cell(measure) {
                case .count(let value):
                    #expect(value == trueCount(row, measure), "\(row.period?.description ?? "-") \(row.destinationID ?? "-") \(measure)")
                    #expect(value == 0 || value >= 5)
                case .atLeast(let value): #expect(value <= trueCount(row, measure) && value >= 1)
                case .small, .complement: break
                }
            }
            #expect(row.medianDaysToFeedback == .unavailable && row.profile.isEmpty)
        }
        func made(_ period: String?, _ destination: String?) -> ReferralReport.Cell? {
            combined.rows.first { $0.period?.description == period && $0.destinationID == destination }?.cell(.made)
        }
        // A hid its 2 to the crisis service and, as complements, its coach's 12; B hid its 6 and 7 as complements
        // of its 3 to debt counselling in December: at least one each.
        #expect(made("2026-11", "crisisdienst") == .atLeast(2))
        #expect(made("2026-11", "welzijnscoach") == .atLeast(2))
        // Every practice's November total was shown, so the region's is exact: 14 + 13.
        #expect(made("2026-11", nil) == .count(27))
        // December: B hid its 3 to debt counselling; C showed 5.
        #expect(made("2026-12", "schuldhulp") == .atLeast(6))
        #expect(made("2026-12", nil) == .count(28))
        #expect(made(nil, nil) == .count(55))
        // No sum of the combined table hides exactly one of its entries.
        let periods = Set(combined.rows.compactMap(\.period))
        let destinations = Set(combined.rows.compactMap(\.destinationID))
        for measure in ReferralReport.Measure.allCases {
            for period in Array(periods) as [ReportPeriod?] + [nil] {
                let line = combined.rows.filter { $0.period == period }.map { $0.cell(measure) }
                #expect(line.count { $0.shownCount == nil } != 1, "\(period?.description ?? "all") \(measure)")
            }
            for destination in Array(destinations) as [String?] + [nil] {
                let line = combined.rows.filter { $0.destinationID == destination }.map { $0.cell(measure) }
                #expect(line.count { $0.shownCount == nil } != 1, "\(destination ?? "all") \(measure)")
            }
        }
    }

    @Test("refused with file:line:column: not an export, a newer version, a bad line, mixed granularity or periods")
    func refusals() throws {
        let good = ReportExportWriter(generator: "g").ndjson(
            ReferralReport(referrals: Self.practice([("2026-11-02", "welzijnscoach", 6)], seed: 0), from: CivilDate("2026-11-01"), to: CivilDate("2026-12-31")),
            from: Self.november, to: Self.december)
        var lines = good.split(separator: "\n").map(String.init)
        func load(_ text: String) -> ReportExportError? {
            do {
                _ = try ReportExportLoader().load(Array(text.utf8), file: "p.ndjson")
                return nil
            } catch { return error }
        }
        #expect(load("") == .notAnExport("the file is empty", at: SourceLocation(file: "p.ndjson", line: 1, column: 1)))
        #expect(load("period,destination\n")?.description.hasPrefix("p.ndjson:1:1: error: not a triage-report-export file") == true)
        let newer = load(good.replacing(#""version":1"#, with: #""version":2"#))
        #expect(newer == .newerVersion(found: 2, supported: 1, at: SourceLocation(file: "p.ndjson", line: 1, column: 44)), "\(String(describing: newer))")
        #expect(newer?.description.contains("update triage") == true)
        lines[2] = lines[2].replacing(#""made":6"#, with: #""made":"6""#)
        let quoted = load(lines.joined(separator: "\n"))
        #expect(quoted?.description.hasPrefix("p.ndjson:3:") == true && quoted?.description.contains("'made' must be a whole number") == true)
        lines = good.split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacing(#""table":"referrals""#, with: #""table":"patients""#)
        #expect(load(lines.joined(separator: "\n"))?.description.contains("p.ndjson:2:") == true)
        lines = good.split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacing(#""period":"2026-11""#, with: #""period":"2027-01""#)
        #expect(load(lines.joined(separator: "\n"))?.description.contains("outside the file's range") == true)
        lines = good.split(separator: "\n").map(String.init)
        #expect(load((lines + [lines[1]]).joined(separator: "\n"))?.description.contains("p.ndjson:\(lines.count + 1):1: error: this row is in the file twice") == true)
        #expect(load(good.replacing(#""made":6,"#, with: #""made":6,"code":"WOR-7K3F-QX","#))?.description.contains("unknown field 'code'") == true)

        let monthly = try Self.export(Self.practice([("2026-11-02", "welzijnscoach", 6)], seed: 0), file: "a.ndjson")
        let quarterly = try Self.export(Self.practice([("2026-11-02", "welzijnscoach", 6)], seed: 9), file: "b.ndjson", by: .quarter)
        #expect(throws: ReportExportError.self) { try ReferralReport(combining: [monthly, quarterly]) }
        do {
            _ = try ReferralReport(combining: [monthly, quarterly])
        } catch {
            #expect(error.description.hasPrefix("b.ndjson:1:1: error: by quarter, but a.ndjson is by month"))
        }
        var shorter = monthly
        shorter.file = "c.ndjson"
        shorter.to = Self.november
        #expect { try ReferralReport(combining: [monthly, shorter]) } throws: { error in
            (error as? ReportExportError)?.description.hasPrefix("c.ndjson:1:1: error: covers 2026-11 – 2026-11") == true
        }
    }

    @Test("a hostile destination name in an export is neutralised in text and CSV and escaped in HTML")
    func hostileNames() throws {
        let good = ReportExportWriter(generator: "g").ndjson(
            ReferralReport(referrals: Self.practice([("2026-11-02", "welzijnscoach", 6)], seed: 0), from: CivilDate("2026-11-01"), to: CivilDate("2026-12-31")),
            from: Self.november, to: Self.december)
        let hostile = good.replacing(#""destination_name":"WELZIJNSCOACH""#, with: #""destination_name":"=cmd\u001b[31m\u202eEvil<script>\n1,2""#)
        #expect(hostile != good)
        let report = try ReferralReport(combining: [try ReportExportLoader().load(Array(hostile.utf8), file: "h.ndjson")])
        let renderer = ReferralReportRenderer(language: "en")
        let html = ReferralReportHTMLRenderer(language: "en").render(report)
        for output in [renderer.text(report).joined(separator: "\n"), renderer.csv(report), html] {
            #expect(!output.contains("\u{1B}") && !output.contains("\u{202E}"), "\(output)")
        }
        #expect(!html.contains("<script") && html.contains("&lt;script&gt;"))
        #expect(renderer.csv(report).contains(#""'=cmd"#))
        // The line break in the name forges no line: one CSV line per row, and the header.
        #expect(!renderer.csv(report).replacing("\r\n", with: "").contains("\n"))
        #expect(renderer.csv(report).split(separator: "\r\n").count == report.rows.count + 1)
    }
}

