/// Writes a report as a `ReportExport`: NDJSON, one JSON object per line, the header first.
/// Only the suppressed cells go in (counts as numbers, `"<5"` and `"x"` as strings), never a
/// median or a profile, so the file is as anonymous as the report a practice reads itself.
package struct ReportExportWriter: Sendable {
    /// What writes the file, e.g. `triage 0.1.0`.
    package let generator: String

    /// Creates a renderer naming `generator` in the header.
    package init(generator: String) {
        self.generator = generator
    }

    /// The text of the export of `report`, which covers `from` to `to` (whole periods).
    package func ndjson(_ report: ReferralReport, from: ReportPeriod, to: ReportPeriod) -> String {
        func cell(_ cell: ReferralReport.Cell) -> JSONValue {
            if case .count(let value) = cell { return .number(Double(value)) }
            return .string(cell.description)
        }
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        var lines: [JSONValue] = [
            .object([
                ("format", .string(ReportExport.formatName)), ("version", .number(Double(ReportExport.version))),
                ("by", .string(report.granularity.rawValue)), ("from", .string(from.description)), ("to", .string(to.description)),
                ("generator", .string(generator)),
                ("suppression", .string("counts of 1 to 4 are \"<5\"; \"x\" hides a further count so that no \"<5\" follows from a total; 0 is shown")),
            ])
        ]
        for row in report.rows {
            lines.append(
                .object(
                    [
                        ("table", .string("referrals")), ("period", text(row.period?.description)), ("destination", text(row.destinationID)),
                        ("destination_name", text(row.destinationName)),
                    ] + ReferralReport.Measure.allCases.map { ($0.rawValue, cell(row.cell($0))) }))
        }
        for row in report.adjustmentReasons {
            lines.append(
                .object(
                    [("table", .string("adjustment_reasons")), ("period", text(row.period?.description))]
                        + Adjustment.Reason.allCases.map { ($0.rawValue, cell(row.cell($0))) }))
        }
        for row in report.feedbackDays {
            lines.append(
                .object(
                    [("table", .string("feedback_days")), ("destination", text(row.destinationID))]
                        + ReferralReport.FeedbackBin.allCases.map { ($0.rawValue, cell(row.cell($0))) }))
        }
        return lines.map { $0.serialized(pretty: false) }.joined(separator: "\n") + "\n"
    }
}
