/// A language that protocol texts, outcomes and renderers are shown in.
///
/// Dutch is the default everywhere: it is the language of the patient file and of the
/// social domain's letters. English is there for colleagues who do not read Dutch.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    /// Dutch (`nl`), the default.
    case dutch = "nl"
    /// English (`en`).
    case english = "en"

    /// The language's code as protocols write it in `languages:` (`nl`, `en`).
    public var code: String { rawValue }

    /// The codes of every language triage shows texts in, the default first: what a protocol's
    /// `languages:` and a text's translations may use.
    package static let codes = allCases.map(\.code)

    /// The language with this code (`nl`, `en`), if it is one triage shows texts in.
    public init?(code: String) {
        self.init(rawValue: code)
    }
}
