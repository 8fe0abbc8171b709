/// A parsed condition before names are resolved: what the author wrote, with offsets.
///
/// Only the cases that hold other nodes are `indirect`, so names and numbers, most of a
/// condition, are stored inline instead of each in an allocation of its own.
package enum SyntaxTree: Sendable, Hashable {
    case number(Double, offset: Int)
    case boolean(Bool, offset: Int)
    /// A bare word: a question id, or yes/no, an option id, a decision, a destination.
    case name(String, offset: Int)
    /// `base.member`, as in `score.meedoen`.
    case member(String, String, offset: Int)
    case call(String, [SyntaxTree], offset: Int)
    indirect case not(SyntaxTree, offset: Int)
    indirect case logical(LogicalOperator, SyntaxTree, SyntaxTree, offset: Int)
    indirect case comparison(ComparisonOperator, SyntaxTree, SyntaxTree, offset: Int)
    indirect case membership(SyntaxTree, [SyntaxTree], negated: Bool, offset: Int)
    indirect case contains(SyntaxTree, SyntaxTree, offset: Int)

    /// Where this node starts, in characters from the start of the condition.
    package var offset: Int {
        switch self {
        case .number(_, let o), .boolean(_, let o), .name(_, let o), .member(_, _, let o), .call(_, _, let o),
            .not(_, let o), .logical(_, _, _, let o), .comparison(_, _, _, let o), .membership(_, _, _, let o),
            .contains(_, _, let o):
            o
        }
    }
}

/// `and`, `or`, `implies`.
package enum LogicalOperator: String, Sendable, Hashable {
    case and, or, implies
}

/// `==`, `!=`, `<`, `<=`, `>`, `>=`.
package enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// Applies the operator to two numbers.
    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        }
    }
}
