/// A protocol compiled for the engine, with every index resolved once: compiled conditions,
/// which red-flag rules read which question, score members, and the rules' ids, texts and
/// destinations in flat arrays, so a session walks and builds its outcome without copying the
/// protocol or looking anything up by name.
///
/// Built from a `TriageProtocol` (plain data) and never changed; every session on it shares it
/// (`TriageSession(compiled:)`, or copies of one fresh session).
final class CompiledProtocol: @unchecked Sendable {
    /// The protocol it was compiled from.
    let triageProtocol: TriageProtocol
    let questionCount: Int
    /// What every outcome names the protocol by (the content hash is read from the protocol,
    /// which works it out on first use: a session's first question does not wait for it).
    let protocolID: String
    let protocolVersion: String

    // Tables are `FrozenTable`s: reading them costs no reference counting, unlike array
    // properties of a class. The compiled protocol never changes after `init`, and a session
    // keeps it alive while it reads them.

    // MARK: Questions
    let questionIDs: FrozenTable<String>
    let answerTypes: [AnswerType]
    let allowsUnknown: [Bool]
    /// Per question: its answer type as plain data, for checking answers without copying it.
    private let shapes: FrozenTable<QuestionShape>
    /// The option ids of every question, in `shapes[q].options`.
    private let optionIDs: FrozenTable<String>
    /// Per question: the root node of its `when`, or -1 when it is always asked.
    let whenRoots: FrozenTable<Int32>
    /// Per question: the questions its `when` reads (for the progress estimate).
    let whenInputs: [[Int]]

    // MARK: Scores
    /// Per score: the questions it combines (what `SessionContext` calls `questionIndices`).
    let scoreQuestions: [[Int]]
    let scoreMethods: FrozenTable<Score.Method>
    /// The same, flat: score `s` combines `scoreMembers[scoreMemberStart[s]..<scoreMemberStart[s + 1]]`.
    private let scoreMemberStart: FrozenTable<Int>
    private let scoreMembers: FrozenTable<Int>
    /// Every score with no value, in protocol order (the outcome fills in the values).
    let scoreTemplate: [Outcome.ScoreValue]

    // MARK: Rules
    let ruleRoots: FrozenTable<Int32>
    /// Per rule: a question that must be answered yes for the rule to hold (its condition is
    /// `q` or `q and ...`), or -1; lets the outcome skip most rules with one comparison.
    let ruleGuards: FrozenTable<Int32>
    let redFlagRules: FrozenTable<Int>
    /// Per question: the red-flag rules whose condition reads it (directly or through a score),
    /// in `redFlagsByQuestion[redFlagsByQuestionStart[q]..<redFlagsByQuestionStart[q + 1]]`.
    private let redFlagsByQuestionStart: FrozenTable<Int>
    private let redFlagsByQuestion: FrozenTable<Int>
    let ruleIsRedFlag: FrozenTable<Bool>
    let ruleIsFallback: FrozenTable<Bool>
    let ruleDecisions: FrozenTable<Decision>
    let rulePriorities: FrozenTable<Int>
    /// Per rule: the index of the destination it refers to, or -1.
    let ruleDestinations: FrozenTable<Int>
    /// Per rule: the first rule with the same id. Ids are unique in a loaded protocol, but the
    /// outcome treats rules by id, as it always has, even when a changed protocol repeats one.
    let ruleIDGroups: FrozenTable<Int>
    /// Whether every rule has its own id (always so in a loaded protocol).
    let ruleIDsAreUnique: Bool

    // MARK: What outcomes are made of
    let ruleIDs: FrozenTable<String>
    let ruleSources: FrozenTable<String>
    let ruleReasons: FrozenTable<LocalizedText>
    let ruleActions: FrozenTable<LocalizedText?>
    /// Per rule: the first rule with an equal reason (reasons are listed once).
    let ruleReasonGroups: FrozenTable<Int>
    /// Per rule: `[reason]` and `[id]`, the lists a referral starts with (shared, not rebuilt).
    let ruleReasonLists: FrozenTable<[LocalizedText]>
    let ruleIDLists: FrozenTable<[String]>
    /// Per rule: its red flag as the outcome lists it.
    let ruleRedFlags: FrozenTable<Outcome.RedFlag>
    /// The protocol's destinations.
    let destinations: FrozenTable<Destination>
    /// Per rule: the questions its condition reads (sorted, once each), for the trace, in
    /// `ruleInputs[ruleInputStart[r]..<ruleInputStart[r + 1]]`.
    let ruleInputStart: FrozenTable<Int>
    let ruleInputs: FrozenTable<Int>
    /// Per rule: the scores its condition reads (sorted, once each), for the trace, in
    /// `ruleScoreInputs[ruleScoreInputStart[r]..<ruleScoreInputStart[r + 1]]`.
    let ruleScoreInputStart: FrozenTable<Int>
    let ruleScoreInputs: FrozenTable<Int>

    // MARK: Compiled conditions (see `ConditionCompiler`)
    let nodes: FrozenTable<ConditionNode>
    let edges: FrozenTable<Int32>
    /// Per question: where its options' symbol ids start in `optionSymbols`, and how many.
    let optionStart: FrozenTable<Int32>
    let optionCount: FrozenTable<Int32>
    let optionSymbols: FrozenTable<Int32>
    /// The words of the conditions and options by symbol id.
    let words: [String]
    /// Per note, per invariant: the root node of its condition.
    let noteRoots: [Int32]
    let invariantRoots: [Int32]

    // MARK: The start of every session
    /// Whether a red flag holds before any answer (a protocol could have such a rule).
    private(set) var initiallyRaised = false
    /// The first question to ask.
    private(set) var initialIndex: Int?

    /// Compiles `spec`; `fusing: false` compiles every condition to its general nodes (for
    /// testing that the fused ones mean the same).
    init(_ spec: TriageProtocol, fusing: Bool = true) {
        triageProtocol = spec
        let questions = spec.questions
        questionCount = questions.count
        questionIDs = FrozenTable(questions.map(\.id))
        answerTypes = questions.map(\.answerType)
        allowsUnknown = questions.map(\.allowsUnknown)
        var shapes: [QuestionShape] = []
        var optionIDs: [String] = []
        for question in questions {
            let start = optionIDs.count
            optionIDs += question.answerType.options.map(\.id)
            shapes.append(
                QuestionShape(
                    question.answerType, allowsUnknown: question.allowsUnknown, integer: question.integer,
                    options: start..<optionIDs.count))
        }
        self.shapes = FrozenTable(shapes)
        self.optionIDs = FrozenTable(optionIDs)

        scoreQuestions = Self.scoreMembers(of: spec)
        scoreMethods = FrozenTable(spec.scores.map(\.method))
        let scoreMemberLists = Self.flattened(scoreQuestions)
        scoreMemberStart = FrozenTable(scoreMemberLists.starts)
        scoreMembers = FrozenTable(scoreMemberLists.elements)
        scoreTemplate = spec.scores.map { Outcome.ScoreValue(id: $0.id, dimension: $0.dimension, label: $0.label, value: nil) }

        var compiler = ConditionCompiler(questions: questions, scoreCount: spec.scores.count, fuses: fusing)
        whenRoots = FrozenTable(questions.map { $0.when.map { compiler.compile($0.expression) } ?? -1 })
        whenInputs = questions.map { $0.when?.expression.questionIndices ?? [] }
        let rules = spec.rules
        let roots = rules.map { compiler.compile($0.when.expression) }
        ruleRoots = FrozenTable(roots)
        noteRoots = spec.notes.map { compiler.compile($0.when.expression) }
        invariantRoots = spec.invariants.map { compiler.compile($0.condition.expression) }
        words = compiler.words
        nodes = FrozenTable(compiler.nodes)
        edges = FrozenTable(compiler.edges)
        optionStart = FrozenTable(compiler.optionStart)
        optionCount = FrozenTable(compiler.optionCount)
        optionSymbols = FrozenTable(compiler.optionSymbols)

        ruleIDs = FrozenTable(rules.map(\.id))
        ruleSources = FrozenTable(rules.map(\.when.source))
        ruleIsRedFlag = FrozenTable(rules.map(\.isRedFlag))
        ruleIsFallback = FrozenTable(rules.map(\.isFallback))
        ruleDecisions = FrozenTable(rules.map(\.decision))
        rulePriorities = FrozenTable(rules.map(\.priority))
        ruleReasons = FrozenTable(rules.map(\.reason))
        ruleActions = FrozenTable(rules.map(\.action))
        let destinations = spec.destinations
        let destinationIndices = rules.map { rule in rule.referTo.flatMap { id in destinations.firstIndex { $0.id == id } } ?? -1 }
        ruleDestinations = FrozenTable(destinationIndices)
        var reasonGroups: [Int] = []
        var idGroups: [Int] = []
        var firstByID: [String: Int] = [:]
        var firstByReason: [LocalizedText: Int] = [:]
        for (index, rule) in rules.enumerated() {
            if firstByReason[rule.reason] == nil { firstByReason[rule.reason] = index }
            reasonGroups.append(firstByReason[rule.reason] ?? index)
            if firstByID[rule.id] == nil { firstByID[rule.id] = index }
            idGroups.append(firstByID[rule.id] ?? index)
        }
        ruleReasonGroups = FrozenTable(reasonGroups)
        ruleIDGroups = FrozenTable(idGroups)
        self.destinations = FrozenTable(destinations)
        ruleReasonLists = FrozenTable(rules.map { [$0.reason] })
        ruleIDLists = FrozenTable(rules.map { [$0.id] })
        protocolID = spec.id
        protocolVersion = spec.version
        ruleRedFlags = FrozenTable(rules.map { Outcome.RedFlag(ruleID: $0.id, reason: $0.reason, action: $0.action) })
        ruleIDsAreUnique = idGroups.enumerated().allSatisfy { $0.offset == $0.element }
        ruleGuards = FrozenTable(
            roots.map { root in
                var node = compiler.nodes[Int(root)]
                if node.op == .and, node.b > 0 { node = compiler.nodes[Int(compiler.edges[Int(node.a)])] }
                return node.op == .question ? node.a : -1
            })
        let scoreCount = spec.scores.count
        var inputs: [[Int]] = []
        var scoreInputs: [[Int]] = []
        var redFlags: [Int] = []
        var readers = Array(repeating: [Int](), count: questions.count)
        for (index, rule) in rules.enumerated() {
            let expression = rule.when.expression
            let questionsRead = Set(expression.questionIndices)
            inputs.append(questionsRead.sorted())
            var scoresRead = Set<Int>()
            expression.visit { if case .score(_, let score) = $0 { scoresRead.insert(score) } }
            scoreInputs.append(scoresRead.sorted().filter { $0 >= 0 && $0 < scoreCount })
            guard rule.isRedFlag else { continue }
            redFlags.append(index)
            var read = questionsRead
            for score in scoresRead where score >= 0 && score < scoreCount { read.formUnion(scoreQuestions[score]) }
            for question in read.sorted() where question >= 0 && question < questions.count { readers[question].append(index) }
        }
        let ruleInputLists = Self.flattened(inputs)
        ruleInputStart = FrozenTable(ruleInputLists.starts)
        ruleInputs = FrozenTable(ruleInputLists.elements)
        let ruleScoreInputLists = Self.flattened(scoreInputs)
        ruleScoreInputStart = FrozenTable(ruleScoreInputLists.starts)
        ruleScoreInputs = FrozenTable(ruleScoreInputLists.elements)
        redFlagRules = FrozenTable(redFlags)
        let redFlagsByQuestionLists = Self.flattened(readers)
        redFlagsByQuestionStart = FrozenTable(redFlagsByQuestionLists.starts)
        redFlagsByQuestion = FrozenTable(redFlagsByQuestionLists.elements)

        // Every session starts the same way: no answers.
        let empty = [AnswerCode](repeating: .none, count: questionCount)
        let (raised, next) = empty.withUnsafeBufferPointer { codes in
            [Outcome.AnsweredQuestion]().withUnsafeBufferPointer { answered in
                let machine = liveMachine(codes, answered)
                if redFlags.contains(where: { machine.holds(ruleRoots[$0]) }) { return (true, Int?.none) }
                return (false, firstAsked(from: 0, machine))
            }
        }
        initiallyRaised = raised
        initialIndex = next
    }

    /// Per score of `spec`: the indices of the questions it combines, in its order (a question
    /// id the protocol repeats means its first question; an unknown id, none).
    static func scoreMembers(of spec: TriageProtocol) -> [[Int]] {
        var positions: [String: Int] = [:]
        for (index, question) in spec.questions.enumerated() where positions[question.id] == nil {
            positions[question.id] = index
        }
        return spec.scores.map { $0.questionIDs.compactMap { positions[$0] } }
    }

    /// Lists as one array and where each starts (with the end as a last start).
    private static func flattened(_ lists: [[Int]]) -> (starts: [Int], elements: [Int]) {
        var starts = [0]
        for list in lists { starts.append(starts[starts.count - 1] + list.count) }
        return (starts, lists.flatMap { $0 })
    }

    // MARK: - Evaluating

    /// A machine that computes scores when a condition reads them.
    @inline(__always)
    func liveMachine(
        _ codes: UnsafeBufferPointer<AnswerCode>, _ answered: UnsafeBufferPointer<Outcome.AnsweredQuestion>
    ) -> ConditionMachine<LiveScores> {
        ConditionMachine(plan: self, codes: codes, scores: LiveScores(plan: self, codes: codes), answered: answered)
    }

    /// The value of score `index` for these answers.
    @inline(__always)
    func score(_ index: Int, _ codes: UnsafeBufferPointer<AnswerCode>) -> Double? {
        var accumulator = ScoreAccumulator()
        for member in scoreMemberStart[index]..<scoreMemberStart[index + 1] {
            accumulator.add(codes[scoreMembers[member]])
        }
        return accumulator.value(scoreMethods[index])
    }

    /// Whether a red-flag rule that reads question `index` holds (when none held before `index`
    /// was answered, only these can hold now).
    @inline(__always)
    func anyRedFlag<Scores>(reading index: Int, _ machine: ConditionMachine<Scores>) -> Bool {
        for position in redFlagsByQuestionStart[index]..<redFlagsByQuestionStart[index + 1]
        where machine.holds(ruleRoots[redFlagsByQuestion[position]]) {
            return true
        }
        return false
    }

    /// Whether question `index` is asked: it has no `when`, or its `when` holds.
    @inline(__always)
    func isAsked<Scores>(_ index: Int, _ machine: ConditionMachine<Scores>) -> Bool {
        let root = whenRoots[index]
        return root < 0 || machine.holds(root)
    }

    /// The first question from `start` on that is unanswered and asked.
    func firstAsked<Scores>(from start: Int, _ machine: ConditionMachine<Scores>) -> Int? {
        var index = start
        while index < questionCount {
            if machine.codes[index].kind == .none, isAsked(index, machine) { return index }
            index += 1
        }
        return nil
    }

    /// Whether any red-flag rule holds.
    func anyRedFlag<Scores>(_ machine: ConditionMachine<Scores>) -> Bool {
        redFlagRules.firstIndex { machine.holds(ruleRoots[$0]) } != nil
    }

    // MARK: - Answers

    /// Checks `value` against question `index` and returns its code; the errors of
    /// `TriageSession.validate(_:for:)`.
    func code(for value: AnswerValue, at index: Int) throws(AnswerError) -> AnswerCode {
        // The answers that fit, from plain data; anything else goes to the full check below,
        // which gives the same code or throws the precise error.
        let shape = shapes[index]
        switch value {
        case .unknown:
            if shape.allowsUnknown { return AnswerCode(kind: .unknown) }
        case .yesNo(let flag):
            if shape.kind == .yesNo { return AnswerCode(kind: flag ? .yes : .no) }
        case .text:
            if shape.kind == .text { return AnswerCode(kind: .text) }
        case .number(let number):
            switch shape.kind {
            case .scale:
                if number == number.rounded(), number >= shape.low, number <= shape.high { return AnswerCode(kind: .number, bits: number.bitPattern) }
            case .number:
                if number >= shape.low, number <= shape.high, !shape.integer || number == number.rounded() {
                    return AnswerCode(kind: .number, bits: number.bitPattern)
                }
            default: break
            }
        case .choice(let option):
            if shape.kind == .singleChoice, let position = position(of: option, in: shape.options) {
                return AnswerCode(kind: .choice, bits: UInt64(position - shape.options.lowerBound))
            }
        case .choices(let chosen):
            guard shape.kind == .multipleChoice else { break }
            var mask: UInt64 = 0
            var known = true
            for option in chosen {
                guard let position = position(of: option, in: shape.options) else {
                    known = false
                    break
                }
                let offset = position - shape.options.lowerBound
                if offset < 64 { mask |= 1 << UInt64(offset) }
            }
            if known { return AnswerCode(kind: .choices, count: UInt32(truncatingIfNeeded: chosen.count), bits: mask) }
        }
        return try Self.code(
            for: value, type: answerTypes[index], allowsUnknown: allowsUnknown[index], integer: shape.integer, id: questionIDs[index])
    }

    /// Where `option` is among the option ids in `range` (the first, if repeated).
    @inline(__always)
    private func position(of option: String, in range: Range<Int>) -> Int? {
        for position in range where optionIDs[position] == option { return position }
        return nil
    }

    /// Checks `value` against an answer type; its code when it fits.
    static func code(
        for value: AnswerValue, type: AnswerType, allowsUnknown: Bool, integer: Bool, id: @autoclosure () -> String
    ) throws(AnswerError) -> AnswerCode {
        if case .unknown = value {
            guard allowsUnknown else { throw .unknownNotAllowed(question: id()) }
            return AnswerCode(kind: .unknown)
        }
        switch (type, value) {
        case (.yesNo, .yesNo(let flag)): return AnswerCode(kind: flag ? .yes : .no)
        case (.text, .text): return AnswerCode(kind: .text)
        case (.singleChoice(let options), .choice(let option)):
            guard let position = options.firstIndex(where: { $0.id == option }) else {
                throw .unknownOption(question: id(), option: option, options: options.map(\.id))
            }
            return AnswerCode(kind: .choice, bits: UInt64(position))
        case (.multipleChoice(let options), .choices(let chosen)):
            var mask: UInt64 = 0
            for option in chosen {
                guard let position = options.firstIndex(where: { $0.id == option }) else {
                    throw .unknownOption(question: id(), option: option, options: options.map(\.id))
                }
                if position < 64 { mask |= 1 << UInt64(position) }
            }
            return AnswerCode(kind: .choices, count: UInt32(truncatingIfNeeded: chosen.count), bits: mask)
        case (.scale(let low, let high), .number(let number)):
            guard number == number.rounded() else { throw .notWholeNumber(question: id(), value: number) }
            guard number >= Double(low), number <= Double(high) else {
                throw .outOfRange(question: id(), value: number, min: Double(low), max: Double(high))
            }
            return AnswerCode(kind: .number, bits: number.bitPattern)
        case (.number(let low, let high), .number(let number)):
            guard !integer || number == number.rounded() else { throw .notWholeNumber(question: id(), value: number) }
            guard number >= low, number <= high else { throw .outOfRange(question: id(), value: number, min: low, max: high) }
            return AnswerCode(kind: .number, bits: number.bitPattern)
        default:
            throw .wrongType(question: id(), expected: expectation(type, integer: integer))
        }
    }

    private static func expectation(_ type: AnswerType, integer: Bool) -> String {
        switch type {
        case .yesNo: "yes or no"
        case .singleChoice: "one option"
        case .multipleChoice: "a list of options"
        case .scale(let low, let high): "a whole number \(low)–\(high)"
        case .number(let low, let high):
            "\(integer ? "a whole number" : "a number") \(Expression.format(low))–\(Expression.format(high))"
        case .text: "text"
        }
    }
}

/// A question's answer type and "weet niet" as plain data.
struct QuestionShape {
    enum Kind { case yesNo, singleChoice, multipleChoice, scale, number, text }

    var kind: Kind
    var allowsUnknown: Bool
    /// A number question that takes whole numbers only.
    var integer = false
    /// The range of a scale or number question.
    var low = 0.0
    var high = 0.0
    /// Where the question's option ids are in `CompiledProtocol.optionIDs`.
    var options: Range<Int>

    init(_ type: AnswerType, allowsUnknown: Bool, integer: Bool, options: Range<Int>) {
        self.allowsUnknown = allowsUnknown
        self.integer = integer
        self.options = options
        switch type {
        case .yesNo: kind = .yesNo
        case .singleChoice: kind = .singleChoice
        case .multipleChoice: kind = .multipleChoice
        case .scale(let min, let max):
            kind = .scale
            (low, high) = (Double(min), Double(max))
        case .number(let min, let max):
            kind = .number
            (low, high) = (min, max)
        case .text: kind = .text
        }
    }
}

/// Scores computed from the answer codes when a condition reads them.
struct LiveScores: ScoreSource {
    unowned(unsafe) let plan: CompiledProtocol
    let codes: UnsafeBufferPointer<AnswerCode>

    @inline(__always)
    func score(_ index: Int) -> Double? { plan.score(index, codes) }
}

/// Scores computed from the answer codes, and the outcome an invariant reads.
struct OutcomeScores: ScoreSource {
    let live: LiveScores
    let outcome: OutcomeFacts?

    func score(_ index: Int) -> Double? { live.score(index) }
}

/// Scores computed once (for the outcome, where every rule is evaluated).
struct FixedScores: ScoreSource {
    let values: UnsafeBufferPointer<Double?>

    @inline(__always)
    func score(_ index: Int) -> Double? { values[index] }
}
