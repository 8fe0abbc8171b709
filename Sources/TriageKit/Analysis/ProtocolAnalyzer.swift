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
        // Items are read by index: iterating would copy each whole question or rule.
        func check<Item>(_ items: [Item], _ what: String, _ idAndLocation: (Item) -> (String, SourceLocation)) {
            guard items.count > 1 else { return }
            var first = [String: SourceLocation](minimumCapacity: items.count)
            for index in items.indices {
                let (id, location) = idAndLocation(items[index])
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
        check(spec.questions, "question") { ($0.id, $0.location) }
        for index in spec.questions.indices {
            check(spec.questions[index].answerType.options, "option") { ($0.id, $0.location) }
        }
        check(spec.scores, "score") { ($0.id, $0.location) }
        check(spec.destinations, "destination") { ($0.id, $0.location) }
        check(spec.rules, "rule") { ($0.id, $0.location) }
        check(spec.invariants, "invariant") { ($0.id, $0.location) }
        return findings
    }

    // MARK: - References

    static func references(_ spec: TriageProtocol) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let destinationIDs = spec.destinations.map(\.id)
        let knownDestinations = Set(destinationIDs)
        for index in spec.rules.indices {
            if let target = spec.rules[index].referTo, !knownDestinations.contains(target) {
                let rule = spec.rules[index]
                findings.append(
                    .error(
                        "unknown-destination", "rule '\(rule.id)' refers to '\(target)', which is not a destination",
                        at: rule.referLocation ?? rule.location,
                        hint: Suggestion.hint(for: target, in: destinationIDs) ?? "define it under 'destinations:'"))
            }
        }
        let questionIndex = spec.scores.isEmpty ? [:] : firstIndexByID(spec.questions)
        for score in spec.scores {
            for (id, location) in zip(score.questionIDs, score.questionLocations) {
                guard let question = questionIndex[id].map({ spec.questions[$0] }) else {
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
        var questionIndex: [String: Int]?  // built when a `when` first uses a score
        for index in spec.questions.indices {
            guard let when = spec.questions[index].when else { continue }
            let later = when.expression.questionIndices.filter { $0 >= index }
            let questionID = spec.questions[index].id
            for used in Set(later).sorted() {
                let other = spec.questions[used].id
                let message =
                    used == index
                    ? "question '\(questionID)' depends on its own answer in 'when'"
                    : "question '\(questionID)' depends on '\(other)', which is asked later"
                findings.append(
                    .error(
                        "question-order", message, at: when.location,
                        hint: "move '\(other)' above '\(questionID)', or change the condition"))
            }
            for scoreIndex in scoreIndices(when.expression) {
                let score = spec.scores[scoreIndex]
                if questionIndex == nil { questionIndex = firstIndexByID(spec.questions) }
                for id in score.questionIDs {
                    if let used = questionIndex?[id], used >= index {
                        findings.append(
                            .error(
                                "question-order",
                                "question '\(questionID)' depends on score '\(score.id)', which uses '\(id)', asked later",
                                at: when.location, hint: "move '\(id)' above '\(questionID)'"))
                    }
                }
            }
        }
        return findings
    }

    private static func scoreIndices(_ expression: Expression) -> [Int] {
        var result: [Int] = []
        expression.visit { if case .score(_, let index) = $0 { result.append(index) } }
        return result.isEmpty ? [] : Array(Set(result)).sorted()
    }

    /// The position of each question by id; the first one where an id is duplicated, like
    /// `TriageProtocol.question(_:)`. One pass, instead of a linear search per lookup.
    private static func firstIndexByID(_ questions: [Question]) -> [String: Int] {
        var index = [String: Int](minimumCapacity: questions.count)
        for position in questions.indices where index[questions[position].id] == nil {
            index[questions[position].id] = position
        }
        return index
    }

    // MARK: - Unused

    static func unused(_ spec: TriageProtocol) -> [Diagnostic] {
        var isUsed = [Bool](repeating: false, count: spec.questions.count)
        func markUsed(_ condition: Condition) {
            condition.expression.visit {
                if case .question(_, let index) = $0, isUsed.indices.contains(index) { isUsed[index] = true }
            }
        }
        for index in spec.questions.indices { if let when = spec.questions[index].when { markUsed(when) } }
        for index in spec.rules.indices { markUsed(spec.rules[index].when) }
        for invariant in spec.invariants { markUsed(invariant.condition) }
        let scoredIDs = Set(spec.scores.flatMap(\.questionIDs))
        var findings: [Diagnostic] = []
        for (index, question) in spec.questions.enumerated()
        where !isUsed[index] && !scoredIDs.contains(question.id) && question.answerType != .text {
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
        var findings: [Diagnostic] = []
        let knownLanguages = spec.languages.filter { NodeReader.knownLanguages.contains($0) }
        /// `what` names the text in a message; it is only spelled out when there is a finding.
        func check(_ text: LocalizedText, _ location: SourceLocation, _ what: @autoclosure () -> String) {
            guard !text.isEmpty else { return }
            for language in knownLanguages where text.translation(language) == nil {
                findings.append(
                    .error(
                        "missing-translation", "\(what()) has no '\(language)' text", at: location,
                        hint: language == "nl"
                            ? "every text needs Dutch (nl)"
                            : "the protocol declares '\(language)' under 'languages'; add it, or remove the language"))
            }
            guard text.hasText(outside: spec.languages) else { return }
            for language in text.languages where !spec.languages.contains(language) {
                findings.append(
                    .warning(
                        "undeclared-language", "\(what()) has a '\(language)' text, but '\(language)' is not in 'languages'",
                        at: location, hint: "add it to 'languages:' so it is checked everywhere"))
            }
        }
        check(spec.title, spec.location, "the title")
        if let description = spec.description { check(description, spec.location, "the description") }
        // Questions and rules are read field by field: a whole copy of each would cost more
        // than the check itself.
        for index in spec.questions.indices {
            let (id, location) = (spec.questions[index].id, spec.questions[index].location)
            check(spec.questions[index].text, location, "question '\(id)'")
            if let help = spec.questions[index].help { check(help, location, "the help of question '\(id)'") }
            for option in spec.questions[index].answerType.options {
                check(option.text, option.location, "option '\(option.id)' of '\(id)'")
            }
        }
        for score in spec.scores {
            if let label = score.label { check(label, score.location, "the label of score '\(score.id)'") }
        }
        for destination in spec.destinations {
            check(destination.name, destination.location, "destination '\(destination.id)'")
        }
        for index in spec.rules.indices {
            let (id, location) = (spec.rules[index].id, spec.rules[index].location)
            check(spec.rules[index].reason, location, "the reason of rule '\(id)'")
            if let action = spec.rules[index].action { check(action, location, "the action of rule '\(id)'") }
        }
        for invariant in spec.invariants {
            check(invariant.message, invariant.location, "the message of invariant '\(invariant.id)'")
        }
        return findings
    }
}
