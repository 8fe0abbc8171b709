/// A type-checked condition with every name resolved, ready to evaluate.
///
/// Produced by `TypeChecker` from a `SyntaxTree`; questions and scores are referred to
/// by their index in the protocol so evaluation needs no lookups by name. Only the cases
/// that hold other expressions are `indirect`: leaves are stored inline, not allocated.
package enum Expression: Sendable, Hashable {
    case boolean(Bool)
    case number(Double)
    /// A word compared with a choice or decision: an option id, a decision, a destination.
    case symbol(String)
    /// The answer to the question at `index` in the protocol's question list.
    case question(id: String, index: Int)
    /// The value of the score at `index` in the protocol's score list.
    case score(id: String, index: Int)
    /// A property of the outcome (invariants only).
    case outcome(OutcomeProperty)
    indirect case not(Expression)
    indirect case logical(LogicalOperator, Expression, Expression)
    indirect case comparison(ComparisonOperator, Expression, Expression)
    /// Whether a value is one of a list; `negated` for `not in`.
    indirect case membership(Expression, [Expression], negated: Bool)
    /// Whether a multiple-choice answer includes an option.
    indirect case contains(Expression, Expression)
    case call(Function, [Expression])

    /// The built-in functions.
    package enum Function: String, Sendable, Hashable, CaseIterable {
        /// `any(a, b, ...)`: at least one is true.
        case any
        /// `all(a, b, ...)`: every one is true.
        case all
        /// `count(a, b, ...)`: how many are true; `count(q)` for a multiple-choice question: how many chosen.
        case count
        /// `answered(q)`: the question was asked and answered with something other than "weet niet".
        case answered
        /// `unknown(q)`: the question was answered with "weet niet".
        case unknown
        /// `asked(q)`: the question was asked (its `when` held).
        case asked
        /// `refers(destination)`: the outcome refers to this destination (invariants only).
        case refers
    }

    /// Properties of an outcome that invariants can state facts about.
    package enum OutcomeProperty: String, Sendable, Hashable, CaseIterable {
        /// The decision: urgent, medical, mixed, psychosocial or none.
        case decision
        /// A red flag was raised.
        case redFlag = "red_flag"
        /// At least one referral was made.
        case referred
        /// A referral to a welfare destination was made.
        case referredWelfare = "referred_welfare"
        /// A referral to an urgent destination was made.
        case referredUrgent = "referred_urgent"
        /// A referral to a medical destination was made.
        case referredMedical = "referred_medical"
        /// A referral to a destination that needs consent was made.
        case referredNeedingConsent = "referred_needing_consent"
    }

    /// Formats a number the way an author writes it: `7`, not `7.0`. Total: infinities and
    /// NaN (which no valid protocol produces) become `∞`, `-∞` and `?` instead of trapping.
    package static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "?" : value > 0 ? "∞" : "-∞" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// Indices of every question this expression reads, for ordering checks and analysis.
    package var questionIndices: [Int] {
        var result: [Int] = []
        visit { if case .question(_, let index) = $0 { result.append(index) } }
        return result
    }

    /// Calls `body` on this node and every node below it.
    package func visit(_ body: (Expression) -> Void) {
        var stack: [Expression] = [self]
        while let node = stack.popLast() {
            body(node)
            switch node {
            case .not(let inner): stack.append(inner)
            case .logical(_, let a, let b), .comparison(_, let a, let b), .contains(let a, let b):
                stack.append(a)
                stack.append(b)
            case .membership(let value, let list, _):
                stack.append(value)
                stack.append(contentsOf: list)
            case .call(_, let arguments): stack.append(contentsOf: arguments)
            default: break
            }
        }
    }
}
