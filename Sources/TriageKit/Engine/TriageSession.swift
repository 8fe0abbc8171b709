/// A GP's walk through a protocol: which question comes next, the answers so far, going
/// back or changing an answer, and finally the `Outcome`.
///
/// A value type: copy it to try an answer without committing to it. Every method that
/// can fail throws `AnswerError` and leaves the session unchanged.
///
/// Starting a session compiles the protocol for the engine. To run many sessions on one
/// protocol, start one and copy it for each: copies share the compiled protocol.
public struct TriageSession: Sendable {
    /// How far the walk is.
    public struct Progress: Sendable, Hashable {
        /// Questions answered so far.
        public var answered: Int
        /// An estimate of the questions still to come (those whose `when` holds now or is open).
        public var remaining: Int
    }

    /// The protocol being walked.
    public var triageProtocol: TriageProtocol { compiled.triageProtocol }
    /// The social map used to name local services, if any.
    public let socialMap: SocialMap?

    /// The compiled protocol, shared by every session on it.
    let compiled: CompiledProtocol
    /// Per question: its answer as the compiled conditions read it (`none`: not answered),
    /// and where the answer is in `answered`.
    private var codes: [AnswerCode]
    /// The answers in the order they were given: what the outcome lists as its answers.
    private var answered: [Outcome.AnsweredQuestion] = []
    /// The index of the question to ask now; `nil` when complete. Kept up to date by every
    /// mutation, so a walk costs one pass over the questions, not one per answer.
    private var nextIndex: Int?
    /// Whether a red-flag rule holds for the current answers.
    public private(set) var redFlagRaised = false

    /// Starts a session with no answers, compiling the protocol.
    ///
    /// Compiling costs more than a session: to run many, start one and copy it.
    public init(protocol triageProtocol: borrowing TriageProtocol, socialMap: SocialMap? = nil) {
        self.init(compiled: CompiledProtocol(copy triageProtocol), socialMap: socialMap)
    }

    /// Starts a session with no answers on a protocol compiled before.
    init(compiled: CompiledProtocol, socialMap: SocialMap? = nil) {
        self.compiled = compiled
        self.socialMap = socialMap
        codes = Array(repeating: .none, count: compiled.questionCount)
        answered.reserveCapacity(compiled.questionCount)
        redFlagRaised = compiled.initiallyRaised
        nextIndex = compiled.initialIndex
    }

    // MARK: - Walking

    /// The question to ask now, or `nil` when the session is complete.
    public var nextQuestion: Question? {
        nextIndex.map { compiled.triageProtocol.questions[$0] }
    }

    /// Whether every question that applies has been answered, or a red flag stopped the walk.
    public var isComplete: Bool { nextIndex == nil }

    /// Runs `body` with the compiled conditions reading the current answers.
    @inline(__always)
    private func withMachine<Result>(_ body: (ConditionMachine<LiveScores>) -> Result) -> Result {
        let compiled = compiled
        return codes.withUnsafeBufferPointer { codes in
            answered.withUnsafeBufferPointer { answered in body(compiled.liveMachine(codes, answered)) }
        }
    }

    /// Recomputes the red-flag state and the next question, scanning from `start`.
    /// Questions before `start` must be answered or not asked (their `when` reads only
    /// earlier answers, so that cannot change by answering a later question).
    private mutating func refresh(from start: Int) {
        let compiled = compiled
        (redFlagRaised, nextIndex) = withMachine { machine in
            compiled.anyRedFlag(machine) ? (true, nil) : (false, compiled.firstAsked(from: start, machine))
        }
    }

    /// How many questions were answered and roughly how many remain.
    public var progress: Progress {
        guard let next = nextIndex else { return Progress(answered: answered.count, remaining: 0) }
        let compiled = compiled
        let remaining = withMachine { machine in
            (next..<compiled.questionCount).count { index in
                guard machine.codes[index].kind == .none else { return false }
                let when = compiled.whenRoots[index]
                guard when >= 0 else { return true }
                let waitsForLaterAnswer = compiled.whenInputs[index].contains { machine.codes[$0].kind == .none }
                return waitsForLaterAnswer || machine.holds(when)
            }
        }
        return Progress(answered: answered.count, remaining: remaining)
    }

    /// The answers so far, in the order they were given.
    public var answers: [(question: Question, answer: AnswerValue)] {
        let questions = compiled.triageProtocol.questions
        return zip(answerOrder(), answered).compactMap { index, entry in entry.answer.map { (questions[index], $0) } }
    }

    /// The current answer to question `id`, if any.
    public func answer(for id: String) -> AnswerValue? {
        compiled.questionIDs.firstIndex(of: id).flatMap { answer(at: $0) }
    }

    /// The answer to the question at `index`, if any.
    private func answer(at index: Int) -> AnswerValue? {
        let code = codes[index]
        return code.kind == .none ? nil : answered[Int(code.position)].answer
    }

    /// The question index of each answer in `answered`.
    private func answerOrder() -> [Int] {
        var order = Array(repeating: 0, count: answered.count)
        for index in codes.indices where codes[index].kind != .none { order[Int(codes[index].position)] = index }
        return order
    }

    // MARK: - Answering

    /// Answers the current question.
    public mutating func answer(_ value: AnswerValue) throws(AnswerError) {
        guard let index = nextIndex else { throw .notAsked(compiled.questionIDs.last ?? "") }
        var code = try compiled.code(for: value, at: index)
        code.position = UInt32(truncatingIfNeeded: answered.count)
        codes[index] = code
        answered.append(Outcome.AnsweredQuestion(questionID: compiled.questionIDs[index], answer: value))
        // No red flag held before this answer, so only the red-flag rules that read this
        // question can hold now.
        let compiled = compiled
        (redFlagRaised, nextIndex) = withMachine { machine in
            compiled.anyRedFlag(reading: index, machine) ? (true, nil) : (false, compiled.firstAsked(from: index + 1, machine))
        }
    }

    /// Answers the current question from text as a GP types it ("ja", "2", "1,3", "weet niet").
    public mutating func answer(text: String) throws(AnswerError) {
        guard let question = nextQuestion else { throw .notAsked("") }
        try answer(AnswerParser.parse(text, for: question).get())
    }

    /// Answers question `id`: the current question, or one answered before (then it is a change).
    public mutating func answer(_ value: AnswerValue, to id: String) throws(AnswerError) {
        guard let index = compiled.questionIDs.firstIndex(of: id) else { throw .unknownQuestion(id) }
        if index == nextIndex {
            try answer(value)
        } else if codes[index].kind != .none {
            try change(id, to: value)
        } else {
            throw .notAsked(id)
        }
    }

    /// Takes back the last answer; returns the question that is asked again.
    @discardableResult
    public mutating func goBack() -> Question? {
        guard !answered.isEmpty else { return nil }
        let last = answerOrder()[answered.count - 1]
        answered.removeLast()
        codes[last] = .none
        prune()
        return compiled.triageProtocol.questions[last]
    }

    /// Changes an earlier answer. Answers to questions that are no longer asked are dropped;
    /// the others are kept.
    public mutating func change(_ id: String, to value: AnswerValue) throws(AnswerError) {
        guard let index = compiled.questionIDs.firstIndex(of: id) else { throw .unknownQuestion(id) }
        guard codes[index].kind != .none else { throw .notAsked(id) }
        var code = try compiled.code(for: value, at: index)
        code.position = codes[index].position
        codes[index] = code
        answered[Int(code.position)].answer = value
        prune()
    }

    /// Keeps only the answers to questions that the walk would still ask: replays the answers
    /// in protocol order, stopping at a red flag. The kept answers keep their order.
    private mutating func prune() {
        let compiled = compiled
        var kept = [AnswerCode](repeating: .none, count: compiled.questionCount)
        var raised = compiled.initiallyRaised
        for index in 0..<compiled.questionCount {
            if raised { break }
            guard codes[index].kind != .none else { continue }
            // The kept codes still point into `answered`, which is not changed until the end.
            let asked = kept.withUnsafeBufferPointer { codes in
                answered.withUnsafeBufferPointer { compiled.isAsked(index, compiled.liveMachine(codes, $0)) }
            }
            guard asked else { continue }
            kept[index] = codes[index]
            // No red flag held before this answer: only the rules that read it can hold now.
            raised = kept.withUnsafeBufferPointer { codes in
                answered.withUnsafeBufferPointer { answered in
                    compiled.anyRedFlag(reading: index, compiled.liveMachine(codes, answered))
                }
            }
        }
        var keptAnswers: [Outcome.AnsweredQuestion] = []
        keptAnswers.reserveCapacity(compiled.questionCount)
        for (position, index) in answerOrder().enumerated() where kept[index].kind != .none {
            kept[index].position = UInt32(truncatingIfNeeded: keptAnswers.count)
            keptAnswers.append(answered[position])
        }
        codes = kept
        answered = keptAnswers
        refresh(from: 0)
    }

    /// Checks that `value` fits the question's answer type.
    public static func validate(_ value: AnswerValue, for question: Question) throws(AnswerError) {
        _ = try CompiledProtocol.code(
            for: value, type: question.answerType, allowsUnknown: question.allowsUnknown, integer: question.integer, id: question.id)
    }

    // MARK: - Outcome

    /// The recommendation for the answers so far (normally called once `isComplete`), with the
    /// protocol's notes whose condition holds.
    public func outcome() -> Outcome {
        var outcome = decide()
        outcome.skippedQuestionIDs = skippedQuestionIDs()
        let notes = compiled.triageProtocol.notes
        if !notes.isEmpty {
            let compiled = compiled
            outcome.notes = withMachine { machine in notes.indices.filter { machine.holds(compiled.noteRoots[$0]) }.map { notes[$0] } }
        }
        return outcome
    }

    /// The questions the walk has passed without asking them. The walk goes through the
    /// questions in protocol order up to the next question to ask (all of them once it is
    /// complete); a red flag ends it at the answer that raised it, the last one in protocol order.
    private func skippedQuestionIDs() -> [String] {
        let end: Int
        if redFlagRaised {
            end = (codes.lastIndex { $0.kind != .none } ?? -1) + 1
        } else {
            end = nextIndex ?? compiled.questionCount
        }
        return (0..<end).filter { codes[$0].kind == .none }.map { compiled.questionIDs[$0] }
    }

    /// The decision, routes, scores and trace for the answers so far.
    private func decide() -> Outcome {
        let compiled = compiled
        return codes.withUnsafeBufferPointer { codes in
            withUnsafeTemporaryAllocation(of: Double?.self, capacity: compiled.scoreMethods.count) { scores in
                for index in scores.indices { scores.initializeElement(at: index, to: compiled.score(index, codes)) }
                let scoreValues = UnsafeBufferPointer(scores)
                return withUnsafeTemporaryAllocation(of: Bool.self, capacity: compiled.ruleRoots.count) { fired in
                    answered.withUnsafeBufferPointer { answered in
                        let machine = ConditionMachine(plan: compiled, codes: codes, scores: FixedScores(values: scoreValues), answered: answered)
                        for index in fired.indices {
                            let guarded = compiled.ruleGuards[index]
                            let holds = guarded >= 0 && codes[Int(guarded)].kind != .yes ? false : machine.holds(compiled.ruleRoots[index])
                            fired.initializeElement(at: index, to: holds)
                        }
                    }
                    return OutcomeBuilder.assemble(
                        plan: compiled, socialMap: socialMap, answers: AnswerStore(codes: self.codes, answered: answered),
                        answered: answered, fired: UnsafeBufferPointer(fired), scores: scoreValues, recordsEvaluations: true)
                }
            }
        }
    }

    /// The invariants that the current outcome violates (empty when all hold).
    package func violatedInvariants() -> [Invariant] {
        let facts = OutcomeFacts(outcome())
        let compiled = compiled
        let invariants = compiled.triageProtocol.invariants
        return codes.withUnsafeBufferPointer { codes in
            answered.withUnsafeBufferPointer { answered in
                let scores = OutcomeScores(live: LiveScores(plan: compiled, codes: codes), outcome: facts)
                let machine = ConditionMachine(plan: compiled, codes: codes, scores: scores, answered: answered)
                return invariants.indices.filter { !machine.holds(compiled.invariantRoots[$0]) }.map { invariants[$0] }
            }
        }
    }
}
