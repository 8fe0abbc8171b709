@testable import TriageKit

/// The reference for the exhaustive analysis: every path through a real `TriageSession`,
/// answering each question with each answer the `AnswerSpace` tries, and what the paths
/// show. Shares nothing with the analysis but the answer classes.
struct SessionReplay {
    /// Whether the answer classes are exact (no sampled numbers).
    var isExact: Bool
    /// Ids of questions no path asks.
    var unreachableQuestions: Set<String> = []
    /// Ids of rules that never fire, or (not red flags) fire only together with a red flag.
    var deadRules: Set<String> = []
    /// Under hit_policy first: ids of rules that fire without a red flag but are never applied.
    var shadowedRules: Set<String> = []
    /// The fewest answers of a path on which no rule fires.
    var shortestUndecided: Int?
    /// Under hit_policy unique: "a+b" for rules that fire together without a red flag.
    var conflicts: Set<String> = []
    /// Per violated invariant: the fewest answers of a path that violates it.
    var shortestViolation: [String: Int] = [:]

    /// Walks every path; `nil` when there are more than `maxPaths`.
    init?(_ spec: TriageProtocol, maxPaths: Int) {
        let space = AnswerSpace(spec)
        isExact = space.approximations.isEmpty
        var asked = Set<String>()
        var fired = Set<String>()
        var firedAlone = Set<String>()
        var applied = Set<String>()
        var paths = 0
        var undecided: Int?
        var conflicts = Set<String>()
        var violations: [String: Int] = [:]
        let positions = Dictionary(spec.questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        func visit(_ session: TriageSession, depth: Int) -> Bool {
            if let question = session.nextQuestion, let index = positions[question.id], !space.values[index].isEmpty {
                asked.insert(question.id)
                for value in space.values[index] {
                    var next = session
                    guard (try? next.answer(value)) != nil else { continue }
                    if !visit(next, depth: depth + 1) { return false }
                }
                return true
            }
            paths += 1
            guard paths <= maxPaths else { return false }
            let outcome = session.outcome()
            let redFlag = !outcome.redFlags.isEmpty
            let firing = outcome.trace.filter(\.fired)
            for entry in firing {
                fired.insert(entry.ruleID)
                if !redFlag { firedAlone.insert(entry.ruleID) }
                if entry.applied { applied.insert(entry.ruleID) }
            }
            if firing.isEmpty { undecided = min(undecided ?? depth, depth) }
            if !redFlag, spec.hitPolicy == .unique {
                let ids = firing.map(\.ruleID)
                for (offset, a) in ids.enumerated() { for b in ids[(offset + 1)...] { conflicts.insert(a + "+" + b) } }
            }
            for invariant in session.violatedInvariants() {
                violations[invariant.id] = min(violations[invariant.id] ?? depth, depth)
            }
            return true
        }
        guard visit(TriageSession(protocol: spec), depth: 0) else { return nil }
        unreachableQuestions = Set(spec.questions.map(\.id)).subtracting(asked)
        for rule in spec.rules where !fired.contains(rule.id) || (!rule.isRedFlag && !firedAlone.contains(rule.id)) {
            deadRules.insert(rule.id)
        }
        if spec.hitPolicy == .first {
            for rule in spec.rules where !rule.isRedFlag && firedAlone.contains(rule.id) && !applied.contains(rule.id) {
                shadowedRules.insert(rule.id)
            }
        }
        shortestUndecided = undecided
        self.conflicts = conflicts
        shortestViolation = violations
    }
}
