/// Splits condition text into tokens. Hand-written, linear, never fails silently.
package struct Lexer {
    /// An error found while splitting, with its character offset.
    package struct Failure: Error, Sendable {
        package var message: String
        package var hint: String?
        package var offset: Int
    }

    /// The tokens of `text`, ending with `.end`.
    package static func tokens(_ text: String) -> Result<[Token], Failure> {
        let characters = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        var nameBytes: [UInt8] = []  // reused for every name, in UTF-8
        func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
            index + ahead < characters.count ? characters[index + ahead] : nil
        }
        while let c = peek() {
            let start = index
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                index += 1
            } else if isLetter(c) || c == "_" {
                nameBytes.removeAll(keepingCapacity: true)
                while let d = peek(), isLetter(d) || d == "_" || ("0"..."9").contains(d) || d == "-" {
                    UTF8.encode(d) { nameBytes.append($0) }
                    index += 1
                }
                let name = String(decoding: nameBytes, as: UTF8.self)
                if let keyword = keywords[name] {
                    tokens.append(Token(kind: .keyword(keyword), offset: start))
                } else {
                    tokens.append(Token(kind: .identifier(name), offset: start))
                }
            } else if ("0"..."9").contains(c) || (c == "-" && peek(1).map { ("0"..."9").contains($0) } == true) {
                var digits = String(c)
                index += 1
                while let d = peek(), ("0"..."9").contains(d) || (d == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
                    digits.unicodeScalars.append(d)
                    index += 1
                }
                guard let value = Double(digits), value.isFinite, digits.count <= 15 else {
                    return .failure(Failure(message: "'\(digits)' is not a usable number", hint: nil, offset: start))
                }
                tokens.append(Token(kind: .number(value), offset: start))
            } else {
                // The two-character symbols are ==, !=, <= and >=.
                if peek(1) == "=", c == "=" || c == "!" || c == "<" || c == ">",
                    let symbol = Token.Symbol(rawValue: String(c) + "=")
                {
                    tokens.append(Token(kind: .symbol(symbol), offset: start))
                    index += 2
                } else if let symbol = Token.Symbol(rawValue: String(c)) {
                    tokens.append(Token(kind: .symbol(symbol), offset: start))
                    index += 1
                } else {
                    let hint: String? =
                        switch c {
                        case "=": "write '==' to compare"
                        case "&": "write 'and'"
                        case "|": "write 'or'"
                        case "!": "write 'not', or '!=' for 'is not'"
                        case "\"", "'": "option ids and words like yes/no are written without quotes"
                        default: nil
                        }
                    return .failure(Failure(message: "unexpected character '\(c.escaped(asASCII: false))'", hint: hint, offset: start))
                }
            }
        }
        tokens.append(Token(kind: .end, offset: characters.count))
        return .success(tokens)
    }

    /// The reserved words by spelling; a hash lookup is cheaper than `Keyword(rawValue:)`'s
    /// comparison with each case, and every name in every condition is looked up.
    private static let keywords = Dictionary(uniqueKeysWithValues: Token.Keyword.allCases.map { ($0.rawValue, $0) })

    /// Whether `c` is a letter; ASCII, by far the common case, skips the Unicode table lookup.
    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? ("a"..."z").contains(c) || ("A"..."Z").contains(c) : c.properties.isAlphabetic
    }
}
