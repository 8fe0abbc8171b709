/// The kinds of YAML file triage understands, told apart by their top-level `kind:` field.
public enum DocumentKind: String, Sendable, Hashable, CaseIterable, Codable {
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
