/// Loads a `kind: social_map` file into a `SocialMap`, with located diagnostics.
public struct SocialMapLoader: Sendable {
    /// The YAML reader (and thus the limits) to use.
    public var reader: YAMLReader

    /// Creates a loader.
    public init(reader: YAMLReader = YAMLReader()) {
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
        let description = nodes.localized(top["description"], field: "description")
        var services: [Service] = []
        var seen: [String: SourceLocation] = [:]
        let keys: [StaticString] = ["id", "serves", "name", "contact", "phone", "email", "address", "hours", "website", "channel"]
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
            services.append(
                Service(
                    id: id, serves: serves, name: name, contact: nodes.string(fields["contact"], field: "contact"),
                    phone: nodes.string(fields["phone"], field: "phone"), email: nodes.string(fields["email"], field: "email"),
                    address: nodes.string(fields["address"], field: "address"),
                    hours: nodes.string(fields["hours"], field: "hours"),
                    website: nodes.string(fields["website"], field: "website"),
                    channel: fields["channel"].flatMap { nodes.choice($0, field: "channel", as: Service.Channel.self) },
                    location: node.location))
        }
        // Only a list with no services at all is empty; services skipped for errors are not.
        if services.isEmpty, top["services"] != nil, !nodes.diagnostics.containsErrors {
            nodes.warning("empty-social-map", "the social map lists no services", at: top.location(of: "services"))
        }
        let diagnostics = nodes.diagnostics.sortedByLocation()
        return LoadResult(
            value: diagnostics.containsErrors ? nil : SocialMap(region: region, description: description, services: services),
            diagnostics: diagnostics)
    }
}
