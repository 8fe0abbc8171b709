/// A node of a YAML document as the strict reader builds it: scalars stay strings.
///
/// The loader decides what a scalar means from the schema, so `no`, `on` and `010`
/// are never silently turned into booleans or numbers.
///
/// A node is a position in a `YAMLTree`, the flat storage the reader fills, so reading a
/// large file makes no object per node and copying a node is cheap. Nodes can also be made
/// (and changed) in code, through `init(_:at:)`, `content` and `location`.
package struct YAMLNode: Sendable, Hashable {
    /// The shape of a node.
    package enum Content: Sendable, Hashable {
        /// A scalar, always kept as its text.
        case scalar(String, isPlain: Bool)
        /// A sequence of nodes.
        case sequence([YAMLNode])
        /// A mapping with scalar keys, in document order (duplicates are rejected by the reader).
        case mapping([YAMLPair])
    }

    /// The tree the node lives in.
    package private(set) var tree: YAMLTree
    /// The node's position in `tree`.
    package private(set) var index: Int

    /// The node at `index` of `tree`.
    package init(tree: YAMLTree, index: Int) {
        self.tree = tree
        self.index = index
    }

    /// Creates a node.
    package init(_ content: Content, at location: SourceLocation) {
        var builder = YAMLTree.Builder()
        let file = builder.fileIndex(location.file)
        switch content {
        case .scalar(let text, let isPlain):
            builder.appendScalar(text, isPlain: isPlain, line: location.line, column: location.column, file: file)
        case .sequence(let items):
            let start = builder.open(.sequence, line: location.line, column: location.column, file: file)
            for item in items { builder.appendCopy(of: item.index, in: item.tree) }
            builder.close(start, count: items.count)
        case .mapping(let pairs):
            let start = builder.open(.mapping, line: location.line, column: location.column, file: file)
            for pair in pairs {
                let key = pair.keyLocation
                builder.appendScalar(
                    pair.key, isPlain: true, line: key.line, column: key.column, file: builder.fileIndex(key.file))
                builder.appendCopy(of: pair.value.index, in: pair.value.tree)
            }
            builder.close(start, count: pairs.count)
        }
        self.init(tree: builder.makeTree(), index: 0)
    }

    private var record: YAMLTree.Record { tree.records[index] }

    /// The node's content.
    package var content: Content {
        get {
            switch record.kind {
            case .plainScalar, .quotedScalar: .scalar(tree.string(at: index), isPlain: record.kind == .plainScalar)
            case .sequence: .sequence(children)
            case .mapping: .mapping(pairs)
            }
        }
        set { self = YAMLNode(newValue, at: location) }
    }

    /// Where the node starts.
    package var location: SourceLocation {
        get { tree.location(of: index) }
        set { self = YAMLNode(content, at: newValue) }
    }

    /// The scalar text, if this node is a scalar.
    package var scalar: String? {
        record.isScalar ? tree.string(at: index) : nil
    }

    /// Whether this is a plain scalar that YAML 1.2 reads as null (`~`, `null`, or nothing).
    package var isNull: Bool { tree.isNull(at: index) }

    /// Whether this is a plain (unquoted, not block) scalar.
    package var isPlainScalar: Bool { record.kind == .plainScalar }

    /// Whether this is a scalar.
    package var isScalar: Bool { record.isScalar }

    /// Whether this is a mapping.
    package var isMapping: Bool { record.kind == .mapping }

    /// Whether this is a list.
    package var isSequence: Bool { record.kind == .sequence }

    /// The items, if this node is a sequence.
    package var sequence: [YAMLNode]? {
        record.kind == .sequence ? children : nil
    }

    /// The pairs, if this node is a mapping.
    package var mapping: [YAMLPair]? {
        record.kind == .mapping ? pairs : nil
    }

    /// The value stored under `key`, if this node is a mapping that has it.
    package subscript(key: String) -> YAMLNode? {
        tree.key(key, inMapping: index).map { YAMLNode(tree: tree, index: $0 + 1) }
    }

    /// A word for the node's shape, for messages: "a scalar", "a list", "a mapping".
    package var shapeDescription: String {
        switch record.kind {
        case .plainScalar, .quotedScalar: isNull ? "empty" : "a single value"
        case .sequence: "a list"
        case .mapping: "a mapping (key: value pairs)"
        }
    }

    package static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        lhs.tree.subtree(at: lhs.index, equals: rhs.index, of: rhs.tree)
    }

    package func hash(into hasher: inout Hasher) {
        tree.hashSubtree(at: index, into: &hasher)
    }

    // MARK: - Children without copies

    /// The number of items of a list or pairs of a mapping; 0 for a scalar.
    package var childCount: Int { record.isScalar ? 0 : record.count }

    /// The items of a list.
    private var children: [YAMLNode] {
        var result: [YAMLNode] = []
        result.reserveCapacity(record.count)
        var child = index + 1
        for _ in 0..<record.count {
            result.append(YAMLNode(tree: tree, index: child))
            child = tree.end(of: child)
        }
        return result
    }

    private var pairs: [YAMLPair] {
        var result: [YAMLPair] = []
        result.reserveCapacity(record.count)
        forEachPair { key, value in
            result.append(
                YAMLPair(key: tree.string(at: key), keyLocation: tree.location(of: key), value: YAMLNode(tree: tree, index: value)))
        }
        return result
    }

    /// Calls `body` with the positions in `tree` of each key and its value, in order; does
    /// nothing unless this is a mapping. Positions, not nodes: reading a key needs no node.
    package func forEachPair(_ body: (_ key: Int, _ value: Int) throws -> Void) rethrows {
        guard record.kind == .mapping else { return }
        var key = index + 1
        for _ in 0..<record.count {
            try body(key, key + 1)
            key = tree.end(of: key + 1)
        }
    }

    /// The items of a list, read from the tree one by one; none unless this is a list.
    package var items: Items {
        record.kind == .sequence ? Items(tree: tree, first: index + 1, count: record.count) : .empty
    }

    /// The items of a list, in order, without an array of them.
    package struct Items: Sequence {
        fileprivate let tree: YAMLTree?
        fileprivate let first: Int
        /// The number of items.
        package let count: Int

        /// No items.
        package static var empty: Items { Items(tree: nil, first: 0, count: 0) }

        package func makeIterator() -> Iterator {
            Iterator(tree: tree, position: first, remaining: count)
        }

        package struct Iterator: IteratorProtocol {
            fileprivate let tree: YAMLTree?
            /// The index of the next item in the tree.
            fileprivate var position: Int
            fileprivate var remaining: Int

            package mutating func next() -> YAMLNode? {
                guard remaining > 0, let tree else { return nil }
                let node = YAMLNode(tree: tree, index: position)
                position = tree.end(of: position)
                remaining -= 1
                return node
            }
        }
    }
}

/// A key and its value in a YAML mapping; the key is kept with its own location.
package struct YAMLPair: Sendable, Hashable {
    /// The key text.
    package var key: String
    /// Where the key is written.
    package var keyLocation: SourceLocation
    /// The value.
    package var value: YAMLNode

    /// Creates a pair.
    package init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
