/// The evaluation context of a session: answers by question index, scores computed on demand.
struct SessionContext: EvaluationContext {
    let triageProtocol: TriageProtocol
    let questionIndices: [[Int]]
    var answers: [AnswerValue?]

    init(triageProtocol: TriageProtocol, questionIndices: [[Int]], answers: [AnswerValue?]) {
        self.triageProtocol = triageProtocol
        self.questionIndices = questionIndices
        self.answers = answers
    }

    func answer(at index: Int) -> AnswerValue? { answers[index] }

    func score(at index: Int) -> Double? {
        let score = triageProtocol.scores[index]
        var values: [Double] = []
        var answeredAny = false
        for questionIndex in questionIndices[index] {
            switch answers[questionIndex] {
            case .number(let value): values.append(value)
            case .yesNo(let flag):
                answeredAny = true
                if flag { values.append(1) }
            case .choices(let chosen):
                answeredAny = true
                values.append(contentsOf: chosen.map { _ in 1 })
            default: break
            }
        }
        switch score.method {
        case .count: return answeredAny || !values.isEmpty ? Double(values.count) : nil
        case .sum: return values.isEmpty ? nil : values.reduce(0, +)
        case .mean: return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        case .min: return values.min()
        case .max: return values.max()
        }
    }
}

/// An outcome seen as an evaluation context, for checking invariants.
struct OutcomeContext: EvaluationContext {
    let session: SessionContext
    let outcome: Outcome

    func answer(at index: Int) -> AnswerValue? { session.answer(at: index) }
    func score(at index: Int) -> Double? { session.score(at: index) }
    var outcomeDecision: Decision? { outcome.decision }
    var outcomeRedFlag: Bool { !outcome.redFlags.isEmpty }
    var outcomeDestinations: [Destination] { outcome.referrals.map(\.destination) }
}
