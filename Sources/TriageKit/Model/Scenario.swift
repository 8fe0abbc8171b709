/// A test case for a protocol: a short clinical vignette, its answers and what the
/// outcome must be.
public struct Scenario: Sendable, Hashable {
    /// What the outcome must be; `nil` fields are not checked.
    public struct Expectation: Sendable, Hashable {
        /// The decision.
        public var decision: Decision?
        /// Destination ids of the referrals, in order (`[]`: no referral).
        public var referrals: [String]?
        /// Rule ids of the red flags raised (`[]`: none).
        public var redFlags: [String]?
        /// Questions that must have been asked.
        public var asked: [String]
        /// Questions that must not have been asked.
        public var notAsked: [String]
        /// How soon.
        public var urgency: Outcome.Urgency? = nil
        /// Scores and their values (`nil`: the score has no value), compared after rounding
        /// both sides to 2 decimals; scores not listed are not checked.
        public var scores: [ExpectedScore]? = nil
        /// Ids of the rules that shaped the outcome (applied in the trace), in any order.
        public var rules: [String]? = nil
        /// Every id the expectation names, with its field and where it is written, so that
        /// each can be checked against the protocol before anything runs.
        public var references: [Reference] = []
    }

    /// A score's expected value: `nil` when the score must have no value.
    public struct ExpectedScore: Sendable, Hashable {
        /// The score's id.
        public var id: String
        /// The value, or `nil` for none.
        public var value: Double?

        /// Creates an expected score.
        public init(id: String, value: Double?) {
            self.id = id
            self.value = value
        }
    }

    /// An id named in an expectation: a destination (`referrals`), a rule (`red_flags`,
    /// `rules`), a score (`scores`) or a question (`asked`, `not_asked`).
    public struct Reference: Sendable, Hashable {
        /// The field: `referrals`, `red_flags`, `rules`, `scores`, `asked` or `not_asked`.
        public var field: String
        /// The id as written.
        public var id: String
        /// Where it is written.
        public var location: SourceLocation
    }

    /// The vignette ("Man, 47, piekert 's nachts over schulden na baanverlies").
    public var title: String
    /// The answers.
    public var answers: AnswerSheet
    /// What must come out.
    public var expectation: Expectation
    /// Where the scenario is written.
    public var location: SourceLocation
}

/// A `kind: scenarios` file: the protocol it tests (a path relative to the file), an
/// optional social map, and the scenarios.
public struct ScenarioSuite: Sendable, Hashable {
    /// Path of the protocol file, resolved against the scenario file's directory.
    public var protocolPath: String
    /// Where the protocol path is written.
    public var protocolLocation: SourceLocation
    /// Path of a social map, resolved the same way, if any.
    public var mapPath: String?
    /// Where the map path is written, if there is one.
    public var mapLocation: SourceLocation?
    /// The scenarios, in file order.
    public var scenarios: [Scenario]
    /// The file.
    public var location: SourceLocation
}
