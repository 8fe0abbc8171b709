/// What a condition can see while it is evaluated: answers, scores and, for invariants,
/// the outcome.
package protocol EvaluationContext {
    /// The answer to the question at `index`, or `nil` when it was not asked.
    func answer(at index: Int) -> AnswerValue?
    /// The score at `index`, or `nil` when none of its questions has a usable answer.
    func score(at index: Int) -> Double?
    /// The outcome, when evaluating an invariant; `nil` otherwise.
    var outcome: OutcomeFacts? { get }
}

extension EvaluationContext {
    package var outcome: OutcomeFacts? { nil }
}

/// Evaluates type-checked expressions over answers by question (`EvaluationContext`), by
/// walking the tree: the analysis's evaluator for the conditions it evaluates answer by answer.
/// The runtime never uses it (sessions run the compiled program); every primitive is the
/// engine's `ConditionSemantics`, so only the tree walk itself is the analysis's own.
package enum Evaluator {
    private typealias Value = ConditionSemantics.Value<String, [String]>

    /// Whether `expression` holds in `context`.
    package static func holds<Context: EvaluationContext>(_ expression: Expression, in context: Context) -> Bool {
        value(expression, context).isTrue
    }

    /// The numeric value of `expression` (used by tests and tracing); `nil` when missing.
    package static func number<Context: EvaluationContext>(_ expression: Expression, in context: Context) -> Double? {
        if case .number(let number) = value(expression, context) { return number }
        return nil
    }

    private static func value<Context: EvaluationContext>(_ expression: Expression, _ context: Context) -> Value {
        switch expression {
        case .boolean(let flag): return .bool(flag)
        case .number(let number): return .number(number)
        case .symbol(let word): return .symbol(word)
        case .question(_, let index):
            let answer = context.answer(at: index)
            return ConditionSemantics.question(
                AnswerCode.Kind(answer),
                number: { if case .number(let number) = answer { number } else { 0 } },
                option: { if case .choice(let option) = answer { option } else { "" } },
                chosen: { if case .choices(let options) = answer { options } else { [] } })
        case .score(_, let index):
            return context.score(at: index).map(Value.number) ?? .missing
        case .outcome(let property):
            return ConditionSemantics.outcome(property, context.outcome, word: \.rawValue)
        case .not(let inner):
            return .bool(!value(inner, context).isTrue)
        case .logical(let op, let a, let b):
            switch op {
            case .and: return .bool(value(a, context).isTrue && value(b, context).isTrue)
            case .or: return .bool(value(a, context).isTrue || value(b, context).isTrue)
            case .implies: return .bool(!value(a, context).isTrue || value(b, context).isTrue)
            }
        case .comparison(let op, let a, let b):
            return .bool(ConditionSemantics.compare(op, value(a, context), value(b, context)))
        case .membership(let subject, let list, let negated):
            return .bool(
                ConditionSemantics.membership(
                    value(subject, context), negated: negated,
                    chosenIncludesAnItem: { chosen in
                        list.contains { item in
                            if case .symbol(let word) = item { return chosen.contains(word) }
                            return false
                        }
                    },
                    equalsAnItem: { subject in list.contains { ConditionSemantics.compare(.equal, subject, value($0, context)) } }))
        case .contains(let subject, let item):
            return .bool(
                ConditionSemantics.contains(value(subject, context)) { chosen in
                    if case .symbol(let word) = item { return chosen.contains(word) }
                    return false
                })
        case .call(let function, let arguments):
            return call(function, arguments, context)
        }
    }

    private static func call<Context: EvaluationContext>(
        _ function: Expression.Function, _ arguments: [Expression], _ context: Context
    ) -> Value {
        switch function {
        case .any: return .bool(arguments.contains { value($0, context).isTrue })
        case .all: return .bool(arguments.allSatisfy { value($0, context).isTrue })
        case .count:
            var chosenCount: Int?
            if arguments.count == 1, case .symbols(let chosen) = value(arguments[0], context) { chosenCount = chosen.count }
            return .number(ConditionSemantics.count(chosenCount: chosenCount) { arguments.count { value($0, context).isTrue } })
        case .answered, .unknown, .asked:
            var kind: AnswerCode.Kind?
            if case .question(_, let index) = arguments.first { kind = AnswerCode.Kind(context.answer(at: index)) }
            switch function {
            case .answered: return .bool(ConditionSemantics.answered(kind))
            case .unknown: return .bool(ConditionSemantics.unknown(kind))
            default: return .bool(ConditionSemantics.asked(kind))
            }
        case .refers:
            var id: String?
            if case .symbol(let word) = arguments.first { id = word }
            return .bool(ConditionSemantics.refers(id, context.outcome))
        }
    }
}
