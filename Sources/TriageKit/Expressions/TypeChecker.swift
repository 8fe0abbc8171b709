/// Resolves the names in a parsed condition and checks that every operation makes sense,
/// reporting each problem as a located diagnostic with a hint.
package struct TypeChecker {
    /// The type of a checked sub-expression.
    private enum ValueType: Equatable {
        case bool
        case number
        case choice(question: String, options: [AnswerOption])
        case multipleChoice(question: String, options: [AnswerOption])
        case decision

        var description: String {
            switch self {
            case .bool: "a yes/no value"
            case .number: "a number"
            case .choice: "a choice"
            case .multipleChoice: "a multiple choice"
            case .decision: "a decision"
            }
        }
    }

    /// A problem found, at a character offset in the condition.
    private struct Problem {
        var code: String
        var message: String
        var offset: Int
        var hint: String?
    }

    private let scope: ExpressionScope
    private var problems: [Problem] = []

    private init(scope: ExpressionScope) {
        self.scope = scope
    }

    /// Parses and checks `text`; `locate` turns a character offset into a file location.
    package static func check(
        _ text: String, scope: ExpressionScope, locate: (Int) -> SourceLocation
    ) -> (expression: Expression?, diagnostics: [Diagnostic]) {
        var text = text
        return text.withUTF8 { check(utf8: $0, scope: scope, locate: locate) }
    }

    /// Like `check(_:scope:locate:)`, for a condition whose text is `bytes` (valid UTF-8).
    package static func check(
        utf8 bytes: UnsafeBufferPointer<UInt8>, scope: ExpressionScope, locate: (Int) -> SourceLocation
    ) -> (expression: Expression?, diagnostics: [Diagnostic]) {
        switch Parser.parse(utf8: bytes) {
        case .failure(let failure):
            let code = failure.message.contains("nested more than") ? "expression-too-deep" : "expression-syntax"
            return (nil, [.error(code, failure.message, at: locate(failure.offset), hint: failure.hint)])
        case .success(let tree):
            var checker = TypeChecker(scope: scope)
            let result = checker.condition(tree)
            guard !checker.problems.isEmpty else { return (result, []) }
            return (nil, checker.problems.map { .error($0.code, $0.message, at: locate($0.offset), hint: $0.hint) })
        }
    }

    // MARK: - Conditions (must be yes/no valued)

    private mutating func condition(_ tree: SyntaxTree) -> Expression? {
        guard let (expression, type) = value(tree) else { return nil }
        guard type == .bool else {
            report(
                "type-mismatch", "this is \(type.description), but a condition must be true or false", at: tree.offset,
                hint: hintForNonCondition(tree, type))
            return nil
        }
        return expression
    }

    private func hintForNonCondition(_ tree: SyntaxTree, _ type: ValueType) -> String {
        switch type {
        case .number: "compare it, e.g. '>= 7'"
        case .choice(_, let options): "compare it with an option, e.g. '== \(options.first?.id ?? "option")'"
        case .multipleChoice(_, let options): "write 'contains \(options.first?.id ?? "option")'"
        default: "compare it with a value"
        }
    }

    // MARK: - Values

    private mutating func value(_ tree: SyntaxTree) -> (Expression, ValueType)? {
        switch tree {
        case .number(let number, _):
            return (.number(number), .number)
        case .boolean(let flag, _):
            return (.boolean(flag), .bool)
        case .name(let word, let offset):
            return resolveName(word, offset: offset)
        case .member(let base, let member, let offset):
            guard base == "score" else {
                report(
                    "unknown-name", "'\(base).\(member)' is not something a condition can use", at: offset,
                    hint: "scores are written score.<id>")
                return nil
            }
            guard let index = scope.scores[member] else {
                report(
                    "unknown-score", "there is no score '\(member)'", at: offset + base.count + 1,
                    hint: Suggestion.hint(for: member, in: scope.scores.keys) ?? "define it under 'scores:'")
                return nil
            }
            return (.score(id: member, index: index), .number)
        case .call(let name, let arguments, let offset):
            return call(name, arguments, offset: offset)
        case .not(let inner, _):
            guard let operand = condition(inner) else { return nil }
            return (.not(operand), .bool)
        case .logical(let op, let left, let right, _):
            let a = condition(left)
            let b = condition(right)
            guard let a, let b else { return nil }
            return (.logical(op, a, b), .bool)
        case .comparison(let op, let left, let right, let offset):
            return comparison(op, left, right, offset: offset)
        case .membership(let subject, let list, let negated, let offset):
            return membership(subject, list, negated: negated, offset: offset)
        case .contains(let subject, let item, let offset):
            guard let (expression, type) = value(subject) else { return nil }
            guard case .multipleChoice(let question, let options) = type else {
                report(
                    "type-mismatch", "'contains' needs a multiple-choice question, but this is \(type.description)",
                    at: offset, hint: "use '==' or 'in [...]' for other questions")
                return nil
            }
            guard let option = option(item, of: question, among: options) else { return nil }
            return (.contains(expression, option), .bool)
        }
    }

    private mutating func resolveName(_ name: String, offset: Int) -> (Expression, ValueType)? {
        if let entry = scope.questions[name] { return question(name, entry, offset: offset) }
        if let property = Expression.OutcomeProperty(rawValue: name) {
            guard scope.allowsOutcome else {
                report(
                    "outcome-outside-invariant", "'\(name)' describes the outcome and can only be used in invariants",
                    at: offset)
                return nil
            }
            return (.outcome(property), property == .decision ? .decision : .bool)
        }
        if ["yes", "no", "ja", "nee"].contains(name) {
            report(
                "type-mismatch", "'\(name)' on its own is not a condition", at: offset,
                hint: "compare a question with it, e.g. 'question == \(name)'")
            return nil
        }
        report(
            "unknown-question", "there is no question '\(name)'", at: offset,
            hint: Suggestion.hint(for: name, in: scope.questions.keys) ?? "check the id under 'questions:'")
        return nil
    }

    /// The value of question `name`, already looked up as `entry`.
    private mutating func question(
        _ name: String, _ entry: ExpressionScope.QuestionEntry, offset: Int
    ) -> (Expression, ValueType)? {
        switch entry.type {
        case .yesNo: return (.question(id: name, index: entry.index), .bool)
        case .scale, .number: return (.question(id: name, index: entry.index), .number)
        case .singleChoice(let options):
            return (.question(id: name, index: entry.index), .choice(question: name, options: options))
        case .multipleChoice(let options):
            return (.question(id: name, index: entry.index), .multipleChoice(question: name, options: options))
        case .text:
            report(
                "text-in-condition", "question '\(name)' takes free text, which conditions cannot test", at: offset,
                hint: "make it a choice question, or test answered(\(name))")
            return nil
        }
    }

    /// Resolves a bare word that must be an option of a choice question.
    private mutating func option(_ tree: SyntaxTree, of question: String, among options: [AnswerOption]) -> Expression? {
        if case .name(let word, _) = tree, options.contains(where: { $0.id == word }) { return .symbol(word) }
        return word(tree, among: options.map(\.id), question: question)  // reports what is wrong
    }

    /// Resolves a bare word that must be one of `allowed` (an option id or a decision).
    private mutating func word(_ tree: SyntaxTree, among allowed: [String], question: String?) -> Expression? {
        guard case .name(let word, let offset) = tree else {
            let what = question.map { "an option of '\($0)'" } ?? "one of \(allowed.joined(separator: ", "))"
            report("type-mismatch", "expected \(what) here", at: tree.offset, hint: "options: \(allowed.joined(separator: ", "))")
            return nil
        }
        guard allowed.contains(word) else {
            if let question {
                report(
                    "unknown-option", "'\(word)' is not an option of question '\(question)'", at: offset,
                    hint: Suggestion.hint(for: word, in: allowed) ?? "options: \(allowed.joined(separator: ", "))")
            } else {
                report(
                    "unknown-value", "'\(word)' is not one of \(allowed.joined(separator: ", "))", at: offset,
                    hint: Suggestion.hint(for: word, in: allowed))
            }
            return nil
        }
        return .symbol(word)
    }

    private mutating func comparison(
        _ op: ComparisonOperator, _ left: SyntaxTree, _ right: SyntaxTree, offset: Int
    ) -> (Expression, ValueType)? {
        // A bare word on the left (e.g. `yes == q`) reads the same as on the right; swap only
        // when the right is not such a word too, or `yes == no` would swap forever.
        func isBareWord(_ tree: SyntaxTree) -> Bool {
            guard case .name(let word, _) = tree else { return false }
            return scope.questions[word] == nil && Expression.OutcomeProperty(rawValue: word) == nil
        }
        let resolved: (Expression, ValueType)?
        if case .name(let word, let wordOffset) = left, let entry = scope.questions[word] {
            resolved = question(word, entry, offset: wordOffset)  // the usual case, looked up once
        } else if isBareWord(left), !isBareWord(right) {
            return comparison(op, right, left, offset: offset)
        } else {
            resolved = value(left)
        }
        guard let (subject, type) = resolved else { return nil }
        let isEquality = op == .equal || op == .notEqual
        switch type {
        case .number:
            guard let (other, otherType) = value(right) else { return nil }
            guard otherType == .number else {
                report("type-mismatch", "a number is compared with \(otherType.description)", at: right.offset)
                return nil
            }
            return (.comparison(op, subject, other), .bool)
        case .bool:
            if case .name(let word, let wordOffset) = right, scope.questions[word] == nil {
                guard isEquality else {
                    report("type-mismatch", "yes/no values can only be compared with '==' or '!='", at: offset)
                    return nil
                }
                switch word {
                case "yes", "ja": return (.comparison(op, subject, .boolean(true)), .bool)
                case "no", "nee": return (.comparison(op, subject, .boolean(false)), .bool)
                default:
                    report(
                        "type-mismatch", "\(describe(left)) is a yes/no question, so it is compared with yes or no, not '\(word)'",
                        at: wordOffset, hint: "write '== yes' or '== no'")
                    return nil
                }
            }
            if case .number(let number, let numberOffset) = right {
                report(
                    "type-mismatch", "\(describe(left)) is compared with \(Expression.format(number)) but is a yes/no question",
                    at: numberOffset, hint: "compare with yes or no, or make it a scale question")
                return nil
            }
            guard let (other, otherType) = value(right) else { return nil }
            guard otherType == .bool, isEquality else {
                report("type-mismatch", "a yes/no value is compared with \(otherType.description)", at: right.offset)
                return nil
            }
            return (.comparison(op, subject, other), .bool)
        case .choice(let question, let options):
            guard isEquality else {
                report(
                    "type-mismatch", "choice question '\(question)' can only be compared with '==', '!=' or 'in'", at: offset,
                    hint: "options have no order; list the ones you mean: \(question) in [...]")
                return nil
            }
            if case .number(let number, let numberOffset) = right {
                report(
                    "type-mismatch", "choice question '\(question)' is compared with \(Expression.format(number))",
                    at: numberOffset, hint: "compare with one of its options: \(options.map(\.id).joined(separator: ", "))")
                return nil
            }
            guard let option = option(right, of: question, among: options) else { return nil }
            return (.comparison(op, subject, option), .bool)
        case .multipleChoice(let question, _):
            report(
                "type-mismatch", "multiple-choice question '\(question)' cannot be compared with '\(op.rawValue)'", at: offset,
                hint: "write '\(question) contains <option>'")
            return nil
        case .decision:
            guard isEquality else {
                report("type-mismatch", "a decision can only be compared with '==' or '!='", at: offset)
                return nil
            }
            guard let decision = word(right, among: Decision.allCases.map(\.rawValue), question: nil) else { return nil }
            return (.comparison(op, subject, decision), .bool)
        }
    }

    private mutating func membership(
        _ subject: SyntaxTree, _ list: [SyntaxTree], negated: Bool, offset: Int
    ) -> (Expression, ValueType)? {
        guard let (expression, type) = value(subject) else { return nil }
        var items: [Expression] = []
        items.reserveCapacity(list.count)
        for item in list {
            let resolved: Expression?
            switch type {
            case .choice(let question, let options), .multipleChoice(let question, let options):
                resolved = option(item, of: question, among: options)
            case .decision:
                resolved = word(item, among: Decision.allCases.map(\.rawValue), question: nil)
            case .number:
                if case .number(let number, _) = item {
                    resolved = .number(number)
                } else {
                    report("type-mismatch", "a number can only be in a list of numbers", at: item.offset)
                    resolved = nil
                }
            case .bool:
                report(
                    "type-mismatch", "'in' needs a choice question, a number or a decision, not a yes/no value", at: offset,
                    hint: "use '== yes' or '== no'")
                return nil
            }
            guard let resolved else { return nil }
            items.append(resolved)
        }
        return (.membership(expression, items, negated: negated), .bool)
    }

    private mutating func call(_ name: String, _ arguments: [SyntaxTree], offset: Int) -> (Expression, ValueType)? {
        guard let function = Expression.Function(rawValue: name) else {
            report(
                "unknown-function", "there is no function '\(name)'", at: offset,
                hint: Suggestion.hint(for: name, in: Expression.Function.allCases.map(\.rawValue))
                    ?? "functions: any, all, count, answered, unknown, asked, refers")
            return nil
        }
        switch function {
        case .any, .all, .count:
            guard !arguments.isEmpty else {
                report("wrong-argument-count", "\(name)() needs at least one argument", at: offset)
                return nil
            }
            if function == .count, arguments.count == 1, case .name(let id, _) = arguments[0],
                case .multipleChoice = scope.questions[id]?.type, let index = scope.questions[id]?.index
            {
                return (.call(.count, [.question(id: id, index: index)]), .number)
            }
            var checked: [Expression] = []
            checked.reserveCapacity(arguments.count)
            for argument in arguments {
                if let expression = condition(argument) { checked.append(expression) }
            }
            guard checked.count == arguments.count else { return nil }
            return (.call(function, checked), function == .count ? .number : .bool)
        case .answered, .unknown, .asked:
            guard arguments.count == 1, case .name(let id, let argumentOffset) = arguments[0] else {
                report("wrong-argument-count", "\(name)() takes one question id", at: offset)
                return nil
            }
            guard let entry = scope.questions[id] else {
                report(
                    "unknown-question", "there is no question '\(id)'", at: argumentOffset,
                    hint: Suggestion.hint(for: id, in: scope.questions.keys))
                return nil
            }
            return (.call(function, [.question(id: id, index: entry.index)]), .bool)
        case .refers:
            guard scope.allowsOutcome else {
                report("outcome-outside-invariant", "refers() describes the outcome and can only be used in invariants", at: offset)
                return nil
            }
            guard arguments.count == 1, case .name(let id, let argumentOffset) = arguments[0] else {
                report("wrong-argument-count", "refers() takes one destination id", at: offset)
                return nil
            }
            guard scope.destinations.contains(id) else {
                report(
                    "unknown-destination", "there is no destination '\(id)'", at: argumentOffset,
                    hint: Suggestion.hint(for: id, in: scope.destinations))
                return nil
            }
            return (.call(.refers, [.symbol(id)]), .bool)
        }
    }

    private func describe(_ tree: SyntaxTree) -> String {
        if case .name(let name, _) = tree { return "question '\(name)'" }
        return "this value"
    }

    private mutating func report(_ code: String, _ message: String, at offset: Int, hint: String? = nil) {
        problems.append(Problem(code: code, message: message, offset: offset, hint: hint))
    }
}
