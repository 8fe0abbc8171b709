/// A test case for a protocol: a short clinical vignette, its answers and what the
/// outcome must be.
package struct Scenario: Sendable, Hashable {
    /// What the outcome must be; `nil` fields are not checked.
    package struct Expectation: Sendable, Hashable {
        /// The decision.
        package var decision: Decision?
        /// Destination ids of the referrals, in order (`[]`: no referral).
        package var referrals: [String]?
        /// Rule ids of the red flags raised (`[]`: none).
        package var redFlags: [String]?
        /// Questions that must have been asked.
        package var asked: [String]
        /// Questions that must not have been asked.
        package var notAsked: [String]
        /// How soon.
        package var urgency: Outcome.Urgency? = nil
        /// Scores and their values (`nil`: the score has no value), compared after rounding
        /// both sides to 2 decimals; scores not listed are not checked.
        package var scores: [ExpectedScore]? = nil
        /// Ids of the rules that shaped the outcome (applied in the trace), in any order.
        package var rules: [String]? = nil
        /// Every id the expectation names, with its field and where it is written, so that
        /// each can be checked against the protocol before anything runs.
        package var references: [Reference] = []
    }

    /// A score's expected value: `nil` when the score must have no value.
    package struct ExpectedScore: Sendable, Hashable {
        /// The score's id.
        package var id: String
        /// The value, or `nil` for none.
        package var value: Double?

        /// Creates an expected score.
        package init(id: String, value: Double?) {
            self.id = id
            self.value = value
        }
    }

    /// An id named in an expectation: a destination (`referrals`), a rule (`red_flags`,
    /// `rules`), a score (`scores`) or a question (`asked`, `not_asked`).
    package struct Reference: Sendable, Hashable {
        /// The field: `referrals`, `red_flags`, `rules`, `scores`, `asked` or `not_asked`.
        package var field: String
        /// The id as written.
        package var id: String
        /// Where it is written.
        package var location: SourceLocation
    }

    /// The vignette ("Man, 47, piekert 's nachts over schulden na baanverlies").
    package var title: String
    /// The answers.
    package var answers: AnswerSheet
    /// What must come out.
    package var expectation: Expectation
    /// Where the scenario is written.
    package var location: SourceLocation
}

/// A `kind: scenarios` file: the protocol it tests (a path relative to the file), an
/// optional social map, and the scenarios.
package struct ScenarioSuite: Sendable, Hashable {
    /// Path of the protocol file, resolved against the scenario file's directory.
    package var protocolPath: String
    /// Where the protocol path is written.
    package var protocolLocation: SourceLocation
    /// Path of a social map, resolved the same way, if any.
    package var mapPath: String?
    /// Where the map path is written, if there is one.
    package var mapLocation: SourceLocation?
    /// The scenarios, in file order.
    package var scenarios: [Scenario]
    /// The file.
    package var location: SourceLocation
}
