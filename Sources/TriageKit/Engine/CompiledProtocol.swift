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

    // Tables are in memory the plan owns (`own`, freed in `deinit`): reading them costs no
    // reference counting, unlike array properties of a class. The plan never changes after
    // `init`, and a session keeps it alive while it reads them.

    // MARK: Questions
    let questionIDs: UnsafeBufferPointer<String>
    let answerTypes: [AnswerType]
    let allowsUnknown: [Bool]
    /// Per question: its answer type as plain data, for checking answers without copying it.
    private let shapes: UnsafeBufferPointer<QuestionShape>
    /// The option ids of every question, in `shapes[q].options`.
    private let optionIDs: UnsafeBufferPointer<String>
    /// Per question: the root node of its `when`, or -1 when it is always asked.
    let whenRoots: UnsafeBufferPointer<Int32>
    /// Per question: the questions its `when` reads (for the progress estimate).
    let whenInputs: [[Int]]

    // MARK: Scores
    /// Per score: the questions it combines (what `SessionContext` calls `questionIndices`).
    let scoreQuestions: [[Int]]
    let scoreMethods: UnsafeBufferPointer<Score.Method>
    /// The same, flat: score `s` combines `scoreMembers[scoreMemberStart[s]..<scoreMemberStart[s + 1]]`.
    private let scoreMemberStart: UnsafeBufferPointer<Int>
    private let scoreMembers: UnsafeBufferPointer<Int>
    /// Every score with no value, in protocol order (the outcome fills in the values).
    let scoreTemplate: [Outcome.ScoreValue]

    // MARK: Rules
    let ruleRoots: UnsafeBufferPointer<Int32>
    /// Per rule: a question that must be answered yes for the rule to hold (its condition is
    /// `q` or `q and ...`), or -1; lets the outcome skip most rules with one comparison.
    let ruleGuards: UnsafeBufferPointer<Int32>
    let redFlagRules: UnsafeBufferPointer<Int>
    /// Per question: the red-flag rules whose condition reads it (directly or through a score),
    /// in `redFlagsByQuestion[redFlagsByQuestionStart[q]..<redFlagsByQuestionStart[q + 1]]`.
    private let redFlagsByQuestionStart: UnsafeBufferPointer<Int>
    private let redFlagsByQuestion: UnsafeBufferPointer<Int>
    let ruleIsRedFlag: UnsafeBufferPointer<Bool>
    let ruleIsFallback: UnsafeBufferPointer<Bool>
    let ruleDecisions: UnsafeBufferPointer<Decision>
    let rulePriorities: UnsafeBufferPointer<Int>
    /// Per rule: the index of the destination it refers to, or -1.
    let ruleDestinations: UnsafeBufferPointer<Int>
    /// Per rule: the first rule with the same id. Ids are unique in a loaded protocol, but the
    /// outcome treats rules by id, as it always has, even when a changed protocol repeats one.
    let ruleIDGroups: UnsafeBufferPointer<Int>
    /// Whether every rule has its own id (always so in a loaded protocol).
    let ruleIDsAreUnique: Bool

    // MARK: What outcomes are made of
    let ruleIDs: UnsafeBufferPointer<String>
    let ruleSources: UnsafeBufferPointer<String>
    let ruleReasons: UnsafeBufferPointer<LocalizedText>
    let ruleActions: UnsafeBufferPointer<LocalizedText?>
    /// Per rule: the first rule with an equal reason (reasons are listed once).
    let ruleReasonGroups: UnsafeBufferPointer<Int>
    /// Per rule: `[reason]` and `[id]`, the lists a referral starts with (shared, not rebuilt).
    let ruleReasonLists: UnsafeBufferPointer<[LocalizedText]>
    let ruleIDLists: UnsafeBufferPointer<[String]>
    /// Per rule: its red flag as the outcome lists it.
    let ruleRedFlags: UnsafeBufferPointer<Outcome.RedFlag>
    /// The protocol's destinations.
    let destinations: UnsafeBufferPointer<Destination>
    /// Per rule: the questions its condition reads (sorted, once each), for the trace, in
    /// `ruleInputs[ruleInputStart[r]..<ruleInputStart[r + 1]]`.
    let ruleInputStart: UnsafeBufferPointer<Int>
    let ruleInputs: UnsafeBufferPointer<Int>
    /// Per rule: the scores its condition reads (sorted, once each), for the trace, in
    /// `ruleScoreInputs[ruleScoreInputStart[r]..<ruleScoreInputStart[r + 1]]`.
    let ruleScoreInputStart: UnsafeBufferPointer<Int>
    let ruleScoreInputs: UnsafeBufferPointer<Int>

    // MARK: Compiled conditions (see `ConditionCompiler`)
    let nodes: UnsafeBufferPointer<ConditionNode>
    let edges: UnsafeBufferPointer<Int32>
    /// Per question: where its options' symbol ids start in `optionSymbols`, and how many.
    let optionStart: UnsafeBufferPointer<Int32>
    let optionCount: UnsafeBufferPointer<Int32>
    let optionSymbols: UnsafeBufferPointer<Int32>
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
        questionIDs = Self.own(questions.map(\.id))
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
        self.shapes = Self.own(shapes)
        self.optionIDs = Self.own(optionIDs)

        var positions: [String: Int] = [:]
        for (index, question) in questions.enumerated() where positions[question.id] == nil {
            positions[question.id] = index
        }
        scoreQuestions = spec.scores.map { $0.questionIDs.compactMap { positions[$0] } }
        scoreMethods = Self.own(spec.scores.map(\.method))
        (scoreMemberStart, scoreMembers) = Self.own(Self.flattened(scoreQuestions))
        scoreTemplate = spec.scores.map { Outcome.ScoreValue(id: $0.id, dimension: $0.dimension, label: $0.label, value: nil) }

        var compiler = ConditionCompiler(questions: questions, scoreCount: spec.scores.count, fuses: fusing)
        whenRoots = Self.own(questions.map { $0.when.map { compiler.compile($0.expression) } ?? -1 })
        whenInputs = questions.map { $0.when?.expression.questionIndices ?? [] }
        let rules = spec.rules
        let roots = rules.map { compiler.compile($0.when.expression) }
        ruleRoots = Self.own(roots)
        noteRoots = spec.notes.map { compiler.compile($0.when.expression) }
        invariantRoots = spec.invariants.map { compiler.compile($0.condition.expression) }
        words = compiler.words
        nodes = Self.own(compiler.nodes)
        edges = Self.own(compiler.edges)
        optionStart = Self.own(compiler.optionStart)
        optionCount = Self.own(compiler.optionCount)
        optionSymbols = Self.own(compiler.optionSymbols)

        ruleIDs = Self.own(rules.map(\.id))
        ruleSources = Self.own(rules.map(\.when.source))
        ruleIsRedFlag = Self.own(rules.map(\.isRedFlag))
        ruleIsFallback = Self.own(rules.map(\.isFallback))
        ruleDecisions = Self.own(rules.map(\.decision))
        rulePriorities = Self.own(rules.map(\.priority))
        ruleReasons = Self.own(rules.map(\.reason))
        ruleActions = Self.own(rules.map(\.action))
        let destinations = spec.destinations
        let destinationIndices = rules.map { rule in rule.referTo.flatMap { id in destinations.firstIndex { $0.id == id } } ?? -1 }
        ruleDestinations = Self.own(destinationIndices)
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
        ruleReasonGroups = Self.own(reasonGroups)
        ruleIDGroups = Self.own(idGroups)
        self.destinations = Self.own(destinations)
        ruleReasonLists = Self.own(rules.map { [$0.reason] })
        ruleIDLists = Self.own(rules.map { [$0.id] })
        protocolID = spec.id
        protocolVersion = spec.version
        ruleRedFlags = Self.own(rules.map { Outcome.RedFlag(ruleID: $0.id, reason: $0.reason, action: $0.action) })
        ruleIDsAreUnique = idGroups.enumerated().allSatisfy { $0.offset == $0.element }
        ruleGuards = Self.own(
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
        (ruleInputStart, ruleInputs) = Self.own(Self.flattened(inputs))
        (ruleScoreInputStart, ruleScoreInputs) = Self.own(Self.flattened(scoreInputs))
        redFlagRules = Self.own(redFlags)
        (redFlagsByQuestionStart, redFlagsByQuestion) = Self.own(Self.flattened(readers))

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

    /// Lists as one array and where each starts (with the end as a last start).
    private static func flattened(_ lists: [[Int]]) -> (starts: [Int], elements: [Int]) {
        var starts = [0]
        for list in lists { starts.append(starts[starts.count - 1] + list.count) }
        return (starts, lists.flatMap { $0 })
    }

    /// `array` as a table this plan owns (freed in `deinit`).
    private static func own<Element>(_ array: [Element]) -> UnsafeBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: array.count)
        _ = buffer.initialize(from: array)
        return UnsafeBufferPointer(buffer)
    }

    private static func own(_ lists: (starts: [Int], elements: [Int])) -> (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>) {
        (own(lists.starts), own(lists.elements))
    }

    private static func free<Element>(_ table: UnsafeBufferPointer<Element>) {
        let buffer = UnsafeMutableBufferPointer(mutating: table)
        buffer.deinitialize()
        buffer.deallocate()
    }

    deinit {
        Self.free(nodes)
        Self.free(edges)
        Self.free(optionStart)
        Self.free(optionCount)
        Self.free(optionSymbols)
        Self.free(questionIDs)
        Self.free(shapes)
        Self.free(optionIDs)
        Self.free(whenRoots)
        Self.free(scoreMethods)
        Self.free(scoreMemberStart)
        Self.free(scoreMembers)
        Self.free(ruleRoots)
        Self.free(redFlagRules)
        Self.free(redFlagsByQuestionStart)
        Self.free(redFlagsByQuestion)
        Self.free(ruleIDs)
        Self.free(ruleSources)
        Self.free(ruleIsRedFlag)
        Self.free(ruleIsFallback)
        Self.free(ruleDecisions)
        Self.free(rulePriorities)
        Self.free(ruleReasons)
        Self.free(ruleActions)
        Self.free(ruleDestinations)
        Self.free(ruleReasonGroups)
        Self.free(ruleIDGroups)
        Self.free(ruleGuards)
        Self.free(destinations)
        Self.free(ruleReasonLists)
        Self.free(ruleIDLists)
        Self.free(ruleRedFlags)
        Self.free(ruleInputStart)
        Self.free(ruleInputs)
        Self.free(ruleScoreInputStart)
        Self.free(ruleScoreInputs)
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

    /// The red-flag rules that read question `index`.
    @inline(__always)
    func redFlagRules(reading index: Int) -> UnsafeBufferPointer<Int> {
        UnsafeBufferPointer(rebasing: redFlagsByQuestion[redFlagsByQuestionStart[index]..<redFlagsByQuestionStart[index + 1]])
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
        redFlagRules.contains { machine.holds(ruleRoots[$0]) }
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
