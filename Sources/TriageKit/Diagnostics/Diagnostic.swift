/// One finding about an input file: an error, a warning or a note, with a location.
///
/// Loading, analysis and scenario checks all report through this single type, so a
/// caller can sort, filter and print every finding the same way.
public struct Diagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// The file cannot be used as it is: validation fails (exit 1).
        case error
        /// Probably a mistake, or a gap in what could be proved; the file can be used.
        case warning
        /// Extra information attached to another finding (e.g. "also written here").
        case note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Error, warning or note.
    public var severity: Severity
    /// A stable, kebab-case code such as `type-mismatch`, for filtering and documentation.
    public var code: String
    /// One plain sentence saying what is wrong.
    public var message: String
    /// Where it is wrong.
    public var location: SourceLocation
    /// What the author can do about it, if there is something useful to say.
    public var hint: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, code: String, _ message: String, at location: SourceLocation,
        hint: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// Compiler-style text: `file:line:col: error: message [code]` and an indented hint line.
    /// Every part that comes from input (the file name, quoted values in the message and
    /// hint) is made safe to print (see `UntrustedText`).
    public var description: String {
        var text = "\(shownLocation): \(severity.rawValue): \(shownMessage) [\(code)]"
        if let shownHint { text += "\n    hint: \(shownHint)" }
        return text
    }

    /// The location as printed, safe for a terminal.
    package var shownLocation: String { location.description.neutralized }
    /// The message as printed, safe for a terminal.
    package var shownMessage: String { message.neutralized }
    /// The hint as printed, safe for a terminal.
    package var shownHint: String? { hint?.neutralized }

    /// Creates an error.
    package static func error(
        _ code: String, _ message: String, at location: SourceLocation, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, code: code, message, at: location, hint: hint)
    }

    /// Creates a warning.
    package static func warning(
        _ code: String, _ message: String, at location: SourceLocation, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, code: code, message, at: location, hint: hint)
    }
}

extension Array where Element == Diagnostic {
    /// Whether any finding is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// The findings in reading order: by file, line, column, then severity and code.
    public func sortedByLocation() -> [Diagnostic] {
        sorted {
            if $0.location != $1.location { return $0.location < $1.location }
            if $0.severity != $1.severity { return $0.severity < $1.severity }
            return ($0.code, $0.message) < ($1.code, $1.message)
        }
    }
}
