/// Applies the rules to a session's answers under the protocol's hit policy: given which rules
/// fired and the scores, makes the outcome (hit policy, referrals, trace and scores).
enum OutcomeBuilder {
    /// The remark of a trace entry, stored in two bits of a rule's state.
    enum Note: UInt8 {
        case none, overruledByRedFlag, anotherRuleApplies, earlierRuleMatched, conflict

        var remark: Outcome.Remark? {
            switch self {
            case .none: nil
            case .overruledByRedFlag: .overruledByRedFlag
            case .anotherRuleApplies: .anotherRuleApplies
            case .earlierRuleMatched: .earlierRuleMatched
            case .conflict: .conflict
            }
        }
    }

    /// The outcome, given which rules fired (by index) and the score values.
    ///
    /// Rules are reported by id, as they always were: when a (changed) protocol repeats an id,
    /// every rule with that id counts as fired, applied and noted when one of them is.
    static func assemble(
        plan: CompiledProtocol, socialMap: SocialMap?, answers: AnswerStore, answered: [Outcome.AnsweredQuestion],
        fired: UnsafeBufferPointer<Bool>, scores scoreValues: UnsafeBufferPointer<Double?>, recordsEvaluations: Bool
    ) -> Outcome {
        let ruleCount = fired.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * ruleCount) { lists in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * ruleCount) { state in
                // The fired rules, and of those the applied ones, in rule order.
                var firedCount = 0
                var redFlagCount = 0
                var substantive = false
                for index in 0..<ruleCount where fired[index] {
                    lists[firedCount] = index
                    firedCount += 1
                    if plan.ruleIsRedFlag[index] { redFlagCount += 1 }
                    if !plan.ruleIsFallback[index] { substantive = true }
                }
                let firedRules = UnsafeBufferPointer(rebasing: lists[0..<firedCount])
                // Per id group (the first rule with the id): fired, applied, note.
                state.initialize(repeating: 0)
                let firedByID = UnsafeMutableBufferPointer(rebasing: state[0..<ruleCount])
                let appliedByID = UnsafeMutableBufferPointer(rebasing: state[ruleCount..<(2 * ruleCount)])
                let notes = UnsafeMutableBufferPointer(rebasing: state[(2 * ruleCount)..<(3 * ruleCount)])
                var appliedCount = 0
                func apply(_ index: Int) {
                    lists[ruleCount + appliedCount] = index
                    appliedCount += 1
                    appliedByID[plan.ruleIDGroups[index]] = 1
                }
                let policy = plan.triageProtocol.hitPolicy
                for (position, index) in firedRules.enumerated() {
                    firedByID[plan.ruleIDGroups[index]] = 1
                    var note = Note.none
                    if redFlagCount > 0 {
                        if plan.ruleIsRedFlag[index] { apply(index) } else { note = .overruledByRedFlag }
                    } else {
                        switch policy {
                        case .collect:
                            // A "no referral needed" rule (decision none, no referral) is a fallback: it
                            // applies only when no other rule does, so its reason never contradicts a referral.
                            if !substantive || !plan.ruleIsFallback[index] { apply(index) } else { note = .anotherRuleApplies }
                        case .first, .unique:
                            if position == 0 { apply(index) } else { note = policy == .first ? .earlierRuleMatched : .conflict }
                        }
                    }
                    if note != .none { notes[plan.ruleIDGroups[index]] = note.rawValue }
                }
                let appliedRules = UnsafeBufferPointer(rebasing: lists[ruleCount..<(ruleCount + appliedCount)])

                var decision = Decision.none
                for index in appliedRules { decision = decision.combined(with: plan.ruleDecisions[index]) }
                let referrals = referrals(plan, socialMap, applied: appliedRules)

                var scores = plan.scoreTemplate
                for index in scores.indices where scoreValues[index] != nil { scores[index].value = scoreValues[index] }

                var redFlags: [Outcome.RedFlag] = []
                if redFlagCount > 0 {
                    redFlags.reserveCapacity(redFlagCount)
                    for index in firedRules where plan.ruleIsRedFlag[index] { redFlags.append(plan.ruleRedFlags[index]) }
                }

                // The trace is built from this when it is read: per rule, fired, applied and the note.
                let explanation = PendingTrace.make(
                    PendingTrace.Header(plan: plan, answers: answers, scores: scores, recordsEvaluations: recordsEvaluations)
                ) { bytes in
                    for index in 0..<ruleCount {
                        let group = plan.ruleIDGroups[index]
                        bytes[index] = PendingTrace.state(fired: firedByID[group] != 0, applied: appliedByID[group] != 0, note: notes[group])
                    }
                }

                return Outcome(
                    protocolID: plan.protocolID, protocolVersion: plan.protocolVersion,
                    protocolHash: plan.triageProtocol.contentHash, region: socialMap?.region, decision: decision,
                    urgency: urgency(decision, referrals: referrals), redFlags: redFlags, referrals: referrals,
                    reasons: reasons(plan, applied: appliedRules), scores: scores,
                    lowestDimensions: lowestDimensions(scores), answers: answered, explanation: Explanation(pending: explanation))
            }
        }
    }

    /// The trace entry of rule `index`.
    static func entry(
        _ plan: CompiledProtocol, rule index: Int, fired: Bool, applied: Bool, note: Outcome.Remark?, answers: AnswerStore,
        scores: [Outcome.ScoreValue]
    ) -> Outcome.TraceEntry {
        // reserveCapacity + append: `Array(unsafeUninitializedCapacity:)` takes a slower path.
        let questions = plan.ruleInputStart[index]..<plan.ruleInputStart[index + 1]
        var inputs: [Outcome.AnsweredQuestion] = []
        inputs.reserveCapacity(questions.count)
        for position in questions {
            let question = plan.ruleInputs[position]
            inputs.append(Outcome.AnsweredQuestion(questionID: plan.questionIDs[question], answer: answers.answer(at: question)))
        }
        let scoresRead = plan.ruleScoreInputStart[index]..<plan.ruleScoreInputStart[index + 1]
        var scoreInputs: [Outcome.ScoreValue] = []
        if !scoresRead.isEmpty {
            scoreInputs.reserveCapacity(scoresRead.count)
            for position in scoresRead { scoreInputs.append(scores[plan.ruleScoreInputs[position]]) }
        }
        return Outcome.TraceEntry(
            ruleID: plan.ruleIDs[index], fired: fired, applied: applied, condition: plan.ruleSources[index], inputs: inputs,
            note: note, scoreInputs: scoreInputs)
    }

    /// The reasons of the applied rules, most important first, each once.
    private static func reasons(_ plan: CompiledProtocol, applied: UnsafeBufferPointer<Int>) -> [LocalizedText] {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: applied.count) { ranked in
            // Applied rules ranked by (priority, position); insertion sort: there are only a few.
            var count = 0
            for index in applied {
                var position = count
                while position > 0, plan.rulePriorities[index] < plan.rulePriorities[ranked[position - 1]] {
                    ranked[position] = ranked[position - 1]
                    position -= 1
                }
                ranked[position] = index
                count += 1
            }
            if count == 1 { return plan.ruleReasonLists[ranked[0]] }
            var result: [LocalizedText] = []
            result.reserveCapacity(count)
            for position in 0..<count {
                let group = plan.ruleReasonGroups[ranked[position]]
                guard !(0..<position).contains(where: { plan.ruleReasonGroups[ranked[$0]] == group }) else { continue }
                result.append(plan.ruleReasons[ranked[position]])
            }
            return result
        }
    }

    /// One referral per destination, in the order of (best priority, first rule to name it).
    private static func referrals(
        _ plan: CompiledProtocol, _ socialMap: SocialMap?, applied: UnsafeBufferPointer<Int>
    ) -> [Outcome.Referral] {
        // Group the applied rules by destination and order the groups with plain integers;
        // then make each referral once, in its final place (moving referrals around would
        // copy every field of each).
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * applied.count) { scratch in
            let destinations = UnsafeMutableBufferPointer(rebasing: scratch[0..<applied.count])  // per group
            let priorities = UnsafeMutableBufferPointer(rebasing: scratch[applied.count..<(2 * applied.count)])  // per group
            let groupOf = UnsafeMutableBufferPointer(rebasing: scratch[(2 * applied.count)..<(3 * applied.count)])  // per applied rule
            let sorted = UnsafeMutableBufferPointer(rebasing: scratch[(3 * applied.count)..<(4 * applied.count)])
            var groups = 0
            for (position, index) in applied.enumerated() {
                let destination = plan.ruleDestinations[index]
                groupOf[position] = -1
                guard destination >= 0 else { continue }
                if let group = (0..<groups).first(where: { destinations[$0] == destination }) {
                    priorities[group] = min(priorities[group], plan.rulePriorities[index])
                    groupOf[position] = group
                } else {
                    destinations[groups] = destination
                    priorities[groups] = plan.rulePriorities[index]
                    groupOf[position] = groups
                    groups += 1
                }
            }
            // Groups are numbered in the order their first rule applies, so sorting by
            // (priority, group) is sorting by (priority, first rule): insertion sort, stable.
            for group in 0..<groups {
                var position = group
                while position > 0, priorities[group] < priorities[sorted[position - 1]] {
                    sorted[position] = sorted[position - 1]
                    position -= 1
                }
                sorted[position] = group
            }
            var referrals: [Outcome.Referral] = []
            referrals.reserveCapacity(groups)
            for group in sorted.prefix(groups) {
                var first = -1
                var reasons: [LocalizedText] = []
                var ruleIDs: [String] = []
                for (position, index) in applied.enumerated() where groupOf[position] == group {
                    if first < 0 {
                        // Most destinations are named by one rule: share the plan's one-element lists.
                        first = index
                        reasons = plan.ruleReasonLists[index]
                        ruleIDs = plan.ruleIDLists[index]
                    } else {
                        reasons.append(plan.ruleReasons[index])
                        ruleIDs.append(plan.ruleIDs[index])
                    }
                }
                let destination = destinations[group]
                let service = socialMap?.service(for: plan.destinations[destination].id)
                referrals.append(
                    Outcome.Referral(
                        destination: plan.destinations[destination], priority: priorities[group], reasons: reasons,
                        ruleIDs: ruleIDs, service: service, fallback: service.flatMap { socialMap?.fallback(for: $0) }))
            }
            return referrals
        }
    }

    private static func urgency(_ decision: Decision, referrals: [Outcome.Referral]) -> Outcome.Urgency {
        switch decision {
        case .urgent: .today
        case .medical, .mixed: .soon
        case .psychosocial: .routine
        case .none: referrals.isEmpty ? .none : .routine
        }
    }

    private static let dimensionOrder = Dimension.allCases

    /// The dimensions scoring below 6, lowest first (ties in dimension order): the lowest
    /// three, and any other scoring the same as the third (equal scores are flagged alike).
    private static func lowestDimensions(_ scores: [Outcome.ScoreValue]) -> [Dimension] {
        withUnsafeTemporaryAllocation(of: (value: Double, rank: Int, dimension: Dimension).self, capacity: scores.count) { rated in
            var count = 0
            for score in scores {
                guard let dimension = score.dimension, let value = score.value, value < 6 else { continue }
                let entry = (value: value, rank: dimensionOrder.firstIndex(of: dimension) ?? 0, dimension: dimension)
                var position = count
                while position > 0, (entry.value, entry.rank) < (rated[position - 1].value, rated[position - 1].rank) {
                    rated[position] = rated[position - 1]
                    position -= 1
                }
                rated[position] = entry
                count += 1
            }
            var lowest: [Dimension] = []
            guard count > 0 else { return lowest }
            lowest.reserveCapacity(min(count, 3))
            for position in 0..<count where position < 3 || rated[position].value == rated[2].value {
                lowest.append(rated[position].dimension)
            }
            return lowest
        }
    }
}

/// A session's answers by question index (`nil`: not asked), as the trace shows them: codes by
/// question, answers in asking order.
struct AnswerStore: Sendable {
    let codes: [AnswerCode]
    let answered: [Outcome.AnsweredQuestion]

    func answer(at index: Int) -> AnswerValue? {
        let code = codes[index]
        return code.kind == .none ? nil : answered[Int(code.position)].answer
    }
}

/// What an outcome needs to build its trace (and `evaluations`) when they are first read:
/// the answers and scores it already holds, and one byte per rule (fired, applied, note).
/// Only `--format json`, `--explain` and `triage test` read the trace, so outcomes made in bulk
/// do not pay for an entry (and an array of inputs) per fired rule.
final class PendingTrace: ManagedBuffer<PendingTrace.Header, UInt8>, DeferredTrace {
    struct Header {
        let plan: CompiledProtocol
        let answers: AnswerStore
        let scores: [Outcome.ScoreValue]
        /// Whether `evaluations` lists every rule (else it is empty).
        let recordsEvaluations: Bool
    }

    /// A rule's byte: bit 0 fired, bit 1 applied, the rest the note.
    static func state(fired: Bool, applied: Bool, note: UInt8) -> UInt8 {
        (fired ? 1 : 0) | (applied ? 2 : 0) | note << 2
    }

    /// A pending trace for `header.plan`'s rules; `fill` sets every rule's byte.
    static func make(_ header: Header, fill: (UnsafeMutablePointer<UInt8>) -> Void) -> PendingTrace {
        let count = header.plan.ruleIDs.count
        let buffer = create(minimumCapacity: count) { _ in header }
        buffer.withUnsafeMutablePointerToElements { fill($0) }
        return unsafeDowncast(buffer, to: PendingTrace.self)
    }

    /// The rules that fired, in protocol order.
    func trace() -> [Outcome.TraceEntry] {
        withUnsafeMutablePointers { header, bytes in
            let plan = header.pointee.plan
            var result: [Outcome.TraceEntry] = []
            for index in 0..<plan.ruleIDs.count where bytes[index] & 1 != 0 {
                result.append(entry(index, bytes[index], header.pointee))
            }
            return result
        }
    }

    /// Every rule, fired or not, in protocol order (empty unless recorded).
    func evaluations() -> [Outcome.TraceEntry] {
        withUnsafeMutablePointers { header, bytes in
            guard header.pointee.recordsEvaluations else { return [] }
            let count = header.pointee.plan.ruleIDs.count
            var result: [Outcome.TraceEntry] = []
            result.reserveCapacity(count)
            for index in 0..<count { result.append(entry(index, bytes[index], header.pointee)) }
            return result
        }
    }

    private func entry(_ index: Int, _ state: UInt8, _ header: Header) -> Outcome.TraceEntry {
        OutcomeBuilder.entry(
            header.plan, rule: index, fired: state & 1 != 0, applied: state & 2 != 0,
            note: OutcomeBuilder.Note(rawValue: state >> 2)?.remark, answers: header.answers, scores: header.scores)
    }
}
