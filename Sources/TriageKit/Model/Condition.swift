/// A condition as written in the protocol, with its type-checked form.
///
/// Used for `when` on questions, `when` on rules and `check` on invariants.
package struct Condition: Sendable, Hashable {
    /// The text the author wrote.
    package var source: String {
        get { text.string }
        set { text = TextValue(newValue) }
    }
    /// `source`, as the loader keeps it (see `TextValue`).
    private var text: TextValue
    /// The resolved expression.
    package var expression: Expression
    /// Where the text starts in the YAML file.
    package var location: SourceLocation

    /// Creates a condition.
    package init(source: String, expression: Expression, location: SourceLocation) {
        self.init(text: TextValue(source), expression: expression, location: location)
    }

    /// Creates a condition whose source text is kept as `text`.
    package init(text: TextValue, expression: Expression, location: SourceLocation) {
        self.text = text
        self.expression = expression
        self.location = location
    }
}
