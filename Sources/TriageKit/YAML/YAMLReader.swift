import CYAML

/// The outcome of reading one YAML file: a root node when the file could be read, and
/// every finding about it.
public struct YAMLReadResult: Sendable {
    /// The document's root node; `nil` when a fatal error stopped the reader.
    public var root: YAMLNode?
    /// Errors and warnings, in the order they were found.
    public var diagnostics: [Diagnostic]
}

/// A strict, iterative YAML reader built on libyaml's event API.
///
/// It accepts the subset of YAML that protocol files need (one document of mappings,
/// lists and scalars) and rejects the rest — tags, anchors, aliases, duplicate keys,
/// several documents — with a located diagnostic. It never recurses on input depth.
public struct YAMLReader: Sendable {
    /// The bounds this reader enforces.
    public var limits: YAMLLimits

    /// Creates a reader with the given limits.
    public init(limits: YAMLLimits = .standard) {
        self.limits = limits
    }

    /// Reads `bytes` (UTF-8) as one YAML document; `file` is used in locations only.
    public func read(_ bytes: [UInt8], file: String) -> YAMLReadResult {
        if bytes.count > limits.maxFileSize {
            let diagnostic = Diagnostic.error(
                "yaml-file-too-large",
                "the file is \(bytes.count) bytes; at most \(limits.maxFileSize) bytes are accepted",
                at: SourceLocation(file: file, line: 1, column: 1),
                hint: "protocol files are small; check that this is the file you meant")
            return YAMLReadResult(root: nil, diagnostics: [diagnostic])
        }
        var builder = TreeBuilder(file: file, bytes: bytes, limits: limits)
        return builder.run()
    }
}

/// Turns libyaml events into a `YAMLNode` tree with an explicit stack.
private struct TreeBuilder {
    let file: String
    /// The input without a leading UTF-8 byte order mark.
    let bytes: [UInt8]
    /// 3 when a byte order mark was removed, else 0; keeps reported byte offsets true to the file.
    let skippedPrefix: Int
    let limits: YAMLLimits

    /// A list or mapping being built. Frames are mutated in place on the stack, so adding
    /// a child never copies the children gathered so far.
    private struct Frame {
        enum Kind { case sequence, mapping }
        let kind: Kind
        let location: SourceLocation
        /// The items of a sequence.
        var items: [YAMLNode] = []
        /// The pairs of a mapping, in document order.
        var pairs: [YAMLPair] = []
        /// A mapping's key that is waiting for its value.
        var pendingKey: (String, SourceLocation)?
        /// An index of a large mapping's keys, to find duplicates without scanning `pairs`.
        var keyIndex: [String: SourceLocation]?

        /// Where `key` is first written in this mapping, if it already is; then remembers it.
        /// Most mappings have a handful of keys, so they are scanned; large ones get an index.
        mutating func firstLocation(ofKey key: String, at location: SourceLocation) -> SourceLocation? {
            if keyIndex == nil, pairs.count >= 16 {
                keyIndex = Dictionary(pairs.lazy.map { ($0.key, $0.keyLocation) }, uniquingKeysWith: { first, _ in first })
            }
            if keyIndex != nil {
                if let first = keyIndex?[key] { return first }
                keyIndex?[key] = location
                return nil
            }
            return pairs.first { $0.key == key }?.keyLocation
        }
    }

    private var stack: [Frame] = []
    private var diagnostics: [Diagnostic] = []
    private var root: YAMLNode?
    private var documentCount = 0
    private var nodeCount = 0

    init(file: String, bytes: [UInt8], limits: YAMLLimits) {
        self.file = file
        // libyaml skips a byte order mark only when it detects the encoding itself; with
        // UTF-8 forced, a BOM shifts line 1 by a column and breaks a top-level mapping.
        skippedPrefix = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        self.bytes = skippedPrefix == 0 ? bytes : Array(bytes.dropFirst(skippedPrefix))  // copy only to drop a BOM
        self.limits = limits
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
        if !completed { return YAMLReadResult(root: nil, diagnostics: diagnostics) }
        if documentCount == 0 || root.map({ $0.isNull }) ?? true {
            diagnostics.append(
                .error(
                    "yaml-empty", "the file contains no YAML document",
                    at: root?.location ?? location(line: 0, column: 0),
                    hint: "a protocol file starts with 'kind: protocol'"))
            return YAMLReadResult(root: nil, diagnostics: diagnostics)
        }
        return YAMLReadResult(root: root, diagnostics: diagnostics)
    }

    private mutating func consumeEvents(_ parser: inout yaml_parser_t) throws(Stop) {
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                diagnostics.append(parserError(parser))
                throw Stop()
            }
            defer { yaml_event_delete(&event) }
            let start = location(event.start_mark)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_DOCUMENT_START_EVENT:
                documentCount += 1
                if documentCount > 1 {
                    fail(
                        "yaml-multiple-documents", "the file contains more than one YAML document",
                        at: start, hint: "keep one protocol per file and remove the '---' separator")
                    throw Stop()
                }
            case YAML_ALIAS_EVENT:
                fail(
                    "yaml-alias", "aliases (*name) are not supported in protocol files", at: start,
                    hint: "write the value out in full; aliases make a protocol hard to read")
                throw Stop()
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                try checkDecorations(anchor: scalar.anchor, tag: scalar.tag, at: start)
                if scalar.length > limits.maxScalarLength {
                    fail(
                        "yaml-scalar-too-long",
                        "a value of \(scalar.length) bytes is longer than the limit of \(limits.maxScalarLength)",
                        at: start)
                    throw Stop()
                }
                let text =
                    scalar.length == 0
                    ? "" : String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                try countNode(at: start)
                if let top = stack.indices.last, stack[top].kind == .mapping, stack[top].pendingKey == nil {
                    acceptKey(text, at: start)  // a key needs no node of its own
                } else {
                    try attach(YAMLNode(.scalar(text, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE), at: start))
                }
            case YAML_SEQUENCE_START_EVENT:
                try checkDecorations(anchor: event.data.sequence_start.anchor, tag: event.data.sequence_start.tag, at: start)
                try push(Frame(kind: .sequence, location: start), at: start)
            case YAML_MAPPING_START_EVENT:
                try checkDecorations(anchor: event.data.mapping_start.anchor, tag: event.data.mapping_start.tag, at: start)
                try push(Frame(kind: .mapping, location: start), at: start)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try pop()
            default:
                break
            }
        }
    }

    private mutating func checkDecorations(
        anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?,
        at location: SourceLocation
    ) throws(Stop) {
        if let anchor {
            fail(
                "yaml-anchor", "anchors (&\(String(cString: anchor))) are not supported in protocol files",
                at: location, hint: "write the value out in full where it is needed")
            throw Stop()
        }
        if let tag {
            diagnostics.append(
                .error(
                    "yaml-tag", "tags such as '\(writtenTag(String(cString: tag)))' are not supported in protocol files",
                    at: location, hint: "remove the tag; the schema decides what each value means"))
        }
    }

    /// libyaml expands `!!int` to `tag:yaml.org,2002:int`; show it as the author wrote it.
    private func writtenTag(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }

    private mutating func push(_ frame: Frame, at location: SourceLocation) throws(Stop) {
        if stack.count >= limits.maxDepth {
            fail(
                "yaml-too-deep", "lists and mappings are nested deeper than \(limits.maxDepth) levels",
                at: location, hint: "protocol files need only a few levels of nesting")
            throw Stop()
        }
        try countNode(at: location)
        stack.append(frame)
    }

    private mutating func pop() throws(Stop) {
        guard let frame = stack.popLast() else { return }
        switch frame.kind {
        case .sequence: try attach(YAMLNode(.sequence(frame.items), at: frame.location))
        case .mapping: try attach(YAMLNode(.mapping(frame.pairs), at: frame.location))
        }
    }

    private mutating func countNode(at location: SourceLocation) throws(Stop) {
        nodeCount += 1
        if nodeCount > limits.maxNodes {
            fail("yaml-too-many-nodes", "the document has more than \(limits.maxNodes) values", at: location)
            throw Stop()
        }
    }

    /// Places a finished node into its parent (or makes it the root).
    private mutating func attach(_ node: YAMLNode) throws(Stop) {
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        switch stack[top].kind {
        case .sequence:
            stack[top].items.append(node)
        case .mapping:
            if let (key, keyLocation) = stack[top].pendingKey {
                stack[top].pairs.append(YAMLPair(key: key, keyLocation: keyLocation, value: node))
                stack[top].pendingKey = nil
                return
            }
            guard let key = node.scalar else {
                fail(
                    "yaml-complex-key", "a key must be a single value, not \(node.shapeDescription)",
                    at: node.location)
                throw Stop()
            }
            acceptKey(key, at: node.location)
        }
    }

    /// Makes `key` the innermost mapping's pending key, reporting it if it is a duplicate.
    private mutating func acceptKey(_ key: String, at location: SourceLocation) {
        let top = stack.count - 1
        if let first = stack[top].firstLocation(ofKey: key, at: location) {
            diagnostics.append(
                .error(
                    "yaml-duplicate-key",
                    "duplicate key '\(key)'; it is first written at line \(first.line), column \(first.column)",
                    at: location, hint: "remove one of the two, or merge them"))
        }
        stack[top].pendingKey = (key, location)
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
