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

extension AnswerValue {
    /// Words that mean "weet niet" (don't know), compared after lowercasing. No option may
    /// have one of these as its id (the loader refuses it), so they never mean an option.
    package static let unknownWords: Set<String> = [
        "weet niet", "weet_niet", "weet-niet", "weetniet", "wn", "onbekend", "unknown",
        "dont know", "don't know", "don\u{2019}t know", "dont_know", "dont-know", "dk",
    ]
}
