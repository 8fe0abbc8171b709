import TriageKit

/// The `--explain` trace: every condition of the run — each question's `when` and each
/// rule — with whether it was true or false and the values it saw.
struct TraceRenderer {
    let language: String

    private var t: (String, String) -> String { { nl, en in language == "en" ? en : nl } }

    func render(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> String {
        var lines = ["", t("Verloop:", "Trace:")]
        let answers = Dictionary(outcome.answers.map { ($0.questionID, $0.answer) }, uniquingKeysWith: { first, _ in first })
        let conditional = triageProtocol.questions.filter { $0.when != nil }
        if !conditional.isEmpty {
            lines.append("  " + t("Vragen met een voorwaarde (when):", "Questions with a condition (when):"))
            for question in conditional {
                guard let when = question.when else { continue }
                let verdict: String
                let mark: String
                switch ScenarioCoverage.whenBranch(of: question.id, outcome: outcome) {
                case true?: (mark, verdict) = ("✓", t("waar → gesteld", "true → asked"))
                case false?: (mark, verdict) = ("✗", t("onwaar → overgeslagen", "false → skipped"))
                case nil: (mark, verdict) = ("–", t("niet bereikt (rode vlag)", "not reached (red flag)"))
                }
                lines.append("    \(mark) \(question.id): \(when.source.neutralized)  → \(verdict)")
                var seen = Set<Int>()
                let inputs = when.expression.questionIndices.filter { seen.insert($0).inserted }.sorted().map { index in
                    let id = triageProtocol.questions[index].id
                    return "\(id) = \(describe(answers[id] ?? nil))"
                }
                let scores = scoresRead(by: when, in: triageProtocol, outcome: outcome)
                if !(inputs + scores).isEmpty { lines.append("        " + (inputs + scores).joined(separator: ", ")) }
            }
        }
        let rules = outcome.evaluations.isEmpty ? outcome.trace : outcome.evaluations
        lines.append("  " + t("Regels:", "Rules:"))
        if rules.isEmpty { lines.append("    " + t("geen regels", "no rules")) }
        for entry in rules {
            let mark = entry.fired ? (entry.applied ? "✓" : "·") : "✗"
            var verdict: String
            switch (entry.fired, entry.applied) {
            case (true, true): verdict = t("waar, toegepast", "true, applied")
            case (true, false): verdict = t("waar, ", "true, ") + (entry.note?.text(in: language) ?? t("niet toegepast", "not applied"))
            default: verdict = t("onwaar", "false")
            }
            if entry.applied, let note = entry.note { verdict += " (\(note.text(in: language)))" }
            lines.append("    \(mark) \(entry.ruleID): \(entry.condition.neutralized)  → \(verdict)")
            let inputs =
                entry.inputs.map { "\($0.questionID) = \(describe($0.answer))" }
                + entry.scoreInputs.map { "score.\($0.id) = \($0.value.map(Self.format) ?? t("geen waarde", "no value"))" }
            if !inputs.isEmpty { lines.append("        " + inputs.joined(separator: ", ")) }
        }
        lines.append("  protocol \(outcome.protocolID) \(outcome.protocolVersion) sha256:\(outcome.protocolHash.prefix(12))")
        return lines.joined(separator: "\n") + "\n"
    }

    private func scoresRead(by condition: Condition, in triageProtocol: TriageProtocol, outcome: Outcome) -> [String] {
        var indices = Set<Int>()
        condition.expression.visit { if case .score(_, let index) = $0 { indices.insert(index) } }
        return indices.sorted().compactMap { index in
            guard outcome.scores.indices.contains(index) else { return nil }
            let score = outcome.scores[index]
            return "score.\(score.id) = \(score.value.map(Self.format) ?? t("geen waarde", "no value"))"
        }
    }

    /// An answer as its id-level value (`yes`, an option id, a number); free text quoted.
    func describe(_ answer: AnswerValue?) -> String {
        switch answer {
        case .text(let text)?: UntrustedText.quoted(text)
        case nil: t("niet gesteld", "not asked")
        default:
            switch OutcomeJSONRenderer.answer(answer) {
            case .string(let text): text.neutralized
            case let other: other.serialized(pretty: false).neutralized
            }
        }
    }

    static func format(_ number: Double) -> String { Expression.format(number) }
}
