/// A lexical token of the condition language.
package struct Token: Sendable, Hashable {
    /// The token kinds.
    package enum Kind: Sendable, Hashable {
        case identifier(String)
        case number(Double)
        case keyword(Keyword)
        case symbol(Symbol)
        case end
    }

    /// Reserved words.
    package enum Keyword: String, Sendable, Hashable, CaseIterable {
        case and, or, not, implies, `in`, contains, `true`, `false`
    }

    /// Punctuation and operators.
    package enum Symbol: String, Sendable, Hashable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">"
        case greaterOrEqual = ">=", leftParen = "(", rightParen = ")", leftBracket = "["
        case rightBracket = "]", comma = ",", dot = "."

        /// The comparison this symbol writes, if it is one.
        package var comparison: ComparisonOperator? {
            switch self {
            case .equal: .equal
            case .notEqual: .notEqual
            case .less: .less
            case .lessOrEqual: .lessOrEqual
            case .greater: .greater
            case .greaterOrEqual: .greaterOrEqual
            case .leftParen, .rightParen, .leftBracket, .rightBracket, .comma, .dot: nil
            }
        }
    }

    package var kind: Kind
    /// Offset in characters from the start of the condition text.
    package var offset: Int

    /// How the token reads in an error message.
    package var display: String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .number(let value): "'\(Expression.format(value))'"
        case .keyword(let keyword): "'\(keyword.rawValue)'"
        case .symbol(let symbol): "'\(symbol.rawValue)'"
        case .end: "the end of the condition"
        }
    }
}
