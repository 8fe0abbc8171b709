/// One complete walk through a protocol, as `TriageSession` makes it, with some answers
/// fixed in advance and the rest chosen so that no red flag ends the walk where that can be
/// avoided: the cheap way to prove that something *can* happen (a rule fires, a question
/// is asked) without a diagram. What a walk shows is a fact about a real path; the analysis
/// only uses walks as witnesses, never to claim that something cannot happen.
struct WitnessWalk {
    /// A finished walk.
    struct Result {
        /// The answers, by question index (`nil`: not asked).
        var answers: [AnswerValue?]
        /// Whether a red flag ended the walk (or holds at its end).
        var redFlag: Bool
    }

    let spec: TriageProtocol
    let space: AnswerSpace
    let cone: ConeOfInfluence

    /// Walks the protocol: a question whose `when` holds is answered with `forced[index]`
    /// when given, else with the first answer the analysis tries that raises no red flag.
    func walk(forced: [Int: AnswerValue]) -> Result {
        var context = SessionContext(
            triageProtocol: spec, questionIndices: cone.scoreMembers, answers: Array(repeating: nil, count: spec.questions.count))
        func raised(_ rules: [Int]) -> Bool {
            rules.contains { Evaluator.holds(spec.rules[$0].when.expression, in: context) }
        }
        if raised(cone.redFlagRules) { return Result(answers: context.answers, redFlag: true) }
        for index in spec.questions.indices {
            if let when = spec.questions[index].when, !Evaluator.holds(when.expression, in: context) { continue }
            let readers = cone.redFlagReaders[index]
            if let value = forced[index] {
                context.answers[index] = value
            } else {
                let values = space.values[index]
                guard let first = values.first else { continue }
                context.answers[index] = first
                if !readers.isEmpty, raised(readers) {
                    for value in values.dropFirst() {
                        context.answers[index] = value
                        if !raised(readers) { break }
                    }
                }
            }
            if !readers.isEmpty, raised(readers) { return Result(answers: context.answers, redFlag: true) }
        }
        return Result(answers: context.answers, redFlag: false)
    }

    /// Whether `rule` fires on the answers of `result`.
    func fires(_ rule: Int, on result: Result) -> Bool {
        let context = SessionContext(triageProtocol: spec, questionIndices: cone.scoreMembers, answers: result.answers)
        return Evaluator.holds(spec.rules[rule].when.expression, in: context)
    }

    /// The rules that fire on the answers of `result`, in file order.
    func firedRules(on result: Result) -> [Int] {
        let context = SessionContext(triageProtocol: spec, questionIndices: cone.scoreMembers, answers: result.answers)
        return spec.rules.indices.filter { Evaluator.holds(spec.rules[$0].when.expression, in: context) }
    }
}
