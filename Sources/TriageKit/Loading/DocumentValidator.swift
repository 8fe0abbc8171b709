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
            case .socialMap, .scenarios, .answers:
                findings = [
                    .warning(
                        "kind-not-checked", "'kind: \(kind.rawValue)' files are recognised but not yet checked in depth",
                        at: root["kind"]?.location ?? root.location)
                ]
            }
            return (kind, (read.diagnostics + findings).sortedByLocation())
        }
    }
}
