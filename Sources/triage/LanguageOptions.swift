import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--lang`, shared by every subcommand that shows protocol texts, with one default rule:
/// `--lang` if given; else English only when the locale (`LC_ALL`, then `LC_MESSAGES`, then
/// `LANG`, the first one set) starts with `en`; else the protocol's first language (Dutch).
struct LanguageOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Language: nl or en (default: en when LC_ALL/LC_MESSAGES/LANG starts with 'en', else the protocol's first language, nl).",
            valueName: "nl|en"),
        completion: .list(["nl", "en"]))
    var lang: String?

    func validate() throws {
        if let lang, !["nl", "en"].contains(lang) { throw ValidationError("--lang must be nl or en") }
    }

    /// The language to use with a protocol written in `available` (its `languages`, first is primary).
    func resolve(available: [String] = ["nl", "en"]) -> String {
        if let lang { return lang }
        let primary = available.first ?? "nl"
        guard Self.localeIsEnglish, available.contains("en") else { return primary }
        return "en"
    }

    /// Whether the first locale variable that is set names English.
    static var localeIsEnglish: Bool {
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = getenv(variable).map({ String(cString: $0) }), !value.isEmpty else { continue }
            return value.hasPrefix("en")
        }
        return false
    }
}
