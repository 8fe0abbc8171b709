/// A shortest answer class with one kind of outcome change, as answers files that
/// `triage run PROTOCOL --answers FILE` reproduces on both versions, replayed through
/// `TriageSession` on both before it is reported, with the rules that make the difference.
package struct DiffExample: Sendable, Hashable {
    /// One answers file.
    package struct File: Sendable, Hashable {
        /// The versions it is for: both (one file), or one of them (a file per version, when
        /// an answered question exists in only one version or under another id).
        package var sides: [ProtocolDiff.Side]
        /// The `kind: answers` YAML text.
        package var text: String
        /// The answers the text writes, by question id (what a replay answers with).
        package var answers: [String: AnswerValue]
    }

    /// A rule that shapes the outcome in one version but not the other on this example.
    package struct RuleDifference: Sendable, Hashable {
        /// The rule's id.
        package var ruleID: String
        /// The version in which it applies.
        package var appliesIn: ProtocolDiff.Side
        /// Its condition there (untrusted text).
        package var condition: String
        /// Its condition in the other version, when a rule with this id is there and differs.
        package var otherCondition: String?
        /// The answers and scores its condition saw, as `q: ja, score.phq2 = 3`.
        package var inputs: String
    }

    /// The answers per version, in asking order.
    package var oldAnswers: [Outcome.AnsweredQuestion]
    /// The answers the new version is given.
    package var newAnswers: [Outcome.AnsweredQuestion]
    /// The answers file, or one per version.
    package var files: [File]
    /// The rules that apply in only one of the versions on this example.
    package var ruleDifferences: [RuleDifference]
    /// Whether the engine, given the files, produces the change on both versions.
    package var reproduced: Bool

    init(
        kind: OutcomeChange.Kind, answers: [[(question: Int, value: AnswerValue)]], old: TriageProtocol, new: TriageProtocol
    ) {
        let specs = [old, new]
        let named = (0..<2).map { side in answers[side].map { (question: specs[side].questions[$0.question], value: $0.value) } }
        oldAnswers = named[0].map { Outcome.AnsweredQuestion(questionID: $0.question.id, answer: $0.value) }
        newAnswers = named[1].map { Outcome.AnsweredQuestion(questionID: $0.question.id, answer: $0.value) }
        let files = Self.files(named, old: old, new: new)
        self.files = files
        let outcomes = (0..<2).map { side in
            files.first { $0.sides.contains(side == 0 ? .old : .new) }.flatMap { Self.replay($0.answers, on: specs[side]) }
        }
        if let before = outcomes[0], let after = outcomes[1] {
            reproduced = kind.holds(old: before, new: after)
            ruleDifferences = Self.ruleDifferences(before, after, old: old, new: new)
        } else {
            reproduced = false
            ruleDifferences = []
        }
    }

    /// One file when every answer reads the same in both versions, else one per version.
    private static func files(_ answers: [[(question: Question, value: AnswerValue)]], old: TriageProtocol, new: TriageProtocol) -> [File] {
        var values: [String: AnswerValue] = [:]
        var fits = true
        for (question, value) in answers[0] + answers[1] {
            if let earlier = values[question.id], earlier != value { fits = false }
            values[question.id] = value
        }
        var shared: [(id: String, text: String)] = []
        for (id, value) in values where fits {
            guard let inOld = old.question(id), let inNew = new.question(id),
                AnswerSheet.written(value, for: inOld) == AnswerSheet.written(value, for: inNew)
            else {
                fits = false
                break
            }
            shared.append((id, AnswerSheet.written(value, for: inNew)))
        }
        if fits {
            let ordered = shared.sorted { order(new, $0.id) < order(new, $1.id) }
            return [File(sides: [.old, .new], text: text(old.id == new.id ? new.id : nil, ordered), answers: values)]
        }
        return [(ProtocolDiff.Side.old, old, answers[0]), (.new, new, answers[1])].map { side, spec, list in
            File(
                sides: [side], text: text(spec.id, list.map { ($0.question.id, AnswerSheet.written($0.value, for: $0.question)) }),
                answers: Dictionary(list.map { ($0.question.id, $0.value) }, uniquingKeysWith: { first, _ in first }))
        }
    }

    private static func order(_ spec: TriageProtocol, _ id: String) -> Int {
        spec.questions.firstIndex { $0.id == id } ?? Int.max
    }

    private static func text(_ protocolID: String?, _ answers: [(id: String, text: String)]) -> String {
        var lines = ["kind: answers"]
        if let protocolID { lines.append("protocol: \(protocolID)") }
        lines.append(answers.isEmpty ? "answers: {}" : "answers:")
        for (id, text) in answers { lines.append("  \(id): \(text)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The outcome of a fresh session on `spec` given the example's answers, as `triage run
    /// --answers` makes it from the example's file.
    static func replay(_ answers: [String: AnswerValue], on spec: TriageProtocol) -> Outcome? {
        TriageSession.replaying(answers, on: spec)?.outcome()
    }

    private static func ruleDifferences(_ before: Outcome, _ after: Outcome, old: TriageProtocol, new: TriageProtocol) -> [RuleDifference] {
        let applied = [before, after].map { outcome in outcome.trace.filter(\.applied) }
        let ids = applied.map { Set($0.map(\.ruleID)) }
        var result: [RuleDifference] = []
        for (side, spec, other) in [(0, old, new), (1, new, old)] {
            for entry in applied[side] where !ids[1 - side].contains(entry.ruleID) {
                let otherCondition = other.rules.first { $0.id == entry.ruleID }?.when.source
                var inputs = entry.scoreInputs.map { "score.\($0.id) = \($0.value.map(Expression.format) ?? "none")" }
                for input in entry.inputs {
                    guard let value = input.answer, let question = spec.question(input.questionID) else { continue }
                    inputs.append("\(input.questionID): \(AnswerSheet.written(value, for: question))")
                }
                result.append(
                    RuleDifference(
                        ruleID: entry.ruleID, appliesIn: side == 0 ? .old : .new, condition: entry.condition,
                        otherCondition: otherCondition == entry.condition ? nil : otherCondition,
                        inputs: inputs.joined(separator: ", ")))
            }
        }
        return result
    }
}
