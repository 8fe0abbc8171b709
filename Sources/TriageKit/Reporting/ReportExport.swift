/// One practice's anonymous export of its monitoring report, as it travels to the
/// municipality: the practice's own report with its suppression already applied — counts of 0
/// or 5 and more, `<5` and `x` — and nothing else (no medians, no profiles, no codes, no dates
/// finer than the period). Several of them combine into one regional report, see
/// `ReferralReport(combining:)`.
///
/// On disk it is NDJSON, an exchange format like FHIR, so its writer and reader live in
/// Interop (`ReportExportWriter`, `ReportExportLoader`): a header line naming the format, its
/// version, the granularity and the periods covered, then one line per row of the three tables.
package struct ReportExport: Sendable, Hashable {
    /// The format's name in the header.
    package static let formatName = "triage-report-export"
    /// The version this build writes and reads; a newer one is refused.
    package static let version = 1

    /// Where it was read from (for errors).
    package var file: String
    /// Month or quarter.
    package var granularity: ReportGranularity
    /// The first and last period covered.
    package var from: ReportPeriod
    package var to: ReportPeriod
    /// What wrote it (`triage 0.1.0`).
    package var generator: String
    /// The report's rows (the medians and profiles are not exported).
    package var rows: [ReferralReport.Row]
    /// Reasons of adjustment per period, then over all periods.
    package var adjustmentReasons: [ReferralReport.AdjustmentRow]
    /// Days to feedback per destination, then over all destinations.
    package var feedbackDays: [ReferralReport.FeedbackRow]

    /// Creates an export (the loader reading one back).
    package init(
        file: String, granularity: ReportGranularity, from: ReportPeriod, to: ReportPeriod, generator: String,
        rows: [ReferralReport.Row], adjustmentReasons: [ReferralReport.AdjustmentRow], feedbackDays: [ReferralReport.FeedbackRow]
    ) {
        self.file = file
        self.granularity = granularity
        self.from = from
        self.to = to
        self.generator = generator
        self.rows = rows
        self.adjustmentReasons = adjustmentReasons
        self.feedbackDays = feedbackDays
    }
}

/// Why exports cannot be read or combined; every case names the file and line at fault.
package enum ReportExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file is not an export of this format (or not JSON where a line should be).
    case notAnExport(String, at: SourceLocation)
    /// Written by a newer triage.
    case newerVersion(found: Int, supported: Int, at: SourceLocation)
    /// A line breaks the format.
    case invalid(String, at: SourceLocation)
    /// The exports do not fit together (granularity or periods differ).
    case mismatch(String, at: SourceLocation)

    package var description: String {
        switch self {
        case .notAnExport(let message, let location): "\(location): error: not a \(ReportExport.formatName) file: \(message.neutralized)"
        case .newerVersion(let found, let supported, let location):
            "\(location): error: written by a newer triage (format version \(found); this one reads up to \(supported)): update triage"
        case .invalid(let message, let location): "\(location): error: \(message.neutralized)"
        case .mismatch(let message, let location): "\(location): error: \(message.neutralized)"
        }
    }
}

extension ReferralReport {
    /// The regional report of several practices' exports: each count is the sum of the
    /// practices' counts, and the same suppression is applied to the sums.
    ///
    /// Where every practice showed its count, the sum is exact. Where one or more hid theirs
    /// (`<5` or `x`), the sum is known only from below — the shown counts plus 1 per hidden one
    /// (a hidden count is never 0) — and is shown as `≥N`; it counts as hidden, so complementary
    /// suppression makes sure no total pins it down. A row a practice does not have is 0 there:
    /// every export covers the same periods. Medians and profiles do not add up and are left out.
    package init(combining exports: [ReportExport]) throws(ReportExportError) {
        guard let first = exports.first else {
            self.init(referrals: [])
            return
        }
        for export in exports.dropFirst() {
            let at = SourceLocation(file: export.file, line: 1, column: 1)
            guard export.granularity == first.granularity else {
                throw .mismatch("by \(export.granularity.rawValue), but \(first.file) is by \(first.granularity.rawValue): export both with the same --by", at: at)
            }
            guard export.from == first.from, export.to == first.to else {
                throw .mismatch(
                    "covers \(export.from) – \(export.to), but \(first.file) covers \(first.from) – \(first.to): export both with the same --from and --to",
                    at: at)
            }
        }
        var names: [String: String] = [:]
        var present: Set<Key> = []
        var periods: Set<ReportPeriod> = []
        for export in exports {
            for row in export.rows {
                if let id = row.destinationID, names[id] == nil { names[id] = row.destinationName ?? id }
                if let period = row.period {
                    periods.insert(period)
                    if let id = row.destinationID { present.insert(Key(period, id)) }
                }
            }
        }
        let rows = exports.map { export in Dictionary(export.rows.map { (Key($0.period, $0.destinationID), $0.cells) }, uniquingKeysWith: { a, _ in a }) }
        let reasons = exports.map { export in Dictionary(export.adjustmentReasons.map { ($0.period, $0.cells) }, uniquingKeysWith: { a, _ in a }) }
        let bins = exports.map { export in Dictionary(export.feedbackDays.map { ($0.destinationID, $0.cells) }, uniquingKeysWith: { a, _ in a }) }
        /// The sum over the exports of the cell at `index` of each one's `cells` (missing: 0).
        func sum(_ cells: [[Cell]?], at index: Int) -> Count {
            var exact = 0
            var hidden = 0
            for cell in cells.compactMap({ $0?[index] }) {
                switch cell {
                case .count(let value): exact += value
                case .small, .complement: hidden += 1
                case .atLeast(let value):
                    exact += value
                    hidden += 1
                }
            }
            return hidden == 0 ? .exact(exact) : .atLeast(exact + hidden)
        }
        self.init(
            granularity: first.granularity, firstDay: first.from.firstDay, lastDay: first.to.lastDay, periods: periods.sorted(),
            destinations: Self.ordered(names), names: names, present: present, hasProfile: false, combinedExports: exports.count,
            source: Source(
                count: { measure, key in sum(rows.map { $0[key] }, at: Measure.allCases.firstIndex(of: measure) ?? 0) },
                reason: { reason, period in sum(reasons.map { $0[period] }, at: Adjustment.Reason.allCases.firstIndex(of: reason) ?? 0) },
                bin: { bin, destination in sum(bins.map { $0[destination] }, at: FeedbackBin.allCases.firstIndex(of: bin) ?? 0) },
                median: { _ in .unavailable }, profile: { _ in [] }))
    }
}
