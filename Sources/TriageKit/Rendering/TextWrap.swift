/// Word wrapping for the terminal: a text broken into lines of at most `width` characters
/// on spaces, with an indent for the first line and a hanging indent for the rest.
///
/// What a GP copies or dials is never broken: a word is never split, and a telephone number
/// written in groups (`0800-0113`, `020 123 45 67`, `+31 (0)20 123 4567`) stays on one line
/// as long as it fits in the width at all. A word longer than the width (a long URL) stands
/// alone on its line, past the width, rather than being cut. Widths are counted in
/// `Character`s (one per letter, CJK ideograph or emoji), never in bytes. Pure and total:
/// any width, even zero or negative, gives lines and never loops.
package enum TextWrap {
    /// The lines of `text` (one paragraph; line breaks and tabs count as spaces, runs of
    /// spaces as one) at most `width` characters wide, indents included, where the words
    /// allow. The first line starts with `indent` spaces, the others with `hangingIndent`
    /// (default: `indent`). An empty text (or only spaces) has no lines.
    package static func wrap(_ text: String, width: Int, indent: Int = 0, hangingIndent: Int? = nil) -> [String] {
        let firstIndent = max(0, indent)
        let restIndent = max(0, hangingIndent ?? indent)
        var lines: [String] = []
        var line = ""
        var lineLength = 0  // in Characters, without the indent
        var lineHasWord = false
        for unit in units(of: text, fitting: width - min(firstIndent, restIndent)) {
            let unitLength = unit.count
            let available = width - (lines.isEmpty ? firstIndent : restIndent)
            if lineHasWord, lineLength + 1 + unitLength <= available {
                line += " " + unit
                lineLength += 1 + unitLength
                continue
            }
            if lineHasWord { lines.append(line) }
            line = String(repeating: " ", count: lines.isEmpty ? firstIndent : restIndent) + unit
            lineLength = unitLength
            lineHasWord = true
        }
        if lineHasWord { lines.append(line) }
        return lines
    }

    /// The words of `text`, with the groups of a telephone number joined into one unit when
    /// the joined number fits in `room` characters.
    static func units(of text: String, fitting room: Int) -> [String] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline }).map(String.init)
        var units: [String] = []
        var index = 0
        while index < words.count {
            var end = index + 1
            if isNumberGroup(words[index]) {
                var joinedLength = words[index].count
                while end < words.count, isNumberGroup(words[end]), joinedLength + 1 + words[end].count <= room {
                    joinedLength += 1 + words[end].count
                    end += 1
                }
            }
            units.append(words[index..<end].joined(separator: " "))
            index = end
        }
        return units
    }

    /// Whether `word` is a group of a telephone number: digits, with `+`, `-`, `(`, `)`, `.` or
    /// `/` between them, and at least one digit (`0800-0113`, `(0)20`, `+31`, `45`).
    static func isNumberGroup(_ word: String) -> Bool {
        var hasDigit = false
        for character in word.unicodeScalars {
            switch character {
            case "0"..."9": hasDigit = true
            case "+", "-", "(", ")", ".", "/": continue
            default: return false
            }
        }
        return hasDigit
    }
}
