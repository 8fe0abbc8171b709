/// Applies the rules to a session's answers under the protocol's hit policy.
struct OutcomeBuilder {
    let triageProtocol: TriageProtocol
    let socialMap: SocialMap?
    let context: SessionContext
    let history: [Int]
    /// Whether to record every rule in `Outcome.evaluations` (for `--explain`). Off by default
    /// so that callers building many outcomes (the exhaustive analysis) stay fast;
    /// `TriageSession.outcome()` turns it on.
    var recordsEvaluations = false

    func build() -> Outcome {
        let fired = triageProtocol.rules.filter { Evaluator.holds($0.when.expression, in: context) }
        let redFlagRules = fired.filter(\.isRedFlag)
        var applied: [Rule]
        var notes: [String: String] = [:]
        if !redFlagRules.isEmpty {
            applied = redFlagRules
            for rule in fired where !rule.isRedFlag { notes[rule.id] = "overruled by a red flag" }
        } else {
            switch triageProtocol.hitPolicy {
            case .collect:
                // A "no referral needed" rule (decision none, no referral) is a fallback:
                // it applies only when no other rule does, so its reason never contradicts a referral.
                let substantive = fired.filter { !$0.isFallback }
                applied = substantive.isEmpty ? fired : substantive
                for rule in fired where rule.isFallback && !substantive.isEmpty {
                    notes[rule.id] = "not applied: another rule applies"
                }
            case .first, .unique:
                applied = Array(fired.prefix(1))
                let note =
                    triageProtocol.hitPolicy == .first
                    ? "not applied: an earlier rule matched first"
                    : "conflict: more than one rule fired under the unique hit policy"
                for rule in fired.dropFirst() { notes[rule.id] = note }
            }
        }
        let decision = applied.reduce(Decision.none) { $0.combined(with: $1.decision) }
        let referrals = referrals(from: applied)
        let scores = triageProtocol.scores.indices.map { index in
            let score = triageProtocol.scores[index]
            return Outcome.ScoreValue(id: score.id, dimension: score.dimension, label: score.label, value: context.score(at: index))
        }
        let appliedIDs = Set(applied.map(\.id))
        let firedIDs = Set(fired.map(\.id))
        let evaluations = triageProtocol.rules.filter { recordsEvaluations || firedIDs.contains($0.id) }.map { rule in
            Outcome.TraceEntry(
                ruleID: rule.id, fired: firedIDs.contains(rule.id), applied: appliedIDs.contains(rule.id),
                condition: rule.when.source, inputs: inputs(of: rule.when), note: notes[rule.id],
                scoreInputs: scoreInputs(of: rule.when, scores))
        }
        let trace = evaluations.filter(\.fired)
        return Outcome(
            protocolID: triageProtocol.id, protocolVersion: triageProtocol.version,
            protocolHash: triageProtocol.contentHash, region: socialMap?.region, decision: decision,
            urgency: urgency(decision, referrals: referrals),
            redFlags: redFlagRules.map { Outcome.RedFlag(ruleID: $0.id, reason: $0.reason, action: $0.action) },
            referrals: referrals, reasons: reasons(of: applied), scores: scores, lowestDimensions: lowestDimensions(scores),
            answers: history.compactMap { index in
                context.answers[index].map { Outcome.AnsweredQuestion(questionID: triageProtocol.questions[index].id, answer: $0) }
            },
            trace: trace, evaluations: recordsEvaluations ? evaluations : [])
    }

    private func reasons(of rules: [Rule]) -> [LocalizedText] {
        var result: [LocalizedText] = []
        let ranked = rules.enumerated().sorted { ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset) }
        for (_, rule) in ranked where !result.contains(rule.reason) { result.append(rule.reason) }
        return result
    }

    private func referrals(from rules: [Rule]) -> [Outcome.Referral] {
        var byDestination: [String: (order: Int, referral: Outcome.Referral)] = [:]
        for (order, rule) in rules.enumerated() {
            guard let id = rule.referTo, let destination = triageProtocol.destination(id) else { continue }
            if var entry = byDestination[id] {
                entry.referral.priority = min(entry.referral.priority, rule.priority)
                entry.referral.reasons.append(rule.reason)
                entry.referral.ruleIDs.append(rule.id)
                byDestination[id] = entry
            } else {
                byDestination[id] = (
                    order,
                    Outcome.Referral(
                        destination: destination, priority: rule.priority, reasons: [rule.reason], ruleIDs: [rule.id],
                        service: socialMap?.service(for: id))
                )
            }
        }
        return byDestination.values.sorted { ($0.referral.priority, $0.order) < ($1.referral.priority, $1.order) }
            .map(\.referral)
    }

    private func urgency(_ decision: Decision, referrals: [Outcome.Referral]) -> Outcome.Urgency {
        switch decision {
        case .urgent: .today
        case .medical, .mixed: .soon
        case .psychosocial: .routine
        case .none: referrals.isEmpty ? .none : .routine
        }
    }

    private func lowestDimensions(_ scores: [Outcome.ScoreValue]) -> [Dimension] {
        let rated = scores.compactMap { score -> (Dimension, Double)? in
            guard let dimension = score.dimension, let value = score.value, value < 6 else { return nil }
            return (dimension, value)
        }
        let order = Dimension.allCases
        return rated.sorted {
            ($0.1, order.firstIndex(of: $0.0) ?? 0) < ($1.1, order.firstIndex(of: $1.0) ?? 0)
        }.prefix(3).map(\.0)
    }

    /// The scores a condition reads, in protocol order, with their values.
    private func scoreInputs(of condition: Condition, _ scores: [Outcome.ScoreValue]) -> [Outcome.ScoreValue] {
        var indices = Set<Int>()
        condition.expression.visit { if case .score(_, let index) = $0 { indices.insert(index) } }
        return indices.sorted().compactMap { scores.indices.contains($0) ? scores[$0] : nil }
    }

    private func inputs(of condition: Condition) -> [Outcome.AnsweredQuestion] {
        var seen = Set<Int>()
        return condition.expression.questionIndices.filter { seen.insert($0).inserted }.sorted().map { index in
            Outcome.AnsweredQuestion(questionID: triageProtocol.questions[index].id, answer: context.answers[index])
        }
    }
}
