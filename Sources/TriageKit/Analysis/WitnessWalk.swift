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
        /// The red-flag rules that ended it.
        var raisedBy: [Int] = []
    }

    let spec: TriageProtocol
    let space: AnswerSpace
    let cone: ConeOfInfluence

    /// Walks the protocol: a question whose `when` holds is answered with `forced[index]`
    /// when given, else with `preferred[index]` or the first answer the analysis tries,
    /// whichever first raises no red flag.
    func walk(forced: [Int: AnswerValue], preferred: [Int: AnswerValue] = [:]) -> Result {
        var context = SessionContext(
            triageProtocol: spec, questionIndices: cone.scoreMembers, answers: Array(repeating: nil, count: spec.questions.count))
        var lookahead = context
        for (index, value) in forced { lookahead.answers[index] = value }
        func raised(_ rules: [Int], in context: SessionContext) -> Bool {
            rules.contains { Evaluator.holds(spec.rules[$0].when.expression, in: context) }
        }
        func stopped(_ rules: [Int]) -> Result {
            let holding = rules.filter { Evaluator.holds(spec.rules[$0].when.expression, in: context) }
            return Result(answers: context.answers, redFlag: true, raisedBy: holding)
        }
        if raised(cone.redFlagRules, in: context) { return stopped(cone.redFlagRules) }
        for index in spec.questions.indices {
            if let when = spec.questions[index].when, !Evaluator.holds(when.expression, in: context) {
                lookahead.answers[index] = nil
                continue
            }
            let readers = cone.redFlagReaders[index]
            if let value = forced[index] {
                context.answers[index] = value
            } else {
                var values = space.values[index]
                if let wanted = preferred[index], let position = values.firstIndex(of: wanted) {
                    values.swapAt(0, position)
                }
                guard let first = values.first else { continue }
                // The first answer under which no red flag reading this question holds, with
                // the answers still to be forced already in place (so a red flag that they
                // would complete is avoided now, while there is a choice).
                lookahead.answers[index] = first
                if !readers.isEmpty, raised(readers, in: lookahead) {
                    for value in values.dropFirst() {
                        lookahead.answers[index] = value
                        if !raised(readers, in: lookahead) { break }
                    }
                }
                context.answers[index] = lookahead.answers[index]
            }
            lookahead.answers[index] = context.answers[index]
            if !readers.isEmpty, raised(readers, in: context) { return stopped(readers) }
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
