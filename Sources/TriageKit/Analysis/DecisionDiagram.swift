/// A reduced, ordered multi-valued decision diagram (MDD): a set of complete answer
/// combinations, shared as a graph, with one level per question in asking order.
///
/// The exhaustive analysis uses it to check every path without walking them one by one:
/// a protocol with ten billion paths typically needs a few thousand nodes. Value 0 of a
/// level means "not asked"; value `i > 0` is the `i`-th answer the `AnswerSpace` tries.
struct DecisionDiagram {
    typealias Ref = Int32

    /// The diagram grew past its node budget, or its deadline passed.
    struct BudgetExceeded: Error {
        /// True when the deadline passed (else the node budget was used up).
        var outOfTime = false
    }

    static let falseRef: Ref = 0
    static let trueRef: Ref = 1

    private struct Node: Hashable {
        var level: Int32
        var children: [Ref]
    }

    private var nodes: [Node]
    private var unique: [Node: Ref] = [:]
    private var andMemo: [UInt64: Ref] = [:]
    private var orMemo: [UInt64: Ref] = [:]
    private var notMemo: [Ref: Ref] = [:]
    /// Values per level (answers tried plus "not asked").
    let domainSizes: [Int]
    /// The most nodes the diagram may hold.
    let budget: Int
    /// When building must stop; checked every few thousand operations.
    var deadline: ContinuousClock.Instant?
    private var operations = 0

    init(domainSizes: [Int], budget: Int, deadline: ContinuousClock.Instant? = nil) {
        self.domainSizes = domainSizes
        self.budget = budget
        self.deadline = deadline
        let terminal = Node(level: Int32.max, children: [])
        nodes = [terminal, terminal]
    }

    /// How many nodes the diagram holds.
    var nodeCount: Int { nodes.count }

    func level(_ ref: Ref) -> Int { Int(nodes[Int(ref)].level) }

    /// The child of `ref` for `value` at `level` (itself when `ref` does not test `level`).
    private func child(_ ref: Ref, at level: Int, _ value: Int) -> Ref {
        let node = nodes[Int(ref)]
        return Int(node.level) == level ? node.children[value] : ref
    }

    // MARK: - Building

    /// The node testing `level` with these children (reduced and shared).
    mutating func node(level: Int, children: [Ref]) throws(BudgetExceeded) -> Ref {
        if let first = children.first, children.allSatisfy({ $0 == first }) { return first }
        let node = Node(level: Int32(level), children: children)
        if let existing = unique[node] { return existing }
        guard nodes.count < budget else { throw BudgetExceeded() }
        try tick()
        let ref = Ref(nodes.count)
        nodes.append(node)
        unique[node] = ref
        return ref
    }

    /// The set of combinations where the answer at `level` satisfies `predicate` (by value index).
    mutating func variable(_ level: Int, where predicate: (Int) -> Bool) throws(BudgetExceeded) -> Ref {
        try node(level: level, children: (0..<domainSizes[level]).map { predicate($0) ? Self.trueRef : Self.falseRef })
    }

    mutating func not(_ a: Ref) throws(BudgetExceeded) -> Ref {
        if a == Self.falseRef { return Self.trueRef }
        if a == Self.trueRef { return Self.falseRef }
        if let done = notMemo[a] { return done }
        let node = nodes[Int(a)]
        var children: [Ref] = []
        children.reserveCapacity(node.children.count)
        for child in node.children { children.append(try not(child)) }
        let result = try self.node(level: Int(node.level), children: children)
        notMemo[a] = result
        return result
    }

    mutating func and(_ a: Ref, _ b: Ref) throws(BudgetExceeded) -> Ref {
        if a == Self.falseRef || b == Self.falseRef { return Self.falseRef }
        if a == Self.trueRef || a == b { return b }
        if b == Self.trueRef { return a }
        let key = Self.key(a, b)
        if let done = andMemo[key] { return done }
        try tick()
        let level = min(self.level(a), self.level(b))
        var children: [Ref] = []
        children.reserveCapacity(domainSizes[level])
        for value in 0..<domainSizes[level] {
            children.append(try and(child(a, at: level, value), child(b, at: level, value)))
        }
        let result = try node(level: level, children: children)
        if andMemo.count >= budget * 4 { andMemo.removeAll() }  // a cache only: bound its memory
        andMemo[key] = result
        return result
    }

    mutating func or(_ a: Ref, _ b: Ref) throws(BudgetExceeded) -> Ref {
        if a == Self.trueRef || b == Self.trueRef { return Self.trueRef }
        if a == Self.falseRef || a == b { return b }
        if b == Self.falseRef { return a }
        let key = Self.key(a, b)
        if let done = orMemo[key] { return done }
        try tick()
        let level = min(self.level(a), self.level(b))
        var children: [Ref] = []
        children.reserveCapacity(domainSizes[level])
        for value in 0..<domainSizes[level] {
            children.append(try or(child(a, at: level, value), child(b, at: level, value)))
        }
        let result = try node(level: level, children: children)
        if orMemo.count >= budget * 4 { orMemo.removeAll() }
        orMemo[key] = result
        return result
    }

    /// Counts an operation and, every 4096, throws when the deadline has passed.
    private mutating func tick() throws(BudgetExceeded) {
        operations &+= 1
        guard operations & 4095 == 0, let deadline else { return }
        if ContinuousClock.now >= deadline { throw BudgetExceeded(outOfTime: true) }
    }

    mutating func implies(_ a: Ref, _ b: Ref) throws(BudgetExceeded) -> Ref {
        try or(not(a), b)
    }

    mutating func ifThenElse(_ condition: Ref, _ then: Ref, _ otherwise: Ref) throws(BudgetExceeded) -> Ref {
        try or(and(condition, then), and(not(condition), otherwise))
    }

    private static func key(_ a: Ref, _ b: Ref) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(UInt32(low)) << 32 | UInt64(UInt32(high))
    }

    /// `a` with every level from `level` on fixed to "not asked": what a condition sees
    /// before those questions are answered.
    mutating func unaskedFrom(_ level: Int, _ a: Ref, memo: inout [Ref: Ref]) throws(BudgetExceeded) -> Ref {
        var ref = a
        while ref > Self.trueRef, self.level(ref) >= level { ref = nodes[Int(ref)].children[0] }
        if ref <= Self.trueRef { return ref }
        if let done = memo[ref] { return done }
        let node = nodes[Int(ref)]
        var children: [Ref] = []
        for child in node.children { children.append(try unaskedFrom(level, child, memo: &memo)) }
        let result = try self.node(level: Int(node.level), children: children)
        memo[ref] = result
        return result
    }

    // MARK: - Reading

    /// The number of complete combinations in `a` (levels it skips count every value).
    func count(_ a: Ref) -> Double {
        var memo: [Ref: Double] = [:]
        func free(_ from: Int, _ to: Int) -> Double {
            (from..<to).reduce(1.0) { $0 * Double(domainSizes[$1]) }
        }
        func visit(_ ref: Ref) -> Double {
            if ref == Self.falseRef { return 0 }
            if ref == Self.trueRef { return 1 }
            if let done = memo[ref] { return done }
            let node = nodes[Int(ref)]
            var total = 0.0
            for child in node.children {
                let below = child == Self.falseRef ? 0 : visit(child)
                total += below * free(Int(node.level) + 1, min(level(child), domainSizes.count))
            }
            memo[ref] = total
            return total
        }
        guard a != Self.falseRef else { return 0 }
        return visit(a) * free(0, min(level(a), domainSizes.count))
    }

    /// The combination in `a` with the lowest total cost (`cost(level, value)`), the first in
    /// value order among equally cheap ones; skipped levels take value 0. `nil` when `a` is empty.
    func cheapest(_ a: Ref, cost: (Int, Int) -> Int) -> [Int]? {
        guard a != Self.falseRef else { return nil }
        var memo: [Ref: Int] = [:]
        func best(_ ref: Ref) -> Int {
            if ref == Self.trueRef { return 0 }
            if ref == Self.falseRef { return Int.max }
            if let done = memo[ref] { return done }
            let node = nodes[Int(ref)]
            var result = Int.max
            for (value, child) in node.children.enumerated() {
                let below = best(child)
                if below != Int.max { result = min(result, below + cost(Int(node.level), value)) }
            }
            memo[ref] = result
            return result
        }
        var values = Array(repeating: 0, count: domainSizes.count)
        var ref = a
        while ref != Self.trueRef {
            let node = nodes[Int(ref)]
            let level = Int(node.level)
            let target = best(ref)
            guard
                let value = node.children.indices.first(where: { value in
                    let below = best(node.children[value])
                    return below != Int.max && below + cost(level, value) == target
                })
            else { return nil }
            values[level] = value
            ref = node.children[value]
        }
        return values
    }
}
