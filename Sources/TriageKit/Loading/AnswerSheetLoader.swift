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
        if let mismatch = DocumentKind.mismatch(root, expected: .answers) {
            return LoadResult(value: nil, diagnostics: [mismatch])
        }
        var nodes = NodeReader()
        guard
            let top = nodes.fields(
                root, of: "the answers file", allowed: ["kind", "protocol", "answers", "adjust"], required: ["kind", "answers"])
        else { return LoadResult(value: nil, diagnostics: nodes.diagnostics) }
        if let kind = top["kind"]?.scalar, kind != DocumentKind.answers.rawValue {
            nodes.error(
                "wrong-kind", "expected 'kind: answers', found '\(kind)'", at: top.location(of: "kind"),
                hint: "\(DocumentKind.answers.fileDescription) starts with 'kind: answers', then 'answers:' with question id: answer")
        }
        let protocolID = nodes.string(top["protocol"], field: "protocol")
        var sheet = top["answers"].flatMap { AnswerSheet.read($0, protocolID: protocolID, reader: &nodes) }
        sheet?.protocolLocation = top["protocol"]?.location
        if let node = top["adjust"] {
            sheet?.adjustment = adjustment(node, reader: &nodes)
            sheet?.adjustmentLocation = top.location(of: "adjust")
        }
        return LoadResult(value: nodes.diagnostics.containsErrors ? nil : sheet, diagnostics: nodes.diagnostics)
    }

    /// `adjust: {drop: [ids], add: [ids], urgency: today|soon|routine|none, reason: <code>, note: text}`:
    /// the GP's decision where it differs from the advice, as in the walk's action `a`.
    private func adjustment(_ node: YAMLNode, reader nodes: inout NodeReader) -> Adjustment? {
        guard
            let fields = nodes.fields(
                node, of: "'adjust'", allowed: ["drop", "add", "urgency", "reason", "note"], required: ["reason"]),
            let reason = fields["reason"].flatMap({ nodes.choice($0, field: "reason", as: Adjustment.Reason.self) })
        else { return nil }
        return Adjustment(
            dropped: nodes.strings(fields["drop"], field: "drop").map(\.0),
            added: nodes.strings(fields["add"], field: "add").map(\.0),
            urgency: fields["urgency"].flatMap { nodes.choice($0, field: "urgency", as: Outcome.Urgency.self) },
            reason: reason, note: nodes.string(fields["note"], field: "note"))
    }
}

extension AnswerSheet {
    /// Reads the `answers:` mapping of an answers file or a scenario.
    package static func read(_ node: YAMLNode, protocolID: String?, reader: inout NodeReader) -> AnswerSheet? {
        guard let pairs = node.mapping else {
            reader.error("wrong-shape", "'answers' must be a mapping of question id: answer", at: node.location)
            return nil
        }
        return AnswerSheet(
            protocolID: protocolID,
            entries: pairs.map { Entry(questionID: $0.key, value: $0.value, location: $0.keyLocation) },
            location: node.location)
    }
}
