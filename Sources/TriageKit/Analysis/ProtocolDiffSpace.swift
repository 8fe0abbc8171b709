/// The answer classes the diff tries for each question of either version: the common
/// refinement of both versions' classes, so that every answer class of the old version is
/// split into the classes of the new one that agree on the shared questions.
///
/// Built by handing `AnswerSpace` one protocol that holds every condition of both versions
/// (question `when`s and rules) over the paired questions: its classes then tell apart
/// whatever either version can tell apart, and nothing more.
struct ProtocolDiffSpace {
    /// The answers tried per pair of `ProtocolDiffStructure.pairs`, in the order they are tried.
    var values: [[AnswerValue]]
    /// Why the classes are not exact somewhere (empty when they are).
    var approximations: [String]

    init(old: TriageProtocol, new: TriageProtocol, pairs: [ProtocolDiffStructure.Pair]) {
        let merged = Self.merged(old: old, new: new, pairs: pairs)
        let space = AnswerSpace(merged)
        values = space.values
        approximations = space.approximations
    }

    /// A protocol (for `AnswerSpace` only) with one question per pair and every condition of
    /// both versions as a rule; scores keep their order (old, then new).
    private static func merged(old: TriageProtocol, new: TriageProtocol, pairs: [ProtocolDiffStructure.Pair]) -> TriageProtocol {
        var oldPair = [Int](repeating: 0, count: old.questions.count)
        var newPair = [Int](repeating: 0, count: new.questions.count)
        for (index, pair) in pairs.enumerated() {
            if let from = pair.old { oldPair[from] = index }
            if let to = pair.new { newPair[to] = index }
        }
        // The new id, or the old one (marked when the new version uses it for another question).
        let ids = pairs.map { pair in
            if let index = pair.new { return new.questions[index].id }
            let id = pair.old.map { old.questions[$0].id } ?? ""
            return new.question(id) == nil ? id : id + " (old version)"
        }
        // Every pair has a question on at least one side, so none is dropped here.
        let questions = pairs.enumerated().compactMap { index, pair in
            mergedQuestion(pair.old.map { old.questions[$0] }, pair.new.map { new.questions[$0] }, id: ids[index])
        }
        func scores(_ spec: TriageProtocol, _ map: [Int]) -> [Score] {
            spec.scores.map { score in
                var copy = score
                copy.questionIDs = score.questionIDs.compactMap { id in spec.questions.firstIndex { $0.id == id }.map { ids[map[$0]] } }
                return copy
            }
        }
        var rules: [Rule] = []
        func addConditions(_ spec: TriageProtocol, _ map: [Int], scoreOffset: Int) {
            let conditions = spec.questions.compactMap(\.when) + spec.rules.map(\.when)
            for condition in conditions {
                let expression = remap(condition.expression, questions: map, ids: ids, scoreOffset: scoreOffset)
                let when = Condition(source: condition.source, expression: expression, location: condition.location)
                rules.append(
                    Rule(
                        id: "r\(rules.count)", when: when, isRedFlag: false, decision: .none, referTo: nil, referLocation: nil,
                        priority: 1, reason: LocalizedText([:]), action: nil, location: condition.location))
            }
        }
        addConditions(old, oldPair, scoreOffset: 0)
        addConditions(new, newPair, scoreOffset: old.scores.count)
        return TriageProtocol(
            id: new.id, version: new.version, title: new.title, description: nil, authors: [], sources: [], languages: ["nl"],
            hitPolicy: .collect, questions: questions, scores: scores(old, oldPair) + scores(new, newPair), destinations: [],
            rules: rules, invariants: [], hashing: ContentHash(digest: ""), location: new.location)
    }

    /// One question that takes every answer either version takes: options of both (by id),
    /// the wider range, weet niet when either allows it.
    private static func mergedQuestion(_ a: Question?, _ b: Question?, id: String) -> Question? {
        guard let base = b ?? a else { return nil }
        var question = base
        question.id = id
        question.when = nil
        guard let a, let b else { return question }
        question.allowsUnknown = a.allowsUnknown || b.allowsUnknown
        question.integer = a.integer && b.integer
        switch (a.answerType, b.answerType) {
        case (.singleChoice(let x), .singleChoice(let y)): question.answerType = .singleChoice(unionOptions(x, y))
        case (.multipleChoice(let x), .multipleChoice(let y)): question.answerType = .multipleChoice(unionOptions(x, y))
        case (.scale(let lowA, let highA), .scale(let lowB, let highB)):
            question.answerType = .scale(min: min(lowA, lowB), max: max(highA, highB))
        case (.number(let lowA, let highA), .number(let lowB, let highB)):
            question.answerType = .number(min: min(lowA, lowB), max: max(highA, highB))
        default: break
        }
        return question
    }

    private static func unionOptions(_ a: [AnswerOption], _ b: [AnswerOption]) -> [AnswerOption] {
        let ids = Set(a.map(\.id))
        return a + b.filter { !ids.contains($0.id) }
    }

    /// `expression` with its questions and scores renumbered for the merged protocol.
    private static func remap(_ expression: Expression, questions map: [Int], ids: [String], scoreOffset: Int) -> Expression {
        func go(_ node: Expression) -> Expression {
            switch node {
            case .boolean, .number, .symbol, .outcome: node
            case .question(_, let index): .question(id: ids[map[index]], index: map[index])
            case .score(let id, let index): .score(id: id, index: index + scoreOffset)
            case .not(let inner): .not(go(inner))
            case .logical(let op, let a, let b): .logical(op, go(a), go(b))
            case .comparison(let op, let a, let b): .comparison(op, go(a), go(b))
            case .membership(let subject, let list, let negated): .membership(go(subject), list.map(go), negated: negated)
            case .contains(let a, let b): .contains(go(a), go(b))
            case .call(let function, let arguments): .call(function, arguments.map(go))
            }
        }
        return go(expression)
    }
}
