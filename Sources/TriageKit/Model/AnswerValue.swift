/// An answer to one question, already checked against its answer type.
///
/// `unknown` is "weet niet", allowed only where the question says so.
public enum AnswerValue: Sendable, Hashable {
    /// Ja (true) or nee (false).
    case yesNo(Bool)
    /// The id of the chosen option.
    case choice(String)
    /// The ids of the chosen options, in protocol order.
    case choices([String])
    /// A scale or number answer.
    case number(Double)
    /// Free text.
    case text(String)
    /// "Weet niet".
    case unknown
}
