/// What a condition can see while it is evaluated: answers, scores and, for invariants,
/// the outcome.
package protocol EvaluationContext {
    /// The answer to the question at `index`, or `nil` when it was not asked.
    func answer(at index: Int) -> AnswerValue?
    /// The score at `index`, or `nil` when none of its questions has a usable answer.
    func score(at index: Int) -> Double?
    /// The outcome's decision, when evaluating an invariant.
    var outcomeDecision: Decision? { get }
    /// Whether a red flag was raised, when evaluating an invariant.
    var outcomeRedFlag: Bool { get }
    /// The destinations referred to, when evaluating an invariant.
    var outcomeDestinations: [Destination] { get }
}

extension EvaluationContext {
    package var outcomeDecision: Decision? { nil }
    package var outcomeRedFlag: Bool { false }
    package var outcomeDestinations: [Destination] { [] }
}

/// Evaluates type-checked expressions.
///
/// A question that was not asked, or answered "weet niet", counts as "no" where a yes/no
/// value is needed and makes every comparison with it false (also `!=`).
package enum Evaluator {
    /// An intermediate value.
    private enum Value {
        case bool(Bool)
        case number(Double)
        case symbol(String)
        case symbols([String])
        case missing

        var isTrue: Bool {
            if case .bool(true) = self { return true }
            return false
        }
    }

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
            switch context.answer(at: index) {
            case .yesNo(let flag): return .bool(flag)
            case .choice(let option): return .symbol(option)
            case .choices(let options): return .symbols(options)
            case .number(let number): return .number(number)
            case .text, .unknown, nil: return .missing
            }
        case .score(_, let index):
            return context.score(at: index).map(Value.number) ?? .missing
        case .outcome(let property):
            return outcome(property, context)
        case .not(let inner):
            return .bool(!value(inner, context).isTrue)
        case .logical(let op, let a, let b):
            switch op {
            case .and: return .bool(value(a, context).isTrue && value(b, context).isTrue)
            case .or: return .bool(value(a, context).isTrue || value(b, context).isTrue)
            case .implies: return .bool(!value(a, context).isTrue || value(b, context).isTrue)
            }
        case .comparison(let op, let a, let b):
            return .bool(compare(op, value(a, context), value(b, context)))
        case .membership(let subject, let list, let negated):
            let found: Bool
            switch value(subject, context) {
            case .missing: return .bool(false)
            case .symbols(let chosen):
                found = list.contains { item in
                    if case .symbol(let word) = item { return chosen.contains(word) }
                    return false
                }
            case let single:
                found = list.contains { compare(.equal, single, value($0, context)) }
            }
            return .bool(found != negated)
        case .contains(let subject, let item):
            guard case .symbols(let chosen) = value(subject, context), case .symbol(let word) = item else {
                return .bool(false)
            }
            return .bool(chosen.contains(word))
        case .call(let function, let arguments):
            return call(function, arguments, context)
        }
    }

    private static func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return op.holds(x, y)
        case (.bool(let x), .bool(let y)): return op == .equal ? x == y : x != y
        case (.symbol(let x), .symbol(let y)): return op == .equal ? x == y : x != y
        default: return false
        }
    }

    private static func outcome<Context: EvaluationContext>(_ property: Expression.OutcomeProperty, _ context: Context) -> Value {
        let destinations = context.outcomeDestinations
        switch property {
        case .decision: return context.outcomeDecision.map { .symbol($0.rawValue) } ?? .missing
        case .redFlag: return .bool(context.outcomeRedFlag)
        case .referred: return .bool(!destinations.isEmpty)
        case .referredWelfare: return .bool(destinations.contains { $0.category == .welfare })
        case .referredUrgent: return .bool(destinations.contains { $0.category == .urgent })
        case .referredMedical: return .bool(destinations.contains { $0.category == .medical })
        case .referredNeedingConsent: return .bool(destinations.contains { $0.requiresConsent })
        }
    }

    private static func call<Context: EvaluationContext>(
        _ function: Expression.Function, _ arguments: [Expression], _ context: Context
    ) -> Value {
        switch function {
        case .any: return .bool(arguments.contains { value($0, context).isTrue })
        case .all: return .bool(arguments.allSatisfy { value($0, context).isTrue })
        case .count:
            if arguments.count == 1, case .symbols(let chosen) = value(arguments[0], context) {
                return .number(Double(chosen.count))
            }
            return .number(Double(arguments.count { value($0, context).isTrue }))
        case .answered, .unknown, .asked:
            guard case .question(_, let index) = arguments.first else { return .bool(false) }
            let answer = context.answer(at: index)
            switch function {
            case .answered: return .bool(answer != nil && answer != .unknown)
            case .unknown: return .bool(answer == .unknown)
            default: return .bool(answer != nil)
            }
        case .refers:
            guard case .symbol(let id) = arguments.first else { return .bool(false) }
            return .bool(context.outcomeDestinations.contains { $0.id == id })
        }
    }
}
