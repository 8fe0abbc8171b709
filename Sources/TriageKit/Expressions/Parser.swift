/// Recursive-descent parser for the condition language, with a bounded depth.
///
/// Grammar (lowest precedence first):
/// ```
/// condition  := or ('implies' condition)?
/// or         := and ('or' and)*
/// and        := unary ('and' unary)*
/// unary      := 'not' unary | comparison
/// comparison := operand (op operand | 'in' list | 'not' 'in' list | 'contains' operand)?
/// operand    := number | true | false | name ('.' name)? | name '(' args ')' | '(' condition ')'
/// list       := '[' operand (',' operand)* ']'
/// ```
package struct Parser {
    /// A parse error with its character offset.
    package struct Failure: Error, Sendable {
        package var message: String
        package var hint: String?
        package var offset: Int
    }

    /// The deepest nesting of parentheses, `not` and calls accepted.
    package static let maxDepth = 48

    private let tokens: [Token]
    private var position = 0
    private var depth = 0

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole condition.
    package static func parse(_ text: String) -> Result<SyntaxTree, Failure> {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// Parses a whole condition whose text is `bytes`, which must be valid UTF-8.
    package static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Result<SyntaxTree, Failure> {
        switch Lexer.tokens(utf8: bytes) {
        case .failure(let failure):
            return .failure(Failure(message: failure.message, hint: failure.hint, offset: failure.offset))
        case .success(let tokens):
            var parser = Parser(tokens: tokens)
            do throws(Failure) {
                if case .end = parser.current.kind {
                    throw Failure(message: "the condition is empty", hint: nil, offset: 0)
                }
                let tree = try parser.parseCondition()
                guard case .end = parser.current.kind else {
                    throw parser.unexpected("expected 'and', 'or' or the end of the condition")
                }
                return .success(tree)
            } catch {
                return .failure(error)
            }
        }
    }

    /// The token at the cursor. The parser reads its fields through `kind` and `offset`
    /// instead: a copy of the whole token would retain its text.
    private var current: Token { tokens[position] }

    /// The kind of the token at the cursor.
    private var kind: Token.Kind { tokens[position].kind }

    /// Where the token at the cursor starts.
    private var offset: Int { tokens[position].offset }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func unexpected(_ expectation: String, hint: String? = nil) -> Failure {
        let found: String
        if case .end = current.kind { found = "the condition ends too early" } else { found = "unexpected \(current.display)" }
        return Failure(message: "\(found); \(expectation)", hint: hint, offset: current.offset)
    }

    private mutating func descend() throws(Failure) {
        depth += 1
        if depth > Self.maxDepth {
            throw Failure(
                message: "the condition is nested more than \(Self.maxDepth) levels deep", hint: "split it into simpler rules",
                offset: current.offset)
        }
    }

    private mutating func accept(_ keyword: Token.Keyword) -> Bool {
        if case .keyword(keyword) = kind {
            advance()
            return true
        }
        return false
    }

    private mutating func accept(_ symbol: Token.Symbol) -> Bool {
        if case .symbol(symbol) = kind {
            advance()
            return true
        }
        return false
    }

    private mutating func expect(_ symbol: Token.Symbol) throws(Failure) {
        guard accept(symbol) else { throw unexpected("expected '\(symbol.rawValue)'") }
    }

    private mutating func parseCondition() throws(Failure) -> SyntaxTree {
        try descend()
        defer { depth -= 1 }
        let left = try parseOr()
        let offset = self.offset
        if accept(.implies) {
            let right = try parseCondition()
            return .logical(.implies, left, right, offset: offset)
        }
        return left
    }

    private mutating func parseOr() throws(Failure) -> SyntaxTree {
        let first = try parseAnd()
        guard case .keyword(.or) = kind else { return first }  // most operands stand alone
        let firstOffset = offset
        advance()
        let second = try parseAnd()
        // Two terms, the usual chain, need no lists to be joined.
        guard case .keyword(.or) = kind else { return .logical(.or, first, second, offset: firstOffset) }
        var terms = [first, second]
        var offsets = [firstOffset]
        while true {
            let offset = self.offset
            guard accept(.or) else { return Self.joined(.or, terms, offsets, 0..<terms.count) }
            offsets.append(offset)
            terms.append(try parseAnd())
        }
    }

    private mutating func parseAnd() throws(Failure) -> SyntaxTree {
        let first = try parseUnary()
        guard case .keyword(.and) = kind else { return first }  // most operands stand alone
        let firstOffset = offset
        advance()
        let second = try parseUnary()
        // Two terms, the usual chain, need no lists to be joined.
        guard case .keyword(.and) = kind else { return .logical(.and, first, second, offset: firstOffset) }
        var terms = [first, second]
        var offsets = [firstOffset]
        while true {
            let offset = self.offset
            guard accept(.and) else { return Self.joined(.and, terms, offsets, 0..<terms.count) }
            offsets.append(offset)
            terms.append(try parseUnary())
        }
    }

    /// Joins a flat chain `a op b op c ...` as a balanced tree (left-leaning, so up to three
    /// terms read as `(a op b) op c`). `and` and `or` are associative, and a balanced tree
    /// is only logarithmically deep, so a long chain cannot exhaust the stack of the
    /// recursive checker and evaluator. `offsets[i]` is the operator between terms i and i+1.
    private static func joined(
        _ op: LogicalOperator, _ terms: [SyntaxTree], _ offsets: [Int], _ range: Range<Int>
    ) -> SyntaxTree {
        if range.count == 1 { return terms[range.lowerBound] }
        let split = range.lowerBound + (range.count + 1) / 2
        return .logical(
            op, joined(op, terms, offsets, range.lowerBound..<split), joined(op, terms, offsets, split..<range.upperBound),
            offset: offsets[split - 1])
    }

    private mutating func parseUnary() throws(Failure) -> SyntaxTree {
        let offset = self.offset
        if accept(.not) {
            try descend()
            defer { depth -= 1 }
            return .not(try parseUnary(), offset: offset)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(Failure) -> SyntaxTree {
        let left = try parseOperand()
        let offset = self.offset
        if case .symbol(let symbol) = kind, let op = symbol.comparison {
            advance()
            return .comparison(op, left, try parseOperand(), offset: offset)
        }
        if accept(.in) {
            return .membership(left, try parseList(), negated: false, offset: offset)
        }
        if case .keyword(.not) = kind, case .keyword(.in) = tokens[min(position + 1, tokens.count - 1)].kind {
            advance()
            advance()
            return .membership(left, try parseList(), negated: true, offset: offset)
        }
        if accept(.contains) {
            return .contains(left, try parseOperand(), offset: offset)
        }
        return left
    }

    private mutating func parseList() throws(Failure) -> [SyntaxTree] {
        guard accept(.leftBracket) else {
            throw unexpected("expected '[' to start a list", hint: "write the values as a list: [a, b]")
        }
        var items: [SyntaxTree] = []
        items.reserveCapacity(4)  // lists are short; one allocation instead of growing
        repeat {
            items.append(try parseOperand())
        } while accept(.comma)
        try expect(.rightBracket)
        return items
    }

    private mutating func parseOperand() throws(Failure) -> SyntaxTree {
        let offset = self.offset
        switch kind {
        case .number(let value):
            advance()
            return .number(value, offset: offset)
        case .keyword(.true):
            advance()
            return .boolean(true, offset: offset)
        case .keyword(.false):
            advance()
            return .boolean(false, offset: offset)
        case .identifier(let name):
            advance()
            if accept(.dot) {
                guard case .identifier(let member) = kind else { throw unexpected("expected a name after '.'") }
                advance()
                return .member(name, member, offset: offset)
            }
            if accept(.leftParen) {
                try descend()
                defer { depth -= 1 }
                var arguments: [SyntaxTree] = []
                arguments.reserveCapacity(4)  // calls take a few arguments; one allocation instead of growing
                if !accept(.rightParen) {
                    repeat {
                        arguments.append(try parseCondition())
                    } while accept(.comma)
                    try expect(.rightParen)
                }
                return .call(name, arguments, offset: offset)
            }
            return .name(name, offset: offset)
        case .symbol(.leftParen):
            advance()
            let inner = try parseCondition()
            try expect(.rightParen)
            return inner
        default:
            throw unexpected("expected a question id, a number or '('")
        }
    }
}
