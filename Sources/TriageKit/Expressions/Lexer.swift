/// Splits condition text into tokens. Hand-written, linear, never fails silently.
///
/// It reads the text's UTF-8 bytes in place; only a name that is not a keyword becomes a
/// string. Offsets count characters (Unicode scalars), as editors show columns.
package struct Lexer {
    /// An error found while splitting, with its character offset.
    package struct Failure: Error, Sendable {
        package var message: String
        package var hint: String?
        package var offset: Int
    }

    /// The tokens of `text`, ending with `.end`.
    package static func tokens(_ text: String) -> Result<[Token], Failure> {
        var text = text
        return text.withUTF8 { tokens(utf8: $0) }
    }

    /// The tokens of the condition whose text is `bytes`, which must be valid UTF-8.
    package static func tokens(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Result<[Token], Failure> {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 2 + 2)
        var position = 0  // in bytes
        var offset = 0  // in characters: what tokens report
        func byte(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
        while position < bytes.count {
            let c = bytes[position]
            let start = offset
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                position += 1
                offset += 1
            } else if c == UInt8(ascii: "_") || isLetter(scalar(in: bytes, at: position).scalar) {
                let nameStart = position
                while position < bytes.count {
                    let d = bytes[position]
                    if d < 0x80 {  // ASCII, by far the common case: no decoding
                        guard isASCIILetter(d) || isDigit(d) || d == UInt8(ascii: "_") || d == UInt8(ascii: "-") else { break }
                        position += 1
                    } else {
                        let (scalar, length) = scalar(in: bytes, at: position)
                        guard isLetter(scalar) else { break }
                        position += length
                    }
                    offset += 1
                }
                let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<position])
                if let keyword = keyword(name) {
                    tokens.append(Token(kind: .keyword(keyword), offset: start))
                } else {
                    tokens.append(Token(kind: .identifier(String(decoding: name, as: UTF8.self)), offset: start))
                }
            } else if isDigit(c) || (c == UInt8(ascii: "-") && byte(position + 1).map(isDigit) == true) {
                let numberStart = position
                position += 1
                while let d = byte(position), isDigit(d) || (d == UInt8(ascii: ".") && byte(position + 1).map(isDigit) == true) {
                    position += 1
                }
                offset += position - numberStart  // digits, '-' and '.' are one byte each
                let digits = UnsafeBufferPointer(rebasing: bytes[numberStart..<position])
                guard let value = number(digits) else {
                    let text = String(decoding: digits, as: UTF8.self)
                    return .failure(Failure(message: "'\(text)' is not a usable number", hint: nil, offset: start))
                }
                tokens.append(Token(kind: .number(value), offset: start))
            } else if let symbol = symbol(c, followedBy: byte(position + 1)) {
                tokens.append(Token(kind: .symbol(symbol), offset: start))
                let length = symbol.rawValue.utf8.count
                position += length
                offset += length
            } else {
                let hint: String? =
                    switch c {
                    case UInt8(ascii: "="): "write '==' to compare"
                    case UInt8(ascii: "&"): "write 'and'"
                    case UInt8(ascii: "|"): "write 'or'"
                    case UInt8(ascii: "!"): "write 'not', or '!=' for 'is not'"
                    case UInt8(ascii: "\""), UInt8(ascii: "'"): "option ids and words like yes/no are written without quotes"
                    default: nil
                    }
                let character = scalar(in: bytes, at: position).scalar
                return .failure(
                    Failure(message: "unexpected character '\(character.escaped(asASCII: false))'", hint: hint, offset: start))
            }
        }
        tokens.append(Token(kind: .end, offset: offset))
        return .success(tokens)
    }

    /// The value of a number written with at most 15 characters (so that it is exact).
    private static func number(_ digits: UnsafeBufferPointer<UInt8>) -> Double? {
        guard digits.count <= 15 else { return nil }
        let isNegative = digits.first == UInt8(ascii: "-")
        var whole = 0
        for digit in digits.dropFirst(isNegative ? 1 : 0) {
            guard isDigit(digit) else {
                // A decimal point: let the standard library round it exactly as it does.
                return Double(String(decoding: digits, as: UTF8.self)).flatMap { $0.isFinite ? $0 : nil }
            }
            whole = whole * 10 + Int(digit - UInt8(ascii: "0"))
        }
        // Fewer than 16 digits: the whole number, and so the double, is exact.
        return isNegative ? -Double(whole) : Double(whole)
    }

    /// The operator or punctuation starting with `c`; the two-character ones are ==, !=, <= and >=.
    private static func symbol(_ c: UInt8, followedBy next: UInt8?) -> Token.Symbol? {
        if next == UInt8(ascii: "=") {
            switch c {
            case UInt8(ascii: "="): return .equal
            case UInt8(ascii: "!"): return .notEqual
            case UInt8(ascii: "<"): return .lessOrEqual
            case UInt8(ascii: ">"): return .greaterOrEqual
            default: break
            }
        }
        switch c {
        case UInt8(ascii: "<"): return .less
        case UInt8(ascii: ">"): return .greater
        case UInt8(ascii: "("): return .leftParen
        case UInt8(ascii: ")"): return .rightParen
        case UInt8(ascii: "["): return .leftBracket
        case UInt8(ascii: "]"): return .rightBracket
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: "."): return .dot
        default: return nil
        }
    }

    /// The reserved word `name` spells, if it is one; compared as bytes, so no string is made.
    private static func keyword(_ name: UnsafeBufferPointer<UInt8>) -> Token.Keyword? {
        for (spelling, keyword) in keywords where spelling.utf8CodeUnitCount == name.count {
            if (0..<name.count).allSatisfy({ name[$0] == spelling.utf8Start[$0] }) { return keyword }
        }
        return nil
    }

    private static let keywords: [(StaticString, Token.Keyword)] = [
        ("and", .and), ("or", .or), ("not", .not), ("implies", .implies), ("in", .in), ("contains", .contains),
        ("true", .true), ("false", .false),
    ]

    /// The character that starts at byte `index` and its length in bytes. The bytes come
    /// from a `String`, so they are valid UTF-8; anything else reads as U+FFFD, one byte long.
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count else { return ("\u{FFFD}", 1) }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for next in bytes[(index + 1)..<(index + length)] { value = value << 6 | UInt32(next & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func isASCIILetter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    /// Whether `c` is a letter; ASCII, by far the common case, skips the Unicode table lookup.
    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? isASCIILetter(UInt8(c.value)) : c.properties.isAlphabetic
    }
}
