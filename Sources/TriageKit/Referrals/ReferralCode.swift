/// The short code a referral is known by: written into the patient file (HIS), printed on
/// the letter, quoted by the contact person when reporting back. It identifies the referral,
/// never the patient.
///
/// Shape: a prefix of two to four capitals (the protocol's, e.g. `WOR`), then six characters
/// from an alphabet without look-alikes (no 0/O, 1/I/L, U), grouped `XXXX-XX`, the last one a
/// check character (Luhn mod 30), so a mistyped or swapped character is caught:
/// `WOR-7K3F-QX`. Reading is forgiving: lowercase, spaces and missing dashes are accepted.
package struct ReferralCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The unambiguous alphabet: digits 2–9 and capitals without I, L, O and U.
    package static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// The prefix, e.g. `WOR`.
    package let prefix: String
    /// The six characters after the prefix, the check character last.
    package let body: String

    package var description: String {
        "\(prefix)-\(body.prefix(4))-\(body.dropFirst(4))"
    }

    package static func < (lhs: ReferralCode, rhs: ReferralCode) -> Bool { lhs.description < rhs.description }

    /// Why a text is not a referral code.
    package enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        case shape(String)
        case character(String, Character)
        case checkCharacter(String)

        package var description: String {
            switch self {
            case .shape(let text):
                "'\(text.neutralized)' is not a referral code (like WOR-7K3F-QX: a prefix, then six letters and digits)"
            case .character(let text, let character):
                "'\(text.neutralized)' is not a referral code: '\(String(character).neutralized)' does not occur in codes"
            case .checkCharacter(let text):
                "'\(text.neutralized)' is not a referral code: its check character does not match (a character mistyped or swapped?)"
            }
        }
    }

    /// A new code with `prefix` (made of its letters, uppercased, at most four), random
    /// characters from `generator`, and the check character.
    package static func generate(prefix: String, using generator: inout some RandomNumberGenerator) -> ReferralCode {
        var characters: [Character] = []
        for _ in 0..<5 { characters.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
        characters.append(checkCharacter(for: characters))
        return ReferralCode(prefix: Self.prefix(from: prefix), body: String(characters))
    }

    /// The prefix a protocol id gives: the initials of its words (`welzijn-op-recept` → `WOR`),
    /// or its first letters when it is one word (`geldzorgen` → `GELD`); `REF` when none.
    package static func prefix(from text: String) -> String {
        let words = text.uppercased().split { !$0.isLetter || !$0.isASCII }
        let letters = words.count > 1 ? String(words.compactMap(\.first)) : String(words.first ?? "")
        let prefix = String(letters.prefix(4))
        return prefix.count >= 2 ? prefix : "REF"
    }

    /// Reads a code as written or typed.
    package static func parse(_ text: String) -> Result<ReferralCode, ParseError> {
        let compact = text.uppercased().filter { $0 != "-" && $0 != " " }
        let letters = compact.prefix { $0.isLetter && $0.isASCII }
        // The prefix is the letters before the body; a body may itself start with letters, so
        // the body is always the last six characters.
        guard compact.count >= 8, compact.count <= 10, letters.count >= 2 else { return .failure(.shape(text)) }
        let prefix = String(compact.dropLast(6))
        let body = Array(compact.suffix(6))
        guard prefix.allSatisfy({ $0.isLetter && $0.isASCII }), (2...4).contains(prefix.count) else { return .failure(.shape(text)) }
        if let wrong = body.first(where: { !alphabet.contains($0) }) { return .failure(.character(text, wrong)) }
        guard checkCharacter(for: Array(body.prefix(5))) == body[5] else { return .failure(.checkCharacter(text)) }
        return .success(ReferralCode(prefix: prefix, body: String(body)))
    }

    /// Luhn mod N over the alphabet: catches every single substitution and every swap of two
    /// neighbours.
    static func checkCharacter(for characters: [Character]) -> Character {
        let n = alphabet.count
        var sum = 0
        var factor = 2
        for character in characters.reversed() {
            let value = alphabet.firstIndex(of: character) ?? 0
            let addend = factor * value
            sum += addend / n + addend % n
            factor = factor == 2 ? 1 : 2
        }
        return alphabet[(n - sum % n) % n]
    }

    private init(prefix: String, body: String) {
        self.prefix = prefix
        self.body = body
    }
}
