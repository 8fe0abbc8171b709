/// A position in a source file, 1-based, as editors and compilers print it.
///
/// Every YAML node, every expression token and every diagnostic carries one, so that a
/// protocol author can jump straight to the place that needs fixing.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The file path as given by the caller (may be relative).
    public var file: String
    /// Line number, starting at 1.
    public var line: Int
    /// Column number in characters, starting at 1.
    public var column: Int

    /// Creates a location; line and column are 1-based.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors understand.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    /// The location `offset` characters further on the same line.
    package func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + offset)
    }
}
