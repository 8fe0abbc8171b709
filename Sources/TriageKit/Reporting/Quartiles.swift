/// The first quartile, median and third quartile of a group's scores on one dimension, shown
/// only over at least five referrals, so that no one's score can be read from a small group.
package enum Quartiles: Sendable, Hashable, CustomStringConvertible {
    /// No referral of the group has a score on this dimension.
    case none
    /// Fewer than five have one: "<5".
    case small
    /// The group's count is hidden (it is "<5" or "x" in the counts), so its scores are too: "x".
    case hidden
    /// Q1, the median and Q3.
    case values(lower: Double, median: Double, upper: Double)

    /// The quartiles of `scores`, or `small` below the threshold of `SmallCellSuppression`.
    ///
    /// Quantiles interpolate linearly between the sorted values (Hyndman and Fan's type 7, as
    /// R, NumPy and spreadsheets' QUARTILE.INC do): the p-quantile of n values lies at rank
    /// 1 + (n − 1)·p. Non-finite values are left out.
    package static func of(_ scores: [Double]) -> Quartiles {
        let sorted = scores.filter(\.isFinite).sorted()
        if sorted.isEmpty { return .none }
        if sorted.count < SmallCellSuppression.threshold { return .small }
        return .values(lower: quantile(sorted, 0.25), median: quantile(sorted, 0.5), upper: quantile(sorted, 0.75))
    }

    /// The `p`-quantile (type 7) of `sorted`, which is not empty.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let rank = Double(sorted.count - 1) * p
        let below = Int(rank.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - Double(below))
    }

    /// A value with at most one decimal: `6`, `6.5`.
    static func text(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// `5.5 / 7 / 8`, `<5`, `x` or `-`.
    package var description: String {
        switch self {
        case .none: "-"
        case .small: "<5"
        case .hidden: "x"
        case .values(let lower, let median, let upper): "\(Self.text(lower)) / \(Self.text(median)) / \(Self.text(upper))"
        }
    }
}
