/// Anonymous monitoring of the referral loop from a register: per period and destination, how
/// many referrals were made, how many came back in time, how they ended, how often the GP
/// adjusted the advice and why, how long feedback took, and the Positieve Gezondheid profile at
/// referral. It holds counts and quartiles only — no code, no date finer than the period, no
/// free text — and every count of 1 to 4 is hidden, with complements, by
/// `SmallCellSuppression`, so it can leave the practice.
///
/// Consent refused is not in it on purpose: the register keeps nothing without a referral, and
/// a referral needs consent, so refusals are never stored. The profile is there only when the
/// register keeps it (the local register does from schema 2 on; the shared one does not).
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

    /// How long the first feedback took, in bins; every referral that is not a red-flag route
    /// is in exactly one, so the bins and the red flags add up to the referrals made.
    package enum FeedbackBin: String, Sendable, Hashable, CaseIterable {
        /// Within a week.
        case days0to7 = "days_0_7"
        /// In the second week.
        case days8to14 = "days_8_14"
        /// In the third or fourth week.
        case days15to28 = "days_15_28"
        /// After four weeks.
        case days29Plus = "days_29_plus"
        /// No feedback yet.
        case noFeedback = "no_feedback"

        /// The bin of `referral`; `nil` for a red-flag route.
        static func of(_ referral: Referral) -> FeedbackBin? {
            if referral.status == .actedOn { return nil }
            guard let days = referral.daysToFirstFeedback else { return .noFeedback }
            return days <= 7 ? .days0to7 : days <= 14 ? .days8to14 : days <= 28 ? .days15to28 : .days29Plus
        }

        /// The heading in `language` (`nl` or `en`).
        package func text(in language: String) -> String {
            let english = language == "en"
            switch self {
            case .days0to7: return english ? "0–7 days" : "0–7 dagen"
            case .days8to14: return english ? "8–14 days" : "8–14 dagen"
            case .days15to28: return english ? "15–28 days" : "15–28 dagen"
            case .days29Plus: return english ? "29 days or more" : "29 dagen of meer"
            case .noFeedback: return english ? "no feedback yet" : "nog geen terugkoppeling"
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
        /// Combined from exports of which at least one hid its part: at least this many, "≥12".
        case atLeast(Int)

        /// `12`, `<5`, `x` or `≥12`.
        package var description: String {
            switch self {
            case .count(let value): String(value)
            case .small: "<5"
            case .complement: "x"
            case .atLeast(let value): "≥\(value)"
            }
        }

        /// The exact count, if it is shown.
        package var shownCount: Int? {
            if case .count(let value) = self { return value }
            return nil
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
        /// Not known: a report combined from exports (medians do not add up): "n/a".
        case unavailable

        /// `4`, `4.5`, `<5`, `-` or `n/a`.
        package var description: String {
            switch self {
            case .none: "-"
            case .small: "<5"
            case .days(let days): days == days.rounded() ? String(Int(days)) : String(days)
            case .unavailable: "n/a"
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
        /// The quartiles of the profile at referral, one per dimension in `Dimension.allCases`
        /// order; empty when the report has no profile.
        package var profile: [Quartiles]

        /// The cell of `measure`.
        package func cell(_ measure: Measure) -> Cell { cells[Measure.allCases.firstIndex(of: measure) ?? 0] }

        /// The quartiles of `dimension` (`none` when the report has no profile).
        package func quartiles(_ dimension: Dimension) -> Quartiles {
            profile.isEmpty ? .none : profile[Dimension.allCases.firstIndex(of: dimension) ?? 0]
        }
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

    /// Per destination (or all, `nil`) over all periods: how long the first feedback took.
    package struct FeedbackRow: Sendable, Hashable {
        /// The destination's id; `nil` for all.
        package var destinationID: String?
        /// The destination's name; `nil` for all.
        package var destinationName: String?
        /// One cell per bin, in `FeedbackBin.allCases` order.
        package var cells: [Cell]

        /// The cell of `bin`.
        package func cell(_ bin: FeedbackBin) -> Cell { cells[FeedbackBin.allCases.firstIndex(of: bin) ?? 0] }
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
    /// Days to the first feedback per destination over all periods, then over all destinations.
    package let feedbackDays: [FeedbackRow]
    /// Whether any referral carried a profile; when not, the report says so instead of showing one.
    package let hasProfile: Bool
    /// How many practices' exports were combined; 0 for a report from a register.
    package let combinedExports: Int

    /// The report of `referrals` made from `from` to `to` (both included, widened to whole periods).
    package init(referrals: [Referral], from: CivilDate? = nil, to: CivilDate? = nil, by granularity: ReportGranularity = .month) {
        let first = from.map { ReportPeriod(containing: $0, by: granularity).firstDay }
        let last = to.map { ReportPeriod(containing: $0, by: granularity).lastDay }
        let chosen = referrals.filter { referral in
            let day = referral.createdAt.date
            return (first.map { day >= $0 } ?? true) && (last.map { day <= $0 } ?? true)
        }
        let periods = Set(chosen.map { ReportPeriod(containing: $0.createdAt.date, by: granularity) }).sorted()
        var names: [String: (Instant, String)] = [:]
        for referral in chosen where (names[referral.destinationID]?.0 ?? Instant(secondsSince1970: .min)) <= referral.createdAt {
            names[referral.destinationID] = (referral.createdAt, referral.destinationName)
        }
        // One pass: what each referral adds, tallied in its four groups (its period and
        // destination, and "all" for either).
        var tallies: [Key: Tally] = [:]
        for referral in chosen {
            let period = ReportPeriod(containing: referral.createdAt.date, by: granularity)
            let measures = Measure.allCases.map { Self.counts(referral, in: $0) ? 1 : 0 }
            let reasons = Adjustment.Reason.allCases.map { referral.adjustment?.reason == $0 ? 1 : 0 }
            let bin = FeedbackBin.of(referral)
            let bins = FeedbackBin.allCases.map { bin == $0 ? 1 : 0 }
            let days = referral.daysToFirstFeedback
            let scores = Dimension.allCases.map { referral.profile[$0] }
            for key in [Key(period, referral.destinationID), Key(period, nil), Key(nil, referral.destinationID), Key(nil, nil)] {
                tallies[key, default: Tally()].add(measures: measures, reasons: reasons, bins: bins, days: days, scores: scores)
            }
        }
        let destinations = Self.ordered(names.mapValues(\.1))
        let present = Set(tallies.keys.filter { $0.period != nil && $0.destination != nil })
        let hasProfile = chosen.contains { !$0.profile.isEmpty }
        func tally(_ key: Key) -> Tally { tallies[key] ?? Tally() }
        self.init(
            granularity: granularity, firstDay: first, lastDay: last, periods: periods, destinations: destinations,
            names: names.mapValues(\.1), present: present, hasProfile: hasProfile, combinedExports: 0,
            source: Source(
                count: { measure, key in .exact(tally(key).measures[Measure.allCases.firstIndex(of: measure) ?? 0]) },
                reason: { reason, period in .exact(tally(Key(period, nil)).reasons[Adjustment.Reason.allCases.firstIndex(of: reason) ?? 0]) },
                bin: { bin, destination in .exact(tally(Key(nil, destination)).bins[FeedbackBin.allCases.firstIndex(of: bin) ?? 0]) },
                median: { key in Self.median(tally(key).days) },
                profile: { key in tally(key).scores }))
    }

    /// The sums of one group of referrals, in the order of `Measure`, `Adjustment.Reason`,
    /// `FeedbackBin` and `Dimension`.
    private struct Tally {
        var measures = Array(repeating: 0, count: Measure.allCases.count)
        var reasons = Array(repeating: 0, count: Adjustment.Reason.allCases.count)
        var bins = Array(repeating: 0, count: FeedbackBin.allCases.count)
        var days: [Int] = []
        var scores: [[Double]] = Array(repeating: [], count: Dimension.allCases.count)

        mutating func add(measures: [Int], reasons: [Int], bins: [Int], days: Int?, scores: [Double?]) {
            for index in measures.indices { self.measures[index] += measures[index] }
            for index in reasons.indices { self.reasons[index] += reasons[index] }
            for index in bins.indices { self.bins[index] += bins[index] }
            if let days { self.days.append(days) }
            for (index, score) in scores.enumerated() { if let score { self.scores[index].append(score) } }
        }
    }

    /// A row's key: a period and a destination, `nil` standing for "all".
    struct Key: Hashable {
        var period: ReportPeriod?
        var destination: String?
        init(_ period: ReportPeriod?, _ destination: String?) {
            self.period = period
            self.destination = destination
        }
    }

    /// A count before suppression: exact, or known only from below (combined exports of which
    /// at least one hid its part).
    enum Count: Hashable {
        case exact(Int)
        case atLeast(Int)
    }

    /// Where the numbers of the tables come from: referrals, or combined exports.
    struct Source {
        var count: (Measure, Key) -> Count
        var reason: (Adjustment.Reason, ReportPeriod?) -> Count
        var bin: (FeedbackBin, String?) -> Count
        var median: (Key) -> Median
        /// Per dimension (in `Dimension.allCases` order) the scores of the group.
        var profile: (Key) -> [[Double]]
    }

    /// Destination ids ordered by name, then id.
    static func ordered(_ names: [String: String]) -> [String] {
        names.keys.sorted { (names[$0] ?? $0, $0) < (names[$1] ?? $1, $1) }
    }

    /// Lays out the tables, relates every total to its parts, and suppresses them together.
    init(
        granularity: ReportGranularity, firstDay: CivilDate?, lastDay: CivilDate?, periods: [ReportPeriod], destinations: [String],
        names: [String: String], present: Set<Key>, hasProfile: Bool, combinedExports: Int, source: Source
    ) {
        self.granularity = granularity
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.hasProfile = hasProfile
        self.combinedExports = combinedExports

        // Every count of the tables, by index, and the sums they obey.
        var values: [Int] = []
        var incomplete: Set<Int> = []
        var sums: [SmallCellSuppression.Sum] = []
        func add(_ count: Count) -> Int {
            switch count {
            case .exact(let value): values.append(value)
            case .atLeast(let value):
                values.append(value)
                incomplete.insert(values.count - 1)
            }
            return values.count - 1
        }
        let keys: [Key] =
            periods.flatMap { period in destinations.map { Key(period, $0) }.filter(present.contains) + [Key(period, nil)] }
            + destinations.map { Key(nil, $0) } + [Key(nil, nil)]
        let rowIndex = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        // indices[measure][row]
        var indices: [[Int]] = []
        for measure in Measure.allCases {
            let column = keys.map { add(source.count(measure, $0)) }
            indices.append(column)
            for period in periods as [ReportPeriod?] + [nil] {
                guard let total = rowIndex[Key(period, nil)] else { continue }
                sums.append(.init(parts: destinations.compactMap { rowIndex[Key(period, $0)].map { column[$0] } }, total: column[total]))
            }
            for destination in destinations as [String?] + [nil] {
                guard let total = rowIndex[Key(nil, destination)] else { continue }
                sums.append(.init(parts: periods.compactMap { rowIndex[Key($0, destination)].map { column[$0] } }, total: column[total]))
            }
        }
        func column(_ measure: Measure) -> [Int] { indices[Measure.allCases.firstIndex(of: measure) ?? 0] }
        // Reasons of adjustment per period; their totals are the `adjusted` counts of the period rows.
        let reasonKeys = periods as [ReportPeriod?] + [nil]
        var reasonIndices: [[Int]] = []
        for period in reasonKeys {
            let row = Adjustment.Reason.allCases.map { add(source.reason($0, period)) }
            reasonIndices.append(row)
            if let key = rowIndex[Key(period, nil)] { sums.append(.init(parts: row, total: column(.adjusted)[key])) }
        }
        for (index, _) in Adjustment.Reason.allCases.enumerated() {
            sums.append(.init(parts: reasonIndices.dropLast().map { $0[index] }, total: reasonIndices[reasonIndices.count - 1][index]))
        }
        // Days to feedback per destination: the bins and the red flags add up to the referrals made.
        let binKeys = destinations as [String?] + [nil]
        var binIndices: [[Int]] = []
        for destination in binKeys {
            let row = FeedbackBin.allCases.map { add(source.bin($0, destination)) }
            binIndices.append(row)
            if let key = rowIndex[Key(nil, destination)] {
                sums.append(.init(parts: row + [column(.redFlag)[key]], total: column(.made)[key]))
            }
        }
        for (index, _) in FeedbackBin.allCases.enumerated() {
            sums.append(.init(parts: binIndices.dropLast().map { $0[index] }, total: binIndices[binIndices.count - 1][index]))
        }

        let suppression = SmallCellSuppression(values: values, sums: sums, incomplete: incomplete)
        func cell(_ index: Int) -> Cell {
            switch suppression.marks[index] {
            case .shown: .count(values[index])
            case .small: .small
            case .complement: .complement
            case .incomplete: .atLeast(values[index])
            }
        }
        let madeColumn = column(.made)
        rows = keys.enumerated().map { row, key in
            let made = cell(madeColumn[row])
            let profile: [Quartiles] =
                !hasProfile
                ? []
                : source.profile(key).map { scores in
                    // A group whose count is hidden hides its scores too, so that the quartiles
                    // of a total and of its shown parts never single out a hidden group.
                    guard !scores.isEmpty, made.shownCount == nil else { return .of(scores) }
                    return .hidden
                }
            return Row(
                period: key.period, destinationID: key.destination, destinationName: key.destination.flatMap { names[$0] },
                cells: indices.map { cell($0[row]) }, medianDaysToFeedback: source.median(key), profile: profile)
        }
        adjustmentReasons = zip(reasonKeys, reasonIndices).map { AdjustmentRow(period: $0, cells: $1.map(cell)) }
        feedbackDays = zip(binKeys, binIndices).map {
            FeedbackRow(destinationID: $0, destinationName: $0.flatMap { names[$0] }, cells: $1.map(cell))
        }
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
