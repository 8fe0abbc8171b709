/// Schema-directed reading of YAML nodes: typed fields, unknown-key detection and
/// located diagnostics, collecting every problem instead of stopping at the first.
package struct NodeReader {
    /// Every finding so far.
    package var diagnostics: [Diagnostic] = []

    package init() {}

    package mutating func error(_ code: String, _ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(.error(code, message, at: location, hint: hint))
    }

    package mutating func warning(_ code: String, _ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(.warning(code, message, at: location, hint: hint))
    }

    /// The fields of a mapping, after checking that no key is unknown and every required key is present.
    package mutating func fields(
        _ node: YAMLNode, of what: String, allowed: [String], required: [String] = []
    ) -> Fields? {
        guard let pairs = node.mapping else {
            error(
                "wrong-shape", "\(what) must be a mapping (key: value pairs), not \(node.shapeDescription)", at: node.location)
            return nil
        }
        // Usually every key is allowed and the mapping's own pairs are used as they are.
        var fields = Fields(node: node, pairs: pairs)
        var hasUnknownKeys = false
        for pair in pairs where !allowed.contains(pair.key) {
            hasUnknownKeys = true
            error(
                "unknown-key", "unknown key '\(pair.key)' in \(what)", at: pair.keyLocation,
                hint: Suggestion.hint(for: pair.key, in: allowed) ?? "allowed keys: \(allowed.joined(separator: ", "))")
        }
        if hasUnknownKeys { fields.pairs = pairs.filter { allowed.contains($0.key) } }
        for key in required where !fields.contains(key) {
            error("missing-key", "\(what) has no '\(key)'", at: node.location, hint: "add '\(key):'")
        }
        return fields
    }

    /// A non-empty text value; `field` names it in the error (built only when there is one).
    package mutating func string(_ node: YAMLNode?, field: @autoclosure () -> String) -> String? {
        guard let node else { return nil }
        guard let text = node.scalar, !node.isNull else {
            error("wrong-shape", "'\(field())' must be a single value, not \(node.shapeDescription)", at: node.location)
            return nil
        }
        return text
    }

    /// A lower_snake_case identifier.
    package mutating func identifier(_ node: YAMLNode?, field: String) -> String? {
        guard let text = string(node, field: field), let node else { return nil }
        guard Self.isIdentifier(text) else {
            error(
                "invalid-id", "'\(text)' is not a valid id", at: node.location,
                hint: "ids are lower_snake_case: a lowercase letter, then lowercase letters, digits or '_'")
            return nil
        }
        return text
    }

    package static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), text.utf8.count <= 64 else {
            return false
        }
        return text.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_")
        }
    }

    /// `true`/`false` (also `yes`/`no`, since the schema says this field is a flag).
    package mutating func flag(_ node: YAMLNode?, field: String) -> Bool? {
        guard let text = string(node, field: field), let node else { return nil }
        switch text {
        case "true", "yes", "ja": return true
        case "false", "no", "nee": return false
        default:
            error("invalid-value", "'\(field)' must be true or false, not '\(text)'", at: node.location)
            return nil
        }
    }

    /// A whole number.
    package mutating func integer(_ node: YAMLNode?, field: String) -> Int? {
        guard let text = string(node, field: field), let node else { return nil }
        guard let value = Int(text), text.count <= 9 else {
            error("invalid-value", "'\(field)' must be a whole number, not '\(text)'", at: node.location)
            return nil
        }
        return value
    }

    /// A decimal number.
    package mutating func number(_ node: YAMLNode?, field: String) -> Double? {
        guard let text = string(node, field: field), let node else { return nil }
        guard let value = Double(text), value.isFinite, text.count <= 20 else {
            error("invalid-value", "'\(field)' must be a number, not '\(text)'", at: node.location)
            return nil
        }
        return value
    }

    /// One of a fixed set of words.
    package mutating func choice<T: RawRepresentable<String> & CaseIterable>(
        _ node: YAMLNode?, field: String, as type: T.Type
    ) -> T? {
        guard let text = string(node, field: field), let node else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue)
            error(
                "invalid-value", "'\(text)' is not a valid \(field)", at: node.location,
                hint: Suggestion.hint(for: text, in: allowed).map { "\($0) (allowed: \(allowed.joined(separator: ", ")))" }
                    ?? "allowed: \(allowed.joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// A list; a missing list is empty.
    package mutating func list(_ node: YAMLNode?, field: String) -> [YAMLNode] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.sequence else {
            error(
                "wrong-shape", "'\(field)' must be a list (lines starting with '- '), not \(node.shapeDescription)",
                at: node.location)
            return []
        }
        return items
    }

    /// A list of texts (a single text is accepted as a list of one).
    package mutating func strings(_ node: YAMLNode?, field: String) -> [(String, SourceLocation)] {
        guard let node, !node.isNull else { return [] }
        if node.scalar != nil { return string(node, field: field).map { [($0, node.location)] } ?? [] }
        return list(node, field: field).compactMap { item in string(item, field: field).map { ($0, item.location) } }
    }

    /// A localized text: `{nl: ..., en: ...}`, or a single value read as Dutch.
    package mutating func localized(_ node: YAMLNode?, field: String) -> LocalizedText? {
        guard let node else { return nil }
        if node.scalar != nil {
            return string(node, field: field).map { LocalizedText(["nl": $0]) }
        }
        guard let pairs = node.mapping else {
            error("wrong-shape", "'\(field)' must be a text or a mapping of languages (nl:, en:)", at: node.location)
            return nil
        }
        if pairs.isEmpty {
            error("missing-translation", "'\(field)' has no text", at: node.location, hint: "write it as {nl: ..., en: ...}")
            return nil
        }
        var translations = [String: String](minimumCapacity: pairs.count)
        for pair in pairs {
            guard Self.knownLanguages.contains(pair.key) else {
                error(
                    "unknown-language", "'\(pair.key)' is not a supported language in '\(field)'", at: pair.keyLocation,
                    hint: Suggestion.hint(for: pair.key, in: Self.knownLanguages) ?? "use nl or en")
                continue
            }
            if let text = string(pair.value, field: "\(field).\(pair.key)") { translations[pair.key] = text }
        }
        return LocalizedText(translations)
    }

    /// Languages texts may be written in.
    package static let knownLanguages = ["nl", "en"]
}

/// The fields of one YAML mapping, by key.
package struct Fields {
    package var node: YAMLNode
    /// The pairs with allowed keys; the first of duplicate keys counts. A schema allows a
    /// handful of keys, so looking one up by scanning is faster than hashing.
    package var pairs: [YAMLPair]

    package subscript(key: String) -> YAMLNode? { index(of: key).map { pairs[$0].value } }

    /// Whether the mapping has this key.
    package func contains(_ key: String) -> Bool { index(of: key) != nil }

    /// Where `key` is written, or the mapping's own location when it is absent.
    package func location(of key: String) -> SourceLocation { index(of: key).map { pairs[$0].keyLocation } ?? node.location }

    /// The position of the (first) pair with this key; found by index so no pair is copied.
    private func index(of key: String) -> Int? {
        pairs.indices.first { pairs[$0].key == key }
    }
}
