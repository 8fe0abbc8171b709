/// The finite set of answers the exhaustive analysis tries for each question: one
/// representative per class of answers that no condition of the protocol can tell apart.
///
/// Every condition (`when`, rule, invariant) and every score used by a condition is read
/// once. From that:
/// - a yes/no question is tried as ja and nee; a choice question with each option a
///   condition names, plus one option standing for all the others;
/// - a multiple-choice question with every subset of the options conditions name (plus 0, 1,
///   2 ... of the other options when a count of chosen options is compared);
/// - a scale or number question with one value per class of the intervals between the
///   constants it (or a score over it) is compared with: two values are in one class when
///   every comparison used gives the same result for both, so the boundaries are exact for
///   `<`, `<=`, `==`, `!=`, `>=` and `>`;
/// - "weet niet" is added where it is allowed and the answer is looked at;
/// - a question whose answer nothing looks at is tried with a single answer.
///
/// A `sum` or `mean` over several questions cannot be split per question, nor can a
/// comparison of two answers with each other: those scale questions are tried with every
/// whole number of their range (at most a few dozen values), and number questions are
/// sampled at the constants involved, which is reported as `approximations`.
struct AnswerSpace: Sendable {
    /// The answers to try, per question index, in the order they are tried.
    let values: [[AnswerValue]]
    /// Per question index: the values of its decision-diagram level (the answers tried, and "not asked").
    let domainSizes: [Int]
    /// Why the abstraction is not exact somewhere (empty when it is exact).
    var approximations: [String]
    /// Questions tried with every whole number of their range.
    var fullRangeQuestions: [String]

    /// A comparison of a numeric answer with a constant, with the answer on the left.
    struct Atom: Hashable, Comparable {
        var op: ComparisonOperator
        var constant: Double

        static func < (lhs: Atom, rhs: Atom) -> Bool {
            (lhs.constant, lhs.op.rawValue) < (rhs.constant, rhs.op.rawValue)
        }
    }

    /// How the conditions of a protocol look at one question.
    struct Usage {
        /// The answer's value is read (compared, tested, counted or scored).
        var valueUsed = false
        /// Whether it is "weet niet" is read (`answered`, `unknown`).
        var presenceUsed = false
        /// Comparisons with constants (scale and number questions).
        var atoms: Set<Atom> = []
        /// Options named by conditions (choice questions).
        var options: Set<String> = []
        /// The number of chosen options matters (multiple choice in `count` or a count score).
        var cardinality = false
        /// The exact value matters (compared with another answer, or in a sum or mean of several).
        var fullRange = false
    }

    /// Above this many named options of a multiple-choice question, subsets are sampled.
    static let maxEnumeratedOptions = 12
    /// Above this many whole numbers, a scale range is not enumerated in full.
    static let maxFullRange = 101
    /// The answer tried for a free-text question.
    static let textRepresentative = "vrije tekst"

    init(_ spec: TriageProtocol) {
        var scanner = UsageScanner(spec: spec)
        for question in spec.questions { if let when = question.when { scanner.scan(when.expression) } }
        for rule in spec.rules { scanner.scan(rule.when.expression) }
        for invariant in spec.invariants { scanner.scan(invariant.condition.expression) }
        scanner.distributeScores()
        var approximations = scanner.approximations
        var fullRange: [String] = []
        values = spec.questions.indices.map { index in
            let question = spec.questions[index]
            let usage = scanner.usage[index]
            if usage.fullRange, usage.valueUsed, question.answerType.isNumeric { fullRange.append(question.id) }
            return Self.representatives(question, usage, approximations: &approximations)
        }
        self.approximations = approximations
        self.fullRangeQuestions = fullRange
        domainSizes = values.map { $0.count + 1 }
    }

    /// The number of combinations if every question were asked: an upper bound for messages.
    var upperBound: Double {
        values.reduce(1) { $0 * Double(max($1.count, 1)) }
    }

    // MARK: - Representatives per question

    static func representatives(_ question: Question, _ usage: Usage, approximations: inout [String]) -> [AnswerValue] {
        var result: [AnswerValue]
        switch question.answerType {
        case .yesNo:
            result = usage.valueUsed ? [.yesNo(true), .yesNo(false)] : [.yesNo(false)]
        case .singleChoice(let options):
            if usage.valueUsed {
                // The named options and the first other one, in protocol order.
                let other = options.first { !usage.options.contains($0.id) }?.id
                result = options.filter { usage.options.contains($0.id) || $0.id == other }.map { .choice($0.id) }
            } else {
                result = options.first.map { [.choice($0.id)] } ?? []
            }
        case .multipleChoice(let options):
            result = usage.valueUsed ? subsets(question, options, usage, approximations: &approximations) : [.choices([])]
        case .scale(let low, let high):
            if !usage.valueUsed {
                result = [.number(Double(low))]
            } else if usage.fullRange, high - low + 1 <= maxFullRange {
                result = (low...high).map { .number(Double($0)) }
            } else {
                if usage.fullRange {
                    approximations.append(
                        "scale question '\(question.id)' (\(low)–\(high)) is compared with other answers or summed; only values near the constants are tried")
                }
                result = intervals(usage, low: Double(low), high: Double(high), integral: true).map(AnswerValue.number)
            }
        case .number(let low, let high):
            if !usage.valueUsed {
                result = [.number(low)]
            } else {
                if usage.fullRange {
                    approximations.append(
                        "number question '\(question.id)' is compared with other answers or summed with them; only values near the constants are tried")
                }
                result = intervals(usage, low: low, high: high, integral: question.integer).map(AnswerValue.number)
            }
        case .text:
            result = [.text(textRepresentative)]
        }
        if question.allowsUnknown, usage.valueUsed || usage.presenceUsed { result.append(.unknown) }
        return result
    }

    /// Subsets of the named options (smallest first), each with 0...n of the other options
    /// when the number chosen matters.
    private static func subsets(
        _ question: Question, _ options: [AnswerOption], _ usage: Usage, approximations: inout [String]
    ) -> [AnswerValue] {
        let ids = options.map(\.id)
        let named = ids.filter { usage.options.contains($0) }
        let others = ids.filter { !usage.options.contains($0) }
        var masks: [[String]]
        if named.count <= maxEnumeratedOptions {
            masks = (0..<(1 << named.count)).map { mask in named.indices.filter { mask & (1 << $0) != 0 }.map { named[$0] } }
        } else {
            approximations.append(
                "multiple-choice question '\(question.id)' has \(named.count) options used in conditions; only none, each one and all are tried")
            masks = [[]] + named.map { [$0] } + [named]
        }
        masks.sort { $0.count < $1.count }
        let extra = usage.cardinality ? others.count : 0
        var result: [AnswerValue] = []
        for count in 0...extra {
            for chosen in masks {
                let set = Set(chosen + others.prefix(count))
                result.append(.choices(ids.filter { set.contains($0) }))
            }
        }
        return result
    }

    /// One value per class of `[low, high]` that the atoms cannot tell apart; of each class
    /// the value closest to a constant (so counterexamples show the boundary).
    static func intervals(_ usage: Usage, low: Double, high: Double, integral: Bool) -> [Double] {
        let atoms = usage.atoms.sorted()
        let constants = Array(Set(atoms.map(\.constant))).sorted()
        guard low <= high else { return [low] }
        var candidates: Set<Double> = [low, high]
        if integral {
            for constant in constants where constant.isFinite {
                let below = constant.rounded(.down)
                let above = constant.rounded(.up)
                for value in [below - 1, below, below + 1, above - 1, above, above + 1] where value >= low && value <= high {
                    candidates.insert(value)
                }
            }
        } else {
            let bounds = Array(Set([low, high] + constants.filter { $0 >= low && $0 <= high })).sorted()
            candidates.formUnion(bounds)
            for (a, b) in zip(bounds, bounds.dropFirst()) {
                var inside = [a + 1, b - 1].filter { $0 > a && $0 < b }
                if inside.isEmpty { inside = [a + (b - a) / 2].filter { $0 > a && $0 < b } }
                candidates.formUnion(inside)
            }
        }
        func distance(_ value: Double) -> Double {
            constants.map { abs($0 - value) }.min() ?? (value - low)
        }
        var best: [[Bool]: Double] = [:]
        for value in candidates.sorted() {
            let signature = atoms.map { $0.op.holds(value, $0.constant) }
            if let current = best[signature] {
                let (d, e) = (distance(value), distance(current))
                if d < e || (d == e && value < current) { best[signature] = value }
            } else {
                best[signature] = value
            }
        }
        return best.values.sorted()
    }
}

extension AnswerType {
    /// Whether answers are numbers (scale or number).
    var isNumeric: Bool {
        switch self {
        case .scale, .number: true
        default: false
        }
    }
}

extension ComparisonOperator {
    /// The operator with its operands swapped: `5 < x` is `x > 5`.
    var flipped: ComparisonOperator {
        switch self {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        case .equal, .notEqual: self
        }
    }
}

/// Reads every condition once and records, per question, what can tell its answers apart.
private struct UsageScanner {
    let spec: TriageProtocol
    var usage: [AnswerSpace.Usage]
    /// Constants each score is compared with.
    var scoreAtoms: [Set<AnswerSpace.Atom>]
    /// Scores used by a condition.
    var usedScores: Set<Int> = []
    /// Scores compared with something other than a constant.
    var scoresInFullComparison: Set<Int> = []
    var approximations: [String] = []

    init(spec: TriageProtocol) {
        self.spec = spec
        usage = Array(repeating: .init(), count: spec.questions.count)
        scoreAtoms = Array(repeating: [], count: spec.scores.count)
    }

    mutating func scan(_ expression: Expression) {
        switch expression {
        case .boolean, .number, .symbol, .outcome:
            break
        case .question(_, let index):
            usage[index].valueUsed = true
        case .score(_, let index):
            // A score outside a comparison with a constant: its exact value matters.
            usedScores.insert(index)
            scoresInFullComparison.insert(index)
        case .not(let inner):
            scan(inner)
        case .logical(_, let a, let b):
            scan(a)
            scan(b)
        case .comparison(let op, let a, let b):
            comparison(op, a, b)
        case .membership(let subject, let list, _):
            switch subject {
            case .question(_, let index):
                usage[index].valueUsed = true
                for item in list {
                    switch item {
                    case .number(let constant): usage[index].atoms.insert(.init(op: .equal, constant: constant))
                    case .symbol(let option): usage[index].options.insert(option)
                    default: scan(item)
                    }
                }
            case .score(_, let index):
                usedScores.insert(index)
                for case .number(let constant) in list { scoreAtoms[index].insert(.init(op: .equal, constant: constant)) }
            default:
                scan(subject)
                for item in list { scan(item) }
            }
        case .contains(let subject, let item):
            if case .question(_, let index) = subject, case .symbol(let option) = item {
                usage[index].valueUsed = true
                usage[index].options.insert(option)
            } else {
                scan(subject)
                scan(item)
            }
        case .call(let function, let arguments):
            switch function {
            case .answered, .unknown:
                for case .question(_, let index) in arguments { usage[index].presenceUsed = true }
            case .asked, .refers:
                break  // whether a question is asked depends on the walk, not on its answer
            case .count:
                if arguments.count == 1, case .question(_, let index) = arguments[0],
                    case .multipleChoice = spec.questions[index].answerType
                {
                    usage[index].valueUsed = true
                    usage[index].cardinality = true
                } else {
                    for argument in arguments { scan(argument) }
                }
            case .any, .all:
                for argument in arguments { scan(argument) }
            }
        }
    }

    private mutating func comparison(_ op: ComparisonOperator, _ a: Expression, _ b: Expression) {
        if case .number(let constant) = b, isNumeric(a) {
            atom(a, op, constant)
        } else if case .number(let constant) = a, isNumeric(b) {
            atom(b, op.flipped, constant)
        } else if isNumeric(a), isNumeric(b) {
            // Two answers (or scores) compared with each other: no constants to cut at.
            for side in [a, b] {
                switch side {
                case .question(_, let index): usage[index].fullRange = true
                case .score(_, let index): scoresInFullComparison.insert(index)
                default: break
                }
                scan(side)
            }
        } else {
            if case .question(_, let index) = a, case .symbol(let option) = b { usage[index].options.insert(option) }
            if case .question(_, let index) = b, case .symbol(let option) = a { usage[index].options.insert(option) }
            scan(a)
            scan(b)
        }
    }

    private func isNumeric(_ expression: Expression) -> Bool {
        switch expression {
        case .question(_, let index): spec.questions[index].answerType.isNumeric
        case .score: true
        case .call(.count, _): true
        default: false
        }
    }

    private mutating func atom(_ subject: Expression, _ op: ComparisonOperator, _ constant: Double) {
        switch subject {
        case .question(_, let index):
            usage[index].valueUsed = true
            usage[index].atoms.insert(.init(op: op, constant: constant))
        case .score(_, let index):
            usedScores.insert(index)
            scoreAtoms[index].insert(.init(op: op, constant: constant))
        default:
            scan(subject)  // count(...): its arguments are conditions, or a multiple-choice question
        }
    }

    /// Turns the comparisons on scores into comparisons on their questions.
    mutating func distributeScores() {
        let scoreMembers = CompiledProtocol.scoreMembers(of: spec)
        for scoreIndex in usedScores.sorted() {
            let score = spec.scores[scoreIndex]
            let members = scoreMembers[scoreIndex]
            let atoms = scoreAtoms[scoreIndex]
            let exactValueNeeded = scoresInFullComparison.contains(scoreIndex)
            for index in members { usage[index].valueUsed = true }
            switch score.method {
            case .count:
                for index in members {
                    if case .multipleChoice = spec.questions[index].answerType { usage[index].cardinality = true }
                }
            case .sum, .mean, .min, .max:
                if exactValueNeeded {
                    for index in members { usage[index].fullRange = true }
                } else if members.count == 1 {
                    // The score of one answer is that answer.
                    usage[members[0]].atoms.formUnion(atoms)
                } else if score.method == .min || score.method == .max {
                    // min(x, y) < c iff x < c or y < c, and so on: the same cuts per answer; for
                    // == and != the answers must also be told apart below and at c.
                    for index in members {
                        for atom in atoms {
                            if atom.op == .equal || atom.op == .notEqual {
                                usage[index].atoms.insert(.init(op: .less, constant: atom.constant))
                                usage[index].atoms.insert(.init(op: .equal, constant: atom.constant))
                            } else {
                                usage[index].atoms.insert(atom)
                            }
                        }
                    }
                } else {
                    // A sum or mean of several answers: every whole value of each scale answer.
                    for index in members {
                        usage[index].fullRange = true
                        for atom in atoms {
                            usage[index].atoms.insert(.init(op: .less, constant: atom.constant))
                            usage[index].atoms.insert(.init(op: .equal, constant: atom.constant))
                        }
                    }
                }
            }
        }
    }
}
