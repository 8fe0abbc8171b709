/// One question of a protocol, asked in protocol order when its `when` condition holds.
///
/// Questions are grouped by Positieve Gezondheid dimension; their answers feed the
/// conditions of later questions, the scores and the rules.
public struct Question: Sendable, Hashable {
    /// The lower_snake_case id used in conditions and answer files.
    public var id: String
    /// The Positieve Gezondheid dimension, if the question belongs to one.
    public var dimension: Dimension?
    /// The question as the GP reads it.
    public var text: LocalizedText
    /// Extra explanation shown on `?`.
    public var help: LocalizedText?
    /// A short name ("Eenzaam", "Schulden") for the review and the note; the text when absent.
    public var label: LocalizedText?
    /// The kind of answer it takes.
    public var answerType: AnswerType
    /// Whether "weet niet" (unknown) is an accepted answer.
    public var allowsUnknown: Bool
    /// Whether a number question takes whole numbers only (`integer: true`, e.g. an age);
    /// always `false` for other types (a scale is whole numbers anyway).
    public var integer: Bool
    /// Asked only when this holds; always asked when `nil`.
    package var when: Condition?
    /// Where the question is written.
    public var location: SourceLocation

    /// The short name in `language`: the label, else the text (safe to print).
    package func shortName(in language: String) -> String {
        (label ?? text).shown(in: language)
    }

    /// Creates a question.
    package init(
        id: String, dimension: Dimension?, text: LocalizedText, help: LocalizedText?,
        answerType: AnswerType, allowsUnknown: Bool, when: Condition?, location: SourceLocation, integer: Bool = false,
        label: LocalizedText? = nil
    ) {
        self.id = id
        self.label = label
        self.dimension = dimension
        self.text = text
        self.help = help
        self.answerType = answerType
        self.allowsUnknown = allowsUnknown
        self.integer = integer
        self.when = when
        self.location = location
    }
}
