/// Checks any triage YAML file — protocol, social map, scenarios or answers — and reports
/// every finding, sorted by location. This is what `triage validate` runs: it loads the file
/// (Loading) and then analyses what loaded (this layer), so loaders never call the analysis.
package struct DocumentValidator: Sendable {
    /// The reader whose limits apply.
    package var reader: YAMLReader
    /// The limits of the exhaustive analysis run on protocols without errors; `nil` skips it.
    package var exhaustive: ExhaustiveAnalyzer.Options?
    /// The day social maps are checked against (`map-stale`, `map-expired`); `nil` skips
    /// that check. The library never reads the clock: `triage validate` passes today.
    package var today: CivilDate?

    /// Creates a validator.
    package init(
        reader: YAMLReader = YAMLReader(), exhaustive: ExhaustiveAnalyzer.Options? = ExhaustiveAnalyzer.Options(),
        today: CivilDate? = nil
    ) {
        self.reader = reader
        self.exhaustive = exhaustive
        self.today = today
    }

    /// What validating one file found.
    package struct Result: Sendable {
        /// The kind of the file, when it could be told.
        package var kind: DocumentKind?
        /// Every finding, sorted by location.
        package var diagnostics: [Diagnostic]
        /// For a protocol: a shortest counterexample per violated invariant.
        package var counterexamples: [Counterexample] = []
        /// The protocol, when the file is one without errors (to check maps against it).
        package var triageProtocol: TriageProtocol?
        /// The social map, when the file is one without errors.
        package var socialMap: SocialMap?
    }

    /// Warnings about each social map used with each protocol of the same run (see
    /// `SocialMapCheck`): `triage validate PROTOCOL MAP` checks the pair.
    package static func pairs(_ results: [(file: String, result: Result)]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for (_, protocolResult) in results {
            guard let triageProtocol = protocolResult.triageProtocol else { continue }
            for (mapFile, mapResult) in results {
                guard let map = mapResult.socialMap else { continue }
                findings += SocialMapCheck.check(map, against: triageProtocol, mapFile: mapFile)
            }
        }
        return findings
    }

    /// The kind of the file at `path` (when it could be told), every finding about it and,
    /// for a protocol, the counterexamples of its exhaustive analysis.
    package func validate(path: String) -> Result {
        switch SourceFile.read(path, maxSize: reader.limits.maxFileSize) {
        case .failure(let diagnostic): return Result(kind: nil, diagnostics: [diagnostic])
        case .success(let bytes): return validate(bytes, file: path)
        }
    }

    /// The same for the document in `bytes`, named `file` in findings.
    package func validate(_ bytes: [UInt8], file: String) -> Result {
        let read = reader.read(bytes, file: file)
        guard let root = read.root else { return Result(kind: nil, diagnostics: read.diagnostics.sortedByLocation()) }
        switch DocumentKind.of(root) {
        case .failure(let diagnostic):
            return Result(kind: nil, diagnostics: (read.diagnostics + [diagnostic]).sortedByLocation())
        case .success(let kind):
            var findings: [Diagnostic]
            var counterexamples: [Counterexample] = []
            var triageProtocol: TriageProtocol?
            var socialMap: SocialMap?
            switch kind {
            case .protocol:
                let loaded = ProtocolLoader(reader: reader).load(root, hashing: ContentHash(of: bytes), source: bytes)
                findings = loaded.diagnostics
                triageProtocol = loaded.value
                // Only a protocol without errors is walked: the walk needs its conditions resolved.
                if let options = exhaustive, let spec = loaded.value, !read.diagnostics.containsErrors {
                    let report = ExhaustiveAnalyzer.analyze(spec, options: options)
                    findings += report.diagnostics
                    counterexamples = report.counterexamples
                }
            case .socialMap:
                let loaded = SocialMapLoader(reader: reader).load(root)
                findings = loaded.diagnostics
                socialMap = loaded.value
                if let today, let map = loaded.value { findings += SocialMapCheck.freshness(map, today: today) }
            case .answers:
                findings = AnswerSheetLoader(reader: reader).load(root).diagnostics
            case .scenarios:
                findings = validateScenarios(root)
            }
            return Result(
                kind: kind, diagnostics: (read.diagnostics + findings).sortedByLocation(), counterexamples: counterexamples,
                triageProtocol: read.diagnostics.containsErrors ? nil : triageProtocol,
                socialMap: read.diagnostics.containsErrors ? nil : socialMap)
        }
    }

    /// A scenario file is checked on its own and against the protocol and map it names:
    /// both must load, every id in an expectation must exist, every answer must fit.
    private func validateScenarios(_ root: YAMLNode) -> [Diagnostic] {
        let loaded = ScenarioSuiteLoader(reader: reader).load(root)
        guard let suite = loaded.value else { return loaded.diagnostics }
        let setup = ScenarioSuiteSetup.load(suite, reader: reader, includingReferencedFindings: false)
        var findings = loaded.diagnostics + setup.diagnostics
        if let triageProtocol = setup.triageProtocol {
            let fresh = TriageSession(protocol: triageProtocol)
            for scenario in suite.scenarios {
                var session = fresh
                findings += scenario.answers.apply(to: &session)
            }
        }
        return findings
    }
}
