import CYAML

/// The outcome of reading one YAML file: a root node when the file could be read, and
/// every finding about it.
package struct YAMLReadResult: Sendable {
    /// The document's root node; `nil` when a fatal error stopped the reader.
    package var root: YAMLNode?
    /// Errors and warnings, in the order they were found.
    package var diagnostics: [Diagnostic]
}

/// A strict, iterative YAML reader built on libyaml's event API.
///
/// It accepts the subset of YAML that triage files need (one document of mappings,
/// lists and scalars) and rejects the rest — tags, anchors, aliases, duplicate keys,
/// several documents — with a located diagnostic. It never recurses on input depth.
package struct YAMLReader: Sendable {
    /// The bounds this reader enforces.
    package var limits: YAMLLimits

    /// Creates a reader with the given limits.
    /// The version of the libyaml library this process runs with (e.g. `0.2.5`).
    package static var libyamlVersion: String {
        String(cString: yaml_get_version_string())
    }

    package init(limits: YAMLLimits = .standard) {
        self.limits = limits
    }

    /// Reads `bytes` (UTF-8) as one YAML document; `file` is used in locations only.
    package func read(_ bytes: [UInt8], file: String) -> YAMLReadResult {
        let maxFileSize = min(limits.maxFileSize, YAMLTree.maxBytes)
        if bytes.count > maxFileSize {
            let diagnostic = Diagnostic.error(
                "yaml-file-too-large",
                "the file is \(bytes.count) bytes; at most \(maxFileSize) bytes are accepted",
                at: SourceLocation(file: file, line: 1, column: 1),
                hint: "triage files are small; check that this is the file you meant")
            return YAMLReadResult(root: nil, diagnostics: [diagnostic])
        }
        var builder = TreeBuilder(file: file, bytes: bytes, limits: limits)
        return builder.run()
    }
}

/// Turns libyaml events into a `YAMLTree` with an explicit stack.
private struct TreeBuilder {
    let file: String
    /// The input without a leading UTF-8 byte order mark.
    let bytes: [UInt8]
    /// 3 when a byte order mark was removed, else 0; keeps reported byte offsets true to the file.
    let skippedPrefix: Int
    let limits: YAMLLimits

    /// A list or mapping whose children are being read. Its record is already in the tree;
    /// its children follow it there as they are read.
    private struct Frame {
        /// The index of the list's or mapping's record.
        let index: Int
        let isMapping: Bool
        /// Items of a list, or complete pairs of a mapping, so far.
        var count = 0
        /// Whether a mapping's key has been read and its value not yet.
        var awaitingValue = false
        /// The index of each key's record in a large mapping, to find duplicates without a scan.
        var keyIndex: [String: Int]?
    }

    private var tree: YAMLTree.Builder
    private var stack: [Frame] = []
    private var diagnostics: [Diagnostic] = []
    private var root: Int?
    private var documentCount = 0
    private var nodeCount = 0

    init(file: String, bytes: [UInt8], limits: YAMLLimits) {
        self.file = file
        // libyaml skips a byte order mark only when it detects the encoding itself; with
        // UTF-8 forced, a BOM shifts line 1 by a column and breaks a top-level mapping.
        skippedPrefix = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        self.bytes = skippedPrefix == 0 ? bytes : Array(bytes.dropFirst(skippedPrefix))  // copy only to drop a BOM
        self.limits = limits
        // Protocols average about twenty bytes per node (the arrays grow if a file has more
        // nodes), and scalars hold less text than the file.
        tree = YAMLTree.Builder(nodes: bytes.count / 16 + 16, textBytes: bytes.count)
        _ = tree.fileIndex(file)
    }

    /// A fatal error ends reading; the partial tree is discarded.
    private struct Stop: Error {}

    mutating func run() -> YAMLReadResult {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return YAMLReadResult(
                root: nil,
                diagnostics: [
                    .error("yaml-internal", "libyaml could not start", at: location(line: 0, column: 0))
                ])
        }
        defer { yaml_parser_delete(&parser) }
        let padded = bytes.isEmpty ? [0] : bytes
        let completed: Bool = padded.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, bytes.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            do {
                try consumeEvents(&parser)
                return true
            } catch {
                return false
            }
        }
        if !completed { return YAMLReadResult(root: nil, diagnostics: diagnostics.cappedInOrder()) }
        let node = root.map { YAMLNode(tree: tree.makeTree(), index: $0) }
        if documentCount == 0 || node.map({ $0.isNull }) ?? true {
            // `null` or `~` on its own (a JSON file holding only null) is data, just none.
            let written = node?.scalar ?? ""
            diagnostics.append(
                .error(
                    "yaml-empty", written.isEmpty ? "the file contains no YAML document" : "the file holds no data, only '\(written)'",
                    at: node?.location ?? location(line: 0, column: 0),
                    hint: "a triage file is a mapping that starts with 'kind:', e.g. 'kind: protocol' or 'kind: answers'"))
            return YAMLReadResult(root: nil, diagnostics: diagnostics.cappedInOrder())
        }
        return YAMLReadResult(root: node, diagnostics: diagnostics.cappedInOrder())
    }

    private mutating func consumeEvents(_ parser: inout yaml_parser_t) throws(Stop) {
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                diagnostics.append(parserError(parser))
                throw Stop()
            }
            defer { yaml_event_delete(&event) }
            let (line, column) = (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_DOCUMENT_START_EVENT:
                documentCount += 1
                if documentCount > 1 {
                    fail(
                        "yaml-multiple-documents", "the file contains more than one YAML document",
                        at: location(event.start_mark), hint: "keep one document per file and remove the '---' separator")
                    throw Stop()
                }
            case YAML_ALIAS_EVENT:
                fail(
                    "yaml-alias", "aliases (*name) are not supported in triage files", at: location(event.start_mark),
                    hint: "write the value out in full; aliases make a file hard to read")
                throw Stop()
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                if scalar.anchor != nil || scalar.tag != nil {
                    try checkDecorations(anchor: scalar.anchor, tag: scalar.tag, at: event.start_mark)
                }
                if scalar.length > limits.maxScalarLength {
                    fail(
                        "yaml-scalar-too-long",
                        "a value of \(scalar.length) bytes is longer than the limit of \(limits.maxScalarLength)",
                        at: location(event.start_mark))
                    throw Stop()
                }
                let text = UnsafeBufferPointer(start: scalar.length == 0 ? nil : scalar.value, count: scalar.length)
                try countNode(at: event.start_mark)
                if let top = stack.indices.last, stack[top].isMapping, !stack[top].awaitingValue {
                    acceptKey(text, line: line, column: column)  // a key is stored as a plain scalar
                } else {
                    let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE
                    let index = tree.count
                    tree.appendScalar(text, isPlain: isPlain, line: line, column: column, file: 0)
                    try attach(index)
                }
            case YAML_SEQUENCE_START_EVENT:
                let start = event.data.sequence_start
                if start.anchor != nil || start.tag != nil {
                    try checkDecorations(anchor: start.anchor, tag: start.tag, at: event.start_mark)
                }
                try push(.sequence, at: event.start_mark)
            case YAML_MAPPING_START_EVENT:
                let start = event.data.mapping_start
                if start.anchor != nil || start.tag != nil {
                    try checkDecorations(anchor: start.anchor, tag: start.tag, at: event.start_mark)
                }
                try push(.mapping, at: event.start_mark)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try pop()
            default:
                break
            }
        }
    }

    private mutating func checkDecorations(
        anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?, at mark: yaml_mark_t
    ) throws(Stop) {
        if let anchor {
            fail(
                "yaml-anchor", "anchors (&\(String(cString: anchor))) are not supported in triage files",
                at: location(mark), hint: "write the value out in full where it is needed")
            throw Stop()
        }
        if let tag {
            diagnostics.append(
                .error(
                    "yaml-tag", "tags such as '\(writtenTag(String(cString: tag)))' are not supported in triage files",
                    at: location(mark), hint: "remove the tag; the schema decides what each value means"))
        }
    }

    /// libyaml expands `!!int` to `tag:yaml.org,2002:int`; show it as the author wrote it.
    private func writtenTag(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }

    private mutating func push(_ kind: YAMLTree.Kind, at mark: yaml_mark_t) throws(Stop) {
        if stack.count >= limits.maxDepth {
            fail(
                "yaml-too-deep", "lists and mappings are nested deeper than \(limits.maxDepth) levels",
                at: location(mark), hint: "triage files need only a few levels of nesting")
            throw Stop()
        }
        try countNode(at: mark)
        let index = tree.open(kind, line: Int(mark.line) + 1, column: Int(mark.column) + 1, file: 0)
        stack.append(Frame(index: index, isMapping: kind == .mapping))
    }

    private mutating func pop() throws(Stop) {
        guard let frame = stack.popLast() else { return }
        tree.close(frame.index, count: frame.count)
        try attach(frame.index)
    }

    @inline(__always)
    private mutating func countNode(at mark: yaml_mark_t) throws(Stop) {
        nodeCount += 1
        if nodeCount > limits.maxNodes { try tooManyNodes(at: mark) }
    }

    private mutating func tooManyNodes(at mark: yaml_mark_t) throws(Stop) {
        fail("yaml-too-many-nodes", "the document has more than \(limits.maxNodes) values", at: location(mark))
        throw Stop()
    }

    /// Counts the finished node at `index` as a child of its parent (or makes it the root).
    private mutating func attach(_ index: Int) throws(Stop) {
        let top = stack.count - 1
        guard top >= 0 else {
            root = index
            return
        }
        if stack[top].isMapping {
            guard stack[top].awaitingValue else {
                // Scalar keys never get here; a list or mapping in a key's place does.
                let node = YAMLNode(tree: tree.makeTree(), index: index)
                fail(
                    "yaml-complex-key", "a key must be a single value, not \(node.shapeDescription)",
                    at: node.location)
                throw Stop()
            }
            stack[top].awaitingValue = false
        }
        stack[top].count += 1
    }

    /// Adds `key` to the innermost mapping, reporting it if it is a duplicate.
    private mutating func acceptKey(_ key: UnsafeBufferPointer<UInt8>, line: Int, column: Int) {
        let top = stack.count - 1
        let index = tree.count
        if let first = firstIndex(ofKey: key, newIndex: index, inFrame: top) {
            let text = String(decoding: key, as: UTF8.self)
            let earlier = tree.records[first]
            diagnostics.append(
                .error(
                    "yaml-duplicate-key",
                    "duplicate key '\(text)'; it is first written at line \(earlier.line), column \(earlier.column)",
                    at: location(line: line - 1, column: column - 1), hint: "remove one of the two, or merge them"))
        }
        tree.appendScalar(key, isPlain: true, line: line, column: column, file: 0)
        stack[top].awaitingValue = true
    }

    /// The record of the first earlier key equal to `key` in the mapping of frame `top`.
    /// Most mappings have a handful of keys, so they are scanned; large ones get an index,
    /// which also learns `key` (at `newIndex`) when it is new.
    private mutating func firstIndex(ofKey key: UnsafeBufferPointer<UInt8>, newIndex: Int, inFrame top: Int) -> Int? {
        // The frame's fields are read one by one: a copy of the frame would share its index
        // and make every insertion copy it.
        let (start, count) = (stack[top].index, stack[top].count)
        if stack[top].keyIndex == nil, count < 16 {
            var child = start + 1
            for _ in 0..<count {
                if tree.scalar(at: child, equals: key) { return child }
                child = tree.end(of: child + 1)
            }
            return nil
        }
        if stack[top].keyIndex == nil {
            var index = [String: Int](minimumCapacity: count * 2)
            var child = start + 1
            for _ in 0..<count {
                let text = tree.string(at: child)
                if index[text] == nil { index[text] = child }
                child = tree.end(of: child + 1)
            }
            stack[top].keyIndex = index
        }
        let text = String(decoding: key, as: UTF8.self)
        if let first = stack[top].keyIndex?[text] { return first }
        stack[top].keyIndex?[text] = newIndex
        return nil
    }

    private mutating func fail(_ code: String, _ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(.error(code, message, at: location, hint: hint))
    }

    // MARK: - Locations and libyaml errors

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        location(line: Int(mark.line), column: Int(mark.column))
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + 1, column: column + 1)
    }

    /// Line and column (0-based) of a byte offset, counting UTF-8 characters in the line.
    /// Line breaks count as libyaml counts them: LF, CR LF, or a lone CR.
    private func location(byteOffset: Int) -> SourceLocation {
        var line = 0
        var column = 0
        let end = min(byteOffset, bytes.count)
        for (index, byte) in bytes[..<end].enumerated() {
            let isLoneCR = byte == UInt8(ascii: "\r") && (index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))
            if byte == UInt8(ascii: "\n") || isLoneCR {
                line += 1
                column = 0
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return location(line: line, column: column)
    }

    private func parserError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_READER_ERROR:
            var message = problem
            var offset = Int(parser.problem_offset)
            var value = Int(parser.problem_value)
            if problem == "invalid trailing UTF-8 octet", offset > 0, offset <= bytes.count {
                // libyaml points at the bad continuation byte; point at the character it
                // belongs to, which is where a Latin-1 'é' sits in the author's editor.
                offset -= 1
                while offset > 0, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
                message = "invalid UTF-8 sequence"
                value = Int(bytes[offset])
            }
            if value != -1 {
                // libyaml reports the offending byte for malformed UTF-8, but the decoded
                // code point for "control characters" and "invalid Unicode character".
                let isCodePoint = message.contains("character")
                var hex = String(value, radix: 16, uppercase: true)
                hex = String(repeating: "0", count: max(0, (isCodePoint ? 4 : 2) - hex.count)) + hex
                message += isCodePoint ? " (character U+\(hex)" : " (byte 0x\(hex)"
                message += " at offset \(offset + skippedPrefix))"
            }
            return .error(
                "yaml-encoding", message, at: location(byteOffset: offset),
                hint: "save the file as UTF-8 text without control characters")
        case YAML_MEMORY_ERROR:
            return .error("yaml-internal", "libyaml ran out of memory", at: location(line: 0, column: 0))
        default:
            let problemLocation = location(parser.problem_mark)
            var message = problem
            if let context = parser.context {
                let contextLocation = location(parser.context_mark)
                message += " (\(String(cString: context)) at line \(contextLocation.line), column \(contextLocation.column))"
            }
            return .error("yaml-syntax", message, at: problemLocation, hint: syntaxHint(problemLocation))
        }
    }

    private func syntaxHint(_ location: SourceLocation) -> String? {
        let text = lineText(location.line)
        if text.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") || text.contains("\t") {
            return "YAML indentation must use spaces, not tabs"
        }
        return "check the indentation and the ':' after each key on this line and the one before"
    }

    private func lineText(_ line: Int) -> Substring {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return "" }
        return Substring(String(decoding: lines[line - 1], as: UTF8.self))
    }
}
