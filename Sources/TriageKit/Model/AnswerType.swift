/// What kind of answer a question takes.
///
/// The type decides how the CLI prompts, how an answer is validated, and which
/// comparisons the condition language allows on the question.
public enum AnswerType: Sendable, Hashable {
    /// Ja / nee.
    case yesNo
    /// Exactly one of the options.
    case singleChoice([AnswerOption])
    /// Any number of the options (possibly none).
    case multipleChoice([AnswerOption])
    /// A whole number on a scale, 0–10 unless the protocol says otherwise.
    case scale(min: Int, max: Int)
    /// A number within a range.
    case number(min: Double, max: Double)
    /// Free text, never used in conditions.
    case text

    /// The YAML name of the type, as authors write it.
    public var name: String {
        switch self {
        case .yesNo: "yes_no"
        case .singleChoice: "choice"
        case .multipleChoice: "multiple_choice"
        case .scale: "scale"
        case .number: "number"
        case .text: "text"
        }
    }

    /// The options of a choice question; empty for other types.
    public var options: [AnswerOption] {
        switch self {
        case .singleChoice(let options), .multipleChoice(let options): options
        default: []
        }
    }
}

/// One option of a choice question.
public struct AnswerOption: Sendable, Hashable {
    /// The lower_snake_case id used in conditions and answer files.
    public var id: String
    /// The text shown to the GP.
    public var text: LocalizedText
    /// Where the option is written.
    public var location: SourceLocation

    /// Creates an option.
    package init(id: String, text: LocalizedText, location: SourceLocation) {
        self.id = id
        self.text = text
        self.location = location
    }
}
