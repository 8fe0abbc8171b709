/// Static checks over a loaded protocol: duplicate ids, undefined and unused references,
/// question order, and missing translations.
package enum ProtocolAnalyzer {
    /// Every finding about `protocol`, unsorted.
    package static func analyze(_ spec: TriageProtocol) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        findings += duplicateIDs(spec)
        findings += references(spec)
        findings += questionOrder(spec)
        findings += unused(spec)
        findings += translations(spec)
        return findings
    }

    // MARK: - Duplicate ids

    static func duplicateIDs(_ spec: TriageProtocol) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        func check(_ items: [(String, SourceLocation)], _ what: String) {
            var first: [String: SourceLocation] = [:]
            for (id, location) in items {
                if let earlier = first[id] {
                    findings.append(
                        .error(
                            "duplicate-id", "\(what) '\(id)' is defined twice; the first is at line \(earlier.line)",
                            at: location, hint: "give each \(what) its own id"))
                } else {
                    first[id] = location
                }
            }
        }
        check(spec.questions.map { ($0.id, $0.location) }, "question")
        for question in spec.questions {
            check(question.answerType.options.map { ($0.id, $0.location) }, "option")
        }
        check(spec.scores.map { ($0.id, $0.location) }, "score")
        check(spec.destinations.map { ($0.id, $0.location) }, "destination")
        check(spec.rules.map { ($0.id, $0.location) }, "rule")
        check(spec.invariants.map { ($0.id, $0.location) }, "invariant")
        return findings
    }

    // MARK: - References

    static func references(_ spec: TriageProtocol) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let destinationIDs = spec.destinations.map(\.id)
        for rule in spec.rules {
            if let target = rule.referTo, !destinationIDs.contains(target) {
                findings.append(
                    .error(
                        "unknown-destination", "rule '\(rule.id)' refers to '\(target)', which is not a destination",
                        at: rule.referLocation ?? rule.location,
                        hint: Suggestion.hint(for: target, in: destinationIDs) ?? "define it under 'destinations:'"))
            }
        }
        for score in spec.scores {
            for (id, location) in zip(score.questionIDs, score.questionLocations) {
                guard let question = spec.question(id) else {
                    findings.append(
                        .error(
                            "unknown-question", "score '\(score.id)' uses '\(id)', which is not a question", at: location,
                            hint: Suggestion.hint(for: id, in: spec.questions.map(\.id))))
                    continue
                }
                let fits: Bool =
                    switch (score.method, question.answerType) {
                    case (.count, .yesNo), (.count, .multipleChoice): true
                    case (.count, _): false
                    case (_, .scale), (_, .number): true
                    default: false
                    }
                if !fits {
                    findings.append(
                        .error(
                            "type-mismatch",
                            "score '\(score.id)' takes the \(score.method.rawValue) of '\(id)', a \(question.answerType.name) question",
                            at: location,
                            hint: score.method == .count
                                ? "count works on yes_no and multiple_choice questions"
                                : "\(score.method.rawValue) works on scale and number questions; use count for yes/no"))
                }
            }
        }
        return findings
    }

    // MARK: - Question order

    /// A `when` may only look at questions asked before it.
    static func questionOrder(_ spec: TriageProtocol) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for (index, question) in spec.questions.enumerated() {
            guard let when = question.when else { continue }
            for used in Set(when.expression.questionIndices).sorted() where used >= index {
                let other = spec.questions[used].id
                let message =
                    used == index
                    ? "question '\(question.id)' depends on its own answer in 'when'"
                    : "question '\(question.id)' depends on '\(other)', which is asked later"
                findings.append(
                    .error(
                        "question-order", message, at: when.location,
                        hint: "move '\(other)' above '\(question.id)', or change the condition"))
            }
            for scoreIndex in scoreIndices(when.expression) {
                let score = spec.scores[scoreIndex]
                for id in score.questionIDs {
                    if let used = spec.questions.firstIndex(where: { $0.id == id }), used >= index {
                        findings.append(
                            .error(
                                "question-order",
                                "question '\(question.id)' depends on score '\(score.id)', which uses '\(id)', asked later",
                                at: when.location, hint: "move '\(id)' above '\(question.id)'"))
                    }
                }
            }
        }
        return findings
    }

    private static func scoreIndices(_ expression: Expression) -> [Int] {
        var result: [Int] = []
        expression.visit { if case .score(_, let index) = $0 { result.append(index) } }
        return Array(Set(result)).sorted()
    }

    // MARK: - Unused

    static func unused(_ spec: TriageProtocol) -> [Diagnostic] {
        var usedQuestions = Set<Int>()
        var conditions = spec.questions.compactMap(\.when) + spec.rules.map(\.when)
        conditions += spec.invariants.map(\.condition)
        for condition in conditions { usedQuestions.formUnion(condition.expression.questionIndices) }
        let scoredIDs = Set(spec.scores.flatMap(\.questionIDs))
        var findings: [Diagnostic] = []
        for (index, question) in spec.questions.enumerated()
        where !usedQuestions.contains(index) && !scoredIDs.contains(question.id) && question.answerType != .text {
            findings.append(
                .warning(
                    "unused-question", "question '\(question.id)' is not used by any rule, score or condition",
                    at: question.location, hint: "use it in a rule or a score, or remove it to keep the consult short"))
        }
        let referred = Set(spec.rules.compactMap(\.referTo))
        for destination in spec.destinations where !referred.contains(destination.id) {
            findings.append(
                .warning(
                    "unused-destination", "no rule refers to destination '\(destination.id)'", at: destination.location,
                    hint: "add a rule with 'refer: \(destination.id)', or remove it"))
        }
        return findings
    }

    // MARK: - Translations

    static func translations(_ spec: TriageProtocol) -> [Diagnostic] {
        var texts: [(LocalizedText, String, SourceLocation)] = [(spec.title, "the title", spec.location)]
        if let description = spec.description { texts.append((description, "the description", spec.location)) }
        for question in spec.questions {
            texts.append((question.text, "question '\(question.id)'", question.location))
            if let help = question.help { texts.append((help, "the help of question '\(question.id)'", question.location)) }
            for option in question.answerType.options {
                texts.append((option.text, "option '\(option.id)' of '\(question.id)'", option.location))
            }
        }
        for score in spec.scores {
            if let label = score.label { texts.append((label, "the label of score '\(score.id)'", score.location)) }
        }
        for destination in spec.destinations {
            texts.append((destination.name, "destination '\(destination.id)'", destination.location))
        }
        for rule in spec.rules {
            texts.append((rule.reason, "the reason of rule '\(rule.id)'", rule.location))
            if let action = rule.action { texts.append((action, "the action of rule '\(rule.id)'", rule.location)) }
        }
        for invariant in spec.invariants {
            texts.append((invariant.message, "the message of invariant '\(invariant.id)'", invariant.location))
        }
        var findings: [Diagnostic] = []
        for (text, what, location) in texts where !text.translations.isEmpty {
            for language in spec.languages where NodeReader.knownLanguages.contains(language) {
                if text.translations[language] == nil {
                    findings.append(
                        .error(
                            "missing-translation", "\(what) has no '\(language)' text", at: location,
                            hint: language == "nl"
                                ? "every text needs Dutch (nl)"
                                : "the protocol declares '\(language)' under 'languages'; add it, or remove the language"))
                }
            }
            for language in text.translations.keys.sorted() where !spec.languages.contains(language) {
                findings.append(
                    .warning(
                        "undeclared-language", "\(what) has a '\(language)' text, but '\(language)' is not in 'languages'",
                        at: location, hint: "add it to 'languages:' so it is checked everywhere"))
            }
        }
        return findings
    }
}
