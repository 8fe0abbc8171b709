/// A remark a protocol makes about an outcome when its condition holds — that the picture is
/// incomplete because too many answers were "weet niet", or that an adult protocol met a
/// child — shown in one line with the result and recorded in the note. It changes no route.
package struct ProtocolNote: Sendable, Hashable {
    /// The lower_snake_case id.
    package var id: String
    /// When the note applies (over answers and scores).
    package var when: Condition
    /// What the GP reads.
    package var text: LocalizedText
    /// Where the note is written.
    package var location: SourceLocation

    /// Creates a note.
    package init(id: String, when: Condition, text: LocalizedText, location: SourceLocation) {
        self.id = id
        self.when = when
        self.text = text
        self.location = location
    }
}
