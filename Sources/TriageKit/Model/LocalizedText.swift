/// A user-facing text in one or more languages; Dutch (`nl`) is always present.
///
/// Protocol authors write every question, option and reason as `{nl: ..., en: ...}`;
/// the engine and renderers pick the language the GP asked for, falling back to Dutch.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// Texts keyed by language code (`nl`, `en`).
    public var translations: [String: String]

    /// Creates a text from translations keyed by language code.
    public init(_ translations: [String: String]) {
        self.translations = translations
    }

    /// The text in `language`, else in Dutch, else any text (never fails).
    public func text(in language: String) -> String {
        translations[language] ?? translations["nl"] ?? translations.values.sorted().first ?? ""
    }

    /// The Dutch text.
    public var nl: String { text(in: "nl") }

    public init(from decoder: any Decoder) throws {
        translations = try [String: String](from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try translations.encode(to: encoder)
    }
}
