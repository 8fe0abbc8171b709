/// Applying an answers file or a scenario's answers to a session: the walk's rules stay in
/// `TriageSession`; this only feeds it the written answers in asking order.
extension AnswerSheet {
    /// Answers `session` question by question until it is complete or an answer is missing.
    ///
    /// Errors: an unknown question id, an invalid value, a missing answer to a question that
    /// is asked. Answers to questions that are never asked are reported as warnings. At most
    /// `DiagnosticCollector.maxPerCode` findings of each code are reported, then a note.
    public func apply(to session: inout TriageSession) -> [Diagnostic] {
        var findings = DiagnosticCollector()
        let questionIDs = session.triageProtocol.questions.map(\.id)
        let known = Set(questionIDs)
        let protocolID = session.triageProtocol.id
        var byID: [String: Entry] = [:]
        for entry in entries {
            guard known.contains(entry.questionID) else {
                findings.add("unknown-question", at: entry.location) {
                    .error(
                        "unknown-question", "'\(entry.questionID)' is not a question of protocol '\(protocolID)'", at: entry.location,
                        hint: Suggestion.hint(for: entry.questionID, in: questionIDs)
                            ?? "remove it from the answers, or check the question ids of protocol '\(protocolID)'")
                }
                continue
            }
            if byID[entry.questionID] != nil {
                findings.add(
                    .error(
                        "duplicate-key", "'\(entry.questionID)' is answered twice", at: entry.location,
                        hint: "keep one answer per question"))
            }
            byID[entry.questionID] = entry
        }
        var used = Set<String>()
        while let question = session.nextQuestion {
            guard let entry = byID[question.id] else {
                findings.add(
                    .error(
                        "missing-answer", "no answer for question '\(question.id)', which is asked here", at: location,
                        hint: "add '\(question.id): ...' under 'answers:' (\(Self.expectation(question)))"))
                break
            }
            used.insert(question.id)
            do {
                try session.answer(Self.value(entry.value, for: question).get())
            } catch {
                var at = entry.value.location
                if case .nestedList = error, let inner = Self.nestedList(in: entry.value) { at = inner.location }
                findings.add(.error("invalid-answer", error.description, at: at, hint: Self.expectation(question)))
                return findings.diagnostics
            }
        }
        let complete = findings.diagnostics.isEmpty
        for entry in entries where complete && byID[entry.questionID] == entry && !used.contains(entry.questionID) {
            findings.add(
                .warning(
                    "answer-not-used", "question '\(entry.questionID)' is not asked with these answers, so its answer is ignored",
                    at: entry.location))
        }
        return findings.diagnostics
    }

    /// The answer value a YAML node stands for.
    static func value(_ node: YAMLNode, for question: Question) -> Result<AnswerValue, AnswerError> {
        if let items = node.sequence {
            guard case .multipleChoice = question.answerType else {
                return .failure(.wrongType(question: question.id, expected: "a single value, not a list"))
            }
            if nestedList(in: node) != nil { return .failure(.nestedList(question: question.id)) }
            let text = items.compactMap(\.scalar).joined(separator: ",")
            return items.isEmpty ? .success(.choices([])) : AnswerParser.parse(text, for: question)
        }
        guard let text = node.scalar else {
            return .failure(.wrongType(question: question.id, expected: "a single value, not a mapping"))
        }
        return AnswerParser.parse(text, for: question)
    }

    /// The first item of the list `node` that is itself a list or a mapping.
    private static func nestedList(in node: YAMLNode) -> YAMLNode? {
        node.sequence?.first { $0.scalar == nil }
    }

    static func expectation(_ question: Question) -> String {
        let unknown = question.allowsUnknown ? ", or 'weet niet'" : ""
        switch question.answerType {
        case .yesNo: return "ja or nee\(unknown)"
        case .singleChoice(let options): return "one of: \(options.map(\.id).joined(separator: ", "))\(unknown)"
        case .multipleChoice(let options): return "a list of: \(options.map(\.id).joined(separator: ", ")) (or [])\(unknown)"
        case .scale(let low, let high): return "a whole number \(low)–\(high)\(unknown)"
        case .number(let low, let high):
            return "\(question.integer ? "a whole number" : "a number") \(Expression.format(low))–\(Expression.format(high))\(unknown)"
        case .text: return "free text"
        }
    }
}
