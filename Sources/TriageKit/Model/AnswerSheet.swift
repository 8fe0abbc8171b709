/// Answers written down in advance (an answers file, or a scenario's answers), by question id.
///
/// Load one with `AnswerSheetLoader`, then `apply(to:)` it to a session: that walks the
/// session exactly as a GP would, so scripted runs, `--answers` and scenarios all give the
/// same outcome as the interactive walk. `AnswerSheet.file(for:answers:)` writes one.
public struct AnswerSheet: Sendable, Hashable {
    /// One written answer: the id, the raw YAML value, and where it is written.
    public struct Entry: Sendable, Hashable {
        /// The question id.
        public var questionID: String
        /// The value as written: a scalar, or a list for multiple choice.
        package var value: YAMLNode
        /// Where the id is written.
        public var location: SourceLocation
    }

    /// The protocol id the answers are for, if stated.
    public var protocolID: String?
    /// The answers, in file order.
    public var entries: [Entry]
    /// Where the sheet starts (for "missing answer" messages).
    public var location: SourceLocation
    /// Where the protocol id is written, if it is.
    public var protocolLocation: SourceLocation?
    /// The GP's adjustment of the advice (`adjust:` in an answers file), if any.
    package var adjustment: Adjustment?
    /// Where the adjustment is written.
    package var adjustmentLocation: SourceLocation?

    /// Creates a sheet.
    package init(protocolID: String?, entries: [Entry], location: SourceLocation) {
        self.protocolID = protocolID
        self.entries = entries
        self.location = location
    }
}
