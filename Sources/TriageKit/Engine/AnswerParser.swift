/// Reads an answer typed by a GP (or written in an answers file) for a given question.
///
/// Accepts option numbers as shown, option ids, ja/nee/j/n/yes/no, "weet niet", and plain
/// decimal numbers with a comma or a dot, so the CLI and answer files share one set of rules.
package enum AnswerParser {
    /// `true`/`false` are there for answers files written as JSON (`"stress": true`).
    static let yesWords: Set<String> = ["ja", "j", "yes", "y", "true"]
    static let noWords: Set<String> = ["nee", "n", "no", "false"]
    static let noneWords: Set<String> = ["-", "geen", "none", "niets", "nothing"]

    /// Parses `input` as an answer to `question`; does not check `when`.
    package static func parse(_ input: String, for question: Question) -> Result<AnswerValue, AnswerError> {
        let text = normalized(input)
        let id = question.id
        if AnswerValue.unknownWords.contains(text) {
            return question.allowsUnknown ? .success(.unknown) : .failure(.unknownNotAllowed(question: id))
        }
        switch question.answerType {
        case .yesNo:
            if yesWords.contains(text) || text == "1" { return .success(.yesNo(true)) }
            if noWords.contains(text) || text == "2" { return .success(.yesNo(false)) }
            if text == "3", question.allowsUnknown { return .success(.unknown) }
            return .failure(.unreadable(question: id, input: input, expected: expectation(question)))
        case .singleChoice(let options):
            if let option = option(text, in: options) { return .success(.choice(option)) }
            if text == String(options.count + 1), question.allowsUnknown { return .success(.unknown) }
            return .failure(.unreadable(question: id, input: input, expected: expectation(question)))
        case .multipleChoice(let options):
            if option(text, in: options) == nil, noneWords.contains(text) || text == "0" { return .success(.choices([])) }
            var chosen: [String] = []
            let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
            for part in parts {
                guard let option = option(part, in: options) else {
                    return .failure(.unreadable(question: id, input: input, expected: expectation(question)))
                }
                if !chosen.contains(option) { chosen.append(option) }
            }
            let ordered = options.map(\.id).filter { chosen.contains($0) }
            return parts.isEmpty
                ? .failure(.unreadable(question: id, input: input, expected: "option numbers, or '-' for none"))
                : .success(.choices(ordered))
        case .scale, .number:
            // The range, and whole numbers for scales and `integer: true`, are checked by the session.
            switch decimal(text) {
            case .success(let value): return .success(.number(value))
            case .failure(let problem) where text.contains(where: \.isWholeNumber):
                return .failure(.unreadableNumber(question: id, input: input, problem: problem))
            case .failure:
                return .failure(.unreadable(question: id, input: input, expected: expectation(question)))
            }
        case .text:
            return .success(.text(input.trimmingWhitespace()))
        }
    }

    /// What an answer to `question` looks like, in the words of `AnswerError.unreadable`.
    /// What an answer to `question` looks like, matching the options on screen: with "weet
    /// niet" allowed, its number (3 for yes/no, one past the options for a choice) too.
    package static func expectation(_ question: Question) -> String {
        let unknown = question.allowsUnknown
        return switch question.answerType {
        case .yesNo: unknown ? "ja, nee or weet niet (1, 2 or 3)" : "ja or nee (1 or 2)"
        case .singleChoice(let options):
            unknown ? "an option number 1–\(options.count), or weet niet (\(options.count + 1))" : "an option number 1–\(options.count)"
        case .multipleChoice(let options): "option numbers 1–\(options.count), separated by commas, or '-' for none"
        case .scale(let low, let high): "a whole number \(low)–\(high)"
        case .number(let low, let high):
            "\(question.integer ? "a whole number" : "a number") \(Expression.format(low))–\(Expression.format(high))"
        case .text: "text"
        }
    }

    // MARK: - Numbers

    /// The longest number read; a longer text is refused before it is looked at.
    package static let maxNumberLength = 20

    /// Reads a plain decimal number, the one way numbers are read from answers: an optional
    /// sign, digits, and optionally one `.` or `,` followed by digits (`1500`, `2,5`, `-0.75`).
    ///
    /// A single separator followed by exactly three digits after one to three digits that do
    /// not start with 0 (`10.000`, `1,500`) is refused as ambiguous: in Dutch it is a thousands
    /// separator, in English a decimal mark. Several separators, exponents, hexadecimal,
    /// `inf`, `nan`, spaces or other characters inside, and texts longer than
    /// `maxNumberLength` are refused too.
    package static func decimal(_ text: String) -> Result<Double, AnswerError.NumberProblem> {
        let bytes = Array(text.utf8.prefix(maxNumberLength + 1))
        guard bytes.count <= maxNumberLength else { return .failure(.tooLong) }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        func isSeparator(_ byte: UInt8) -> Bool { byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") }
        let isNegative = bytes.first == UInt8(ascii: "-")
        let sign = isNegative ? "-" : ""
        let body = isNegative || bytes.first == UInt8(ascii: "+") ? bytes.dropFirst() : bytes[...]
        guard body.allSatisfy({ isDigit($0) || isSeparator($0) }), body.contains(where: isDigit) else { return .failure(.notPlain) }
        let separators = body.indices.filter { isSeparator(body[$0]) }
        if let first = separators.first, let last = separators.last, separators.count > 1 {
            // Read the separators as thousands separators, except a last one that differs.
            let decimalMark = body[first] != body[last] ? last : nil
            let kept = body.indices.filter { isDigit(body[$0]) || $0 == decimalMark }.map { body[$0] }
            return .failure(.severalSeparators(suggestion: sign + String(decoding: kept, as: UTF8.self)))
        }
        let whole = separators.first.map { body[..<$0] } ?? body
        let fraction = separators.first.map { body[($0 + 1)...] } ?? []
        guard !whole.isEmpty, separators.isEmpty || !fraction.isEmpty else { return .failure(.notPlain) }
        let wholeText = String(decoding: whole, as: UTF8.self)
        let fractionText = String(decoding: fraction, as: UTF8.self)
        if fraction.count == 3, (1...3).contains(whole.count), whole.first != UInt8(ascii: "0") {
            // The two readings, written so that neither is ambiguous: 1500 and 1,5; 10000 and 10.
            let decimals = String(fractionText.reversed().drop { $0 == "0" }.reversed())
            let mark = String(decoding: [body[separators[0]]], as: UTF8.self)
            let decimal = decimals.isEmpty ? wholeText : wholeText + mark + decimals
            return .failure(.ambiguous(whole: sign + wholeText + fractionText, decimal: sign + decimal))
        }
        guard let value = Double(sign + wholeText + (fraction.isEmpty ? "" : "." + fractionText)), value.isFinite else {
            return .failure(.notPlain)
        }
        return .success(value)
    }

    /// `number` written so that `decimal` reads it back: `10.375` becomes `10.3750`, which
    /// is not ambiguous, and no exponent is used for small numbers.
    package static func text(for number: Double) -> String {
        var text = Expression.format(number)
        if let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]), exponent < 0 {
            // 1.5e-07: the mantissa's digits after "0." and -exponent - 1 zeros.
            let mantissa = text[..<e]
            let sign = mantissa.hasPrefix("-") ? "-" : ""
            let digits = mantissa.filter(\.isWholeNumber)
            text = sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        if case .failure(.ambiguous) = decimal(text) { text += "0" }
        return text
    }

    private static func option(_ text: String, in options: [AnswerOption]) -> String? {
        if let number = Int(text), number >= 1, number <= options.count { return options[number - 1].id }
        return options.first { $0.id == text }?.id
    }

    private static func normalized(_ input: String) -> String {
        input.trimmingWhitespace().lowercased()
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    package func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
