/// Answers by question index, scores computed on demand (by the engine's `ScoreAccumulator`):
/// what the analysis evaluates conditions over.
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
        var accumulator = ScoreAccumulator()
        for questionIndex in questionIndices[index] { accumulator.add(answers[questionIndex]) }
        return accumulator.value(triageProtocol.scores[index].method)
    }
}
