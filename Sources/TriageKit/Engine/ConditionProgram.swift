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
/// values are added in question order, so sums are bit-for-bit those of adding a list. The one
/// definition of score accumulation: the compiled protocol feeds it answer codes, the analysis's
/// `SessionContext` answer values.
struct ScoreAccumulator {
    private var count = 0
    private var sum = 0.0
    private var minimum = 0.0
    private var maximum = 0.0
    private var answeredAny = false

    @inline(__always)
    private mutating func add(_ value: Double) {
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

    /// An answer of kind `kind`: a number adds its value, yes adds 1, each chosen option adds 1;
    /// a yes/no or multiple-choice answer counts for `count` even when it adds nothing; "weet
    /// niet", text and no answer add nothing.
    @inline(__always)
    mutating func add(_ kind: AnswerCode.Kind, number: @autoclosure () -> Double, chosen: @autoclosure () -> Int) {
        switch kind {
        case .number: add(number())
        case .yes:
            answeredAny = true
            add(1)
        case .no: answeredAny = true
        case .choices:
            answeredAny = true
            for _ in 0..<chosen() { add(1) }
        case .none, .unknown, .choice, .text: break
        }
    }

    @inline(__always)
    mutating func add(_ code: AnswerCode) { add(code.kind, number: code.number, chosen: Int(code.count)) }

    mutating func add(_ answer: AnswerValue?) {
        add(
            AnswerCode.Kind(answer), number: { if case .number(let value) = answer { value } else { 0 } }(),
            chosen: { if case .choices(let chosen) = answer { chosen.count } else { 0 } }())
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
        case missing  // a value that is not there (a question or score the protocol does not have)
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
        case outcome  // a: the outcome property (its index in `Expression.OutcomeProperty.allCases`)
        case refers  // a: symbol id of the destination, or -1 when the argument is not a word
        // Fused forms of common shapes, each exactly its general form's meaning (tested by
        // compiling with and without fusing):
        case questionVersusNumber  // `q OP 5`: a: question; bits: the number; flipped: `5 OP q`
        case scoreVersusNumber  // `score.s OP 5`: a: score
        case countVersusNumber  // `count(q) OP 5`: a: question
        case questionVersusOption  // `q == option`: a: question; b: option index, -1 when not an option
        case questionVersusBoolean  // `q == yes`: a: question; flag: the boolean
        case containsOption  // `q contains option`: a: question; bits: the option's bit (0 when not an option)
        case inOptions  // `q in [a, b]`: a: question; bits: the options' bits; flag: negated
    }

    var op: Op
    var flag = false
    var flipped = false
    var comparison = ComparisonOperator.equal
    var a: Int32 = 0
    var b: Int32 = 0
    var bits: UInt64 = 0
}

/// Compiles type-checked expressions to `ConditionNode`s over `AnswerCode`s: every condition of
/// a protocol (`when`s, rules, notes and invariants).
struct ConditionCompiler {
    private(set) var nodes: [ConditionNode] = []
    private(set) var edges: [Int32] = []
    /// Every word (option ids, words in conditions) by id; equal ids mean equal words. The
    /// decisions come first, in `Decision.allCases` order (see `decisionSymbol`).
    private var symbols: [String: Int32] = [:]
    /// The words by id.
    private(set) var words: [String] = []
    /// Per question: where its options' symbol ids start in `optionSymbols`, and how many.
    private(set) var optionStart: [Int32] = []
    private(set) var optionCount: [Int32] = []
    private(set) var optionSymbols: [Int32] = []
    private let questionCount: Int
    private let scoreCount: Int
    /// Whether to compile common shapes to their fused nodes (off only to test that each means
    /// what its general form means).
    private let fuses: Bool

    init(questions: [Question], scoreCount: Int, fuses: Bool = true) {
        questionCount = questions.count
        self.scoreCount = scoreCount
        self.fuses = fuses
        for decision in Decision.allCases { _ = symbol(decision.rawValue) }
        for question in questions {
            optionStart.append(Int32(optionSymbols.count))
            let options = question.answerType.options
            optionCount.append(Int32(options.count))
            for option in options { optionSymbols.append(symbol(option.id)) }
        }
    }

    /// The symbol id of a decision's word.
    static func decisionSymbol(_ decision: Decision) -> Int32 {
        Int32(Decision.allCases.firstIndex(of: decision) ?? 0)
    }

    /// The id of `word`, added when new.
    mutating func symbol(_ word: String) -> Int32 {
        if let id = symbols[word] { return id }
        let id = Int32(words.count)
        symbols[word] = id
        words.append(word)
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
    mutating func compile(_ expression: Expression) -> Int32 { node(expression) }

    private mutating func add(_ node: ConditionNode) -> Int32 {
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    /// Whether `index` is a question of the protocol.
    private func isQuestion(_ index: Int) -> Bool { index >= 0 && index < questionCount }

    /// Whether the options of question `index` fit in an answer code's mask (the fused forms
    /// over options read only the mask).
    private func fitsMask(_ index: Int) -> Bool { optionCount[index] <= 64 }

    /// Children added to `edges`: the start and count.
    private mutating func children(_ expressions: [Expression]) -> (Int32, Int32) {
        var compiled: [Int32] = []
        compiled.reserveCapacity(expressions.count)
        for expression in expressions { compiled.append(node(expression)) }
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

    private mutating func node(_ expression: Expression) -> Int32 {
        switch expression {
        case .boolean(let flag): return add(ConditionNode(op: .constant, flag: flag))
        case .number(let value): return add(ConditionNode(op: .number, bits: value.bitPattern))
        case .symbol(let word): return add(ConditionNode(op: .symbol, a: symbol(word)))
        case .question(_, let index):
            guard isQuestion(index) else { return add(ConditionNode(op: .missing)) }
            return add(ConditionNode(op: .question, a: Int32(index)))
        case .score(_, let index):
            guard index >= 0, index < scoreCount else { return add(ConditionNode(op: .missing)) }
            return add(ConditionNode(op: .score, a: Int32(index)))
        case .outcome(let property):
            let index = Expression.OutcomeProperty.allCases.firstIndex(of: property) ?? 0
            return add(ConditionNode(op: .outcome, a: Int32(index)))
        case .not(let inner):
            let child = node(inner)
            return add(ConditionNode(op: .not, a: child))
        case .logical(.implies, let a, let b):
            let left = node(a)
            let right = node(b)
            return add(ConditionNode(op: .implies, a: left, b: right))
        case .logical(let op, _, _):
            let (start, count) = children(flattened(expression, op))
            return add(ConditionNode(op: op == .and ? .and : .or, a: start, b: count))
        case .comparison(let op, let a, let b):
            if fuses, let fused = fusedComparison(op, a, b) ?? fusedComparison(op, b, a, flipped: true) { return fused }
            let left = node(a)
            let right = node(b)
            return add(ConditionNode(op: .compare, comparison: op, a: left, b: right))
        case .membership(let subject, let list, let negated):
            if fuses, case .question(_, let index) = subject, isQuestion(index), fitsMask(index),
                list.allSatisfy({ if case .symbol = $0 { true } else { false } })
            {
                var mask: UInt64 = 0
                for case .symbol(let word) in list {
                    let option = optionIndex(word, of: index)
                    if option >= 0 { mask |= 1 << UInt64(option) }
                }
                return add(ConditionNode(op: .inOptions, flag: negated, a: Int32(index), bits: mask))
            }
            let (start, count) = children([subject] + list)
            return add(ConditionNode(op: .membership, flag: negated, a: start, b: count))
        case .contains(let subject, let item):
            let word: Int32
            if case .symbol(let text) = item { word = symbol(text) } else { word = -1 }
            if fuses, case .question(_, let index) = subject, isQuestion(index), fitsMask(index) {
                guard case .symbol(let text) = item else { return add(ConditionNode(op: .constant, flag: false)) }
                let option = optionIndex(text, of: index)
                return add(ConditionNode(op: .containsOption, a: Int32(index), bits: option >= 0 ? 1 << UInt64(option) : 0))
            }
            let child = node(subject)
            return add(ConditionNode(op: .contains, a: child, b: word))
        case .call(let function, let arguments):
            switch function {
            case .any, .all:
                let (start, count) = children(arguments)
                return add(ConditionNode(op: function == .all ? .and : .or, a: start, b: count))
            case .count:
                let (start, count) = children(arguments)
                return add(ConditionNode(op: .count, a: start, b: count))
            case .answered, .unknown, .asked:
                var question: Int32 = -1
                if case .question(_, let index) = arguments.first, isQuestion(index) { question = Int32(index) }
                let op: ConditionNode.Op = function == .answered ? .answered : function == .unknown ? .unknown : .asked
                return add(ConditionNode(op: op, a: question))
            case .refers:
                guard case .symbol(let word) = arguments.first else { return add(ConditionNode(op: .refers, a: -1)) }
                return add(ConditionNode(op: .refers, a: symbol(word)))
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
            guard isQuestion(index) else { return nil }
            return add(ConditionNode(op: .questionVersusNumber, flipped: flipped, comparison: op, a: Int32(index), bits: value.bitPattern))
        case (.score(_, let index), .number(let value)):
            guard index >= 0, index < scoreCount else { return nil }
            return add(ConditionNode(op: .scoreVersusNumber, flipped: flipped, comparison: op, a: Int32(index), bits: value.bitPattern))
        case (.call(.count, let arguments), .number(let value)):
            guard arguments.count == 1, case .question(_, let index) = arguments[0], isQuestion(index) else { return nil }
            return add(ConditionNode(op: .countVersusNumber, flipped: flipped, comparison: op, a: Int32(index), bits: value.bitPattern))
        case (.question(_, let index), .symbol(let word)):
            guard isQuestion(index) else { return nil }
            return add(ConditionNode(op: .questionVersusOption, comparison: op, a: Int32(index), b: optionIndex(word, of: index)))
        case (.question(_, let index), .boolean(let flag)):
            guard isQuestion(index) else { return nil }
            return add(ConditionNode(op: .questionVersusBoolean, flag: flag, comparison: op, a: Int32(index)))
        default:
            return nil
        }
    }
}

/// Where compiled conditions read scores from, and (for invariants) the outcome.
protocol ScoreSource {
    func score(_ index: Int) -> Double?
    /// The outcome an invariant reads; `nil` for every other condition.
    var outcome: OutcomeFacts? { get }
}

extension ScoreSource {
    var outcome: OutcomeFacts? { nil }
}

/// Evaluates compiled conditions over answer codes: the one runtime definition of what a
/// condition means, applying `ConditionSemantics` to the codes.
struct ConditionMachine<Scores: ScoreSource> {
    /// A value while evaluating: words as symbol ids, chosen options as the question whose
    /// answer holds them. No strings, no reference counts.
    typealias Value = ConditionSemantics.Value<Int32, Int32>

    unowned(unsafe) let plan: CompiledProtocol
    let codes: UnsafeBufferPointer<AnswerCode>
    let scores: Scores
    /// The answers themselves in asking order (`AnswerCode.position`): options beyond the
    /// 64 an answer code's mask holds are read from them.
    let answered: UnsafeBufferPointer<Outcome.AnsweredQuestion>

    @inline(__always)
    private func kind(_ question: Int32) -> AnswerCode.Kind { codes[Int(question)].kind }

    @inline(__always)
    private func compare(_ op: ComparisonOperator, _ x: Double, _ y: Double, flipped: Bool) -> Bool {
        ConditionSemantics.compare(op, Value.number(flipped ? y : x), Value.number(flipped ? x : y))
    }

    /// Whether the chosen options of `question` include the option with symbol id `word`.
    private func chosen(_ question: Int32, include word: Int32) -> Bool {
        let start = Int(plan.optionStart[Int(question)])
        for offset in 0..<Int(plan.optionCount[Int(question)]) where plan.optionSymbols[start + offset] == word {
            let code = codes[Int(question)]
            if offset < 64 { return code.bits & (1 << UInt64(offset)) != 0 }
            guard case .choices(let list) = answered[Int(code.position)].answer else { return false }
            return list.contains(plan.words[Int(word)])
        }
        return false
    }

    /// Whether node `index` holds: the same as `value(index).isTrue`, without building the value.
    func holds(_ index: Int32) -> Bool {
        let node = plan.nodes[Int(index)]
        switch node.op {
        case .constant: return node.flag
        case .missing, .number, .symbol, .score, .count: return false
        case .question: return kind(node.a) == .yes
        case .not: return !holds(node.a)
        case .and:
            for edge in node.a..<(node.a + node.b) where !holds(plan.edges[Int(edge)]) { return false }
            return true
        case .or:
            for edge in node.a..<(node.a + node.b) where holds(plan.edges[Int(edge)]) { return true }
            return false
        case .implies: return !holds(node.a) || holds(node.b)
        case .compare: return ConditionSemantics.compare(node.comparison, value(node.a), value(node.b))
        case .membership:
            let items = (node.a + 1)..<(node.a + node.b)
            return ConditionSemantics.membership(
                value(plan.edges[Int(node.a)]), negated: node.flag,
                chosenIncludesAnItem: { question in
                    items.contains { edge in
                        let item = plan.nodes[Int(plan.edges[Int(edge)])]
                        return item.op == .symbol && chosen(question, include: item.a)
                    }
                },
                equalsAnItem: { subject in items.contains { ConditionSemantics.compare(.equal, subject, value(plan.edges[Int($0)])) } })
        case .contains:
            return ConditionSemantics.contains(value(node.a)) { question in node.b >= 0 && chosen(question, include: node.b) }
        case .answered: return ConditionSemantics.answered(node.a >= 0 ? kind(node.a) : nil)
        case .unknown: return ConditionSemantics.unknown(node.a >= 0 ? kind(node.a) : nil)
        case .asked: return ConditionSemantics.asked(node.a >= 0 ? kind(node.a) : nil)
        case .outcome: return value(index).isTrue
        case .refers: return ConditionSemantics.refers(node.a >= 0 ? plan.words[Int(node.a)] : nil, scores.outcome)
        case .questionVersusNumber:
            let code = codes[Int(node.a)]
            return code.kind == .number && compare(node.comparison, code.number, Double(bitPattern: node.bits), flipped: node.flipped)
        case .scoreVersusNumber:
            guard let score = scores.score(Int(node.a)) else { return false }
            return compare(node.comparison, score, Double(bitPattern: node.bits), flipped: node.flipped)
        case .countVersusNumber:
            let code = codes[Int(node.a)]
            let count = ConditionSemantics.count(chosenCount: code.kind == .choices ? Int(code.count) : nil) { code.kind == .yes ? 1 : 0 }
            return compare(node.comparison, count, Double(bitPattern: node.bits), flipped: node.flipped)
        case .questionVersusOption:
            let code = codes[Int(node.a)]
            guard code.kind == .choice else { return false }
            return ConditionSemantics.equality(node.comparison, same: Int64(code.bits) == Int64(node.b))
        case .questionVersusBoolean:
            let kind = kind(node.a)
            guard kind == .yes || kind == .no else { return false }
            return ConditionSemantics.equality(node.comparison, same: (kind == .yes) == node.flag)
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
        }
    }

    /// The value of node `index`.
    func value(_ index: Int32) -> Value {
        let node = plan.nodes[Int(index)]
        switch node.op {
        case .missing: return .missing
        case .number: return .number(Double(bitPattern: node.bits))
        case .symbol: return .symbol(node.a)
        case .question:
            let code = codes[Int(node.a)]
            return ConditionSemantics.question(
                code.kind, number: { code.number }, option: { plan.optionSymbols[Int(plan.optionStart[Int(node.a)]) + Int(code.bits)] },
                chosen: { node.a })
        case .score:
            return scores.score(Int(node.a)).map(Value.number) ?? .missing
        case .count:
            var chosenCount: Int?
            if node.b == 1, case .symbols(let question) = value(plan.edges[Int(node.a)]) { chosenCount = Int(codes[Int(question)].count) }
            return .number(
                ConditionSemantics.count(chosenCount: chosenCount) {
                    (node.a..<(node.a + node.b)).count { holds(plan.edges[Int($0)]) }
                })
        case .outcome:
            return ConditionSemantics.outcome(
                Expression.OutcomeProperty.allCases[Int(node.a)], scores.outcome, word: ConditionCompiler.decisionSymbol)
        default:
            return .bool(holds(index))
        }
    }
}
