/// The nodes of a YAML document in one flat array, in document order, with the text of
/// every scalar in one shared byte buffer.
///
/// A large protocol has hundreds of thousands of nodes. Stored this way, reading one costs
/// an append to two arrays instead of allocations for its text, its children and its
/// location, and a `YAMLNode` is just this tree and a position in it. Strings are made
/// only for the values the loader keeps. A tree never changes once it is built.
package final class YAMLTree: Sendable {
    /// What a record stands for.
    package enum Kind: UInt8, Sendable {
        /// A plain (unquoted) scalar; the keys of mappings are stored as plain scalars too.
        case plainScalar
        /// A quoted or block scalar.
        case quotedScalar
        /// A list; its items follow it.
        case sequence
        /// A mapping; its keys and values follow it, alternating.
        case mapping
    }

    /// One node. A list or mapping is followed by its subtree: the first child is the next
    /// record, and each child's `end` is where its next sibling starts.
    ///
    /// Fields are 32 bits wide, so a record takes 24 bytes: a large file has hundreds of
    /// thousands of them, and their size is memory the reader has to fill and the loader to
    /// read. `maxBytes` keeps what the reader stores within range; a location that does not
    /// fit (only possible in a tree made in code) is kept aside, see `location(of:)`.
    package struct Record: Sendable {
        private var storedLine: Int32
        private var storedColumn: Int32
        private var storedOffset: UInt32
        private var storedCount: UInt32
        /// The node's file, as an index into `files`.
        package var file: UInt32
        /// What the record stands for.
        package var kind: Kind

        /// A record; a `line` or `column` that does not fit is stored as `Int32.min` (see `hasWideLocation`).
        init(line: Int, column: Int, offset: Int, count: Int, file: UInt32, kind: Kind) {
            if let line = Int32(exactly: line), let column = Int32(exactly: column), line != .min {
                (storedLine, storedColumn) = (line, column)
            } else {
                (storedLine, storedColumn) = (.min, .min)
            }
            (storedOffset, storedCount) = (0, 0)
            self.file = file
            self.kind = kind
            self.offset = offset
            self.count = count
        }

        /// 1-based line of the node's start (see `hasWideLocation`).
        package var line: Int { Int(storedLine) }
        /// 1-based column of the node's start (see `hasWideLocation`).
        package var column: Int { Int(storedColumn) }
        /// Whether the location did not fit the record and is kept in the tree's `wideLocations`.
        package var hasWideLocation: Bool { storedLine == .min }

        /// Scalars: where the text starts in `text`. Lists and mappings: the index just past
        /// their subtree.
        package var offset: Int {
            get { Int(storedOffset) }
            set { storedOffset = Self.narrow(newValue) }
        }

        /// Scalars: the length of the text in bytes. Lists: the items. Mappings: the pairs.
        package var count: Int {
            get { Int(storedCount) }
            set { storedCount = Self.narrow(newValue) }
        }

        /// Whether the record is a scalar.
        package var isScalar: Bool { kind == .plainScalar || kind == .quotedScalar }

        /// `value` as 32 bits. The reader accepts at most `maxBytes` bytes, so what it stores
        /// always fits; only a tree made in code with gigabytes of text could not.
        private static func narrow(_ value: Int) -> UInt32 {
            guard let narrow = UInt32(exactly: value) else {
                preconditionFailure("a YAML tree holds at most \(UInt32.max) bytes of text and nodes")
            }
            return narrow
        }
    }

    /// The largest input the reader turns into a tree: every offset, length and count then
    /// fits in a record's 32-bit fields (a file has fewer than four nodes per byte).
    package static let maxBytes = Int(UInt32.max / 4)

    /// The file names locations refer to; usually one, more for trees put together in code.
    package let files: [String]
    /// Every node, in document order.
    package let records: [Record]
    /// The text of every scalar, UTF-8, back to back.
    package let text: [UInt8]
    /// Lines and columns too large for a record, by record index; empty for trees the
    /// reader makes.
    package let wideLocations: [Int: (line: Int, column: Int)]

    init(files: [String], records: [Record], text: [UInt8], wideLocations: [Int: (line: Int, column: Int)]) {
        self.files = files
        self.records = records
        self.text = text
        self.wideLocations = wideLocations
    }

    // MARK: - Reading

    /// The index just past the subtree of the node at `index`: its next sibling, if any.
    package func end(of index: Int) -> Int {
        records[index].isScalar ? index + 1 : records[index].offset
    }

    /// Where the node at `index` starts.
    package func location(of index: Int) -> SourceLocation {
        let (line, column) = lineAndColumn(of: index)
        return SourceLocation(file: files[Int(records[index].file)], line: line, column: column)
    }

    /// The line and column where the node at `index` starts.
    package func lineAndColumn(of index: Int) -> (line: Int, column: Int) {
        let record = records[index]
        guard record.hasWideLocation else { return (record.line, record.column) }
        return wideLocations[index] ?? (record.line, record.column)
    }

    /// The text of the scalar at `index` (empty for lists and mappings).
    package func string(at index: Int) -> String {
        withText(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 text of the scalar at `index` (empty for lists and mappings).
    package func withText<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let record = records[index]
        guard record.isScalar, record.count > 0 else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return text.withUnsafeBufferPointer { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[record.offset..<(record.offset + record.count)]))
        }
    }

    /// Whether the node at `index` is a plain scalar that YAML 1.2 reads as null (`~`,
    /// `null`, or nothing).
    package func isNull(at index: Int) -> Bool {
        let record = records[index]
        guard record.kind == .plainScalar else { return false }
        switch record.count {
        case 0: return true
        case 1: return text[record.offset] == UInt8(ascii: "~")
        case 4:
            return scalar(at: index, equals: "null" as StaticString) || scalar(at: index, equals: "Null" as StaticString)
                || scalar(at: index, equals: "NULL" as StaticString)
        default: return false
        }
    }

    /// Whether the node at `index` is a scalar whose text is exactly `string`.
    package func scalar(at index: Int, equals string: String) -> Bool {
        guard records[index].count == string.utf8.count else { return false }
        var string = string
        return string.withUTF8 { scalar(at: index, equals: $0) }
    }

    /// Whether the node at `index` is a scalar whose text is exactly `string`.
    package func scalar(at index: Int, equals string: StaticString) -> Bool {
        string.withUTF8Buffer { scalar(at: index, equals: $0) }
    }

    /// Whether the node at `index` is a scalar whose text is exactly `bytes` (UTF-8).
    package func scalar(at index: Int, equals bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let record = records[index]
        guard record.count == bytes.count, record.isScalar else { return false }
        for position in 0..<bytes.count where text[record.offset + position] != bytes[position] { return false }
        return true
    }

    /// Whether two literals spell the same text.
    package static func same(_ a: StaticString, _ b: StaticString) -> Bool {
        a.withUTF8Buffer { a in b.withUTF8Buffer { b in a.elementsEqual(b) } }
    }

    /// The key of the first pair of the mapping at `index` whose key is `key`; its value
    /// is the next record.
    package func key(_ key: StaticString, inMapping index: Int) -> Int? {
        key.withUTF8Buffer { self.key($0, inMapping: index) }
    }

    /// The key of the first pair of the mapping at `index` whose key is `key`; its value
    /// is the next record.
    package func key(_ key: String, inMapping index: Int) -> Int? {
        var key = key
        return key.withUTF8 { self.key($0, inMapping: index) }
    }

    /// The key of the first pair of the mapping at `index` whose key is `key` (UTF-8).
    private func key(_ key: UnsafeBufferPointer<UInt8>, inMapping index: Int) -> Int? {
        guard records[index].kind == .mapping else { return nil }
        var child = index + 1
        for _ in 0..<records[index].count {
            if scalar(at: child, equals: key) { return child }
            child = end(of: child + 1)
        }
        return nil
    }

    // MARK: - Equality

    /// Whether the subtree at `index` equals the subtree at `otherIndex` of `other`: the same
    /// shapes, texts and locations, node by node.
    package func subtree(at index: Int, equals otherIndex: Int, of other: YAMLTree) -> Bool {
        if other === self, otherIndex == index { return true }
        let count = end(of: index) - index
        guard other.end(of: otherIndex) - otherIndex == count else { return false }
        for offset in 0..<count {
            let (a, b) = (records[index + offset], other.records[otherIndex + offset])
            guard a.kind == b.kind, a.count == b.count,
                lineAndColumn(of: index + offset) == other.lineAndColumn(of: otherIndex + offset),
                files[Int(a.file)] == other.files[Int(b.file)]
            else { return false }
            if a.isScalar {
                let same = withText(at: index + offset) { mine in
                    other.withText(at: otherIndex + offset) { theirs in mine.elementsEqual(theirs) }
                }
                if !same { return false }
            }
        }
        return true
    }

    /// Feeds the subtree at `index` to `hasher`, consistently with `subtree(at:equals:of:)`.
    package func hashSubtree(at index: Int, into hasher: inout Hasher) {
        for position in index..<end(of: index) {
            let record = records[position]
            let (line, column) = lineAndColumn(of: position)
            hasher.combine(record.kind)
            hasher.combine(line)
            hasher.combine(column)
            hasher.combine(record.count)
            hasher.combine(files[Int(record.file)])
            if record.isScalar { withText(at: position) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) } }
        }
    }
}

extension YAMLTree {
    /// Builds a tree record by record, in document order.
    package struct Builder {
        private(set) var files: [String] = []
        private(set) var records: [Record] = []
        private(set) var text: [UInt8] = []
        private var wideLocations: [Int: (line: Int, column: Int)] = [:]

        /// Creates a builder with room for about `nodes` nodes and `textBytes` bytes of text.
        package init(nodes: Int = 0, textBytes: Int = 0) {
            records.reserveCapacity(nodes)
            text.reserveCapacity(textBytes)
        }

        /// The number of records so far: the index the next one gets.
        package var count: Int { records.count }

        /// The index just past the (finished) subtree of the node at `index`.
        package func end(of index: Int) -> Int {
            records[index].isScalar ? index + 1 : records[index].offset
        }

        /// The text of the scalar at `index`.
        package func string(at index: Int) -> String {
            let record = records[index]
            return String(decoding: text[record.offset..<(record.offset + record.count)], as: UTF8.self)
        }

        /// Whether the node at `index` is a scalar whose text is exactly `bytes`.
        package func scalar(at index: Int, equals bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            let record = records[index]
            guard record.isScalar, record.count == bytes.count else { return false }
            for position in 0..<bytes.count where text[record.offset + position] != bytes[position] { return false }
            return true
        }

        /// The index of `file` in the file table, adding it when it is new.
        package mutating func fileIndex(_ file: String) -> UInt32 {
            if let index = files.firstIndex(of: file) { return UInt32(index) }
            files.append(file)
            return UInt32(files.count - 1)
        }

        /// Appends a scalar with the given UTF-8 text.
        package mutating func appendScalar(
            _ bytes: UnsafeBufferPointer<UInt8>, isPlain: Bool, line: Int, column: Int, file: UInt32
        ) {
            append(
                Record(
                    line: line, column: column, offset: text.count, count: bytes.count, file: file,
                    kind: isPlain ? .plainScalar : .quotedScalar),
                line: line, column: column)
            text.append(contentsOf: bytes)
        }

        /// Appends `record`, keeping its location aside when it is too large for the record.
        private mutating func append(_ record: Record, line: Int, column: Int) {
            if record.hasWideLocation { wideLocations[records.count] = (line, column) }
            records.append(record)
        }

        /// Appends a scalar with the text of `string`.
        package mutating func appendScalar(_ string: String, isPlain: Bool, line: Int, column: Int, file: UInt32) {
            var string = string
            string.withUTF8 { appendScalar($0, isPlain: isPlain, line: line, column: column, file: file) }
        }

        /// Starts a list or mapping; its children follow until `close(_:count:)`. Returns its index.
        package mutating func open(_ kind: Kind, line: Int, column: Int, file: UInt32) -> Int {
            append(Record(line: line, column: column, offset: 0, count: 0, file: file, kind: kind), line: line, column: column)
            return records.count - 1
        }

        /// Ends the list or mapping at `index`, which has `count` items or pairs.
        package mutating func close(_ index: Int, count: Int) {
            records[index].offset = records.count
            records[index].count = count
        }

        /// Appends a copy of the subtree at `index` of `tree`.
        package mutating func appendCopy(of index: Int, in tree: YAMLTree) {
            let fileMap = tree.files.map { fileIndex($0) }
            let shift = records.count - index
            for position in index..<tree.end(of: index) {
                var record = tree.records[position]
                record.file = fileMap[Int(record.file)]
                if record.isScalar {
                    record.offset = text.count
                    tree.withText(at: position) { text.append(contentsOf: $0) }
                } else {
                    record.offset += shift
                }
                let (line, column) = tree.lineAndColumn(of: position)
                append(record, line: line, column: column)
            }
        }

        /// The finished tree.
        package func makeTree() -> YAMLTree {
            YAMLTree(files: files, records: records, text: text, wideLocations: wideLocations)
        }
    }
}
