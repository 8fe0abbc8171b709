/// Small-cell suppression of a table of counts, so that no count of 1 to 4 referrals can be
/// read or worked out: each such count is hidden (primary suppression), and wherever a sum
/// (a row or column with its total) then hides exactly one of its entries, one more entry of
/// that sum is hidden too (complementary suppression), until no sum hides exactly one entry.
///
/// Zero is shown: it reveals no one. A complement is never a zero (a hidden zero next to one
/// hidden small count would give that count away); it is the smallest non-zero shown part of
/// the sum, else its total. This is the usual heuristic of statistical offices for one table
/// with its margins; it is not a full audit by linear programming across several tables.
package struct SmallCellSuppression: Sendable, Hashable {
    /// One additive relation: the values at `parts` add up to the value at `total`.
    package struct Sum: Sendable, Hashable {
        /// Indices of the parts.
        package var parts: [Int]
        /// Index of the total.
        package var total: Int

        /// Creates a sum.
        package init(parts: [Int], total: Int) {
            self.parts = parts
            self.total = total
        }
    }

    /// Why a value is hidden.
    package enum Mark: Sendable, Hashable {
        /// Shown as it is.
        case shown
        /// A count of 1 to 4 (shown as "<5").
        case small
        /// Hidden so that a small count cannot be worked out from a sum.
        case complement
        /// Not known exactly, only from below (a sum of exports of which one hid its part);
        /// counts as hidden, so that a sum cannot pin it down either.
        case incomplete
    }

    /// The smallest count that is shown.
    package static let threshold = 5

    /// The mark of each value, by index.
    package let marks: [Mark]

    /// Suppresses `values` (counts, by index) under the additive relations `sums`; the values
    /// at `incomplete` are lower bounds and start hidden.
    package init(values: [Int], sums: [Sum], incomplete: Set<Int> = []) {
        var marks = values.indices.map { index in
            incomplete.contains(index) ? Mark.incomplete : (1..<Self.threshold).contains(values[index]) ? .small : .shown
        }
        var changed = true
        while changed {
            changed = false
            for sum in sums {
                let entries = sum.parts + [sum.total]
                guard entries.count(where: { marks[$0] != .shown }) == 1 else { continue }
                let candidates = sum.parts.filter { marks[$0] == .shown && values[$0] > 0 }
                let pick = candidates.min { (values[$0], $0) < (values[$1], $1) } ?? (marks[sum.total] == .shown ? sum.total : nil)
                guard let pick else { continue }
                marks[pick] = .complement
                changed = true
            }
        }
        self.marks = marks
    }

    /// Whether the value at `index` is hidden.
    package func isHidden(_ index: Int) -> Bool { marks[index] != .shown }
}
