/// A monitoring report as text, JSON or CSV. Only what the report holds reaches the output:
/// periods, destination ids and names (from the protocol, neutralised), suppressed counts and
/// quartiles over at least five referrals.
package struct ReferralReportRenderer: Sendable {
    /// `nl` or `en`.
    package let language: String

    /// Creates a renderer for `language`.
    package init(language: String) {
        self.language = language
    }

    private func t(_ dutch: String, _ english: String) -> String { language == "en" ? english : dutch }

    private func period(_ period: ReportPeriod?) -> String { period?.description ?? t("alle perioden", "all periods") }

    private func destination(_ row: ReferralReport.Row) -> String {
        row.destinationName?.neutralized ?? t("alle bestemmingen", "all destinations")
    }

    private func range(_ report: ReferralReport) -> String {
        let periods = report.rows.compactMap(\.period)
        let from = report.firstDay.map { ReportPeriod(containing: $0, by: report.granularity) } ?? periods.min()
        let to = report.lastDay.map { ReportPeriod(containing: $0, by: report.granularity) } ?? periods.max()
        guard let from, let to else { return "" }
        return from == to ? from.description : "\(from) – \(to)"
    }

    /// Text lines, one per row (the caller wraps them).
    package func text(_ report: ReferralReport) -> [String] {
        var lines = [
            t("Verwijzingen", "Referrals") + (range(report).isEmpty ? "" : " " + range(report)) + " ("
                + (report.granularity == .month ? t("per maand", "by month") : t("per kwartaal", "by quarter")) + ")",
            t(
                "Anoniem: <5 = 1 tot 4 verwijzingen; x = verborgen zodat een <5 niet uit een totaal terug te rekenen is.",
                "Anonymous: <5 = 1 to 4 referrals; x = hidden so that a <5 cannot be worked out from a total."),
        ]
        if report.combinedExports > 0 { lines.append(combinedNote(report)) }
        if report.rows.count <= 1 && report.rows.first?.cell(.made) == .count(0) {
            lines.append(t("Geen verwijzingen in deze periode.", "No referrals in this period."))
            return lines
        }
        lines.append(profileNote(report))
        for row in report.rows {
            let measures = ReferralReport.Measure.allCases.map { "\($0.text(in: language)) \(row.cell($0))" }
            let median = t("mediaan dagen tot terugkoppeling", "median days to feedback") + " \(row.medianDaysToFeedback)"
            lines.append("")
            lines.append("\(period(row.period)) · \(destination(row))")
            lines.append("  " + (measures + [median]).joined(separator: " · "))
            if report.hasProfile {
                lines.append(
                    "  " + t("profiel", "profile") + ": "
                        + Dimension.allCases.map { "\($0.name(in: language)) \(row.quartiles($0))" }.joined(separator: " · "))
            }
        }
        lines.append("")
        lines.append(t("Dagen tot de eerste terugkoppeling (rode vlaggen niet meegeteld)", "Days to the first feedback (red flags not counted)"))
        for row in report.feedbackDays {
            lines.append(
                "  \(row.destinationName?.neutralized ?? t("alle bestemmingen", "all destinations")): "
                    + ReferralReport.FeedbackBin.allCases.map { "\($0.text(in: language)) \(row.cell($0))" }.joined(separator: " · "))
        }
        lines.append("")
        lines.append(t("Redenen van aanpassing", "Reasons of adjustment"))
        for row in report.adjustmentReasons {
            lines.append(
                "  \(period(row.period)): "
                    + Adjustment.Reason.allCases.map { "\($0.text(in: language)) \(row.cell($0))" }.joined(separator: " · "))
        }
        return lines
    }

    /// What a combined report is and what it cannot show.
    func combinedNote(_ report: ReferralReport) -> String {
        t(
            "Samengevoegd uit \(report.combinedExports) exports. ≥N = ten minste N: een praktijk verborg haar deel (<5 of x) en dat blijft verborgen. Medianen en profielen zijn niet op te tellen en ontbreken.",
            "Combined from \(report.combinedExports) exports. ≥N = at least N: a practice hid its part (<5 or x) and it stays hidden. Medians and profiles do not add up and are left out.")
    }

    /// How to read the profile, or why there is none.
    func profileNote(_ report: ReferralReport) -> String {
        if report.hasProfile {
            return t(
                "Profiel Positieve Gezondheid bij verwijzing (0–10): eerste kwartiel / mediaan / derde kwartiel, alleen over 5 of meer verwijzingen; x = de groep is verborgen.",
                "Positive Health profile at referral (0–10): first quartile / median / third quartile, only over 5 or more referrals; x = the group is hidden.")
        }
        return report.combinedExports > 0
            ? t(
                "Profiel Positieve Gezondheid: niet in exports (kwartielen van praktijken zijn niet samen te voegen).",
                "Positive Health profile: not in exports (the practices' quartiles cannot be combined).")
            : t(
                "Profiel Positieve Gezondheid: geen verwijzing in dit register heeft er een (het gedeelde register en registers van vóór schema 2 bewaren het niet).",
                "Positive Health profile: no referral in this register has one (the shared register and registers from before schema 2 do not keep it).")
    }

    private func json(_ cell: ReferralReport.Cell) -> JSONValue {
        if case .count(let value) = cell { return .number(Double(value)) }
        return .string(cell.description)
    }

    /// JSON: counts as numbers, suppressed ones as the strings `"<5"` and `"x"`.
    package func json(_ report: ReferralReport) -> JSONValue {
        let from: JSONValue = report.firstDay.map { .string(ReportPeriod(containing: $0, by: report.granularity).description) } ?? .null
        let to: JSONValue = report.lastDay.map { .string(ReportPeriod(containing: $0, by: report.granularity).description) } ?? .null
        let median: (ReferralReport.Median) -> JSONValue = {
            switch $0 {
            case .none, .unavailable: .null
            case .small: .string("<5")
            case .days(let days): .number(days)
            }
        }
        let quartiles: (Quartiles) -> JSONValue = {
            switch $0 {
            case .none: .null
            case .small, .hidden: .string($0.description)
            case .values(let lower, let median, let upper):
                .object([("q1", .number(lower)), ("median", .number(median)), ("q3", .number(upper))])
            }
        }
        return .object([
            ("by", .string(report.granularity.rawValue)), ("from", from), ("to", to),
            ("suppression", .string("counts of 1 to 4 are \"<5\"; \"x\" hides a further count so that no \"<5\" follows from a total; 0 is shown")),
            ("combined_exports", .number(Double(report.combinedExports))), ("profile_note", .string(profileNote(report))),
            (
                "rows",
                .array(
                    report.rows.map { row in
                        .object(
                            [
                                ("period", row.period.map { .string($0.description) } ?? .null),
                                ("destination", row.destinationID.map { .string($0) } ?? .null),
                                ("destination_name", row.destinationName.map { .string($0) } ?? .null),
                            ] + ReferralReport.Measure.allCases.map { ($0.rawValue, json(row.cell($0))) }
                                + [("median_days_to_feedback", median(row.medianDaysToFeedback))]
                                + (report.hasProfile
                                    ? [("profile", .object(Dimension.allCases.map { ($0.rawValue, quartiles(row.quartiles($0))) }))] : []))
                    })
            ),
            (
                "feedback_days",
                .array(
                    report.feedbackDays.map { row in
                        .object(
                            [("destination", row.destinationID.map { .string($0) } ?? .null)]
                                + ReferralReport.FeedbackBin.allCases.map { ($0.rawValue, json(row.cell($0))) })
                    })
            ),
            (
                "adjustment_reasons",
                .array(
                    report.adjustmentReasons.map { row in
                        .object(
                            [("period", row.period.map { .string($0.description) } ?? .null)]
                                + Adjustment.Reason.allCases.map { ($0.rawValue, json(row.cell($0))) })
                    })
            ),
        ])
    }

    /// CSV (RFC 4180, comma-separated, a header line): one line per row; the reasons of
    /// adjustment follow as columns of the all-destinations lines, the days to feedback as
    /// columns of the all-periods lines (empty elsewhere), and, when the report has a profile,
    /// Q1, median and Q3 per dimension.
    package func csv(_ report: ReferralReport) -> String {
        let reasons = Adjustment.Reason.allCases
        let bins = ReferralReport.FeedbackBin.allCases
        let dimensions = report.hasProfile ? Dimension.allCases : []
        var lines = [
            (["period", "destination", "destination_name"] + ReferralReport.Measure.allCases.map(\.rawValue)
                + ["median_days_to_feedback"] + reasons.map { "adjusted_" + $0.rawValue } + bins.map { "feedback_" + $0.rawValue }
                + dimensions.flatMap { dimension in ["q1", "median", "q3"].map { "\(dimension.rawValue)_\($0)" } }).joined(separator: ",")
        ]
        for row in report.rows {
            let reasonRow = row.destinationID == nil ? report.adjustmentReasons.first { $0.period == row.period } : nil
            let binRow = row.period == nil ? report.feedbackDays.first { $0.destinationID == row.destinationID } : nil
            let profile = dimensions.flatMap { dimension -> [String] in
                switch row.quartiles(dimension) {
                case .values(let lower, let median, let upper): [lower, median, upper].map(Quartiles.text)
                case let other: Array(repeating: other.description, count: 3)
                }
            }
            let fields =
                [row.period?.description ?? "all", row.destinationID ?? "all", row.destinationName.map(Self.field) ?? ""]
                + ReferralReport.Measure.allCases.map { row.cell($0).description }
                + [row.medianDaysToFeedback.description] + reasons.map { reason in reasonRow.map { $0.cell(reason).description } ?? "" }
                + bins.map { bin in binRow.map { $0.cell(bin).description } ?? "" } + profile
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One CSV field: neutralised, quoted, and never read as a spreadsheet formula.
    private static func field(_ text: String) -> String {
        var safe = text.neutralized
        if let first = safe.first, "=+-@".contains(first) { safe = "'" + safe }
        return "\"" + safe.replacing("\"", with: "\"\"") + "\""
    }
}
