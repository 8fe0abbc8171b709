/// The one place where untrusted text — answers, social maps, protocol texts, file names,
/// anything read from input — is made safe for line-oriented output (the terminal, the
/// review, diagnostics, the note, the letter, graph labels).
///
/// A field can never start a line of its own nor move the cursor: line breaks inside it
/// become a visible `⏎`, tabs a space, and every other control character (C0, DEL, C1) and
/// every bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C) becomes a visible escape such as `<U+001B>`. Leading and trailing line breaks and
/// spaces (YAML block scalars end with one) are dropped. Text that needs none of this is
/// returned as it is. JSON output does not use this: it escapes instead.
package enum UntrustedText {
    /// The visible stand-in for a line break inside a field.
    package static let lineBreakMark = "⏎"

    /// `text` as one safe field of output.
    package static func field(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { needsCare($0) }) else { return text }
        var out = String.UnicodeScalarView()
        var pendingBreak = false
        var scalars = text.unicodeScalars[...]
        // A break at either end (a block scalar's trailing newline) is layout, not content.
        while let first = scalars.first, isLineBreak(first) || first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, isLineBreak(last) || last == " " || last == "\t" { scalars.removeLast() }
        var previous: Unicode.Scalar?
        for scalar in scalars {
            defer { previous = scalar }
            if isLineBreak(scalar) {
                // "\r\n" is one break.
                if scalar == "\n", previous == "\r" { continue }
                pendingBreak = true
                continue
            }
            if pendingBreak {
                pendingBreak = false
                if let last = out.last, last != " " { out.append(" ") }
                out.append(contentsOf: lineBreakMark.unicodeScalars)
                if scalar != " " { out.append(" ") }
            }
            if scalar == "\t" {
                out.append(" ")
            } else if isControl(scalar) || isBidiControl(scalar) {
                out.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A patient's free text as a field of its own, in quotes, so that nothing inside it can
    /// pass for the note's structure (`P: ...`) or a paragraph of a letter.
    package static func quoted(_ text: String) -> String {
        "“" + field(text) + "”"
    }

    /// Whether `text` holds nothing `field` would change in the middle (for tests and checks).
    package static func isSafe(_ text: String) -> Bool {
        !text.unicodeScalars.contains { isControl($0) && $0 != "\n" || isBidiControl($0) || isExtraLineBreak($0) }
    }

    private static func needsCare(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || isBidiControl(scalar) || isExtraLineBreak(scalar)
    }

    /// Line feed, carriage return, vertical tab, form feed, next line, line and paragraph separators.
    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    private static func isExtraLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// C0 controls, DEL and C1 controls.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Marks, embeddings, overrides and isolates that reorder how text is shown.
    private static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }
}

extension String {
    /// This text as one safe field of output (see `UntrustedText.field`).
    package var neutralized: String { UntrustedText.field(self) }
}
