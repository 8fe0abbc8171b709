/// Finds what a social map offers for a few search words, grouped by route (destination):
/// "schulden" finds debt counselling, "eenzaam" the welfare coach, "mantelzorg" carer support.
///
/// A GP often does not know what the municipality offers or whom to call; `triage kaart`
/// answers that from the map. Words are compared without case and accents (`é` is `e`, `ĳ`
/// is `ij`). A search word matches a word of the route or service that starts with it, or,
/// from four letters on, contains it (Dutch writes compounds as one word: `zorg` finds
/// `mantelzorgondersteuning`). Searched are the route's id (`poh_ggz` reads as `poh ggz`) and
/// names, and the service's id, name, contact, keywords and description, in every language.
/// Every search word must match (several words narrow the search).
///
/// Without search words every route is listed with all its services. With search words each
/// service found is listed once, under the route of its that the words fit best (the first
/// of those whose own id or name matches most of the words), so "mantelzorg" shows Punt
/// Welzijn under carer support, not under each of its three routes.
package struct SocialMapSearch: Sendable {
    /// One route (destination) and the services on the map that provide it.
    package struct Route: Sendable, Hashable {
        /// The destination id (`schuldhulpverlening`).
        package var destinationID: String
        /// The destination's name from a protocol, when one was given.
        package var name: LocalizedText?
        /// The services, in map order.
        package var services: [Service]

        /// The route's name in `language`, or its id written as words (`Spoed schuldhulp`).
        package func title(in language: String) -> String {
            SocialMapSearch.title(of: destinationID, name: name, in: language)
        }
    }

    /// The map searched.
    package var map: SocialMap
    /// Names of destinations by id, from the protocols the map is used with.
    package var destinationNames: [String: LocalizedText]

    /// Creates a search over `map`; `destinationNames` (from protocols) name the routes.
    package init(map: SocialMap, destinationNames: [String: LocalizedText] = [:]) {
        self.map = map
        self.destinationNames = destinationNames
    }

    /// Every destination id the map serves, in order of first appearance.
    package var destinationIDs: [String] {
        var seen = Set<String>()
        return map.services.flatMap(\.serves).filter { seen.insert($0).inserted }
    }

    /// The routes with the services that match every word of `terms`, in map order; only
    /// route `destination` when given. No terms (or none with a letter or digit): everything.
    package func routes(matching terms: [String], destination: String? = nil) -> [Route] {
        let wanted = terms.flatMap(Self.words)
        let ids = destinationIDs.filter { destination == nil || $0 == destination }
        let routeWords = ids.map { id in ([id] + (destinationNames[id]?.translations.values.sorted() ?? [])).flatMap(Self.words) }
        var chosen: [[Int]] = Array(repeating: [], count: ids.count)  // service indices per route
        let position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, service) in map.services.enumerated() {
            var texts = [service.id, service.name] + service.keywords.map(\.word)
            for text in [service.contact, service.description] { texts += text.map { $0.translations.values.sorted() } ?? [] }
            let serviceWords = texts.flatMap(Self.words)
            // How many search words each of the service's routes matches by itself; nil: the pair does not match.
            let fits: [(route: Int, score: Int)] = Set(service.serves.compactMap { position[$0] }).sorted().compactMap { route in
                var score = 0
                for term in wanted {
                    if routeWords[route].contains(where: { Self.matches(term, $0) }) {
                        score += 1
                    } else if !serviceWords.contains(where: { Self.matches(term, $0) }) {
                        return nil
                    }
                }
                return (route, score)
            }
            if wanted.isEmpty {
                for fit in fits { chosen[fit.route].append(index) }
            } else if let best = fits.max(by: { $0.score < $1.score || ($0.score == $1.score && $0.route > $1.route) }) {
                chosen[best.route].append(index)
            }
        }
        return ids.indices.compactMap { route in
            guard !chosen[route].isEmpty else { return nil }
            return Route(destinationID: ids[route], name: destinationNames[ids[route]], services: chosen[route].map { map.services[$0] })
        }
    }

    /// The name of route `destinationID` in `language`: from the protocols, else its id as words.
    package func title(of destinationID: String, in language: String) -> String {
        Self.title(of: destinationID, name: destinationNames[destinationID], in: language)
    }

    private static func title(of destinationID: String, name: LocalizedText?, in language: String) -> String {
        if let name { return name.shown(in: language) }
        let words = destinationID.split(separator: "_").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Up to `limit` words to try instead of `terms`: the map's keywords in `language` (its
    /// route ids when it has none), closest to the terms first.
    package func suggestions(for terms: [String], language: String, limit: Int = 5) -> [String] {
        var candidates: [(shown: String, folded: String)] = []
        var seen = Set<String>()
        var words = map.services.flatMap { $0.keywords(in: language) }
        if words.isEmpty { words = destinationIDs.map { $0.split(separator: "_").joined(separator: " ") } }
        for word in words {
            let folded = Self.fold(word)
            guard !folded.isEmpty, seen.insert(folded).inserted else { continue }
            candidates.append((word, folded))
        }
        let wanted = terms.flatMap(Self.words)
        let ranked = candidates.enumerated().map { position, candidate in
            (candidate.shown, wanted.map { Suggestion.distance($0, candidate.folded) }.min() ?? 0, position)
        }
        return ranked.sorted { ($0.1, $0.2) < ($1.1, $1.2) }.prefix(max(0, limit)).map(\.0)
    }

    /// Whether search word `term` matches `word` (both folded): `word` starts with it, or,
    /// for a term of four letters or more, contains it.
    package static func matches(_ term: String, _ word: String) -> Bool {
        guard !term.isEmpty else { return true }
        return word.hasPrefix(term) || (term.count >= 4 && word.contains(term))
    }

    /// The words of `text`, folded (see `fold`): runs of letters and digits.
    package static func words(_ text: String) -> [String] {
        fold(text).split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// `text` in lowercase without accents: `Één` becomes `een`, `ĳ` becomes `ij`. Letters
    /// with an accent are read from their Unicode names (LATIN SMALL LETTER E WITH ACUTE is
    /// `e`), so this needs no table and no Foundation; combining accents are dropped.
    package static func fold(_ text: String) -> String {
        let lower = text.lowercased()
        guard !lower.unicodeScalars.allSatisfy(\.isASCII) else { return lower }
        var out = String.UnicodeScalarView()
        for scalar in lower.unicodeScalars {
            if scalar.isASCII {
                out.append(scalar)
                continue
            }
            let properties = scalar.properties
            if properties.generalCategory == .nonspacingMark { continue }
            out.append(contentsOf: base(of: scalar, name: properties.name ?? ""))
        }
        return String(out)
    }

    /// The plain letters for a lowercase Latin letter with an accent or a ligature.
    private static func base(of scalar: Unicode.Scalar, name: String) -> String.UnicodeScalarView {
        for prefix in ["LATIN SMALL LETTER ", "LATIN SMALL LIGATURE "] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let letters = rest.prefix { $0 != " " }
            let isLigature = prefix.hasSuffix("LIGATURE ")
            guard letters.allSatisfy({ $0.isASCII && $0.isUppercase }), isLigature || letters.count == 1,
                isLigature || rest.dropFirst(letters.count).hasPrefix(" WITH ")
            else { break }
            return String(letters.lowercased()).unicodeScalars
        }
        return String(scalar).unicodeScalars
    }
}
