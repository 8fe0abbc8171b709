/// Reads an answer typed by a GP (or written in an answers file) for a given question.
///
/// Accepts option numbers as shown, option ids, ja/nee/j/n/yes/no, "weet niet", and
/// numbers with a comma or a dot, so the CLI and answer files share one set of rules.
public enum AnswerParser {
    /// Words that mean "weet niet" (don't know).
    public static let unknownWords: Set<String> = ["weet niet", "wn", "onbekend", "unknown", "dont know", "don't know", "dk"]
    /// `true`/`false` are there for answers files written as JSON (`"stress": true`).
    static let yesWords: Set<String> = ["ja", "j", "yes", "y", "true"]
    static let noWords: Set<String> = ["nee", "n", "no", "false"]
    static let noneWords: Set<String> = ["-", "geen", "none", "niets", "nothing"]

    /// Parses `input` as an answer to `question`; does not check `when`.
    public static func parse(_ input: String, for question: Question) -> Result<AnswerValue, AnswerError> {
        let text = normalized(input)
        let id = question.id
        if unknownWords.contains(text) {
            return question.allowsUnknown ? .success(.unknown) : .failure(.unknownNotAllowed(question: id))
        }
        switch question.answerType {
        case .yesNo:
            if yesWords.contains(text) || text == "1" { return .success(.yesNo(true)) }
            if noWords.contains(text) || text == "2" { return .success(.yesNo(false)) }
            if text == "3", question.allowsUnknown { return .success(.unknown) }
            return .failure(.unreadable(question: id, input: input, expected: "ja or nee (1 or 2)"))
        case .singleChoice(let options):
            if let option = option(text, in: options) { return .success(.choice(option)) }
            if text == String(options.count + 1), question.allowsUnknown { return .success(.unknown) }
            return .failure(.unreadable(question: id, input: input, expected: "an option number 1–\(options.count)"))
        case .multipleChoice(let options):
            if option(text, in: options) == nil, noneWords.contains(text) || text == "0" { return .success(.choices([])) }
            var chosen: [String] = []
            let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
            for part in parts {
                guard let option = option(part, in: options) else {
                    return .failure(
                        .unreadable(
                            question: id, input: input,
                            expected: "option numbers 1–\(options.count), separated by commas, or '-' for none"))
                }
                if !chosen.contains(option) { chosen.append(option) }
            }
            let ordered = options.map(\.id).filter { chosen.contains($0) }
            return parts.isEmpty
                ? .failure(.unreadable(question: id, input: input, expected: "option numbers, or '-' for none"))
                : .success(.choices(ordered))
        case .scale(let low, let high):
            guard let value = Int(text) else {
                return .failure(.unreadable(question: id, input: input, expected: "a whole number \(low)–\(high)"))
            }
            return .success(.number(Double(value)))
        case .number(let low, let high):
            guard let value = Double(text.replacing(",", with: ".")), value.isFinite, text.count <= 20 else {
                return .failure(
                    .unreadable(
                        question: id, input: input, expected: "a number \(Expression.format(low))–\(Expression.format(high))"))
            }
            return .success(.number(value))
        case .text:
            return .success(.text(input.trimmingWhitespace()))
        }
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
