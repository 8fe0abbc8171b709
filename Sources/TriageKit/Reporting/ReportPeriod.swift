/// How finely a report divides time: calendar months or quarters, nothing finer.
package enum ReportGranularity: String, Sendable, Hashable, CaseIterable {
    case month, quarter
}

/// One period of a report: `2026-11` (a month) or `2026-Q4` (a quarter).
package struct ReportPeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year.
    package let year: Int
    /// The month (1–12) or the quarter (1–4).
    package let index: Int
    /// Month or quarter.
    package let granularity: ReportGranularity

    /// The period that holds `date`.
    package init(containing date: CivilDate, by granularity: ReportGranularity) {
        year = date.year
        index = granularity == .month ? date.month : (date.month - 1) / 3 + 1
        self.granularity = granularity
    }

    /// Its first day.
    package var firstDay: CivilDate {
        let month = granularity == .month ? index : (index - 1) * 3 + 1
        return CivilDate(year: year, month: month, day: 1) ?? CivilDate(year: 1970, month: 1, day: 1)!
    }

    /// Its last day.
    package var lastDay: CivilDate {
        let month = granularity == .month ? index : index * 3
        return CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year)) ?? firstDay
    }

    package static func < (lhs: ReportPeriod, rhs: ReportPeriod) -> Bool { (lhs.year, lhs.index) < (rhs.year, rhs.index) }

    /// `2026-11` or `2026-Q4`.
    package var description: String {
        let year = String(repeating: "0", count: max(0, 4 - String(self.year).count)) + String(self.year)
        return granularity == .month ? year + (index < 10 ? "-0" : "-") + String(index) : "\(year)-Q\(index)"
    }
}

extension ReportPeriod {
    /// Reads `2026-11` (by month) or `2026-Q4` (by quarter); `nil` for anything else, or for a
    /// period of the other granularity.
    package static func parse(_ text: String, by granularity: ReportGranularity) -> ReportPeriod? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit), let year = Int(parts[0]), year >= 1 else { return nil }
        let index: Int?
        switch granularity {
        case .month: index = parts[1].count == 2 && parts[1].allSatisfy(\.isASCIIDigit) ? Int(parts[1]) : nil
        case .quarter: index = parts[1].count == 2 && parts[1].first == "Q" && parts[1].last?.isASCIIDigit == true ? Int(parts[1].dropFirst()) : nil
        }
        guard let index, index >= 1, index <= (granularity == .month ? 12 : 4) else { return nil }
        let month = granularity == .month ? index : (index - 1) * 3 + 1
        guard let day = CivilDate(year: year, month: month, day: 1) else { return nil }
        return ReportPeriod(containing: day, by: granularity)
    }
}

extension Character {
    /// `0` to `9`, nothing else (not `+`, not other scripts' digits).
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
