/// The kinds of YAML file triage understands, told apart by their top-level `kind:` field.
package enum DocumentKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A triage protocol.
    case `protocol`
    /// A social map (sociale kaart): the local services of a region.
    case socialMap = "social_map"
    /// Scenarios that test a protocol.
    case scenarios
    /// Answers to a protocol's questions, for a run without prompts.
    case answers

    /// The kind a YAML root declares, or a diagnostic saying why it cannot be told.
    package static func of(_ root: YAMLNode) -> Result<DocumentKind, Diagnostic> {
        guard root.mapping != nil else {
            return .failure(
                .error(
                    "wrong-shape", "the file must be a mapping (key: value pairs), not \(root.shapeDescription)",
                    at: root.location,
                    hint: "start the file with 'kind:' and one of: \(allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        guard let node = root["kind"] else {
            return .failure(
                .error(
                    "missing-kind", "the file does not say what it is", at: root.location,
                    hint: "add 'kind:' with one of: \(allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        guard let text = node.scalar, let kind = DocumentKind(rawValue: text) else {
            let allowed = allCases.map(\.rawValue)
            return .failure(
                .error(
                    "unknown-kind", "'\(node.scalar ?? node.shapeDescription)' is not a kind of file triage knows",
                    at: node.location,
                    hint: Suggestion.hint(for: node.scalar ?? "", in: allowed) ?? "kinds: \(allowed.joined(separator: ", "))"))
        }
        return .success(kind)
    }

    /// The file as hints name it: "an answers file".
    package var fileDescription: String {
        switch self {
        case .protocol: "a protocol file"
        case .socialMap: "a social map"
        case .scenarios: "a scenarios file"
        case .answers: "an answers file"
        }
    }

    /// The findings of reading a file of this kind, with the hints of findings about the file
    /// as a whole (empty, too large), which the YAML reader gives for any kind, about this kind.
    package func adapted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            var adapted = diagnostic
            switch diagnostic.code {
            case "yaml-empty": adapted.hint = "\(fileDescription) is a mapping that starts with 'kind: \(rawValue)'"
            case "yaml-file-too-large": adapted.hint = "\(fileDescription) is small; check that this is the file you meant"
            default: break
            }
            return adapted
        }
    }
}

extension DocumentKind {
    /// What the kind is called in a sentence: "a protocol", "a social map".
    package var phrase: String {
        switch self {
        case .protocol: "a protocol"
        case .socialMap: "a social map"
        case .scenarios: "a scenario file"
        case .answers: "an answers file"
        }
    }

    /// Where a file of this kind goes on the command line.
    private var usage: String {
        switch self {
        case .protocol: "a protocol is the first argument of 'triage run' and 'triage validate'"
        case .socialMap: "pass a social map with --map"
        case .scenarios: "run scenario files with 'triage test'"
        case .answers: "pass an answers file with --answers"
        }
    }

    /// When `root` declares another known kind than `expected`: the one error to report about
    /// it (instead of every key that kind lacks). `nil` when the kind fits or is not declared.
    package static func mismatch(_ root: YAMLNode, expected: DocumentKind) -> Diagnostic? {
        guard let node = root["kind"], let text = node.scalar, let kind = DocumentKind(rawValue: text), kind != expected else {
            return nil
        }
        let file = root.location.file
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return .error(
            "wrong-kind", "\(name) is \(kind.phrase), not \(expected.phrase)", at: node.location,
            hint: "\(kind.usage); \(expected.fileDescription) starts with 'kind: \(expected.rawValue)'")
    }
}
