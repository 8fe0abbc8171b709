import TriageKit
import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--color auto|always|never`.
enum ColorChoice: String, CaseIterable {
    case auto, always, never
}

/// Decides whether to use ANSI colors and applies them; colors only on a terminal,
/// never when `NO_COLOR` is set or `--color never` is given.
struct TerminalStyle {
    enum Stream { case standardOutput, standardError }

    let enabled: Bool

    init(_ choice: ColorChoice, stream: Stream) {
        switch choice {
        case .always: enabled = true
        case .never: enabled = false
        case .auto:
            let descriptor: Int32 = stream == .standardOutput ? 1 : 2
            let noColor = getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false
            enabled = isatty(descriptor) == 1 && !noColor
        }
    }

    func paint(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { paint(text, "1") }
    func red(_ text: String) -> String { paint(text, "31") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func green(_ text: String) -> String { paint(text, "32") }
    func dim(_ text: String) -> String { paint(text, "2") }

    /// A diagnostic in compiler style, with the severity colored.
    func render(_ diagnostic: Diagnostic) -> String {
        let severity: String =
            switch diagnostic.severity {
            case .error: red(bold("error"))
            case .warning: yellow(bold("warning"))
            case .note: bold("note")
            }
        var text = "\(bold(diagnostic.shownLocation)): \(severity): \(diagnostic.shownMessage) [\(diagnostic.code)]"
        if let hint = diagnostic.shownHint { text += "\n    \(dim("hint:")) \(hint)" }
        return text
    }
}

extension ColorChoice: ExpressibleByArgument {}
