/// How much of a protocol its scenarios exercise: questions asked, rules fired, routes
/// (destinations) reached and `when` branches taken, with what was never covered.
///
/// Scenarios are a protocol's regression tests; coverage shows where a change would go
/// unnoticed. `triage test --coverage` prints it; `--min-coverage` fails on the lowest figure.
package struct ScenarioCoverage: Sendable, Hashable {
    /// One coverage figure: what was covered and what was not, in protocol order.
    package struct Measure: Sendable, Hashable {
        /// The items covered by at least one scenario.
        package var covered: [String]
        /// The items no scenario covered.
        package var missed: [String]

        /// All items.
        package var total: Int { covered.count + missed.count }

        /// The covered share in percent; 100 when there is nothing to cover.
        package var percent: Double {
            total == 0 ? 100 : Double(covered.count) * 100 / Double(total)
        }
    }

    /// Questions asked at least once (question ids).
    package var questions: Measure
    /// Rules whose condition held at least once (rule ids).
    package var rules: Measure
    /// Destinations referred to at least once (destination ids).
    package var routes: Measure
    /// For each question with a `when`: `<id>: when true` (asked) and `<id>: when false`
    /// (reached but skipped).
    package var branches: Measure
    /// How many outcomes were measured.
    package var outcomeCount: Int

    /// The lowest of the four percentages: the figure `--min-coverage` checks.
    package var lowestPercent: Double {
        [questions, rules, routes, branches].map(\.percent).min() ?? 100
    }

    /// Measures the outcomes of a protocol's scenarios.
    package init(protocol triageProtocol: TriageProtocol, outcomes: [Outcome]) {
        var asked = Set<String>()
        var fired = Set<String>()
        var reached = Set<String>()
        var branchesTaken = Set<String>()
        for outcome in outcomes {
            asked.formUnion(outcome.answers.map(\.questionID))
            fired.formUnion(outcome.trace.filter(\.fired).map(\.ruleID))
            reached.formUnion(outcome.referrals.map(\.destination.id))
            for question in triageProtocol.questions where question.when != nil {
                switch Self.whenBranch(of: question.id, outcome: outcome) {
                case true?: branchesTaken.insert(Self.branch(question.id, true))
                case false?: branchesTaken.insert(Self.branch(question.id, false))
                case nil: break
                }
            }
        }
        func measure(_ items: [String], _ done: Set<String>) -> Measure {
            Measure(covered: items.filter { done.contains($0) }, missed: items.filter { !done.contains($0) })
        }
        questions = measure(triageProtocol.questions.map(\.id), asked)
        rules = measure(triageProtocol.rules.map(\.id), fired)
        routes = measure(triageProtocol.destinations.map(\.id), reached)
        let allBranches = triageProtocol.questions.filter { $0.when != nil }.flatMap { [Self.branch($0.id, true), Self.branch($0.id, false)] }
        branches = measure(allBranches, branchesTaken)
        outcomeCount = outcomes.count
    }

    /// The name of one branch, e.g. `eenzaam: when true`.
    static func branch(_ questionID: String, _ taken: Bool) -> String {
        "\(questionID): when \(taken)"
    }

    /// Which way a question's `when` went in one run: `true` when the question was asked,
    /// `false` when the walk reached it and skipped it, `nil` when the walk stopped before it
    /// (a red flag) or the id is unknown. The walk itself says which questions it passed
    /// (`Outcome.skippedQuestionIDs`).
    package static func whenBranch(of questionID: String, outcome: Outcome) -> Bool? {
        if outcome.answers.contains(where: { $0.questionID == questionID }) { return true }
        return outcome.skippedQuestionIDs.contains(questionID) ? false : nil
    }
}
