/// Loads a `kind: scenarios` file.
///
/// ```yaml
/// kind: scenarios
/// protocol: welzijn-op-recept.yaml
/// scenarios:
///   - title: Vrouw, 34, eenzaam na verhuizing, geen medische oorzaak
///     answers: {suicidale_gedachten: nee, pg_meedoen: 3}
///     expect:
///       decision: psychosocial
///       referrals: [welzijnscoach]
///       red_flags: []
/// ```
package struct ScenarioSuiteLoader: Sendable {
    /// The YAML reader (and thus the limits) to use.
    package var reader: YAMLReader

    /// Creates a loader.
    package init(reader: YAMLReader = YAMLReader()) {
        self.reader = reader
    }

    /// Loads the scenario file at `path`.
    package func load(path: String) -> LoadResult<ScenarioSuite> {
        switch SourceFile.read(path, maxSize: reader.limits.maxFileSize) {
        case .failure(let diagnostic): return LoadResult(value: nil, diagnostics: [diagnostic])
        case .success(let bytes):
            let read = reader.read(bytes, file: path)
            guard let root = read.root else { return LoadResult(value: nil, diagnostics: read.diagnostics) }
            var result = load(root)
            result.diagnostics = (read.diagnostics + result.diagnostics).sortedByLocation()
            if result.diagnostics.containsErrors { result.value = nil }
            return result
        }
    }

    package func load(_ root: YAMLNode) -> LoadResult<ScenarioSuite> {
        if let mismatch = DocumentKind.mismatch(root, expected: .scenarios) {
            return LoadResult(value: nil, diagnostics: [mismatch])
        }
        var nodes = NodeReader()
        guard
            let top = nodes.fields(
                root, of: "the scenario file", allowed: ["kind", "protocol", "map", "scenarios"],
                required: ["kind", "protocol", "scenarios"])
        else { return LoadResult(value: nil, diagnostics: nodes.diagnostics) }
        if let kind = top["kind"]?.scalar, kind != DocumentKind.scenarios.rawValue {
            nodes.error("wrong-kind", "expected 'kind: scenarios', found '\(kind)'", at: top.location(of: "kind"))
        }
        let file = root.location.file
        let protocolPath = nodes.string(top["protocol"], field: "protocol").map { Self.resolve($0, relativeTo: file) } ?? ""
        let mapPath = nodes.string(top["map"], field: "map").map { Self.resolve($0, relativeTo: file) }
        var scenarios: [Scenario] = []
        let scenarioNodes = nodes.list(top["scenarios"], field: "scenarios")
        if scenarioNodes.isEmpty, let list = top["scenarios"], list.sequence != nil {
            nodes.error(
                "no-scenarios", "the scenario file has no scenarios", at: list.location,
                hint: "add at least one scenario with 'title', 'answers' and 'expect'")
        }
        for node in scenarioNodes {
            guard
                let fields = nodes.fields(
                    node, of: "a scenario", allowed: ["title", "answers", "expect"], required: ["title", "answers", "expect"]),
                let title = nodes.string(fields["title"], field: "title"),
                let answers = fields["answers"].flatMap({ AnswerSheet.read($0, protocolID: nil, reader: &nodes) }),
                let expectNode = fields["expect"],
                let expect = nodes.fields(
                    expectNode, of: "'expect'", 
                        allowed: ["decision", "referrals", "red_flags", "asked", "not_asked", "urgency", "scores", "rules"])
            else { continue }
            var references: [Scenario.Reference] = []
            func ids(_ field: StaticString) -> [String]? {
                guard let node = expect[field] else { return nil }
                let name = "\(field)"
                let named = nodes.strings(node, field: name)
                references += named.map { Scenario.Reference(field: name, id: $0.0, location: $0.1) }
                return named.map(\.0)
            }
            let referrals = ids("referrals"), redFlags = ids("red_flags"), asked = ids("asked") ?? []
            let notAsked = ids("not_asked") ?? [], rules = ids("rules")
            let scores = expect["scores"].map { Self.scores($0, references: &references, nodes: &nodes) }
            let expectation = Scenario.Expectation(
                decision: expect["decision"].flatMap { nodes.choice($0, field: "decision", as: Decision.self) },
                referrals: referrals, redFlags: redFlags, asked: asked, notAsked: notAsked,
                urgency: expect["urgency"].flatMap { nodes.choice($0, field: "urgency", as: Outcome.Urgency.self) },
                scores: scores, rules: rules, references: references)
            scenarios.append(Scenario(title: title, answers: answers, expectation: expectation, location: node.location))
        }
        let suite = ScenarioSuite(
            protocolPath: protocolPath, protocolLocation: top["protocol"]?.location ?? root.location, mapPath: mapPath,
            mapLocation: top["map"]?.location, scenarios: scenarios, location: root.location)
        return LoadResult(value: nodes.diagnostics.containsErrors ? nil : suite, diagnostics: nodes.diagnostics)
    }

    /// `scores:`, a mapping of score id to a number or `none` (no value).
    private static func scores(
        _ node: YAMLNode, references: inout [Scenario.Reference], nodes: inout NodeReader
    ) -> [Scenario.ExpectedScore] {
        guard let pairs = node.mapping else {
            if !node.isNull {
                nodes.error(
                    "wrong-shape", "'scores' must be a mapping (score id: value), not \(node.shapeDescription)",
                    at: node.location, hint: "write e.g. 'scores: {meedoen: 3, kwaliteit_van_leven: none}'")
            }
            return []
        }
        var result: [Scenario.ExpectedScore] = []
        for pair in pairs {
            references.append(Scenario.Reference(field: "scores", id: pair.key, location: pair.keyLocation))
            if pair.value.scalar == "none" {
                result.append(Scenario.ExpectedScore(id: pair.key, value: nil))
            } else if let value = nodes.number(pair.value, field: "scores.\(pair.key)") {
                result.append(Scenario.ExpectedScore(id: pair.key, value: value))
            }
        }
        return result
    }

    /// `path` as seen from the directory of `file` (absolute paths are kept).
    static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }
}
