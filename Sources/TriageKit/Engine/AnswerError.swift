/// Why an answer was refused. The session is unchanged when this is thrown.
public enum AnswerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The protocol has no question with this id.
    case unknownQuestion(String)
    /// The question is not asked now (its `when` does not hold, or the session is complete).
    case notAsked(String)
    /// The value does not fit the question's answer type.
    case wrongType(question: String, expected: String)
    /// A choice that is not one of the question's options.
    case unknownOption(question: String, option: String, options: [String])
    /// A number outside the question's range.
    case outOfRange(question: String, value: Double, min: Double, max: Double)
    /// A scale answer that is not a whole number.
    case notWholeNumber(question: String, value: Double)
    /// "Weet niet" where the question does not allow it.
    case unknownNotAllowed(question: String)
    /// Text that could not be read as an answer.
    case unreadable(question: String, input: String, expected: String)

    public var description: String {
        switch self {
        case .unknownQuestion(let id): "there is no question '\(id)'"
        case .notAsked(let id): "question '\(id)' is not asked now"
        case .wrongType(let question, let expected): "question '\(question)' expects \(expected)"
        case .unknownOption(let question, let option, let options):
            "'\(option)' is not an option of '\(question)' (options: \(options.joined(separator: ", ")))"
        case .outOfRange(let question, let value, let min, let max):
            "\(Expression.format(value)) is outside the range of '\(question)' (\(Expression.format(min))–\(Expression.format(max)))"
        case .notWholeNumber(let question, let value): "'\(question)' takes a whole number, not \(value)"
        case .unknownNotAllowed(let question): "'\(question)' cannot be answered with 'weet niet'"
        case .unreadable(_, let input, let expected): "'\(input)' is not an answer here; expected \(expected)"
        }
    }

    /// The message in Dutch (`nl`) or English, for the GP at the prompt.
    public func description(in language: String) -> String {
        guard language == "nl" else { return description }
        switch self {
        case .unknownQuestion(let id): return "er is geen vraag '\(id)'"
        case .notAsked(let id): return "vraag '\(id)' wordt nu niet gesteld"
        case .wrongType(let question, let expected): return "vraag '\(question)' verwacht \(expected)"
        case .unknownOption(_, let option, let options):
            return "'\(option)' is geen keuze hier (keuzes: \(options.joined(separator: ", ")))"
        case .outOfRange(_, let value, let min, let max):
            return "\(Expression.format(value)) valt buiten het bereik \(Expression.format(min))–\(Expression.format(max))"
        case .notWholeNumber(_, let value): return "geef een heel getal, niet \(value)"
        case .unknownNotAllowed: return "'weet niet' is bij deze vraag niet mogelijk"
        case .unreadable(_, let input, let expected):
            let dutch = Self.dutchPhrases.reduce(expected) { text, pair in text.replacing(pair.0, with: pair.1) }
            return "'\(input)' is hier geen antwoord; verwacht: \(dutch)"
        }
    }

    /// The phrases `AnswerParser` uses in its expectations, in Dutch.
    private static let dutchPhrases = [
        ("a whole number", "een heel getal"), ("an option number", "een keuzenummer"),
        ("option numbers", "keuzenummers"), ("separated by commas", "gescheiden door komma's"),
        ("for none", "voor geen"), ("a number", "een getal"), (" or ", " of "),
    ]
}
