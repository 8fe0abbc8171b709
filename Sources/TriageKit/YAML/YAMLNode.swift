/// A node of a YAML document as the strict reader builds it: scalars stay strings.
///
/// The loader decides what a scalar means from the schema, so `no`, `on` and `010`
/// are never silently turned into booleans or numbers.
public struct YAMLNode: Sendable, Hashable {
    /// The shape of a node.
    public enum Content: Sendable, Hashable {
        /// A scalar, always kept as its text.
        case scalar(String, isPlain: Bool)
        /// A sequence of nodes.
        case sequence([YAMLNode])
        /// A mapping with scalar keys, in document order (duplicates are rejected by the reader).
        case mapping([YAMLPair])
    }

    /// The node's content.
    public var content: Content
    /// Where the node starts.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// The scalar text, if this node is a scalar.
    public var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// Whether this is a plain scalar that YAML 1.2 reads as null (`~`, `null`, or nothing).
    public var isNull: Bool {
        guard case .scalar(let text, let isPlain) = content, isPlain else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// The items, if this node is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The pairs, if this node is a mapping.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The value stored under `key`, if this node is a mapping that has it.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key == key }?.value
    }

    /// A word for the node's shape, for messages: "a scalar", "a list", "a mapping".
    public var shapeDescription: String {
        switch content {
        case .scalar: isNull ? "empty" : "a single value"
        case .sequence: "a list"
        case .mapping: "a mapping (key: value pairs)"
        }
    }
}

/// A key and its value in a YAML mapping; the key is kept with its own location.
public struct YAMLPair: Sendable, Hashable {
    /// The key text.
    public var key: String
    /// Where the key is written.
    public var keyLocation: SourceLocation
    /// The value.
    public var value: YAMLNode

    /// Creates a pair.
    public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
