/// A condition as written in the protocol, with its type-checked form.
///
/// Used for `when` on questions, `when` on rules and `check` on invariants.
public struct Condition: Sendable, Hashable {
    /// The text the author wrote.
    public var source: String
    /// The resolved expression.
    public var expression: Expression
    /// Where the text starts in the YAML file.
    public var location: SourceLocation

    /// Creates a condition.
    public init(source: String, expression: Expression, location: SourceLocation) {
        self.source = source
        self.expression = expression
        self.location = location
    }
}
