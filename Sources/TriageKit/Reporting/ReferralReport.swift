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

/// Anonymous monitoring of the referral loop from a register: per period and destination, how
/// many referrals were made, how many came back in time, how they ended, how often the GP
/// adjusted the advice and why. It holds counts only — no code, no date finer than the period,
/// no free text — and every count of 1 to 4 is hidden, with complements, by
/// `SmallCellSuppression`, so it can leave the practice.
///
/// Consent refused is not in it on purpose: the register keeps nothing without a referral, and
/// a referral needs consent, so refusals are never stored. Neither is the Positieve Gezondheid
/// profile: the register keeps answers, not the protocol's scores.
package struct ReferralReport: Sendable, Hashable {
    /// What is counted per row; each is a count of referrals.
    package enum Measure: String, Sendable, Hashable, CaseIterable {
        /// Referrals made.
        case made
        /// Red-flag routes, acted on at once (never followed up).
        case redFlag = "red_flag"
        /// Feedback received within the agreed time (the first change after `requested` at or before the due time).
        case feedbackInTime = "feedback_in_time"
        /// Ended as accepted (support agreed, not yet completed).
        case accepted
        /// Declined by the patient.
        case declined
        /// The patient could not be reached (and has not been since).
        case unreachable
        /// Support given; the loop closed.
        case completed
        /// Withdrawn.
        case cancelled
        /// The GP adjusted the advice.
        case adjusted

        /// The column heading in `language` (`nl` or `en`).
        package func text(in language: String) -> String {
            let english = language == "en"
            switch self {
            case .made: return english ? "referred" : "verwezen"
            case .redFlag: return english ? "red flag" : "rode vlag"
            case .feedbackInTime: return english ? "feedback in time" : "tijdig teruggekoppeld"
            case .accepted: return english ? "accepted" : "afgesproken"
            case .declined: return english ? "declined" : "afgewezen"
            case .unreachable: return english ? "unreachable" : "onbereikbaar"
            case .completed: return english ? "completed" : "afgerond"
            case .cancelled: return english ? "cancelled" : "ingetrokken"
            case .adjusted: return english ? "advice adjusted" : "advies aangepast"
            }
        }
    }

    /// A count as it may be shown.
    package enum Cell: Sendable, Hashable, CustomStringConvertible {
        /// The count.
        case count(Int)
        /// 1 to 4: "<5".
        case small
        /// Hidden so that a small count elsewhere cannot be worked out: "x".
        case complement

        /// `12`, `<5` or `x`.
        package var description: String {
            switch self {
            case .count(let value): String(value)
            case .small: "<5"
            case .complement: "x"
            }
        }
    }

    /// A median shown only over at least five referrals.
    package enum Median: Sendable, Hashable, CustomStringConvertible {
        /// No referral had feedback.
        case none
        /// Fewer than five referrals had feedback: "<5".
        case small
        /// The median, in days.
        case days(Double)

        /// `4`, `4.5`, `<5` or `-`.
        package var description: String {
            switch self {
            case .none: "-"
            case .small: "<5"
            case .days(let days): days == days.rounded() ? String(Int(days)) : String(days)
            }
        }
    }

    /// One row: a period (or all, `nil`) and a destination (or all, `nil`).
    package struct Row: Sendable, Hashable {
        /// The period; `nil` for the total over all periods.
        package var period: ReportPeriod?
        /// The destination's id; `nil` for the total over all destinations.
        package var destinationID: String?
        /// The destination's name (Dutch, as the register keeps it); `nil` for the total.
        package var destinationName: String?
        /// One cell per measure, in `Measure.allCases` order.
        package var cells: [Cell]
        /// The median number of days to the first feedback.
        package var medianDaysToFeedback: Median

        /// The cell of `measure`.
        package func cell(_ measure: Measure) -> Cell { cells[Measure.allCases.firstIndex(of: measure) ?? 0] }
    }

    /// Per period (or all, `nil`): how often each reason of adjustment was given.
    package struct AdjustmentRow: Sendable, Hashable {
        /// The period; `nil` for all.
        package var period: ReportPeriod?
        /// One cell per reason, in `Adjustment.Reason.allCases` order.
        package var cells: [Cell]

        /// The cell of `reason`.
        package func cell(_ reason: Adjustment.Reason) -> Cell { cells[Adjustment.Reason.allCases.firstIndex(of: reason) ?? 0] }
    }

    /// The first and last day covered: the chosen dates widened to whole periods.
    package let firstDay: CivilDate?
    package let lastDay: CivilDate?
    /// Month or quarter.
    package let granularity: ReportGranularity
    /// Rows: per period each destination then the period's total; then each destination over
    /// all periods; last the grand total.
    package let rows: [Row]
    /// Reasons of adjustment per period, then over all periods.
    package let adjustmentReasons: [AdjustmentRow]

    /// The report of `referrals` made from `from` to `to` (both included, widened to whole periods).
    package init(referrals: [Referral], from: CivilDate? = nil, to: CivilDate? = nil, by granularity: ReportGranularity = .month) {
        self.granularity = granularity
        let first = from.map { ReportPeriod(containing: $0, by: granularity).firstDay }
        let last = to.map { ReportPeriod(containing: $0, by: granularity).lastDay }
        firstDay = first
        lastDay = last
        let chosen = referrals.filter { referral in
            let day = referral.createdAt.date
            return (first.map { day >= $0 } ?? true) && (last.map { day <= $0 } ?? true)
        }
        let periods = Set(chosen.map { ReportPeriod(containing: $0.createdAt.date, by: granularity) }).sorted()
        var names: [String: (Instant, String)] = [:]
        for referral in chosen where (names[referral.destinationID]?.0 ?? Instant(secondsSince1970: .min)) <= referral.createdAt {
            names[referral.destinationID] = (referral.createdAt, referral.destinationName)
        }
        let destinations = names.keys.sorted { (names[$0]?.1 ?? $0, $0) < (names[$1]?.1 ?? $1, $1) }

        // Every count of the tables, by index, and the sums they obey.
        var values: [Int] = []
        var sums: [SmallCellSuppression.Sum] = []
        func add(_ value: Int) -> Int {
            values.append(value)
            return values.count - 1
        }
        func group(_ period: ReportPeriod?, _ destination: String?) -> [Referral] {
            chosen.filter { referral in
                (period.map { ReportPeriod(containing: referral.createdAt.date, by: granularity) == $0 } ?? true)
                    && (destination.map { referral.destinationID == $0 } ?? true)
            }
        }
        // Row keys: nil stands for "all".
        let keys: [(ReportPeriod?, String?)] =
            periods.flatMap { period in
                destinations.filter { !group(period, $0).isEmpty }.map { (Optional(period), Optional($0)) } + [(period, nil)]
            } + destinations.map { (nil, $0) } + [(nil, nil)]
        let groups = keys.map { group($0.0, $0.1) }
        // indices[measure][row]
        var indices: [[Int]] = []
        for measure in Measure.allCases {
            let measureIndices = groups.map { add($0.count { Self.counts($0, in: measure) }) }
            indices.append(measureIndices)
            func index(_ period: ReportPeriod?, _ destination: String?) -> Int? {
                keys.firstIndex { $0.0 == period && $0.1 == destination }.map { measureIndices[$0] }
            }
            for period in periods as [ReportPeriod?] + [nil] {
                guard let total = index(period, nil) else { continue }
                sums.append(.init(parts: destinations.compactMap { index(period, $0) }, total: total))
            }
            for destination in destinations as [String?] + [nil] {
                guard let total = index(nil, destination) else { continue }
                sums.append(.init(parts: periods.compactMap { index($0, destination) }, total: total))
            }
        }
        // Reasons of adjustment per period; their totals are the `adjusted` counts of the period rows.
        let adjustedColumn = indices[Measure.allCases.firstIndex(of: .adjusted) ?? 0]
        let reasonKeys = periods as [ReportPeriod?] + [nil]
        var reasonIndices: [[Int]] = []
        for period in reasonKeys {
            let referrals = group(period, nil)
            let row = Adjustment.Reason.allCases.map { reason in add(referrals.count { $0.adjustment?.reason == reason }) }
            reasonIndices.append(row)
            if let key = keys.firstIndex(where: { $0.0 == period && $0.1 == nil }) {
                sums.append(.init(parts: row, total: adjustedColumn[key]))
            }
        }
        for (column, _) in Adjustment.Reason.allCases.enumerated() {
            sums.append(.init(parts: reasonIndices.dropLast().map { $0[column] }, total: reasonIndices[reasonIndices.count - 1][column]))
        }

        let suppression = SmallCellSuppression(values: values, sums: sums)
        func cell(_ index: Int) -> Cell {
            switch suppression.marks[index] {
            case .shown: .count(values[index])
            case .small: .small
            case .complement: .complement
            }
        }
        rows = keys.enumerated().map { row, key in
            Row(
                period: key.0, destinationID: key.1, destinationName: key.1.flatMap { names[$0]?.1 },
                cells: indices.map { cell($0[row]) }, medianDaysToFeedback: Self.median(groups[row].compactMap(\.daysToFirstFeedback)))
        }
        adjustmentReasons = zip(reasonKeys, reasonIndices).map { AdjustmentRow(period: $0, cells: $1.map(cell)) }
    }

    /// Whether `referral` counts in `measure`.
    static func counts(_ referral: Referral, in measure: Measure) -> Bool {
        switch measure {
        case .made: true
        case .redFlag: referral.status == .actedOn
        case .feedbackInTime: referral.firstFeedback.map { $0.at <= referral.dueAt } ?? false
        // The last status is the furthest reached: the only step back, unreachable → contacted, is progress.
        case .accepted: referral.status == .accepted
        case .declined: referral.status == .declined
        case .unreachable: referral.status == .unreachable
        case .completed: referral.status == .completed
        case .cancelled: referral.status == .cancelled
        case .adjusted: referral.adjustment != nil
        }
    }

    /// The median of `days`, shown over at least five referrals.
    static func median(_ days: [Int]) -> Median {
        if days.isEmpty { return .none }
        if days.count < SmallCellSuppression.threshold { return .small }
        let sorted = days.sorted()
        let middle = sorted.count / 2
        return .days(sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2)
    }
}

extension Referral {
    /// The first report from the contact person: the first change after `requested`; `nil`
    /// when none came yet, and for red-flag routes (not followed up).
    package var firstFeedback: Change? {
        history.first { $0.status.isFeedback }
    }

    /// Whole days from the referral to the first feedback, if any.
    package var daysToFirstFeedback: Int? {
        firstFeedback.map { createdAt.days(until: $0.at) }
    }
}
