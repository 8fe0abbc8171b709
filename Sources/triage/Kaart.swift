import ArgumentParser
import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `triage kaart MAP [TERM...]`: what the social map offers, grouped by route, searchable in Dutch.
struct Kaart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaart",
        abstract: "Show what a social map offers, grouped by route; search it (schulden, eenzaam, mantelzorg).",
        discussion: """
            Without search words the whole map is shown. Each word must match (case and accents do not \
            matter) the start of a word, or from four letters on any part of one, in a route id or name, \
            a service's name, contact, keywords or description. --protocol names the routes as that \
            protocol does (repeat it for several). The text is wrapped to the terminal width (else \
            COLUMNS, else 80); e-mail addresses, URLs and phone numbers are never cut. Services last \
            checked more than a year ago, or past their valid_until, are marked. Exit status: 0 found, \
            1 nothing found or the map has errors.
            """
    )

    enum Format: String, OutputFormat {
        case text, json
    }

    @Argument(help: "The social map file.", completion: .file(extensions: ["yaml", "yml"]))
    var mapPath: String

    @Argument(help: "Search words, e.g. schulden, eenzaam, mantelzorg; all must match.")
    var terms: [String] = []

    @Option(help: "Only this route (a destination id, e.g. schuldhulpverlening).")
    var destination: String?

    @Option(name: .customLong("protocol"), help: "A protocol whose destination names name the routes (repeatable).", completion: .file(extensions: ["yaml", "yml"]))
    var protocolPaths: [String] = []

    @OptionGroup var languageOptions: LanguageOptions

    @OptionGroup var output: OutputOptions<Format>

    func run() throws {
        try output.capture(language: languageOptions.resolve()) { try produce() }
    }

    /// The result, on standard output (which `--output` sends to a file).
    private func produce() throws {
        let loaded = SocialMapLoader().load(path: mapPath)
        CommandSupport.report(loaded.diagnostics)
        guard let map = loaded.value else { throw ExitCode(1) }
        var names: [String: LocalizedText] = [:]
        for path in protocolPaths {
            guard let triageProtocol = CommandSupport.loadProtocol(path) else { throw ExitCode(1) }
            for destination in triageProtocol.destinations where names[destination.id] == nil {
                names[destination.id] = destination.name
            }
        }
        let language = languageOptions.resolve()
        let search = SocialMapSearch(map: map, destinationNames: names)
        let routes = search.routes(matching: terms, destination: destination)
        let suggestions = routes.isEmpty ? search.suggestions(for: terms, language: language) : []
        let renderer = SocialMapRenderer(language: language, width: Terminal.outputWidth, today: try CivilDate.today())
        switch output.format {
        case .json:
            let document = renderer.json(routes, of: search, terms: terms, destination: destination, suggestions: suggestions)
            print(document.serialized())
        case .text:
            if routes.isEmpty {
                Terminal.prompt(renderer.nothingFound(on: map, terms: terms, destination: destination, suggestions: suggestions))
            } else {
                print(renderer.render(routes, of: search, terms: terms), terminator: "")
            }
        }
        if routes.isEmpty { throw ExitCode(1) }
    }

    /// `en` when the first of LC_ALL, LC_MESSAGES and LANG that is set starts with `en`, else `nl`.
}
