/// HTML escaping for the pages the renderers write.
///
/// Untrusted text goes through `field`: first neutralised like every other output (control
/// characters, bidi overrides and line breaks made visible, see `UntrustedText`), then
/// escaped, so it can stand in element content and in double- or single-quoted attributes.
package enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references.
    package static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Untrusted `text` as one safe field of a page: neutralised, then escaped.
    package static func field(_ text: String) -> String {
        escape(UntrustedText.field(text))
    }
}
