/// A user-facing text in one or more languages; Dutch (`nl`) is always present.
///
/// Protocol authors write every question, option and reason as `{nl: ..., en: ...}`;
/// the engine and renderers pick the language the GP asked for, falling back to Dutch.
public struct LocalizedText: Sendable, Hashable, Codable {
    // Protocols use Dutch and English, so those have their own fields: a protocol has tens
    // of thousands of texts, and a dictionary for each would be most of its memory.
    /// The Dutch text.
    private var dutch: TextValue?
    /// The English text.
    private var english: TextValue?
    /// Texts in any other language, by code; empty in loaded protocols.
    private var others: [String: String] = [:]

    /// Creates a text from translations keyed by language code.
    public init(_ translations: [String: String]) {
        self.translations = translations
    }

    /// Creates a text in Dutch and English.
    package init(nl: String?, en: String?) {
        dutch = nl.map(TextValue.init)
        english = en.map(TextValue.init)
    }

    /// Creates a text in Dutch and English, as the loader reads them.
    package init(nl: TextValue?, en: TextValue?) {
        dutch = nl
        english = en
    }

    /// Texts keyed by language code (`nl`, `en`).
    public internal(set) var translations: [String: String] {
        get {
            var all = others
            if let dutch { all["nl"] = dutch.string }
            if let english { all["en"] = english.string }
            return all
        }
        set {
            var rest = newValue
            dutch = rest.removeValue(forKey: "nl").map(TextValue.init)
            english = rest.removeValue(forKey: "en").map(TextValue.init)
            others = rest
        }
    }

    /// Sets the text in `language`.
    package mutating func set(_ text: TextValue, for language: String) {
        switch language {
        case "nl": dutch = text
        case "en": english = text
        default: others[language] = text.string
        }
    }

    /// The text in `language`, if there is one.
    package func translation(_ language: String) -> String? {
        switch language {
        case "nl": dutch?.string
        case "en": english?.string
        default: others[language]
        }
    }

    /// Which languages there is a text in, to check a text without looking anything up.
    package var presence: (dutch: Bool, english: Bool, others: Bool) {
        (dutch != nil, english != nil, !others.isEmpty)
    }

    /// Whether there is no text in any language.
    package var isEmpty: Bool { dutch == nil && english == nil && others.isEmpty }

    /// Whether there is a text in a language that is not one of `languages`.
    package func hasText(outside languages: [String]) -> Bool {
        (dutch != nil && !languages.contains("nl")) || (english != nil && !languages.contains("en"))
            || others.keys.contains { !languages.contains($0) }
    }

    /// The languages there is a text in, sorted.
    package var languages: [String] {
        var codes = Array(others.keys)
        if dutch != nil { codes.append("nl") }
        if english != nil { codes.append("en") }
        return codes.sorted()
    }

    /// The text in `language`, else in Dutch, else any text (never fails). The text is the
    /// protocol author's: neutralise it before it reaches a terminal (renderers do).
    public func text(in language: Language) -> String {
        text(in: language.code)
    }

    /// The text in the language with this code, else in Dutch, else any text.
    package func text(in language: String) -> String {
        translation(language) ?? dutch?.string ?? translations.values.sorted().first ?? ""
    }

    /// The Dutch text.
    public var nl: String { text(in: "nl") }

    public init(from decoder: any Decoder) throws {
        self.init(try [String: String](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try translations.encode(to: encoder)
    }
}

extension LocalizedText {
    /// The text in `language`, made safe to show as one field of output (see `UntrustedText`).
    package func shown(in language: String) -> String { text(in: language).neutralized }
}
