/// An answer as the engine keeps it for evaluating conditions: a kind and a few bits instead of
/// strings, so evaluation touches no reference counts and compares option ids as integers.
struct AnswerCode: Sendable {
    enum Kind: UInt8, Sendable {
        /// Not asked (no answer).
        case none
        /// "Weet niet".
        case unknown
        case yes, no, number, choice, choices, text
    }

    var kind: Kind = .none
    /// For `choices`: how many options were chosen (as many as `AnswerValue.choices` holds).
    var count: UInt32 = 0
    /// Where the answer itself is kept by the session (its position in the asking order).
    var position: UInt32 = 0
    /// `number`: the value's bit pattern; `choice`: the index of the option in the question's
    /// options (the first with that id); `choices`: a mask of those indices.
    var bits: UInt64 = 0

    static let none = AnswerCode()

    var number: Double { Double(bitPattern: bits) }
}

/// Combines answers into a score exactly as `Score.Method` says, without collecting them:
/// values are added in question order, so sums are bit-for-bit those of adding a list.
struct ScoreAccumulator {
    private var count = 0
    private var sum = 0.0
    private var minimum = 0.0
    private var maximum = 0.0
    private var answeredAny = false

    /// A number answer, or 1 for a yes or each chosen option.
    @inline(__always)
    mutating func add(_ value: Double) {
        if count == 0 {
            minimum = value
            maximum = value
        } else {
            if value < minimum { minimum = value }
            if maximum < value { maximum = value }
        }
        sum += value
        count += 1
    }

    /// A yes/no or multiple-choice answer was given (counts for `count` even when it adds nothing).
    @inline(__always)
    mutating func markAnswered() { answeredAny = true }

    mutating func add(_ answer: AnswerValue?) {
        switch answer {
        case .number(let value): add(value)
        case .yesNo(let flag):
            markAnswered()
            if flag { add(1) }
        case .choices(let chosen):
            markAnswered()
            for _ in 0..<chosen.count { add(1) }
        default: break
        }
    }

    @inline(__always)
    mutating func add(_ code: AnswerCode) {
        switch code.kind {
        case .number: add(code.number)
        case .yes:
            markAnswered()
            add(1)
        case .no: markAnswered()
        case .choices:
            markAnswered()
            for _ in 0..<code.count { add(1) }
        default: break
        }
    }

    func value(_ method: Score.Method) -> Double? {
        switch method {
        case .count: answeredAny || count > 0 ? Double(count) : nil
        case .sum: count == 0 ? nil : sum
        case .mean: count == 0 ? nil : sum / Double(count)
        case .min: count == 0 ? nil : minimum
        case .max: count == 0 ? nil : maximum
        }
    }
}

/// One node of a compiled condition: plain data, children by index.
struct ConditionNode: Sendable {
    enum Op: UInt8, Sendable {
        case constant  // flag: the boolean
        case number  // bits: the value
        case symbol  // a: symbol id
        case question  // a: question index
        case score  // a: score index
        case not  // a: child
        case and, or  // a, b: children in edges[a..<a+b]; also all(...) and any(...)
        case implies  // a, b: children
        case compare  // comparison; a, b: children
        case membership  // flag: negated; edges[a] the subject, edges[a+1..<a+b] the list
        case contains  // a: subject child; b: symbol id, or -1 when the item is not a word
        case count  // a, b: arguments in edges
        case answered, unknown, asked  // a: question index, or -1 when the argument is not a question
        // Fused forms of the common shapes, each exactly the general node's meaning:
        case questionVersusNumber  // `q OP 5`: a: question; bits: the number; flipped: `5 OP q`
        case scoreVersusNumber  // `score.s OP 5`: a: score
        case countVersusNumber  // `count(q) OP 5`: a: question
        case questionVersusOption  // `q == option`: a: question; b: option index, -1 when not an option
        case questionVersusBoolean  // `q == yes`: a: question; flag: the boolean
        case containsOption  // `q contains option`: a: question; bits: the option's bit (0 when not an option)
        case inOptions  // `q in [a, b]`: a: question; bits: the options' bits; flag: negated
        case fallback  // a: index of an expression the tree evaluator handles (outcome properties)
    }

    var op: Op
    var flag = false
    var flipped = false
    var comparison = ComparisonOperator.equal
    var a: Int32 = 0
    var b: Int32 = 0
    var bits: UInt64 = 0
}

/// Compiles type-checked expressions to `ConditionNode`s over `AnswerCode`s. Everything the
/// session evaluates compiles; what only invariants use (outcome properties) and questions with
/// more than 64 options are left to `Evaluator` as `fallback` nodes for the whole condition.
struct ConditionCompiler {
    private(set) var nodes: [ConditionNode] = []
    private(set) var edges: [Int32] = []
    private(set) var fallbacks: [Expression] = []
    /// Every word (option ids, words in conditions) by id; equal ids mean equal words.
    private var symbols: [String: Int32] = [:]
    /// Per question: where its options' symbol ids start in `optionSymbols`, and how many.
    private(set) var optionStart: [Int32] = []
    private(set) var optionCount: [Int32] = []
    private(set) var optionSymbols: [Int32] = []
    private let answerTypes: [AnswerType]
    private let scoreCount: Int

    init(questions: [Question], scoreCount: Int) {
        answerTypes = questions.map(\.answerType)
        self.scoreCount = scoreCount
        for type in answerTypes {
            optionStart.append(Int32(optionSymbols.count))
            let options = type.options
            optionCount.append(Int32(options.count))
            for option in options { optionSymbols.append(symbol(option.id)) }
        }
    }

    /// The id of `word`, added when new.
    mutating func symbol(_ word: String) -> Int32 {
        if let id = symbols[word] { return id }
        let id = Int32(symbols.count)
        symbols[word] = id
        return id
    }

    /// The index of the first option of question `question` with id `word`, or -1.
    private mutating func optionIndex(_ word: String, of question: Int) -> Int32 {
        let id = symbol(word)
        let start = Int(optionStart[question])
        for offset in 0..<Int(optionCount[question]) where optionSymbols[start + offset] == id { return Int32(offset) }
        return -1
    }

    /// Compiles `expression`; the index of its root node.
    mutating func compile(_ expression: Expression) -> Int32 {
        let (nodeCount, edgeCount) = (nodes.count, edges.count)
        if let root = node(expression) { return root }
        nodes.removeSubrange(nodeCount...)
        edges.removeSubrange(edgeCount...)
        fallbacks.append(expression)
        return add(ConditionNode(op: .fallback, a: Int32(fallbacks.count - 1)))
    }

    private mutating func add(_ node: ConditionNode) -> Int32 {
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    /// A question index the compiled form can read: in range, at most 64 options.
    private func compilable(_ index: Int) -> Bool {
        index >= 0 && index < answerTypes.count && answerTypes[index].options.count <= 64
    }

    /// Children added to `edges`: the start and count, or `nil` when one does not compile.
    private mutating func children(_ expressions: [Expression]) -> (Int32, Int32)? {
        var compiled: [Int32] = []
        compiled.reserveCapacity(expressions.count)
        for expression in expressions {
            guard let child = node(expression) else { return nil }
            compiled.append(child)
        }
        let start = Int32(edges.count)
        edges.append(contentsOf: compiled)
        return (start, Int32(compiled.count))
    }

    /// The operands of a chain of `and` (or `or`), left to right: `a and b and c` is one node.
    private func flattened(_ expression: Expression, _ op: LogicalOperator) -> [Expression] {
        var result: [Expression] = []
        var pending = [expression]
        while let next = pending.popLast() {
            if case .logical(op, let a, let b) = next {
                pending.append(b)
                pending.append(a)
            } else {
                result.append(next)
            }
        }
        return result
    }

    private mutating func node(_ expression: Expression) -> Int32? {
        switch expression {
        case .boolean(let flag): return add(ConditionNode(op: .constant, flag: flag))
        case .number(let value): return add(ConditionNode(op: .number, bits: value.bitPattern))
        case .symbol(let word): return add(ConditionNode(op: .symbol, a: symbol(word)))
        case .question(_, let index):
            guard compilable(index) else { return nil }
            return add(ConditionNode(op: .question, a: Int32(index)))
        case .score(_, let index):
            guard index >= 0, index < scoreCount else { return nil }
            return add(ConditionNode(op: .score, a: Int32(index)))
        case .outcome: return nil
        case .not(let inner):
            guard let child = node(inner) else { return nil }
            return add(ConditionNode(op: .not, a: child))
        case .logical(.implies, let a, let b):
            guard let left = node(a), let right = node(b) else { return nil }
            return add(ConditionNode(op: .implies, a: left, b: right))
        case .logical(let op, _, _):
            guard let (start, count) = children(flattened(expression, op)) else { return nil }
            return add(ConditionNode(op: op == .and ? .and : .or, a: start, b: count))
        case .comparison(let op, let a, let b):
            if let fused = fusedComparison(op, a, b) ?? fusedComparison(op, b, a, flipped: true) { return fused }
            guard let left = node(a), let right = node(b) else { return nil }
            return add(ConditionNode(op: .compare, comparison: op, a: left, b: right))
        case .membership(let subject, let list, let negated):
            if case .question(_, let index) = subject, compilable(index), list.allSatisfy({ if case .symbol = $0 { true } else { false } }) {
                var mask: UInt64 = 0
                for case .symbol(let word) in list {
                    let option = optionIndex(word, of: index)
                    if option >= 0 { mask |= 1 << UInt64(option) }
                }
                return add(ConditionNode(op: .inOptions, flag: negated, a: Int32(index), bits: mask))
            }
            guard let (start, count) = children([subject] + list) else { return nil }
            return add(ConditionNode(op: .membership, flag: negated, a: start, b: count))
        case .contains(let subject, let item):
            let word: Int32
            if case .symbol(let text) = item { word = symbol(text) } else { word = -1 }
            if case .question(_, let index) = subject, compilable(index) {
                guard case .symbol(let text) = item else { return add(ConditionNode(op: .constant, flag: false)) }
                let option = optionIndex(text, of: index)
                return add(ConditionNode(op: .containsOption, a: Int32(index), bits: option >= 0 ? 1 << UInt64(option) : 0))
            }
            guard let child = node(subject) else { return nil }
            return add(ConditionNode(op: .contains, a: child, b: word))
        case .call(let function, let arguments):
            switch function {
            case .any, .all:
                guard let (start, count) = children(arguments) else { return nil }
                return add(ConditionNode(op: function == .all ? .and : .or, a: start, b: count))
            case .count:
                guard let (start, count) = children(arguments) else { return nil }
                return add(ConditionNode(op: .count, a: start, b: count))
            case .answered, .unknown, .asked:
                var question: Int32 = -1
                if case .question(_, let index) = arguments.first {
                    guard compilable(index) else { return nil }
                    question = Int32(index)
                }
                let op: ConditionNode.Op = function == .answered ? .answered : function == .unknown ? .unknown : .asked
                return add(ConditionNode(op: op, a: question))
            case .refers: return nil
            }
        }
    }

    /// `subject OP literal` as one node, or `nil` when it is not such a shape. `flipped` when
    /// the literal is written first (`5 <= q`): the operands are then compared in that order.
    private mutating func fusedComparison(
        _ op: ComparisonOperator, _ subject: Expression, _ literal: Expression, flipped: Bool = false
    ) -> Int32? {
        switch (subject, literal) {
        case (.question(_, let index), .number(let value)):
            guard compilable(index) else { return nil }
            return add(ConditionNode(op: .questionVersusNumber, flipped: flipped, comparison: op, a: Int32(index), bits: value.bitPattern))
        case (.score(_, let index), .number(let value)):
            guard index >= 0, index < scoreCount else { return nil }
            return add(ConditionNode(op: .scoreVersusNumber, flipped: flipped, comparison: op, a: Int32(index), bits: value.bitPattern))
        case (.call(.count, let arguments), .number(let value)):
            guard arguments.count == 1, case .question(_, let index) = arguments[0], compilable(index) else { return nil }
            return add(ConditionNode(op: .countVersusNumber, flipped: flipped, comparison: op, a: Int32(index), bits: value.bitPattern))
        case (.question(_, let index), .symbol(let word)):
            guard compilable(index) else { return nil }
            // Symbols compare as equal or not; any other operator means "not equal" (as in `Evaluator`).
            return add(ConditionNode(op: .questionVersusOption, comparison: op, a: Int32(index), b: optionIndex(word, of: index)))
        case (.question(_, let index), .boolean(let flag)):
            guard compilable(index) else { return nil }
            return add(ConditionNode(op: .questionVersusBoolean, flag: flag, comparison: op, a: Int32(index)))
        default:
            return nil
        }
    }
}

/// Where compiled conditions read scores from.
protocol ScoreSource {
    func score(_ index: Int) -> Double?
}

/// Evaluates compiled conditions over answer codes, with the same meaning as `Evaluator`:
/// a question not asked, or answered "weet niet", is "no" where a yes/no value is needed and
/// makes every comparison with it false.
struct ConditionMachine<Scores: ScoreSource> {
    /// A value while evaluating: no strings, no reference counts.
    enum Value {
        case bool(Bool)
        case number(Double)
        case symbol(Int32)
        /// The chosen options of a multiple-choice question (read from its code).
        case symbols(question: Int32)
        case missing

        var isTrue: Bool {
            if case .bool(true) = self { return true }
            return false
        }
    }

    unowned(unsafe) let plan: CompiledProtocol
    let codes: UnsafeBufferPointer<AnswerCode>
    let scores: Scores
    /// The answers themselves in asking order (`AnswerCode.position`), for fallback nodes.
    let answered: UnsafeBufferPointer<Outcome.AnsweredQuestion>

    @inline(__always)
    private func kind(_ question: Int32) -> AnswerCode.Kind { codes[Int(question)].kind }

    @inline(__always)
    private func compare(_ op: ComparisonOperator, _ x: Double, _ y: Double, flipped: Bool) -> Bool {
        flipped ? op.holds(y, x) : op.holds(x, y)
    }

    /// Whether the chosen options of `question` include the option with symbol id `word`.
    private func chosen(_ question: Int32, include word: Int32) -> Bool {
        let start = Int(plan.optionStart[Int(question)])
        for offset in 0..<Int(plan.optionCount[Int(question)]) where plan.optionSymbols[start + offset] == word {
            return codes[Int(question)].bits & (1 << UInt64(offset)) != 0
        }
        return false
    }

    /// Whether node `index` holds: the same as `value(index).isTrue`, without building the value.
    func holds(_ index: Int32) -> Bool {
        let node = plan.nodes[Int(index)]
        switch node.op {
        case .constant: return node.flag
        case .number, .symbol, .score, .count: return false
        case .question: return kind(node.a) == .yes
        case .not: return !holds(node.a)
        case .and:
            for edge in node.a..<(node.a + node.b) where !holds(plan.edges[Int(edge)]) { return false }
            return true
        case .or:
            for edge in node.a..<(node.a + node.b) where holds(plan.edges[Int(edge)]) { return true }
            return false
        case .implies: return !holds(node.a) || holds(node.b)
        case .compare: return Self.compare(node.comparison, value(node.a), value(node.b))
        case .membership:
            let subject = value(plan.edges[Int(node.a)])
            let items = (node.a + 1)..<(node.a + node.b)
            let found: Bool
            switch subject {
            case .missing: return false
            case .symbols(let question):
                found = items.contains { edge in
                    let item = plan.nodes[Int(plan.edges[Int(edge)])]
                    return item.op == .symbol && chosen(question, include: item.a)
                }
            default:
                found = items.contains { Self.compare(.equal, subject, value(plan.edges[Int($0)])) }
            }
            return found != node.flag
        case .contains:
            guard node.b >= 0, case .symbols(let question) = value(node.a) else { return false }
            return chosen(question, include: node.b)
        case .answered:
            guard node.a >= 0 else { return false }
            let kind = kind(node.a)
            return kind != .none && kind != .unknown
        case .unknown: return node.a >= 0 && kind(node.a) == .unknown
        case .asked: return node.a >= 0 && kind(node.a) != .none
        case .questionVersusNumber:
            let code = codes[Int(node.a)]
            return code.kind == .number && compare(node.comparison, code.number, Double(bitPattern: node.bits), flipped: node.flipped)
        case .scoreVersusNumber:
            guard let score = scores.score(Int(node.a)) else { return false }
            return compare(node.comparison, score, Double(bitPattern: node.bits), flipped: node.flipped)
        case .countVersusNumber:
            let code = codes[Int(node.a)]
            let count: Double = code.kind == .choices ? Double(code.count) : code.kind == .yes ? 1 : 0
            return compare(node.comparison, count, Double(bitPattern: node.bits), flipped: node.flipped)
        case .questionVersusOption:
            let code = codes[Int(node.a)]
            guard code.kind == .choice else { return false }
            let same = Int64(code.bits) == Int64(node.b)
            return node.comparison == .equal ? same : !same
        case .questionVersusBoolean:
            let kind = kind(node.a)
            guard kind == .yes || kind == .no else { return false }
            let same = (kind == .yes) == node.flag
            return node.comparison == .equal ? same : !same
        case .containsOption:
            let code = codes[Int(node.a)]
            return code.kind == .choices && code.bits & node.bits != 0
        case .inOptions:
            let code = codes[Int(node.a)]
            switch code.kind {
            case .none, .unknown, .text: return false
            case .choice: return (node.bits & (1 << code.bits) != 0) != node.flag
            case .choices: return (code.bits & node.bits != 0) != node.flag
            case .yes, .no, .number: return node.flag
            }
        case .fallback:
            return plan.fallbackHolds(Int(node.a), codes: codes, answered: answered)
        }
    }

    /// The value of node `index`.
    func value(_ index: Int32) -> Value {
        let node = plan.nodes[Int(index)]
        switch node.op {
        case .number: return .number(Double(bitPattern: node.bits))
        case .symbol: return .symbol(node.a)
        case .question:
            let code = codes[Int(node.a)]
            switch code.kind {
            case .yes: return .bool(true)
            case .no: return .bool(false)
            case .number: return .number(code.number)
            case .choice: return .symbol(plan.optionSymbols[Int(plan.optionStart[Int(node.a)]) + Int(code.bits)])
            case .choices: return .symbols(question: node.a)
            case .none, .unknown, .text: return .missing
            }
        case .score:
            return scores.score(Int(node.a)).map(Value.number) ?? .missing
        case .count:
            if node.b == 1, case .symbols(let question) = value(plan.edges[Int(node.a)]) {
                return .number(Double(codes[Int(question)].count))
            }
            var count = 0
            for edge in node.a..<(node.a + node.b) where holds(plan.edges[Int(edge)]) { count += 1 }
            return .number(Double(count))
        default:
            return .bool(holds(index))
        }
    }

    private static func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return op.holds(x, y)
        case (.bool(let x), .bool(let y)): return op == .equal ? x == y : x != y
        case (.symbol(let x), .symbol(let y)): return op == .equal ? x == y : x != y
        default: return false
        }
    }
}
