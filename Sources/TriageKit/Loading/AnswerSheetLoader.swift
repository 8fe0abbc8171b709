/// Loads a `kind: answers` file (YAML, or JSON, which libyaml also reads).
///
/// ```yaml
/// kind: answers
/// protocol: welzijn-op-recept
/// answers:
///   suicidale_gedachten: nee
///   levensdomeinen: [geld]
/// ```
public struct AnswerSheetLoader: Sendable {
    /// The YAML reader (and thus the limits) to use.
    public var reader: YAMLReader

    /// Creates a loader.
    public init(reader: YAMLReader = YAMLReader()) {
        self.reader = reader
    }

    /// Loads the answers file at `path`.
    public func load(path: String) -> LoadResult<AnswerSheet> {
        switch SourceFile.read(path, maxSize: reader.limits.maxFileSize) {
        case .failure(let diagnostic): return LoadResult(value: nil, diagnostics: DocumentKind.answers.adapted([diagnostic]))
        case .success(let bytes): return load(bytes, file: path)
        }
    }

    /// Loads an answers file from its bytes.
    public func load(_ bytes: [UInt8], file: String) -> LoadResult<AnswerSheet> {
        let read = reader.read(bytes, file: file)
        let readFindings = DocumentKind.answers.adapted(read.diagnostics)
        guard let root = read.root else { return LoadResult(value: nil, diagnostics: readFindings) }
        var result = load(root)
        result.diagnostics = (readFindings + result.diagnostics).capped()
        if result.diagnostics.containsErrors { result.value = nil }
        return result
    }

    package func load(_ root: YAMLNode) -> LoadResult<AnswerSheet> {
        var nodes = NodeReader()
        guard
            let top = nodes.fields(
                root, of: "the answers file", allowed: ["kind", "protocol", "answers"], required: ["kind", "answers"])
        else { return LoadResult(value: nil, diagnostics: nodes.diagnostics) }
        if let kind = top["kind"]?.scalar, kind != DocumentKind.answers.rawValue {
            nodes.error(
                "wrong-kind", "expected 'kind: answers', found '\(kind)'", at: top.location(of: "kind"),
                hint: "\(DocumentKind.answers.fileDescription) starts with 'kind: answers', then 'answers:' with question id: answer")
        }
        let protocolID = nodes.string(top["protocol"], field: "protocol")
        let sheet = top["answers"].flatMap { AnswerSheet.read($0, protocolID: protocolID, reader: &nodes) }
        return LoadResult(value: nodes.diagnostics.containsErrors ? nil : sheet, diagnostics: nodes.diagnostics)
    }
}
