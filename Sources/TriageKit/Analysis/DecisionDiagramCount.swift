extension DecisionDiagram {
    /// The combinations where the number of `conditions` that hold satisfies `op constant`
    /// (`count(a, b, ...) >= 2`), by dynamic programming over the conditions.
    mutating func count(of conditions: [Ref], _ op: ComparisonOperator, _ constant: Double) throws(BudgetExceeded) -> Ref {
        var exactly = [Self.trueRef]  // exactly[j]: j of the conditions from here on hold
        for condition in conditions.reversed() {
            let notCondition = try not(condition)
            var next: [Ref] = []
            for held in 0...exactly.count {
                let without = held < exactly.count ? try and(notCondition, exactly[held]) : Self.falseRef
                let with = held > 0 ? try and(condition, exactly[held - 1]) : Self.falseRef
                next.append(try or(without, with))
            }
            exactly = next
        }
        var result = Self.falseRef
        for (held, set) in exactly.enumerated() where op.holds(Double(held), constant) { result = try or(result, set) }
        return result
    }
}
