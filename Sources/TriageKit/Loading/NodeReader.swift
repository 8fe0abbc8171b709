/// Schema-directed reading of YAML nodes: typed fields, unknown-key detection and
/// located diagnostics, collecting every problem instead of stopping at the first.
package struct NodeReader {
    /// The findings so far, at most `DiagnosticCollector.maxPerCode` per code.
    private var collector = DiagnosticCollector()

    package init() {}

    /// Every finding so far (per code over the cap: the first ones and a note for the rest).
    package var diagnostics: [Diagnostic] { collector.diagnostics }

    /// Reports an error; the message and hint are built only when it is kept.
    package mutating func error(
        _ code: String, _ message: @autoclosure () -> String, at location: SourceLocation,
        hint: @autoclosure () -> String? = nil
    ) {
        collector.add(code, at: location) { .error(code, message(), at: location, hint: hint()) }
    }

    /// Reports a warning; the message and hint are built only when it is kept.
    package mutating func warning(
        _ code: String, _ message: @autoclosure () -> String, at location: SourceLocation,
        hint: @autoclosure () -> String? = nil
    ) {
        collector.add(code, at: location) { .warning(code, message(), at: location, hint: hint()) }
    }

    /// Adds findings made elsewhere (e.g. by the condition type checker).
    package mutating func append(contentsOf diagnostics: [Diagnostic]) {
        collector.add(contentsOf: diagnostics)
    }

    /// The fields of a mapping, after checking that no key is unknown and every required key is present.
    ///
    /// Keys are written as literals (`StaticString`), so they are compared with the tree's
    /// bytes directly; a string is made only for a key that is reported.
    package mutating func fields(
        _ node: YAMLNode, of what: String, allowed: [StaticString], required: [StaticString] = []
    ) -> Fields? {
        guard node.isMapping else {
            error(
                "wrong-shape", "\(what) must be a mapping (key: value pairs), not \(node.shapeDescription)", at: node.location)
            return nil
        }
        let tree = node.tree
        var hasUnknownKeys = false
        node.forEachPair { key, _ in
            guard !allowed.contains(where: { tree.scalar(at: key, equals: $0) }) else { return }
            hasUnknownKeys = true
            let location = tree.location(of: key)
            collector.add("unknown-key", at: location) {
                let name = tree.string(at: key)
                let names = allowed.map(\.description)
                return .error(
                    "unknown-key", "unknown key '\(name)' in \(what)", at: location,
                    hint: Suggestion.hint(for: name, in: names) ?? "allowed keys: \(names.joined(separator: ", "))")
            }
        }
        let fields = Fields(node: node, allowed: hasUnknownKeys ? allowed : nil)
        for key in required where !fields.contains(key) {
            error("missing-key", "\(what) has no '\(key)'", at: node.location, hint: "add '\(key):'")
        }
        return fields
    }

    /// A non-empty text value; `field` names it in the error (built only when there is one).
    package mutating func string(_ node: YAMLNode?, field: @autoclosure () -> String) -> String? {
        guard let node else { return nil }
        guard node.isScalar, !node.isNull else {
            error("wrong-shape", "'\(field())' must be a single value, not \(node.shapeDescription)", at: node.location)
            return nil
        }
        return node.tree.string(at: node.index)
    }

    /// A lower_snake_case identifier.
    package mutating func identifier(_ node: YAMLNode?, field: String) -> String? {
        guard let text = string(node, field: field), let node else { return nil }
        // Checked on the tree's bytes: no copy of the string is needed.
        guard node.tree.withText(at: node.index, { Self.isIdentifier(utf8: $0) }) else {
            error(
                "invalid-id", "'\(text)' is not a valid id", at: node.location,
                hint: "ids are lower_snake_case: a lowercase letter, then lowercase letters, digits or '_'")
            return nil
        }
        return text
    }

    /// The longest id, in characters (ASCII, so also bytes).
    package static let maxIdentifierLength = 64

    package static func isIdentifier(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isIdentifier(utf8: $0) }
    }

    /// Whether `bytes` spell a lower_snake_case identifier.
    package static func isIdentifier(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        guard let first = bytes.first, isLower(first), bytes.count <= maxIdentifierLength else { return false }
        for byte in bytes where !isLower(byte) && !(byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
            guard byte == UInt8(ascii: "_") else { return false }
        }
        return true
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

    /// The items of a list, without collecting them; a missing list has none.
    package mutating func items(_ node: YAMLNode?, field: String) -> YAMLNode.Items {
        guard let node, !node.isNull else { return .empty }
        guard node.isSequence else {
            _ = list(node, field: field)  // reports the shape
            return .empty
        }
        return node.items
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
        if node.isScalar {
            return text(node.tree, at: node.index, field: field).map { LocalizedText(nl: $0, en: nil) }
        }
        guard node.isMapping else {
            error("wrong-shape", "'\(field)' must be a text or a mapping of languages (nl:, en:)", at: node.location)
            return nil
        }
        if node.childCount == 0 {
            error("missing-translation", "'\(field)' has no text", at: node.location, hint: "write it as {nl: ..., en: ...}")
            return nil
        }
        let tree = node.tree
        var dutch: TextValue?
        var english: TextValue?
        var others: [(String, TextValue)] = []
        node.forEachPair { key, value in
            // Keys are compared as bytes, Dutch and English first; a string is made only for
            // a key that is reported.
            let language: String
            if tree.scalar(at: key, equals: "nl" as StaticString) {
                language = "nl"
            } else if tree.scalar(at: key, equals: "en" as StaticString) {
                language = "en"
            } else if let known = Language.codes.first(where: { tree.scalar(at: key, equals: $0) }) {
                language = known
            } else {
                let name = tree.string(at: key)
                error(
                    "unknown-language", "'\(name)' is not a supported language in '\(field)'", at: tree.location(of: key),
                    hint: Suggestion.hint(for: name, in: Language.codes) ?? "use nl or en")
                return
            }
            guard let text = text(tree, at: value, field: "\(field).\(language)") else { return }
            switch language {
            case "nl": dutch = text
            case "en": english = text
            default: others.append((language, text))
            }
        }
        guard !others.isEmpty else { return LocalizedText(nl: dutch, en: english) }  // built in place: no copy
        var translations = LocalizedText(nl: dutch, en: english)
        for (language, text) in others { translations.set(text, for: language) }
        return translations
    }

    /// Like `string`, but the text stays in the tree until it is read (see `TextValue`).
    package mutating func text(_ node: YAMLNode?, field: @autoclosure () -> String) -> TextValue? {
        guard let node else { return nil }
        return text(node.tree, at: node.index, field: field())
    }

    /// Like `string`, for the node at `index` of `tree`, but the text stays in the tree until
    /// it is read (see `TextValue`).
    private mutating func text(_ tree: YAMLTree, at index: Int, field: @autoclosure () -> String) -> TextValue? {
        let record = tree.records[index]
        guard record.isScalar, !tree.isNull(at: index) else {
            let node = YAMLNode(tree: tree, index: index)
            error("wrong-shape", "'\(field())' must be a single value, not \(node.shapeDescription)", at: node.location)
            return nil
        }
        return TextValue(bytes: tree.text, offset: record.offset, count: record.count)
    }

    /// Languages texts may be written in.
}

/// The fields of one YAML mapping, by key: the pairs whose keys the schema allows.
package struct Fields {
    /// The mapping.
    package var node: YAMLNode
    /// When the mapping has keys the schema does not allow: the allowed keys, the only ones
    /// looked up. `nil` when every key is allowed.
    private let allowed: [StaticString]?

    /// The fields of `node`; `allowed` is given only when some of its keys are not allowed.
    package init(node: YAMLNode, allowed: [StaticString]?) {
        self.node = node
        self.allowed = allowed
    }

    /// The value of the (first) pair with this key.
    package subscript(key: StaticString) -> YAMLNode? {
        keyIndex(of: key).map { YAMLNode(tree: node.tree, index: $0 + 1) }
    }

    /// Whether the mapping has this key.
    package func contains(_ key: StaticString) -> Bool { keyIndex(of: key) != nil }

    /// Where `key` is written, or the mapping's own location when it is absent.
    package func location(of key: StaticString) -> SourceLocation {
        keyIndex(of: key).map { node.tree.location(of: $0) } ?? node.location
    }

    /// Where in the tree `key` is (first) written. A mapping has a handful of pairs, so the
    /// keys are scanned, compared as bytes.
    private func keyIndex(of key: StaticString) -> Int? {
        if let allowed, !allowed.contains(where: { YAMLTree.same($0, key) }) { return nil }
        return node.tree.key(key, inMapping: node.index)
    }
}
