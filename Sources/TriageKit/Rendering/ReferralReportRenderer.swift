/// A monitoring report as text, JSON or CSV. Only what the report holds reaches the output:
/// periods, destination ids and names (from the protocol, neutralised), and suppressed counts.
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
        if report.rows.count <= 1 && report.rows.first?.cell(.made) == .count(0) {
            lines.append(t("Geen verwijzingen in deze periode.", "No referrals in this period."))
            return lines
        }
        for row in report.rows {
            let measures = ReferralReport.Measure.allCases.map { "\($0.text(in: language)) \(row.cell($0))" }
            let median = t("mediaan dagen tot terugkoppeling", "median days to feedback") + " \(row.medianDaysToFeedback)"
            lines.append("")
            lines.append("\(period(row.period)) · \(destination(row))")
            lines.append("  " + (measures + [median]).joined(separator: " · "))
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
            case .none: .null
            case .small: .string("<5")
            case .days(let days): .number(days)
            }
        }
        return .object([
            ("by", .string(report.granularity.rawValue)), ("from", from), ("to", to),
            ("suppression", .string("counts of 1 to 4 are \"<5\"; \"x\" hides a further count so that no \"<5\" follows from a total; 0 is shown")),
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
                                + [("median_days_to_feedback", median(row.medianDaysToFeedback))])
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
    /// adjustment follow as the last columns of the all-destinations lines (empty elsewhere).
    package func csv(_ report: ReferralReport) -> String {
        let reasons = Adjustment.Reason.allCases
        var lines = [
            (["period", "destination", "destination_name"] + ReferralReport.Measure.allCases.map(\.rawValue)
                + ["median_days_to_feedback"] + reasons.map { "adjusted_" + $0.rawValue }).joined(separator: ",")
        ]
        for row in report.rows {
            let reasonRow = row.destinationID == nil ? report.adjustmentReasons.first { $0.period == row.period } : nil
            let fields =
                [row.period?.description ?? "all", row.destinationID ?? "all", row.destinationName.map(Self.field) ?? ""]
                + ReferralReport.Measure.allCases.map { row.cell($0).description }
                + [row.medianDaysToFeedback.description] + reasons.map { reason in reasonRow.map { $0.cell(reason).description } ?? "" }
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
