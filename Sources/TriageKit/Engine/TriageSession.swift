/// A GP's walk through a protocol: which question comes next, the answers so far, going
/// back or changing an answer, and finally the `Outcome`.
///
/// A value type: copy it to try an answer without committing to it. Every method that
/// can fail throws `AnswerError` and leaves the session unchanged.
public struct TriageSession: Sendable {
    /// How far the walk is.
    public struct Progress: Sendable, Hashable {
        /// Questions answered so far.
        public var answered: Int
        /// An estimate of the questions still to come (those whose `when` holds now or is open).
        public var remaining: Int
    }

    /// The protocol being walked.
    public let triageProtocol: TriageProtocol
    /// The social map used to name local services, if any.
    public let socialMap: SocialMap?

    private var context: SessionContext
    /// Question indices in the order they were answered.
    private var history: [Int] = []
    private let redFlagRules: [Rule]
    /// The index of the question to ask now; `nil` when complete. Kept up to date by every
    /// mutation, so a walk costs one pass over the questions, not one per answer.
    private var nextIndex: Int?
    /// Whether a red-flag rule holds for the current answers.
    public private(set) var redFlagRaised = false

    /// Starts a session with no answers.
    public init(protocol triageProtocol: TriageProtocol, socialMap: SocialMap? = nil) {
        self.triageProtocol = triageProtocol
        self.socialMap = socialMap
        var positions: [String: Int] = [:]
        for (index, question) in triageProtocol.questions.enumerated() where positions[question.id] == nil {
            positions[question.id] = index
        }
        let scoreQuestions = triageProtocol.scores.map { $0.questionIDs.compactMap { positions[$0] } }
        context = SessionContext(
            triageProtocol: triageProtocol, questionIndices: scoreQuestions,
            answers: Array(repeating: nil, count: triageProtocol.questions.count))
        redFlagRules = triageProtocol.rules.filter(\.isRedFlag)
        refresh(from: 0)
    }

    // MARK: - Walking

    /// The question to ask now, or `nil` when the session is complete.
    public var nextQuestion: Question? {
        nextIndex.map { triageProtocol.questions[$0] }
    }

    /// Whether every question that applies has been answered, or a red flag stopped the walk.
    public var isComplete: Bool { nextIndex == nil }

    /// Recomputes the red-flag state and the next question, scanning from `start`.
    /// Questions before `start` must be answered or not asked (their `when` reads only
    /// earlier answers, so that cannot change by answering a later question).
    private mutating func refresh(from start: Int) {
        redFlagRaised = redFlagRules.contains { Evaluator.holds($0.when.expression, in: context) }
        if redFlagRaised {
            nextIndex = nil
            return
        }
        var index = start
        while index < context.answers.count {
            if context.answers[index] == nil, isAsked(index, in: context) {
                nextIndex = index
                return
            }
            index += 1
        }
        nextIndex = nil
    }

    private func isAsked(_ index: Int, in context: SessionContext) -> Bool {
        guard let when = triageProtocol.questions[index].when else { return true }
        return Evaluator.holds(when.expression, in: context)
    }

    /// How many questions were answered and roughly how many remain.
    public var progress: Progress {
        guard let next = nextIndex else { return Progress(answered: history.count, remaining: 0) }
        let remaining = (next..<triageProtocol.questions.count).count { index in
            guard context.answers[index] == nil else { return false }
            guard let when = triageProtocol.questions[index].when else { return true }
            let waitsForLaterAnswer = when.expression.questionIndices.contains { context.answers[$0] == nil }
            return waitsForLaterAnswer || Evaluator.holds(when.expression, in: context)
        }
        return Progress(answered: history.count, remaining: remaining)
    }

    /// The answers so far, in the order they were given.
    public var answers: [(question: Question, answer: AnswerValue)] {
        history.compactMap { index in context.answers[index].map { (triageProtocol.questions[index], $0) } }
    }

    /// The current answer to question `id`, if any.
    public func answer(for id: String) -> AnswerValue? {
        triageProtocol.questions.firstIndex { $0.id == id }.flatMap { context.answers[$0] }
    }

    // MARK: - Answering

    /// Answers the current question.
    public mutating func answer(_ value: AnswerValue) throws(AnswerError) {
        guard let index = nextIndex else { throw .notAsked(triageProtocol.questions.last?.id ?? "") }
        try Self.validate(value, for: triageProtocol.questions[index])
        context.answers[index] = value
        history.append(index)
        refresh(from: index + 1)
    }

    /// Answers the current question from text as a GP types it ("ja", "2", "1,3", "weet niet").
    public mutating func answer(text: String) throws(AnswerError) {
        guard let question = nextQuestion else { throw .notAsked("") }
        try answer(AnswerParser.parse(text, for: question).get())
    }

    /// Answers question `id`: the current question, or one answered before (then it is a change).
    public mutating func answer(_ value: AnswerValue, to id: String) throws(AnswerError) {
        guard let index = triageProtocol.questions.firstIndex(where: { $0.id == id }) else { throw .unknownQuestion(id) }
        if index == nextIndex {
            try answer(value)
        } else if context.answers[index] != nil {
            try change(id, to: value)
        } else {
            throw .notAsked(id)
        }
    }

    /// Takes back the last answer; returns the question that is asked again.
    @discardableResult
    public mutating func goBack() -> Question? {
        guard let last = history.popLast() else { return nil }
        context.answers[last] = nil
        prune()
        return triageProtocol.questions[last]
    }

    /// Changes an earlier answer. Answers to questions that are no longer asked are dropped;
    /// the others are kept.
    public mutating func change(_ id: String, to value: AnswerValue) throws(AnswerError) {
        guard let index = triageProtocol.questions.firstIndex(where: { $0.id == id }) else { throw .unknownQuestion(id) }
        guard context.answers[index] != nil else { throw .notAsked(id) }
        try Self.validate(value, for: triageProtocol.questions[index])
        context.answers[index] = value
        prune()
    }

    /// Keeps only the answers to questions that the walk would still ask.
    private mutating func prune() {
        var kept = SessionContext(
            triageProtocol: triageProtocol, questionIndices: context.questionIndices,
            answers: Array(repeating: nil, count: context.answers.count))
        for index in context.answers.indices {
            if redFlagRules.contains(where: { Evaluator.holds($0.when.expression, in: kept) }) { break }
            guard let value = context.answers[index], isAsked(index, in: kept) else { continue }
            kept.answers[index] = value
        }
        context = kept
        history.removeAll { kept.answers[$0] == nil }
        refresh(from: 0)
    }

    /// Checks that `value` fits the question's answer type.
    public static func validate(_ value: AnswerValue, for question: Question) throws(AnswerError) {
        let id = question.id
        if value == .unknown {
            guard question.allowsUnknown else { throw .unknownNotAllowed(question: id) }
            return
        }
        switch (question.answerType, value) {
        case (.yesNo, .yesNo), (.text, .text): return
        case (.singleChoice(let options), .choice(let option)):
            guard options.contains(where: { $0.id == option }) else {
                throw .unknownOption(question: id, option: option, options: options.map(\.id))
            }
        case (.multipleChoice(let options), .choices(let chosen)):
            for option in chosen where !options.contains(where: { $0.id == option }) {
                throw .unknownOption(question: id, option: option, options: options.map(\.id))
            }
        case (.scale(let low, let high), .number(let number)):
            guard number == number.rounded() else { throw .notWholeNumber(question: id, value: number) }
            guard number >= Double(low), number <= Double(high) else {
                throw .outOfRange(question: id, value: number, min: Double(low), max: Double(high))
            }
        case (.number(let low, let high), .number(let number)):
            guard number >= low, number <= high else { throw .outOfRange(question: id, value: number, min: low, max: high) }
        default:
            throw .wrongType(question: id, expected: Self.expectation(question.answerType))
        }
    }

    private static func expectation(_ type: AnswerType) -> String {
        switch type {
        case .yesNo: "yes or no"
        case .singleChoice: "one option"
        case .multipleChoice: "a list of options"
        case .scale(let low, let high): "a whole number \(low)–\(high)"
        case .number(let low, let high): "a number \(Expression.format(low))–\(Expression.format(high))"
        case .text: "text"
        }
    }

    // MARK: - Outcome

    /// The recommendation for the answers so far (normally called once `isComplete`).
    public func outcome() -> Outcome {
        OutcomeBuilder(
            triageProtocol: triageProtocol, socialMap: socialMap, context: context, history: history, recordsEvaluations: true
        ).build()
    }

    /// The invariants that the current outcome violates (empty when all hold).
    public func violatedInvariants() -> [Invariant] {
        let outcomeContext = OutcomeContext(session: context, outcome: outcome())
        return triageProtocol.invariants.filter { !Evaluator.holds($0.condition.expression, in: outcomeContext) }
    }
}
