/// Checks any triage YAML file — protocol, social map, scenarios or answers — and reports
/// every finding, sorted by location. This is what `triage validate` runs.
public struct DocumentValidator: Sendable {
    /// The reader whose limits apply.
    public var reader: YAMLReader

    /// Creates a validator.
    public init(reader: YAMLReader = YAMLReader()) {
        self.reader = reader
    }

    /// The kind of the file (when it could be told) and every finding about it.
    public func validate(path: String) -> (kind: DocumentKind?, diagnostics: [Diagnostic]) {
        switch SourceFile.read(path, maxSize: reader.limits.maxFileSize) {
        case .failure(let diagnostic): return (nil, [diagnostic])
        case .success(let bytes): return validate(bytes, file: path)
        }
    }

    /// The kind of the document in `bytes` and every finding about it.
    public func validate(_ bytes: [UInt8], file: String) -> (kind: DocumentKind?, diagnostics: [Diagnostic]) {
        let read = reader.read(bytes, file: file)
        guard let root = read.root else { return (nil, read.diagnostics.sortedByLocation()) }
        switch DocumentKind.of(root) {
        case .failure(let diagnostic):
            return (nil, (read.diagnostics + [diagnostic]).sortedByLocation())
        case .success(let kind):
            let findings: [Diagnostic]
            switch kind {
            case .protocol:
                findings = ProtocolLoader(reader: reader).load(root, contentHash: SHA256.hex(bytes)).diagnostics
            case .socialMap:
                findings = SocialMapLoader(reader: reader).load(root).diagnostics
            case .answers:
                findings = AnswerSheetLoader(reader: reader).load(root).diagnostics
            case .scenarios:
                findings = validateScenarios(root)
            }
            return (kind, (read.diagnostics + findings).sortedByLocation())
        }
    }

    /// A scenario file is checked on its own and against the protocol it names: every
    /// answer must fit a question of that protocol.
    private func validateScenarios(_ root: YAMLNode) -> [Diagnostic] {
        let loaded = ScenarioSuiteLoader(reader: reader).load(root)
        guard let suite = loaded.value else { return loaded.diagnostics }
        var findings = loaded.diagnostics
        let protocolLocation = root["protocol"]?.location ?? root.location
        switch SourceFile.read(suite.protocolPath, maxSize: reader.limits.maxFileSize) {
        case .failure(let diagnostic):
            findings.append(
                .error("missing-protocol", "the protocol '\(suite.protocolPath)' cannot be read: \(diagnostic.message)", at: protocolLocation))
        case .success(let bytes):
            guard let triageProtocol = ProtocolLoader(reader: reader).load(bytes, file: suite.protocolPath).value else {
                findings.append(
                    .error(
                        "invalid-protocol", "the protocol '\(suite.protocolPath)' has errors", at: protocolLocation,
                        hint: "run triage validate \(suite.protocolPath)"))
                return findings
            }
            for scenario in suite.scenarios {
                var session = TriageSession(protocol: triageProtocol)
                findings += scenario.answers.apply(to: &session).filter { $0.severity == .error }
            }
        }
        return findings
    }
}
