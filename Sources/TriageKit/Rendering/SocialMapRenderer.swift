/// Renders what `SocialMapSearch` found — the services of a social map, grouped by route —
/// as text for a terminal of any width, or as JSON (`triage-kaart/1`).
///
/// In the text, each service shows its name, description, contact, phone, e-mail, how to
/// refer, hours, address, website, whom to turn to when the contact is away, and a warning
/// when its details may be out of date. Values are wrapped on spaces with a hanging indent
/// (`TextWrap`), so an e-mail address, URL or telephone number is never cut in two. A service
/// that serves several of the routes shown is written out once, the first time.
package struct SocialMapRenderer: Sendable {
    /// `nl` or `en`.
    package var language: String
    /// The terminal width, in characters.
    package var width: Int
    /// The day to judge the details by (`Service.freshness(on:)`); `nil`: no warnings.
    package var today: CivilDate?

    /// Creates a renderer.
    package init(language: String, width: Int = 80, today: CivilDate? = nil) {
        self.language = language
        self.width = width
        self.today = today
    }

    /// The text for `routes` found by `search` for `terms`.
    package func render(_ routes: [SocialMapSearch.Route], of search: SocialMapSearch, terms: [String]) -> String {
        let t = Labels(language: language)
        let map = search.map
        let count = Set(routes.flatMap { $0.services.map(\.id) }).count
        var header = "\(t("Sociale kaart", "Social map")) \(map.region.neutralized)"
        if !terms.isEmpty { header += " · " + Self.quoted(terms) }
        header += " · \(count) " + (count == 1 ? t("dienst", "service") : t("diensten", "services"))
        var lines = TextWrap.wrap(header, width: width, hangingIndent: 2)
        let fallbacks = Self.fallbacks(map)
        var shown = Set<String>()
        for route in routes {
            lines.append("")
            lines += TextWrap.wrap(route.title(in: language), width: width, hangingIndent: 2)
            for service in route.services {
                guard shown.insert(service.id).inserted else {
                    lines += TextWrap.wrap(
                        "\(service.name.neutralized) (\(t("zie hierboven", "see above")))", width: width, indent: 2,
                        hangingIndent: 4)
                    continue
                }
                lines += TextWrap.wrap(service.name.neutralized, width: width, indent: 2, hangingIndent: 4)
                if let description = service.description {
                    lines += TextWrap.wrap(description.shown(in: language), width: width, indent: 4)
                }
                lines += details(of: service, in: route, search, fallback: fallbacks[service.id], t)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The labelled lines of a service: "Telefoon:  0000-000 105", values aligned after the
    /// longest label. A value with a word (an e-mail address, a URL) too long for that column
    /// starts on the line after its label instead, less indented, so it still fits the width.
    private func details(
        of service: Service, in route: SocialMapSearch.Route, _ search: SocialMapSearch, fallback: Service?, _ t: Labels
    ) -> [String] {
        let others = service.serves.filter { $0 != route.destinationID }.map { search.title(of: $0, in: language) }
        let fields: [(String, String?)] = [
            (t("Contact", "Contact"), service.contact?.shown(in: language)),
            (t("Telefoon", "Phone"), service.phone?.neutralized),
            (t("E-mail", "E-mail"), service.email?.neutralized),
            (t("Verwijzen", "Refer"), service.channel.map(t.channel)),
            (t("Bereikbaar", "Hours"), service.hours?.shown(in: language)),
            (t("Adres", "Address"), service.address?.neutralized),
            (t("Website", "Website"), service.website?.neutralized),
            (Self.capitalized(t.fallbackLabel), fallback.map(t.fallbackSummary)),
            (t("Ook voor", "Also for"), others.isEmpty ? nil : others.joined(separator: "; ")),
            (t("Let op", "Note"), today.flatMap { t.outdated(service, on: $0) }),
        ]
        let indent = 4
        let column = indent + (fields.map(\.0.count).max() ?? 0) + 2
        var lines: [String] = []
        for case (let label, let value?) in fields {
            let longest = TextWrap.units(of: value, fitting: width - column).map(\.count).max() ?? 0
            guard longest > 0 else { continue }
            let prefix = String(repeating: " ", count: indent) + label + ":"
            if longest <= width - column {
                var wrapped = TextWrap.wrap(value, width: width, indent: column)
                wrapped[0] = prefix + String(repeating: " ", count: column - prefix.count) + wrapped[0].dropFirst(column)
                lines += wrapped
            } else {
                lines.append(prefix)
                lines += TextWrap.wrap(value, width: width, indent: indent + 2)
            }
        }
        return lines
    }

    /// The message when nothing matches: an unknown route (with a "did you mean"), or no
    /// service for the terms, with `suggestions` to try.
    package func nothingFound(on map: SocialMap, terms: [String], destination: String?, suggestions: [String]) -> String {
        let t = Labels(language: language)
        let region = map.region.neutralized
        var text: String
        let routes = SocialMapSearch(map: map).destinationIDs
        if routes.isEmpty {
            text = t("De sociale kaart van \(region) noemt geen diensten.", "The social map of \(region) lists no services.")
        } else if let destination, !routes.contains(destination) {
            text = t(
                "Route “\(destination.neutralized)” staat niet op de sociale kaart van \(region)",
                "There is no route “\(destination.neutralized)” on the social map of \(region)")
            if let near = Suggestion.closest(to: destination, in: routes) {
                text += t("; bedoelt u “\(near)”?", "; did you mean “\(near)”?")
            } else {
                text += t("; routes op de kaart: ", "; routes on the map: ") + routes.joined(separator: ", ") + "."
            }
        } else {
            text = t("Niets gevonden voor ", "Nothing found for ") + Self.quoted(terms)
            if let destination { text += t(" bij route ", " on route ") + destination.neutralized }
            text += t(" op de sociale kaart van ", " on the social map of ") + region
            text +=
                suggestions.isEmpty
                ? t("; probeer een ander woord.", "; try another word.")
                : t("; probeer: ", "; try: ") + suggestions.map(\.neutralized).joined(separator: ", ") + "."
        }
        return TextWrap.wrap(text, width: width, hangingIndent: 2).joined(separator: "\n") + "\n"
    }

    /// The JSON document (`triage-kaart/1`) for `routes` found by `search`; texts in the
    /// chosen language, keys always in the same order.
    package func json(
        _ routes: [SocialMapSearch.Route], of search: SocialMapSearch, terms: [String], destination: String?,
        suggestions: [String]
    ) -> JSONValue {
        let map = search.map
        let fallbacks = Self.fallbacks(map)
        return .object([
            ("schema", .string("triage-kaart/1")),
            ("region", .string(map.region)),
            ("language", .string(language)),
            ("terms", .array(terms.map(JSONValue.string))),
            ("destination", destination.map(JSONValue.string) ?? .null),
            ("today", today.map { .string($0.description) } ?? .null),
            (
                "routes",
                .array(
                    routes.map { route in
                        .object([
                            ("destination", .string(route.destinationID)),
                            ("name", route.name.map { .string($0.text(in: language)) } ?? .null),
                            (
                                "services",
                                .array(
                                    route.services.map { service in
                                        var pairs = OutcomeJSONRenderer.servicePairs(service, language: language)
                                        pairs.insert(("serves", .array(service.serves.map(JSONValue.string))), at: 2)
                                        pairs.append(("keywords", .array(service.keywords(in: language).map(JSONValue.string))))
                                        pairs.append(
                                            ("fallback", fallbacks[service.id].map { .object(OutcomeJSONRenderer.servicePairs($0, language: language)) } ?? .null))
                                        pairs.append(("outdated", today.map { .bool(service.freshness(on: $0).isOutdated) } ?? .null))
                                        return .object(pairs)
                                    })
                            ),
                        ])
                    })
            ),
            ("suggestions", .array(suggestions.map(JSONValue.string))),
        ])
    }

    /// The fallback of each service of `map` that has one, by service id, looked up once (as
    /// `SocialMap.fallback(for:)` does for one service).
    private static func fallbacks(_ map: SocialMap) -> [String: Service] {
        let byID = Dictionary(map.services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var fallbacks: [String: Service] = [:]
        for service in map.services where fallbacks[service.id] == nil {
            guard let id = service.fallback, id != service.id, let fallback = byID[id] else { continue }
            fallbacks[service.id] = fallback
        }
        return fallbacks
    }

    /// The search words as typed, in quotes, safe to print.
    private static func quoted(_ terms: [String]) -> String {
        "“" + terms.joined(separator: " ").neutralized + "”"
    }

    private static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
