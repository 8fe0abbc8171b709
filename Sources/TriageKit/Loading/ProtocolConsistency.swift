/// The checks that tie a protocol's parts together once each part has been read: duplicate
/// ids, undefined and unused references, question order, missing translations and dimension
/// score ranges. Part of loading (a protocol that fails them does not load); what the
/// protocol *means* over all answers is the analysis's job (`ExhaustiveAnalyzer`).
package enum ProtocolConsistency {
    /// Every finding about `protocol`, unsorted. `afterErrors`: loading already found errors,
    /// so items were skipped; findings that an absent item would cause (unused questions and
    /// destinations) are left out.
    package static func check(_ spec: TriageProtocol, afterErrors: Bool = false) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        // One table of the questions by id serves their duplicate check and every lookup by id.
        var questionIndex: [String: Int] = [:]
        findings += duplicateIDs(spec, questionIndex: &questionIndex)
        findings += references(spec, questionIndex: questionIndex)
        findings += questionOrder(spec, questionIndex: questionIndex)
        if !afterErrors { findings += unused(spec) }
        findings += translations(spec)
        findings += dimensionScoreRanges(spec, questionIndex: questionIndex)
        return findings
    }

    // MARK: - Dimension scores

    /// A score that stands for a Positieve Gezondheid dimension is read on 0–10 (the spider
    /// web, the bars, "low" below 6). Warns when its answers can take it outside that scale;
    /// renderers then clamp the bar and mark the value, so this is a warning, not an error.
    static func dimensionScoreRanges(_ spec: TriageProtocol, questionIndex: [String: Int]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for score in spec.scores {
            guard let dimension = score.dimension else { continue }
            let ranges = score.questionIDs.compactMap { id in questionIndex[id].flatMap { contribution(spec.questions[$0].answerType) } }
            guard !ranges.isEmpty else { continue }
            let low: Double
            let high: Double
            switch score.method {
            case .sum:
                low = ranges.reduce(0) { $0 + Swift.min(0, $1.low) }
                high = ranges.reduce(0) { $0 + Swift.max(0, $1.high) }
            case .count:
                low = 0
                high = ranges.reduce(0) { $0 + $1.high }
            case .mean, .min, .max:
                low = ranges.map(\.low).min() ?? 0
                high = ranges.map(\.high).max() ?? 0
            }
            guard low < 0 || high > 10 else { continue }
            findings.append(
                .warning(
                    "dimension-score-range",
                    "score '\(score.id)' stands for \(dimension.name(in: "en").lowercased()) (read on 0–10) but can range from \(Expression.format(low)) to \(Expression.format(high))",
                    at: score.location,
                    hint: "use 'method: mean' over 0–10 scale questions, or drop 'dimension:' for a screening total"))
        }
        return findings
    }

    /// What one answer can add to a score: a number's range, 0–1 for yes/no, 0–n chosen options.
    private static func contribution(_ type: AnswerType) -> (low: Double, high: Double)? {
        switch type {
        case .scale(let low, let high): (Double(low), Double(high))
        case .number(let low, let high): (low, high)
        case .yesNo: (0, 1)
        case .multipleChoice(let options): (0, Double(options.count))
        case .singleChoice, .text: nil
        }
    }

    // MARK: - Duplicate ids

    /// Also fills `questionIndex` with the position of each question by id (the first one
    /// where an id is duplicated, like `TriageProtocol.question(_:)`).
    static func duplicateIDs(_ spec: TriageProtocol, questionIndex: inout [String: Int]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        // Items are read by index and field by field: a copy of each whole question or
        // rule would cost more than the check. A location is read only for a finding.
        func check(
            _ count: Int, _ what: String, id: (Int) -> String, location: (Int) -> SourceLocation,
            table: inout [String: Int], keepsTable: Bool = false
        ) {
            func report(_ earlier: Int, _ later: Int) {
                findings.append(
                    .error(
                        "duplicate-id", "\(what) '\(id(later))' is defined twice; the first is at line \(location(earlier).line)",
                        at: location(later), hint: "give each \(what) its own id"))
            }
            guard count > 8 || keepsTable else {  // a question's options: comparing them is cheaper than a table
                for later in 0..<count {
                    let laterID = id(later)
                    if let earlier = (0..<later).first(where: { id($0) == laterID }) { report(earlier, later) }
                }
                return
            }
            if !keepsTable { table.removeAll(keepingCapacity: true) }  // a scratch table, reused
            table.reserveCapacity(count)
            for index in 0..<count {
                let first = firstPosition(&table[id(index), default: index])  // one lookup, which adds a new id
                if first != index { report(first, index) }
            }
        }
        var table: [String: Int] = [:]
        check(
            spec.questions.count, "question", id: { spec.questions[$0].id }, location: { spec.questions[$0].location },
            table: &questionIndex, keepsTable: true)
        for index in spec.questions.indices {
            switch spec.questions[index].answerType {
            case .singleChoice(let options), .multipleChoice(let options):
                check(options.count, "option", id: { options[$0].id }, location: { options[$0].location }, table: &table)
            default: break
            }
        }
        for (what, count, id, location) in [
            ("score", spec.scores.count, { spec.scores[$0].id }, { spec.scores[$0].location }),
            ("destination", spec.destinations.count, { spec.destinations[$0].id }, { spec.destinations[$0].location }),
            ("rule", spec.rules.count, { spec.rules[$0].id }, { spec.rules[$0].location }),
            ("invariant", spec.invariants.count, { spec.invariants[$0].id }, { spec.invariants[$0].location }),
        ] as [(String, Int, (Int) -> String, (Int) -> SourceLocation)] {
            check(count, what, id: id, location: location, table: &table)
        }
        return findings
    }

    /// The value of a table entry, read through `inout` so that `table[id, default: new]`
    /// looks the id up once and adds it when it is new.
    private static func firstPosition(_ entry: inout Int) -> Int { entry }

    // MARK: - References

    static func references(_ spec: TriageProtocol, questionIndex: [String: Int]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let destinationIDs = spec.destinations.map(\.id)
        let destinations = DestinationIndex(destinationIDs)
        for index in spec.rules.indices {
            if let target = spec.rules[index].referTo, destinations.position(of: target) == nil {
                let rule = spec.rules[index]
                findings.append(
                    .error(
                        "unknown-destination", "rule '\(rule.id)' refers to '\(target)', which is not a destination",
                        at: rule.referLocation ?? rule.location,
                        hint: Suggestion.hint(for: target, in: destinationIDs) ?? "define it under 'destinations:'"))
            }
        }
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
    static func questionOrder(_ spec: TriageProtocol, questionIndex: [String: Int]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for index in spec.questions.indices {
            guard let expression = spec.questions[index].when?.expression else { continue }
            // Most conditions look only at earlier questions and use no score: nothing to collect.
            var later: [Int] = []
            var scoreIndices: [Int] = []
            collect(expression, questionsFrom: index, into: &later, scores: &scoreIndices)
            if later.isEmpty && scoreIndices.isEmpty { continue }
            let whenLocation = spec.questions[index].when?.location ?? spec.questions[index].location
            let questionID = spec.questions[index].id
            for used in Set(later).sorted() {
                let other = spec.questions[used].id
                let message =
                    used == index
                    ? "question '\(questionID)' depends on its own answer in 'when'"
                    : "question '\(questionID)' depends on '\(other)', which is asked later"
                findings.append(
                    .error(
                        "question-order", message, at: whenLocation,
                        hint: "move '\(other)' above '\(questionID)', or change the condition"))
            }
            for scoreIndex in Set(scoreIndices).sorted() {
                let score = spec.scores[scoreIndex]
                for id in score.questionIDs {
                    if let used = questionIndex[id], used >= index {
                        findings.append(
                            .error(
                                "question-order",
                                "question '\(questionID)' depends on score '\(score.id)', which uses '\(id)', asked later",
                                at: whenLocation, hint: "move '\(id)' above '\(questionID)'"))
                    }
                }
            }
        }
        return findings
    }

    // Conditions come from the parser, which bounds their nesting and balances long
    // `and`/`or` chains, so the walks below recurse instead of keeping a stack like
    // `Expression.visit`, and write straight into their `inout` results.

    /// Appends the questions at `first` or later and the scores that `expression` reads.
    private static func collect(
        _ expression: Expression, questionsFrom first: Int, into later: inout [Int], scores: inout [Int]
    ) {
        switch expression {
        case .question(_, let index): if index >= first { later.append(index) }
        case .score(_, let index): scores.append(index)
        case .not(let inner): collect(inner, questionsFrom: first, into: &later, scores: &scores)
        case .logical(_, let a, let b), .comparison(_, let a, let b), .contains(let a, let b):
            collect(a, questionsFrom: first, into: &later, scores: &scores)
            collect(b, questionsFrom: first, into: &later, scores: &scores)
        case .membership(let value, let list, _):
            collect(value, questionsFrom: first, into: &later, scores: &scores)
            for item in list { collect(item, questionsFrom: first, into: &later, scores: &scores) }
        case .call(_, let arguments):
            for argument in arguments { collect(argument, questionsFrom: first, into: &later, scores: &scores) }
        case .boolean, .number, .symbol, .outcome: break
        }
    }

    /// Marks every question `expression` reads as used.
    private static func markQuestions(_ expression: Expression, in isUsed: inout [Bool]) {
        switch expression {
        case .question(_, let index): if isUsed.indices.contains(index) { isUsed[index] = true }
        case .not(let inner): markQuestions(inner, in: &isUsed)
        case .logical(_, let a, let b), .comparison(_, let a, let b), .contains(let a, let b):
            markQuestions(a, in: &isUsed)
            markQuestions(b, in: &isUsed)
        case .membership(let value, let list, _):
            markQuestions(value, in: &isUsed)
            for item in list { markQuestions(item, in: &isUsed) }
        case .call(_, let arguments):
            for argument in arguments { markQuestions(argument, in: &isUsed) }
        case .boolean, .number, .symbol, .score, .outcome: break
        }
    }

    /// The position of a destination by id: compared one by one when there are few (ids are
    /// short, so this is cheaper than hashing), hashed when there are many.
    private struct DestinationIndex {
        private let ids: [String]
        private let table: [String: Int]?

        init(_ ids: [String]) {
            self.ids = ids
            table = ids.count > 16 ? Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) : nil
        }

        func position(of id: String) -> Int? {
            if let table { return table[id] }
            return ids.firstIndex(of: id)
        }
    }

    // MARK: - Unused

    static func unused(_ spec: TriageProtocol) -> [Diagnostic] {
        var isUsed = [Bool](repeating: false, count: spec.questions.count)
        for index in spec.questions.indices {
            if let expression = spec.questions[index].when?.expression { markQuestions(expression, in: &isUsed) }
        }
        for index in spec.rules.indices { markQuestions(spec.rules[index].when.expression, in: &isUsed) }
        for invariant in spec.invariants { markQuestions(invariant.condition.expression, in: &isUsed) }
        for note in spec.notes { markQuestions(note.when.expression, in: &isUsed) }
        if let consent = spec.consentQuestionID, let index = spec.questions.firstIndex(where: { $0.id == consent }) {
            isUsed[index] = true
        }
        let scoredIDs = Set(spec.scores.flatMap(\.questionIDs))
        var findings: [Diagnostic] = []
        for index in spec.questions.indices where !isUsed[index] {
            let question = spec.questions[index]
            guard !scoredIDs.contains(question.id), question.answerType != .text else { continue }
            findings.append(
                .warning(
                    "unused-question", "question '\(question.id)' is not used by any rule, score or condition",
                    at: question.location, hint: "use it in a rule or a score, or remove it to keep the consult short"))
        }
        let destinations = DestinationIndex(spec.destinations.map(\.id))
        var isReferred = [Bool](repeating: false, count: spec.destinations.count)
        for index in spec.rules.indices {
            if let target = spec.rules[index].referTo, let position = destinations.position(of: target) {
                isReferred[position] = true
            }
        }
        // A destination id written twice counts as referred when its first one is.
        let firstPosition = spec.destinations.indices.map { destinations.position(of: spec.destinations[$0].id) ?? $0 }
        for (position, destination) in spec.destinations.enumerated() where !isReferred[firstPosition[position]] {
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
        let knownLanguages = spec.languages.filter { Language.codes.contains($0) }
        // What a text without findings looks like: Dutch and English exactly when they are
        // required (declared and known) or at least allowed (declared), and no other language.
        let requires = (nl: knownLanguages.contains("nl"), en: knownLanguages.contains("en"))
        let allows = (nl: spec.languages.contains("nl"), en: spec.languages.contains("en"))
        /// Reports what is missing from `text` or not declared. `location` and `what` are only
        /// worked out when there is a finding: almost every text has none.
        /// Whether a text with these languages has no finding (or is empty): the usual case,
        /// decided without a copy of the text.
        func isFine(_ presence: (dutch: Bool, english: Bool, others: Bool)) -> Bool {
            guard presence.dutch || presence.english || presence.others else { return true }
            return (presence.dutch ? allows.nl : !requires.nl) && (presence.english ? allows.en : !requires.en)
                && !presence.others
        }
        func check(
            _ text: borrowing LocalizedText, _ location: @autoclosure () -> SourceLocation, _ what: @autoclosure () -> String
        ) {
            if isFine(text.presence) { return }
            for language in knownLanguages where text.translation(language) == nil {
                findings.append(
                    .error(
                        "missing-translation", "\(what()) has no '\(language)' text", at: location(),
                        hint: language == "nl"
                            ? "every text needs Dutch (nl)"
                            : "the protocol declares '\(language)' under 'languages'; add it, or remove the language"))
            }
            guard text.hasText(outside: spec.languages) else { return }
            for language in text.languages where !spec.languages.contains(language) {
                findings.append(
                    .warning(
                        "undeclared-language", "\(what()) has a '\(language)' text, but '\(language)' is not in 'languages'",
                        at: location(), hint: "add it to 'languages:' so it is checked everywhere"))
            }
        }
        check(spec.title, spec.location, "the title")
        if let description = spec.description { check(description, spec.location, "the description") }
        // Questions and rules are read field by field: a whole copy of each would cost more
        // than the check itself.
        for index in spec.questions.indices {
            if !isFine(spec.questions[index].text.presence) {
                check(spec.questions[index].text, spec.questions[index].location, "question '\(spec.questions[index].id)'")
            }
            if let presence = spec.questions[index].help?.presence, !isFine(presence), let help = spec.questions[index].help {
                check(help, spec.questions[index].location, "the help of question '\(spec.questions[index].id)'")
            }
            switch spec.questions[index].answerType {
            case .singleChoice(let options), .multipleChoice(let options):
                for option in options.indices where !isFine(options[option].text.presence) {
                    check(
                        options[option].text, options[option].location,
                        "option '\(options[option].id)' of '\(spec.questions[index].id)'")
                }
            default: break
            }
        }
        for score in spec.scores {
            if let label = score.label { check(label, score.location, "the label of score '\(score.id)'") }
        }
        for destination in spec.destinations {
            check(destination.name, destination.location, "destination '\(destination.id)'")
        }
        for index in spec.rules.indices {
            if !isFine(spec.rules[index].reason.presence) {
                check(spec.rules[index].reason, spec.rules[index].location, "the reason of rule '\(spec.rules[index].id)'")
            }
            if let presence = spec.rules[index].action?.presence, !isFine(presence), let action = spec.rules[index].action {
                check(action, spec.rules[index].location, "the action of rule '\(spec.rules[index].id)'")
            }
        }
        for invariant in spec.invariants {
            check(invariant.message, invariant.location, "the message of invariant '\(invariant.id)'")
        }
        return findings
    }
}
