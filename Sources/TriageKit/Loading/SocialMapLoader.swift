/// Loads a `kind: social_map` file into a `SocialMap`, with located diagnostics.
public struct SocialMapLoader: Sendable {
    /// The YAML reader (and thus the limits) to use.
    package var reader: YAMLReader

    /// Creates a loader that refuses files beyond `limits` (size, nesting, node count) with a
    /// located error instead of reading them; the defaults suit any real document.
    public init(limits: YAMLLimits = .standard) {
        self.reader = YAMLReader(limits: limits)
    }

    /// Creates a loader with a configured reader (tests, benchmarks).
    package init(reader: YAMLReader) {
        self.reader = reader
    }

    /// Loads a social map from the bytes of a file; `file` is used in locations.
    public func load(_ bytes: [UInt8], file: String) -> LoadResult<SocialMap> {
        let read = reader.read(bytes, file: file)
        guard let root = read.root else { return LoadResult(value: nil, diagnostics: read.diagnostics) }
        var result = load(root)
        result.diagnostics = (read.diagnostics + result.diagnostics).sortedByLocation()
        if result.diagnostics.containsErrors { result.value = nil }
        return result
    }

    /// Loads a social map from the file at `path`.
    public func load(path: String) -> LoadResult<SocialMap> {
        switch SourceFile.read(path, maxSize: reader.limits.maxFileSize) {
        case .failure(let diagnostic): return LoadResult(value: nil, diagnostics: [diagnostic])
        case .success(let bytes): return load(bytes, file: path)
        }
    }

    package func load(_ root: YAMLNode) -> LoadResult<SocialMap> {
        if let mismatch = DocumentKind.mismatch(root, expected: .socialMap) {
            return LoadResult(value: nil, diagnostics: [mismatch])
        }
        var nodes = NodeReader()
        guard
            let top = nodes.fields(
                root, of: "the social map", allowed: ["kind", "region", "description", "services"],
                required: ["kind", "region", "services"])
        else { return LoadResult(value: nil, diagnostics: nodes.diagnostics) }
        if let kind = top["kind"]?.scalar, kind != DocumentKind.socialMap.rawValue {
            nodes.error("wrong-kind", "expected 'kind: social_map', found '\(kind)'", at: top.location(of: "kind"))
        }
        let region = nodes.string(top["region"], field: "region") ?? ""
        let description = Self.text(top["description"], field: "description", &nodes)
        var services: [Service] = []
        var seen: [String: SourceLocation] = [:]
        var fallbacks: [(service: String, fallback: String, location: SourceLocation)] = []
        let keys: [StaticString] = [
            "id", "serves", "name", "contact", "phone", "email", "address", "hours", "website", "channel", "description",
            "keywords", "checked", "valid_until", "fallback", "feedback_days",
        ]
        for node in nodes.list(top["services"], field: "services") {
            guard let fields = nodes.fields(node, of: "a service", allowed: keys, required: ["id", "serves", "name"]),
                let id = nodes.identifier(fields["id"], field: "id"), let name = nodes.string(fields["name"], field: "name")
            else { continue }
            if let first = seen[id] {
                nodes.error("duplicate-id", "service '\(id)' is defined twice; the first is at line \(first.line)", at: node.location)
            }
            seen[id] = node.location
            let serves = nodes.strings(fields["serves"], field: "serves").compactMap { (text, location) -> String? in
                guard NodeReader.isIdentifier(text) else {
                    nodes.error("invalid-id", "'\(text)' is not a valid destination id", at: location)
                    return nil
                }
                return text
            }
            if let email = nodes.string(fields["email"], field: "email"), !email.contains("@") {
                nodes.error("invalid-value", "'\(email)' is not an e-mail address", at: fields["email"]?.location ?? node.location)
            }
            let fallback = nodes.identifier(fields["fallback"], field: "fallback")
            if let fallback, let node = fields["fallback"] { fallbacks.append((id, fallback, node.location)) }
            var service = Service(
                id: id, serves: serves, name: name, contact: Self.text(fields["contact"], field: "contact", &nodes),
                phone: nodes.string(fields["phone"], field: "phone"), email: nodes.string(fields["email"], field: "email"),
                address: nodes.string(fields["address"], field: "address"),
                hours: Self.text(fields["hours"], field: "hours", &nodes),
                website: nodes.string(fields["website"], field: "website"),
                channel: fields["channel"].flatMap { nodes.choice($0, field: "channel", as: Service.Channel.self) },
                description: Self.text(fields["description"], field: "description", &nodes),
                keywords: Self.keywords(fields["keywords"], &nodes),
                checked: Self.date(fields["checked"], field: "checked", &nodes),
                validUntil: Self.date(fields["valid_until"], field: "valid_until", &nodes), fallback: fallback,
                location: node.location)
            if let node = fields["feedback_days"], let days = nodes.integer(node, field: "feedback_days") {
                if (1...365).contains(days) {
                    service.feedbackDays = days
                } else {
                    nodes.error(
                        "invalid-value", "'feedback_days' must be 1 to 365 days, not \(days)", at: node.location,
                        hint: "Welzijn op Recept agrees on about two weeks: feedback_days: 14")
                }
            }
            service.checkedLocation = fields["checked"]?.location
            service.validUntilLocation = fields["valid_until"]?.location
            services.append(service)
        }
        Self.checkFallbacks(fallbacks, services: services, &nodes)
        // Only a list with no services at all is empty; services skipped for errors are not.
        if services.isEmpty, top["services"] != nil, !nodes.diagnostics.containsErrors {
            nodes.warning("empty-social-map", "the social map lists no services", at: top.location(of: "services"))
        }
        let diagnostics = nodes.diagnostics.sortedByLocation()
        return LoadResult(
            value: diagnostics.containsErrors ? nil : SocialMap(region: region, description: description, services: services),
            diagnostics: diagnostics)
    }

    /// A localized map text; a mapping of languages must have the Dutch text.
    private static func text(_ node: YAMLNode?, field: String, _ nodes: inout NodeReader) -> LocalizedText? {
        guard let text = nodes.localized(node, field: field), let node else { return nil }
        if !text.presence.dutch {
            nodes.error(
                "missing-translation", "'\(field)' has no Dutch text", at: node.location, hint: "add 'nl:'; Dutch is required")
        }
        return text
    }

    /// `keywords:` — a list of words in any language (or one word), or `{nl: [...], en: [...]}`.
    private static func keywords(_ node: YAMLNode?, _ nodes: inout NodeReader) -> [Service.Keyword] {
        guard let node, !node.isNull else { return [] }
        guard let pairs = node.mapping else {
            return nodes.strings(node, field: "keywords").map { Service.Keyword($0.0) }
        }
        var keywords: [Service.Keyword] = []
        for pair in pairs {
            guard Language.codes.contains(pair.key) else {
                nodes.error(
                    "unknown-language", "'\(pair.key)' is not a supported language in 'keywords'", at: pair.keyLocation,
                    hint: Suggestion.hint(for: pair.key, in: Language.codes) ?? "use nl or en")
                continue
            }
            keywords += nodes.strings(pair.value, field: "keywords.\(pair.key)").map { Service.Keyword($0.0, language: pair.key) }
        }
        return keywords
    }

    /// A date written as YYYY-MM-DD; a text that is not a real calendar date is an error at it.
    private static func date(_ node: YAMLNode?, field: String, _ nodes: inout NodeReader) -> CivilDate? {
        guard let text = nodes.string(node, field: field), let node else { return nil }
        switch CivilDate.parse(text) {
        case .success(let date): return date
        case .failure(let problem):
            nodes.error(
                "invalid-date", "'\(text)' in '\(field)' is not a date: \(problem)", at: node.location,
                hint: "write the date as YYYY-MM-DD, e.g. 2026-03-01")
            return nil
        }
    }

    /// Every `fallback:` must name another service of the map, and following fallbacks must
    /// never lead back to where it started.
    private static func checkFallbacks(
        _ fallbacks: [(service: String, fallback: String, location: SourceLocation)], services: [Service],
        _ nodes: inout NodeReader
    ) {
        let ids = services.map(\.id)
        let known = Set(ids)
        var next: [String: String] = [:]
        var unknown = 0
        for (service, fallback, location) in fallbacks {
            if fallback == service {
                nodes.error(
                    "fallback-self", "service '\(service)' names itself as its fallback", at: location,
                    hint: "name another service of the map, for when this contact is away")
            } else if !known.contains(fallback) {
                // A "did you mean" compares with every id: only for the first few, so a huge
                // map of wrong fallbacks stays quick.
                unknown += 1
                let near = unknown <= 20 ? Suggestion.hint(for: fallback, in: ids) : nil
                nodes.error(
                    "unknown-service", "fallback '\(fallback)' of service '\(service)' is not a service on this map",
                    at: location, hint: near ?? "use the id of a service on this map")
            } else {
                next[service] = fallback
            }
        }
        // Each cycle is reported once, at the first of its services in file order. Every
        // service is walked once (0: not yet, 1: on the current path, 2: done), so a long
        // chain of fallbacks costs no more than its length.
        var order: [String: (index: Int, location: SourceLocation)] = [:]
        for (index, entry) in fallbacks.enumerated() where order[entry.service] == nil {
            order[entry.service] = (index, entry.location)
        }
        var state: [String: Int] = [:]
        for (start, _, _) in fallbacks where state[start, default: 0] == 0 {
            var path: [String] = []
            var current: String? = start
            while let id = current, state[id, default: 0] == 0 {
                state[id] = 1
                path.append(id)
                current = next[id]
            }
            if let id = current, state[id] == 1, let first = path.firstIndex(of: id) {
                let cycle = Array(path[first...])
                let earliest = cycle.indices.min { order[cycle[$0]]?.index ?? .max < order[cycle[$1]]?.index ?? .max } ?? 0
                let rotated = Array(cycle[earliest...] + cycle[..<earliest])
                if let location = order[rotated[0]]?.location {
                    nodes.error(
                        "fallback-cycle",
                        "the fallbacks of services \((rotated + [rotated[0]]).map { "'\($0)'" }.joined(separator: " → ")) go round in a circle",
                        at: location, hint: "let the last service in the chain name no fallback, or one outside the circle")
                }
            }
            for id in path { state[id] = 2 }
        }
    }
}
