import Testing

@testable import TriageKit

/// `TextWrap.wrap`: lines within the width on spaces, indents, and what must never be cut.
@Suite struct TextWrapTests {
    /// The words of the lines, without indents: what the reader sees, in order.
    private func words(_ lines: [String]) -> [String] {
        lines.flatMap { $0.split(separator: " ").map(String.init) }
    }

    @Test func wrapsOnSpacesWithinTheWidth() {
        let text = "Hulp bij schulden; bij dreigende huisuitzetting of afsluiting dezelfde dag."
        let lines = TextWrap.wrap(text, width: 30)
        #expect(lines == ["Hulp bij schulden; bij", "dreigende huisuitzetting of", "afsluiting dezelfde dag."])
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(TextWrap.wrap("kort", width: 30) == ["kort"])
        // Exactly the width fits.
        #expect(TextWrap.wrap("aaaa bbbb", width: 9) == ["aaaa bbbb"])
        #expect(TextWrap.wrap("aaaa bbbb", width: 8) == ["aaaa", "bbbb"])
    }

    @Test func indentAndHangingIndent() {
        let lines = TextWrap.wrap("een twee drie vier vijf zes", width: 14, indent: 2, hangingIndent: 6)
        #expect(lines == ["  een twee", "      drie", "      vier", "      vijf zes"])
        #expect(TextWrap.wrap("een twee drie", width: 10, indent: 3) == ["   een", "   twee", "   drie"])
        #expect(lines.allSatisfy { $0.count <= 14 })
        // Negative indents count as none.
        #expect(TextWrap.wrap("een", width: 10, indent: -4, hangingIndent: -1) == ["een"])
    }

    @Test("an empty text, or only spaces, has no lines")
    func emptyText() {
        #expect(TextWrap.wrap("", width: 40).isEmpty)
        #expect(TextWrap.wrap("   \t \n ", width: 40, indent: 4).isEmpty)
    }

    @Test("runs of spaces, tabs and line breaks are one space")
    func whitespaceCollapses() {
        #expect(TextWrap.wrap("  een   twee\t\tdrie\nvier \r\n vijf  ", width: 80) == ["een twee drie vier vijf"])
    }

    @Test("a word longer than the width stands alone on its line, uncut")
    func longWordsStandAlone() {
        let url = "https://www.example.org/een/heel/lang/pad/naar/een/pagina?met=parameters"
        let lines = TextWrap.wrap("zie \(url) voor meer", width: 20, indent: 2)
        #expect(lines == ["  zie", "  \(url)", "  voor meer"])
        #expect(TextWrap.wrap(url, width: 10) == [url])
    }

    @Test("e-mail addresses, URLs and www. names are never cut, at any width", arguments: [1, 5, 12, 19, 25, 40])
    func addressesStayWhole(_ width: Int) {
        let tokens = ["welzijn-op-recept.weert@example.org", "https://www.113.nl", "www.juridischloket.nl", "coach@x.example"]
        let text = "Mail " + tokens[0] + " of kijk op " + tokens[1] + " en " + tokens[2] + ", of " + tokens[3] + "."
        let lines = TextWrap.wrap(text, width: width, indent: 2, hangingIndent: 4)
        let shown = words(lines)
        for token in tokens { #expect(shown.contains { $0.hasPrefix(token) }, "\(token) cut at width \(width): \(lines)") }
        #expect(shown == text.split(separator: " ").map(String.init))
    }

    @Test("a telephone number written in groups stays on one line")
    func phoneNumbersStayTogether() {
        for phone in ["0000-000 105", "020 123 45 67", "+31 (0)20 123 4567", "113 / 0800-0113"] {
            for width in 20...40 {
                let lines = TextWrap.wrap("Bel de consulent op \(phone) (placeholder) op werkdagen", width: width)
                let groups = phone.split(separator: " ").map(String.init).filter { TextWrap.isNumberGroup($0) }
                // Consecutive number groups are on the same line.
                let joined = groups.joined(separator: " ")
                if phone.contains("/") {
                    #expect(lines.contains { $0.contains("0800-0113") })
                } else {
                    #expect(lines.contains { $0.contains(joined) }, "\(phone) split at width \(width): \(lines)")
                }
                #expect(lines.allSatisfy { $0.count <= width })
            }
        }
    }

    @Test("a number too long for the width is split at its spaces, not past the width")
    func overlongNumberIsSplitAtSpaces() {
        let lines = TextWrap.wrap("0000 1111 2222 3333", width: 10)
        #expect(lines == ["0000 1111", "2222 3333"])
        #expect(TextWrap.isNumberGroup("0800-0113"))
        #expect(TextWrap.isNumberGroup("(0)20"))
        #expect(!TextWrap.isNumberGroup("-"))
        #expect(!TextWrap.isNumberGroup("9-17u"))
        #expect(!TextWrap.isNumberGroup("/"))
    }

    @Test("widths below 20, zero and negative: every word still shown once, in order, no endless loop", arguments: [-5, 0, 1, 3, 8, 12, 19])
    func narrowWidths(_ width: Int) {
        let text = "Algemeen Maatschappelijk Werk Weert, 0000-000 103 (placeholder) amw.weert@example.org"
        let lines = TextWrap.wrap(text, width: width, indent: 4, hangingIndent: 6)
        #expect(!lines.isEmpty)
        #expect(words(lines) == text.split(separator: " ").map(String.init))
        #expect(lines.first?.hasPrefix("    ") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("      ") })
    }

    @Test("widths count Characters: CJK, emoji and combining accents are one each")
    func countsCharacters() {
        let text = "福祉 コーチ 👩‍⚕️👩‍⚕️ e\u{301}e\u{301}n twee"
        let lines = TextWrap.wrap(text, width: 8)
        #expect(lines == ["福祉 コーチ", "👩‍⚕️👩‍⚕️ één", "twee"])
        #expect(lines.allSatisfy { $0.count <= 8 })
        #expect(TextWrap.wrap("🇳🇱🇳🇱🇳🇱 ab", width: 6) == ["🇳🇱🇳🇱🇳🇱 ab"])
    }

    @Test("property: any text keeps its words in order, and a line is within the width or holds one unit")
    func randomTexts() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "bb", "schuldhulpverlening", "0800-0113", "020", "45", "x@y.example", "https://a.example/b", "é", "福", " ", "  ", "\n"]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: " ")
            let width = Int.random(in: -2...50, using: &generator)
            let indent = Int.random(in: 0...6, using: &generator)
            let hanging = Int.random(in: 0...8, using: &generator)
            let lines = TextWrap.wrap(text, width: width, indent: indent, hangingIndent: hanging)
            #expect(words(lines) == text.split(whereSeparator: { $0 == " " || $0.isNewline }).map(String.init))
            for (index, line) in lines.enumerated() {
                let body = line.dropFirst(index == 0 ? indent : hanging)
                let isOneUnit = TextWrap.units(of: String(body), fitting: .max).count == 1
                #expect(line.count <= max(width, 0) || isOneUnit, "'\(line)' at width \(width)")
                #expect(!body.hasPrefix(" ") && !body.hasSuffix(" "))
            }
        }
    }
}
