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
    /// Text with digits that is not a plain decimal number, or could be read two ways.
    case unreadableNumber(question: String, input: String, problem: NumberProblem)
    /// A list inside the list of a multiple-choice answer (an answers file's `[[a]]`).
    case nestedList(question: String)

    /// Why a text with digits is not read as a number (see `AnswerParser.decimal`).
    public enum NumberProblem: Error, Sendable, Hashable {
        /// One separator and three digits after it (`10.000`, `1,500`): a thousands separator
        /// in Dutch, a decimal mark in English. `whole` and `decimal` are the two readings
        /// written unambiguously (`10000` and `10`).
        case ambiguous(whole: String, decimal: String)
        /// More than one separator (`1.000.000`); `suggestion` is the number without thousands separators.
        case severalSeparators(suggestion: String)
        /// Not digits with at most one `.` or `,` (`0x10`, `1e3`, `1 500`, `.5`).
        case notPlain
        /// Longer than `AnswerParser.maxNumberLength` characters.
        case tooLong
    }

    public var description: String {
        switch self {
        case .unknownQuestion(let id): "there is no question '\(id)'"
        case .notAsked(let id): "question '\(id)' is not asked now"
        case .wrongType(let question, let expected): "question '\(question)' expects \(expected)"
        case .unknownOption(let question, let option, let options):
            "'\(option)' is not an option of '\(question)' (options: \(options.joined(separator: ", ")))"
        case .outOfRange(let question, let value, let min, let max):
            "\(Expression.format(value)) is outside the range of '\(question)' (\(Expression.format(min))–\(Expression.format(max)))"
        case .notWholeNumber(let question, let value):
            "'\(question)' takes a whole number, not \(Expression.format(value)); write e.g. \(Expression.format(value.rounded()))"
        case .unknownNotAllowed(let question): "'\(question)' cannot be answered with 'weet niet'"
        case .unreadable(_, let input, let expected): "'\(Self.shown(input))' is not an answer here; expected \(expected)"
        case .unreadableNumber(_, let input, let problem):
            switch problem {
            case .ambiguous(let whole, let decimal):
                "'\(Self.shown(input))' is ambiguous (a thousands separator or a decimal mark?): write \(whole) (thousands) or \(decimal) (decimal)"
            case .severalSeparators(let suggestion):
                "'\(Self.shown(input))' has more than one separator: write \(suggestion), without thousands separators"
            case .notPlain:
                "'\(Self.shown(input))' is not a plain number: write digits, with ',' or '.' before any decimals (e.g. 1500 or 2,5)"
            case .tooLong: "'\(Self.shown(input))' is too long for a number (at most \(AnswerParser.maxNumberLength) characters)"
            }
        case .nestedList(let question): "a nested list is not an answer to '\(question)'; write its options in one list, e.g. [a, b]"
        }
    }

    /// At most 40 characters of what was typed, so a huge input does not flood the message.
    private static func shown(_ input: String) -> String {
        input.count <= 40 ? input : input.prefix(39) + "…"
    }

    /// The message in `language`, for the GP at the prompt (`description` is English).
    public func description(in language: Language) -> String {
        description(in: language.code)
    }

    /// The message in Dutch (`nl`) or English, for the GP at the prompt.
    package func description(in language: String) -> String {
        guard language == "nl" else { return description }
        switch self {
        case .unknownQuestion(let id): return "er is geen vraag '\(id)'"
        case .notAsked(let id): return "vraag '\(id)' wordt nu niet gesteld"
        case .wrongType(let question, let expected): return "vraag '\(question)' verwacht \(expected)"
        case .unknownOption(_, let option, let options):
            return "'\(option)' is geen keuze hier (keuzes: \(options.joined(separator: ", ")))"
        case .outOfRange(_, let value, let min, let max):
            return "\(Expression.format(value)) valt buiten het bereik \(Expression.format(min))–\(Expression.format(max))"
        case .notWholeNumber(_, let value):
            return "geef een heel getal, niet \(Expression.format(value)); bijvoorbeeld \(Expression.format(value.rounded()))"
        case .unknownNotAllowed: return "'weet niet' is bij deze vraag niet mogelijk"
        case .unreadable(_, let input, let expected):
            let dutch = Self.dutchPhrases.reduce(expected) { text, pair in text.replacing(pair.0, with: pair.1) }
            return "'\(Self.shown(input))' is hier geen antwoord; verwacht: \(dutch)"
        case .unreadableNumber(_, let input, let problem):
            switch problem {
            case .ambiguous(let whole, let decimal):
                return "'\(Self.shown(input))' is dubbelzinnig (duizendtal of decimalen?): schrijf \(whole) (duizendtallen) of \(decimal) (decimalen)"
            case .severalSeparators(let suggestion):
                return "'\(Self.shown(input))' heeft meer dan één scheidingsteken: schrijf \(suggestion), zonder punten voor duizendtallen"
            case .notPlain:
                return "'\(Self.shown(input))' is geen gewoon getal: schrijf cijfers, met ',' of '.' voor eventuele decimalen (bijv. 1500 of 2,5)"
            case .tooLong: return "'\(Self.shown(input))' is te lang voor een getal (hoogstens \(AnswerParser.maxNumberLength) tekens)"
            }
        case .nestedList: return "een lijst in een lijst is geen antwoord; zet de keuzes in één lijst, bijv. [a, b]"
        }
    }

    /// The phrases `AnswerParser` uses in its expectations, in Dutch.
    private static let dutchPhrases = [
        ("a whole number", "een heel getal"), ("an option number", "een keuzenummer"),
        ("option numbers", "keuzenummers"), ("separated by commas", "gescheiden door komma's"),
        ("for none", "voor geen"), ("a number", "een getal"), (" or ", " of "),
    ]
}
