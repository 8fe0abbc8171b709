import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Terminal {
    /// The width to wrap at for `descriptor` (1 standard output, 2 standard error): the
    /// terminal's (TIOCGWINSZ) when it is one, else `COLUMNS` when that is a positive number,
    /// else 80; never below 20 nor above 10,000.
    static func width(of descriptor: Int32) -> Int {
        var size = winsize()
        if isatty(descriptor) == 1, ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return max(20, Int(size.ws_col))
        }
        if let value = getenv("COLUMNS").map({ String(cString: $0) }), let columns = Int(value), columns > 0 {
            return max(20, min(columns, 10_000))
        }
        return 80
    }

    /// The width to wrap text for `descriptor` at, when there is a reader's width to respect:
    /// a terminal, or `COLUMNS` set by the user. `nil` for a pipe or file (one line per item, as
    /// scripts expect).
    static func wrapWidth(of descriptor: Int32) -> Int? {
        let columnsSet = getenv("COLUMNS").map { Int(String(cString: $0)).map { $0 > 0 } ?? false } ?? false
        return isatty(descriptor) == 1 || columnsSet ? width(of: descriptor) : nil
    }

    /// The width of standard output, where results go.
    static var outputWidth: Int { width(of: 1) }

    /// The width of standard error, where the walk asks its questions.
    static var promptWidth: Int { width(of: 2) }

    /// Says `text` on standard error, wrapped on word boundaries to the terminal's width
    /// (continued at column `hanging`, default the text's own indent), each line styled.
    static func sayWrapped(_ text: String, hanging: Int? = nil, style: (String) -> String = { $0 }) {
        for line in wrapped(text, width: wrapWidth(of: 2), hanging: hanging) { say(style(line)) }
    }

    /// A prompt that fits: a long one is wrapped, and only its last line waits for the answer
    /// on the same line.
    static func ask(_ text: String, style: (String) -> String = { $0 }) {
        var lines = wrapped(text.trimmingCharacters(), width: wrapWidth(of: 2).map { $0 - 12 }, hanging: nil)
        let last = lines.popLast() ?? ""
        for line in lines { say(style(line)) }
        prompt(style(last) + " ")
    }

    /// A one-line menu of `items` ("n notitie", "q klaar"), laid out whole item by whole
    /// item when the terminal is narrow; the answer is typed after the last line.
    static func askMenu(_ items: [String], style: (String) -> String = { $0 }) {
        let width = (wrapWidth(of: 2) ?? Int.max) - 12
        var lines: [String] = []
        var line = ""
        for item in items {
            let joined = line.isEmpty ? item : line + " · " + item
            if !line.isEmpty, joined.count > width {
                lines.append(line + " ·")
                line = item
            } else {
                line = joined
            }
        }
        for done in lines { say(style(done)) }
        prompt(style(line + ":") + " ")
    }

    /// Each line of `text` wrapped to `width` (none: as it is). A note's `S:`, `O:`, `E:` and
    /// `P:` lines continue under their text; other lines under their own indent.
    static func wrapped(_ text: String, width: Int?, hanging: Int? = nil) -> [String] {
        guard let width else { return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            let isNoteLine = line.count > 3 && ["S: ", "O: ", "E: ", "P: "].contains(String(line.prefix(3)))
            let wrapped = TextWrap.wrap(
                String(line.dropFirst(indent)), width: width, indent: indent, hangingIndent: hanging ?? (isNoteLine ? 3 : indent))
            lines += wrapped.isEmpty ? [""] : wrapped
        }
        return lines
    }
}
