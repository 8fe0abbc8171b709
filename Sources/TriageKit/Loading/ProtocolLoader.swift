/// Turns the YAML tree of a `kind: protocol` file into a `TriageProtocol`, collecting
/// every structural and type error with its location, then runs the static analysis.
public struct ProtocolLoader: Sendable {
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

    /// The condition language's reserved words: no question or option may have one as its id.
    package static let keywords = Token.Keyword.allCases.map(\.rawValue)
    /// The words answers read as "weet niet" that are valid ids: no option may have one as its id.
    package static let unknownIdentifiers = AnswerValue.unknownWords.filter { NodeReader.isIdentifier($0) }.sorted()
    /// Every id an option may not have.
    package static let reservedOptionIDs = unknownIdentifiers + keywords

    /// Loads the protocol file at `path`: the usual way to get a protocol.
    ///
    /// A file that cannot be read (missing, a directory, a pipe without a writer, too large)
    /// gives one located error instead of a value.
    public func load(path: String) -> LoadResult<TriageProtocol> {
        switch SourceFile.read(path, maxSize: reader.limits.maxFileSize) {
        case .failure(let diagnostic): return LoadResult(value: nil, diagnostics: DocumentKind.protocol.adapted([diagnostic]))
        case .success(let bytes): return load(bytes, file: path)
        }
    }

    /// Loads a protocol from the bytes of a file; `file` is used in locations.
    ///
    /// The protocol is returned only when there are no errors; warnings may accompany it.
    public func load(_ bytes: [UInt8], file: String) -> LoadResult<TriageProtocol> {
        let read = reader.read(bytes, file: file)
        let readFindings = DocumentKind.protocol.adapted(read.diagnostics)
        guard let root = read.root else { return LoadResult(value: nil, diagnostics: readFindings.capped()) }
        var result = load(root, hashing: ContentHash(of: bytes), source: bytes)
        result.diagnostics = (readFindings + result.diagnostics).capped()
        if result.diagnostics.containsErrors { result.value = nil }
        return result
    }

    /// Loads a protocol from an already read YAML root node; `source` (the file's bytes)
    /// lets errors inside multi-line and block-scalar conditions point at the right line.
    package func load(_ root: YAMLNode, contentHash: String, source: [UInt8] = []) -> LoadResult<TriageProtocol> {
        load(root, hashing: ContentHash(digest: contentHash), source: source)
    }

    /// Loads a protocol from an already read YAML root node, whose file hashes as `hashing` says.
    package func load(_ root: YAMLNode, hashing: ContentHash, source: [UInt8] = []) -> LoadResult<TriageProtocol> {
        if let mismatch = DocumentKind.mismatch(root, expected: .protocol) {
            return LoadResult(value: nil, diagnostics: [mismatch])
        }
        var builder = ProtocolBuilder(sourceLines: SourceLines(source))
        let partial = builder.build(root, hashing: hashing)
        var diagnostics = builder.reader.diagnostics
        if let partial {
            // Items skipped for an error would look unused: no such warnings after an error.
            diagnostics += ProtocolConsistency.check(partial, afterErrors: diagnostics.containsErrors)
        }
        return LoadResult(value: diagnostics.containsErrors ? nil : partial, diagnostics: diagnostics.capped())
    }
}

/// A loaded value (when there were no errors) and every finding about its file.
public struct LoadResult<Value: Sendable>: Sendable {
    /// The value, when the file has no errors.
    public var value: Value?
    /// Errors, warnings and notes, sorted by location.
    public var diagnostics: [Diagnostic]

    /// Creates a result.
    public init(value: Value?, diagnostics: [Diagnostic]) {
        self.value = value
        self.diagnostics = diagnostics
    }
}

/// Builds the model field by field. Broken items are skipped, so that the rest can still
/// be checked and every error is reported at once.
private struct ProtocolBuilder {
    var reader = NodeReader()
    /// The file's lines, for locating errors inside conditions; empty when unknown.
    let sourceLines: SourceLines

    static let topKeys: [StaticString] = [
        "kind", "id", "version", "title", "description", "authors", "sources", "languages", "hit_policy",
        "destinations", "questions", "scores", "rules", "invariants", "notes", "consent",
    ]

    mutating func build(_ root: YAMLNode, hashing: ContentHash) -> TriageProtocol? {
        guard
            let top = reader.fields(
                root, of: "the protocol", allowed: Self.topKeys,
                required: ["kind", "id", "version", "title", "questions", "rules"])
        else { return nil }
        let id = reader.string(top["id"], field: "id") ?? ""
        if let node = top["id"], !id.isEmpty, !Self.isProtocolID(id) {
            reader.error("invalid-id", "'\(id)' is not a valid protocol id", at: node.location, hint: "use lowercase letters, digits, '-' or '_'")
        }
        var languages = reader.strings(top["languages"], field: "languages")
        if languages.isEmpty { languages = [("nl", top.location(of: "languages"))] }
        for (language, location) in languages where !Language.codes.contains(language) {
            reader.error("unknown-language", "'\(language)' is not a supported language", at: location, hint: "use nl and/or en")
        }
        if !languages.contains(where: { $0.0 == "nl" }) {
            reader.error("missing-dutch", "'languages' must include nl", at: top.location(of: "languages"), hint: "write languages: [nl, en]")
        }

        // Questions are read first and their `when` conditions checked once every question is
        // known; they are completed in place, so no question is copied.
        let questionNodes = reader.items(top["questions"], field: "questions")
        var questions: [Question] = []
        var whenNodes: [YAMLNode?] = []
        questions.reserveCapacity(questionNodes.count)
        whenNodes.reserveCapacity(questionNodes.count)
        for node in questionNodes {
            question(node, into: &questions, whenNodes: &whenNodes)
        }
        let scores = reader.list(top["scores"], field: "scores").compactMap { score($0) }
        let destinations = reader.list(top["destinations"], field: "destinations").compactMap { destination($0) }

        var scope = ExpressionScope(questions: [:], scores: [:], destinations: Set(destinations.map(\.id)), allowsOutcome: false)
        scope.questions.reserveCapacity(questions.count)
        for index in questions.indices.reversed() {  // reversed: the first of duplicate ids wins
            scope.questions[questions[index].id] = .init(index: index, type: questions[index].answerType)
        }
        for (index, score) in scores.enumerated().reversed() { scope.scores[score.id] = index }

        for index in questions.indices {
            if let node = whenNodes[index] { questions[index].when = condition(node, field: "when", scope: scope) }
        }
        let ruleNodes = reader.items(top["rules"], field: "rules")
        var rules: [Rule] = []
        rules.reserveCapacity(ruleNodes.count)
        for node in ruleNodes {
            if let rule = rule(node, scope: scope, destinations: destinations) { rules.append(rule) }
        }
        var invariantScope = scope
        invariantScope.allowsOutcome = true
        let invariants = reader.list(top["invariants"], field: "invariants").compactMap { invariant($0, scope: invariantScope) }
        let notes = reader.list(top["notes"], field: "notes").compactMap { note($0, scope: scope) }
        let consent = top["consent"].flatMap { consentQuestion($0, questions: questions) }

        return TriageProtocol(
            id: id,
            version: reader.string(top["version"], field: "version") ?? "",
            title: reader.localized(top["title"], field: "title") ?? LocalizedText([:]),
            description: reader.localized(top["description"], field: "description"),
            authors: reader.strings(top["authors"], field: "authors").map(\.0),
            sources: reader.list(top["sources"], field: "sources").compactMap { source($0) },
            languages: languages.map(\.0),
            hitPolicy: top["hit_policy"] == nil ? .collect : reader.choice(top["hit_policy"], field: "hit_policy", as: HitPolicy.self) ?? .collect,
            questions: questions,
            scores: scores,
            destinations: destinations,
            rules: rules,
            invariants: invariants,
            notes: notes,
            consentQuestionID: consent,
            hashing: hashing,
            location: SourceLocation(file: root.location.file, line: 1, column: 1))
    }

    static func isProtocolID(_ text: String) -> Bool {
        NodeReader.isIdentifier(text.replacingHyphens())
    }

    // MARK: - Items

    mutating func source(_ node: YAMLNode) -> TriageProtocol.Source? {
        if let title = node.scalar { return TriageProtocol.Source(title: title, url: nil) }
        guard let fields = reader.fields(node, of: "a source", allowed: ["title", "url"], required: ["title"]),
            let title = reader.string(fields["title"], field: "title")
        else { return nil }
        return TriageProtocol.Source(title: title, url: reader.string(fields["url"], field: "url"))
    }

    /// Reads a question and appends it to `questions`, with its `when` (checked once every
    /// question is known) to `whenNodes`; a broken question is reported and skipped.
    mutating func question(_ node: YAMLNode, into questions: inout [Question], whenNodes: inout [YAMLNode?]) {
        guard
            let fields = reader.fields(
                node, of: "a question",
                allowed: ["id", "dimension", "text", "label", "help", "type", "options", "range", "allow_unknown", "integer", "when"],
                required: ["id", "text", "type"]),
            let id = reader.identifier(fields["id"], field: "id")
        else { return }
        if Token.Keyword(rawValue: id) != nil, let node = fields["id"] {
            reader.error(
                "reserved-id", "question id '\(id)' is a word of the condition language, so no condition can name it",
                at: node.location, hint: "choose another id; reserved: \(ProtocolLoader.keywords.joined(separator: ", "))")
        }
        let typeName = reader.string(fields["type"], field: "type")
        var answerType: AnswerType?
        let options = fields["options"].map { self.options($0) }
        let range = fields["range"].flatMap { self.range($0) }
        switch typeName {
        case "yes_no": answerType = .yesNo
        case "choice", "multiple_choice":
            guard let options, !options.isEmpty else {
                reader.error(
                    "missing-options", "question '\(id)' is a \(typeName ?? "") question but has no options",
                    at: fields.location(of: "type"), hint: "add 'options:' with at least two options")
                break
            }
            answerType = typeName == "choice" ? .singleChoice(options) : .multipleChoice(options)
        case "scale":
            if let range, [range.min, range.max].contains(where: { $0 != $0.rounded() || abs($0) > 999_999_999 }) {
                reader.error(
                    "invalid-range", "scale question '\(id)' needs whole numbers (at most 9 digits) for min and max",
                    at: fields["range"]?.location ?? node.location, hint: "write e.g. 'range: {min: 0, max: 10}'")
                break
            }
            let low = range.map { Int($0.min) } ?? 0
            let high = range.map { Int($0.max) } ?? 10
            answerType = .scale(min: low, max: high)
        case "number":
            guard let range else {
                if fields["range"] != nil { break }  // present but invalid: already reported
                reader.error(
                    "missing-range", "number question '\(id)' has no range", at: fields.location(of: "type"),
                    hint: "add 'range: {min: 0, max: 120}'")
                break
            }
            answerType = .number(min: range.min, max: range.max)
        case "text": answerType = .text
        case let other?:
            let allowed = ["yes_no", "choice", "multiple_choice", "scale", "number", "text"]
            reader.error(
                "invalid-value", "'\(other)' is not an answer type", at: fields["type"]?.location ?? node.location,
                hint: Suggestion.hint(for: other, in: allowed) ?? "allowed: \(allowed.joined(separator: ", "))")
        case nil: break
        }
        if options != nil, let answerType, answerType.options.isEmpty {
            reader.error(
                "unexpected-options", "question '\(id)' has options but is a \(answerType.name) question",
                at: fields.location(of: "options"), hint: "remove 'options:' or make the type 'choice'")
        }
        if range != nil, let answerType {
            switch answerType {
            case .scale, .number: break
            default:
                reader.error(
                    "unexpected-range", "question '\(id)' has a range but is a \(answerType.name) question",
                    at: fields.location(of: "range"))
            }
        }
        let integer = fields["integer"].flatMap { reader.flag($0, field: "integer") } ?? false
        if fields["integer"] != nil, let answerType {
            switch answerType {
            case .number:
                if integer, let range, [range.min, range.max].contains(where: { $0 != $0.rounded() }) {
                    reader.error(
                        "invalid-range", "number question '\(id)' takes whole numbers (integer: true), but its range does not",
                        at: fields["range"]?.location ?? node.location, hint: "make min and max whole numbers")
                }
            case .scale:
                reader.error(
                    "unexpected-integer", "question '\(id)' has 'integer' but is a scale question, which takes whole numbers anyway",
                    at: fields.location(of: "integer"), hint: "remove 'integer:'")
            default:
                reader.error(
                    "unexpected-integer", "question '\(id)' has 'integer' but is a \(answerType.name) question",
                    at: fields.location(of: "integer"), hint: "'integer: true' is for number questions; remove it or make the type 'number'")
            }
        }
        let dimension = fields["dimension"].flatMap { reader.choice($0, field: "dimension", as: Dimension.self) }
        let text = reader.localized(fields["text"], field: "text")
        let help = reader.localized(fields["help"], field: "help")
        let label = reader.localized(fields["label"], field: "label")
        let allowsUnknown = fields["allow_unknown"].flatMap { reader.flag($0, field: "allow_unknown") } ?? false
        guard let answerType, let text else { return }
        questions.append(
            Question(
                id: id, dimension: dimension, text: text, help: help, answerType: answerType,
                allowsUnknown: allowsUnknown, when: nil, location: node.location, integer: integer, label: label))
        whenNodes.append(fields["when"])
    }

    mutating func options(_ node: YAMLNode) -> [AnswerOption] {
        reader.items(node, field: "options").compactMap { item in
            guard let fields = reader.fields(item, of: "an option", allowed: ["id", "text"], required: ["id", "text"]),
                let id = reader.identifier(fields["id"], field: "id"),
                let text = reader.localized(fields["text"], field: "text")
            else { return nil }
            if let node = fields["id"] { reserved(optionID: id, at: node.location) }
            return AnswerOption(id: id, text: text, location: item.location)
        }
    }

    /// Reports an option id that answers or conditions read as something else: a word that
    /// means "weet niet" (so the option could not be chosen by its id, and JSON output could
    /// not tell it from "weet niet"), or a keyword (so no condition could name it).
    mutating func reserved(optionID id: String, at location: SourceLocation) {
        if AnswerValue.unknownWords.contains(id) {
            reader.error(
                "reserved-id", "option id '\(id)' means 'weet niet' in answers, so it cannot name an option",
                at: location, hint: "choose another id; to offer 'weet niet', write 'allow_unknown: true' on the question")
        } else if Token.Keyword(rawValue: id) != nil {
            reader.error(
                "reserved-id", "option id '\(id)' is a word of the condition language, so no condition can name it",
                at: location, hint: "choose another id; reserved: \(ProtocolLoader.keywords.joined(separator: ", "))")
        }
    }

    /// The largest magnitude of a range bound: 10⁹.
    static let maxRangeMagnitude = 1e9

    mutating func range(_ node: YAMLNode) -> (min: Double, max: Double)? {
        guard let fields = reader.fields(node, of: "a range", allowed: ["min", "max"], required: ["min", "max"]),
            let low = reader.number(fields["min"], field: "min"), let high = reader.number(fields["max"], field: "max")
        else { return nil }
        // Bounded answers keep every score finite (a sum of two million answers stays far below
        // Double's limit) and every number printable: a GP question never needs more.
        let limit = Self.maxRangeMagnitude
        for (value, key) in [(low, "min"), (high, "max")] where abs(value) > limit {
            reader.error(
                "invalid-range", "the range's \(key) (\(Expression.format(value))) is beyond what a question can take",
                at: node.location,
                hint: "ranges lie within ±\(Expression.format(limit)) (a billion); use a smaller unit")
            return nil
        }
        guard low < high else {
            reader.error("invalid-range", "the range's min (\(low)) must be below its max (\(high))", at: node.location)
            return nil
        }
        return (low, high)
    }

    mutating func score(_ node: YAMLNode) -> Score? {
        guard
            let fields = reader.fields(
                node, of: "a score", allowed: ["id", "dimension", "method", "of", "label"], required: ["id", "method", "of"]),
            let id = reader.identifier(fields["id"], field: "id"),
            let method = reader.choice(fields["method"], field: "method", as: Score.Method.self)
        else { return nil }
        let dimension = fields["dimension"].flatMap { reader.choice($0, field: "dimension", as: Dimension.self) }
        let questions = reader.strings(fields["of"], field: "of")
        if questions.isEmpty {
            reader.error("empty-score", "score '\(id)' combines no questions", at: fields.location(of: "of"))
        }
        return Score(
            id: id, dimension: dimension, method: method, questionIDs: questions.map(\.0),
            label: reader.localized(fields["label"], field: "label"), questionLocations: questions.map(\.1),
            location: node.location)
    }

    mutating func destination(_ node: YAMLNode) -> Destination? {
        guard
            let fields = reader.fields(
                node, of: "a destination", allowed: ["id", "category", "name", "consent_required", "icpc"],
                required: ["id", "category", "name"]),
            let id = reader.identifier(fields["id"], field: "id"),
            let category = reader.choice(fields["category"], field: "category", as: Destination.Category.self),
            let name = reader.localized(fields["name"], field: "name")
        else { return nil }
        let consent = fields["consent_required"].flatMap { reader.flag($0, field: "consent_required") }
        var icpc = reader.string(fields["icpc"], field: "icpc")
        if let code = icpc, !Destination.isICPCCode(code), let icpcNode = fields["icpc"] {
            reader.error(
                "invalid-icpc", "'\(code)' is not an ICPC-2 code", at: icpcNode.location,
                hint: "a chapter letter and two digits, such as Z29 (social problem) or P76")
            icpc = nil
        }
        return Destination(
            id: id, category: category, name: name, requiresConsent: consent ?? (category == .welfare),
            location: node.location, icpc: icpc)
    }

    mutating func rule(_ node: YAMLNode, scope: ExpressionScope, destinations: [Destination]) -> Rule? {
        guard
            let fields = reader.fields(
                node, of: "a rule",
                allowed: ["id", "when", "red_flag", "decision", "refer", "priority", "reason", "action"],
                required: ["id", "when", "reason"]),
            let id = reader.identifier(fields["id"], field: "id")
        else { return nil }
        let when = fields["when"].flatMap { condition($0, field: "when", scope: scope) }
        let isRedFlag = fields["red_flag"].flatMap { reader.flag($0, field: "red_flag") } ?? false
        let referTo = fields["refer"].flatMap { reader.identifier($0, field: "refer") }
        let priority = fields["priority"].flatMap { reader.integer($0, field: "priority") } ?? 5
        if let node = fields["priority"], !(1...9).contains(priority) {
            reader.error("invalid-value", "'priority' must be 1 (most important) to 9", at: node.location)
        }
        var decision = fields["decision"].flatMap { reader.choice($0, field: "decision", as: Decision.self) }
        if decision == nil, fields["decision"] == nil {
            if isRedFlag {
                decision = .urgent
            } else if let referTo, let target = destinations.first(where: { $0.id == referTo }) {
                decision = switch target.category {
                case .welfare: .psychosocial
                case .medical: .medical
                case .urgent: .urgent
                }
            } else if fields["refer"] == nil {
                reader.error(
                    "rule-without-effect", "rule '\(id)' has no decision, referral or red flag", at: node.location,
                    hint: "add 'decision:', 'refer:' or 'red_flag: true'")
            } else if referTo != nil {
                // The destination is unknown: keep the rule so the analysis reports it (unknown-destination).
                decision = Decision.none
            }
        }
        if isRedFlag, let decision, decision != .urgent {
            reader.error(
                "red-flag-not-urgent", "rule '\(id)' raises a red flag but decides '\(decision.rawValue)'",
                at: fields.location(of: "decision"), hint: "a red flag always means decision: urgent")
        }
        let reason = reader.localized(fields["reason"], field: "reason")
        let action = reader.localized(fields["action"], field: "action")
        guard let when, let reason, let decision else { return nil }
        return Rule(
            id: id, when: when, isRedFlag: isRedFlag, decision: decision, referTo: referTo,
            referLocation: fields["refer"]?.location, priority: priority, reason: reason, action: action,
            location: node.location)
    }

    mutating func invariant(_ node: YAMLNode, scope: ExpressionScope) -> Invariant? {
        guard
            let fields = reader.fields(
                node, of: "an invariant", allowed: ["id", "check", "message"], required: ["id", "check", "message"]),
            let id = reader.identifier(fields["id"], field: "id"),
            let check = fields["check"].flatMap({ condition($0, field: "check", scope: scope) }),
            let message = reader.localized(fields["message"], field: "message")
        else { return nil }
        return Invariant(id: id, condition: check, message: message, location: node.location)
    }

    mutating func note(_ node: YAMLNode, scope: ExpressionScope) -> ProtocolNote? {
        guard
            let fields = reader.fields(node, of: "a note", allowed: ["id", "when", "text"], required: ["id", "when", "text"]),
            let id = reader.identifier(fields["id"], field: "id"),
            let when = fields["when"].flatMap({ condition($0, field: "when", scope: scope) }),
            let text = reader.localized(fields["text"], field: "text")
        else { return nil }
        return ProtocolNote(id: id, when: when, text: text, location: node.location)
    }

    /// `consent: <question id>`: a yes/no question of the protocol.
    mutating func consentQuestion(_ node: YAMLNode, questions: [Question]) -> String? {
        guard let id = reader.string(node, field: "consent") else { return nil }
        guard let question = questions.first(where: { $0.id == id }) else {
            reader.error(
                "unknown-question", "'consent' names '\(id)', which is not a question", at: node.location,
                hint: Suggestion.hint(for: id, in: questions.map(\.id)) ?? "name the yes/no question that asks for consent")
            return nil
        }
        guard question.answerType == .yesNo else {
            reader.error(
                "type-mismatch", "'consent' names '\(id)', which is a \(question.answerType.name) question", at: node.location,
                hint: "consent is asked as a yes/no question")
            return nil
        }
        return id
    }

    /// Parses and type-checks a condition written in a YAML scalar. The condition is read
    /// from the tree's bytes; its text becomes a string only if it is read (or reported).
    mutating func condition(_ node: YAMLNode, field: String, scope: ExpressionScope) -> Condition? {
        guard let text = reader.text(node, field: field) else { return nil }
        let start = node.location
        let isPlain = node.isPlainScalar
        let lines = sourceLines
        let checked = node.tree.withText(at: node.index) { bytes in
            TypeChecker.check(utf8: bytes, scope: scope) { offset in
                ConditionLocation.locate(
                    offset: offset, in: String(decoding: bytes, as: UTF8.self), startingAt: start, isPlain: isPlain,
                    lines: lines.lines)
            }
        }
        reader.append(contentsOf: checked.diagnostics)
        return checked.expression.map { Condition(text: text, expression: $0, location: start) }
    }
}

/// The lines of a file, split only when an error inside a condition has to be located:
/// valid protocols, the common case, never pay for it.
private final class SourceLines {
    private let source: [UInt8]
    private(set) lazy var lines: [[Unicode.Scalar]] = ConditionLocation.lines(of: source)

    init(_ source: [UInt8]) { self.source = source }
}

/// Maps a character offset inside a condition to a line and column of the YAML file.
///
/// YAML folds multi-line plain and `>` scalars, strips the indentation of `|` scalars and
/// starts quoted scalars after the quote, so the condition text is walked alongside the
/// file's own lines when they are known.
enum ConditionLocation {
    /// The lines of a file as Unicode scalars (the unit libyaml counts columns in).
    static func lines(of source: [UInt8]) -> [[Unicode.Scalar]] {
        guard !source.isEmpty else { return [] }
        return String(decoding: source, as: UTF8.self).unicodeScalars
            .split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
    }

    static func locate(
        offset: Int, in text: String, startingAt start: SourceLocation, isPlain: Bool, lines: [[Unicode.Scalar]]
    ) -> SourceLocation {
        let scalars = Array(text.unicodeScalars)
        // Without the file, or when it does not match, count on from the start of the value.
        func fallback() -> SourceLocation {
            var line = start.line
            var column = start.column + (isPlain ? 0 : 1)
            for scalar in scalars.prefix(offset) {
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return SourceLocation(file: start.file, line: line, column: column)
        }
        var line = start.line - 1
        var column = start.column - 1
        guard line >= 0, line < lines.count, column >= 0, column < lines[line].count else { return fallback() }
        /// The character at the cursor; "\n" at the end of a line, nil at the end of the file.
        func current() -> Unicode.Scalar? {
            guard line < lines.count else { return nil }
            return column < lines[line].count ? lines[line][column] : "\n"
        }
        func advance() {
            if column < lines[line].count {
                column += 1
            } else {
                line += 1
                column = 0
            }
        }
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
        func skipSpace() { while let c = current(), isSpace(c) { advance() } }
        if !isPlain {
            switch current() {
            case "\"", "'": advance()
            case "|", ">":  // a block scalar starts on the line after its indicator
                line += 1
                column = 0
            default: return fallback()
            }
        }
        for scalar in scalars.prefix(offset) {
            guard current() != nil else { return fallback() }
            if isSpace(scalar) {
                skipSpace()  // one space in the text may stand for a line break plus indentation
            } else {
                skipSpace()
                guard current() == scalar else { return fallback() }
                advance()
            }
        }
        if offset < scalars.count { skipSpace() }
        guard current() != nil else { return fallback() }
        return SourceLocation(file: start.file, line: line + 1, column: column + 1)
    }
}

extension String {
    fileprivate func replacingHyphens() -> String {
        String(unicodeScalars.map { $0 == "-" ? "_" : Character($0) })
    }
}
