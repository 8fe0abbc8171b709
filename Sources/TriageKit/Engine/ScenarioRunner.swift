/// Runs scenarios against a protocol and compares each outcome with its expectation.
package struct ScenarioRunner: Sendable {
    /// The result of one scenario.
    package struct Result: Sendable {
        /// The scenario.
        package var scenario: Scenario
        /// What did not match (empty when the scenario passed).
        package var failures: [String]
        /// Problems with the answers themselves (unknown ids, invalid values, missing answers).
        package var diagnostics: [Diagnostic]
        /// The outcome, when the answers could be applied.
        package var outcome: Outcome?

        /// Whether the scenario passed.
        package var passed: Bool { failures.isEmpty && !diagnostics.containsErrors }
    }

    /// A session with no answers yet; every scenario starts from a copy (the protocol is
    /// compiled once).
    private let fresh: TriageSession
    /// The protocol under test.
    package var triageProtocol: TriageProtocol { fresh.triageProtocol }
    /// The social map, if any.
    package var socialMap: SocialMap? { fresh.socialMap }

    /// Creates a runner.
    package init(protocol triageProtocol: TriageProtocol, socialMap: SocialMap? = nil) {
        fresh = TriageSession(protocol: triageProtocol, socialMap: socialMap)
    }

    /// Runs one scenario.
    package func run(_ scenario: Scenario) -> Result {
        var session = fresh
        let diagnostics = scenario.answers.apply(to: &session)
        guard !diagnostics.containsErrors else {
            return Result(scenario: scenario, failures: [], diagnostics: diagnostics, outcome: nil)
        }
        let outcome = session.outcome()
        var failures: [String] = []
        let expected = scenario.expectation
        if let decision = expected.decision, decision != outcome.decision {
            failures.append("decision: expected \(decision.rawValue), got \(outcome.decision.rawValue)")
        }
        if let referrals = expected.referrals {
            let actual = outcome.referrals.map(\.destination.id)
            if referrals != actual {
                failures.append("referrals: expected [\(referrals.joined(separator: ", "))], got [\(actual.joined(separator: ", "))]")
            }
        }
        if let redFlags = expected.redFlags {
            let actual = outcome.redFlags.map(\.ruleID)
            if Set(redFlags) != Set(actual) {
                failures.append("red flags: expected [\(redFlags.joined(separator: ", "))], got [\(actual.joined(separator: ", "))]")
            }
        }
        if let urgency = expected.urgency, urgency != outcome.urgency {
            failures.append("urgency: expected \(urgency.rawValue), got \(outcome.urgency.rawValue)")
        }
        for score in expected.scores ?? [] {
            let actual = outcome.scores.first { $0.id == score.id }?.value
            if Self.rounded(score.value) != Self.rounded(actual) {
                failures.append("score '\(score.id)': expected \(Self.describe(score.value)), got \(Self.describe(actual))")
            }
        }
        if let rules = expected.rules {
            let actual = outcome.trace.filter(\.applied).map(\.ruleID)
            if rules.sorted() != actual.sorted() {
                failures.append("rules: expected [\(rules.joined(separator: ", "))], got [\(actual.joined(separator: ", "))]")
            }
        }
        let asked = Set(outcome.answers.map(\.questionID))
        for id in expected.asked where !asked.contains(id) { failures.append("question '\(id)' should have been asked") }
        for id in expected.notAsked where asked.contains(id) { failures.append("question '\(id)' should not have been asked") }
        for invariant in session.violatedInvariants() {
            failures.append("invariant '\(invariant.id)' violated: \(invariant.message.nl)")
        }
        return Result(scenario: scenario, failures: failures, diagnostics: diagnostics, outcome: outcome)
    }

    /// A score value rounded to 2 decimals, as scenarios compare them.
    static func rounded(_ value: Double?) -> Double? {
        value.map { ($0 * 100).rounded() / 100 }
    }

    /// A score value for a failure line: `3`, `3.5`, `none`.
    static func describe(_ value: Double?) -> String {
        guard let value = rounded(value) else { return "none" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
