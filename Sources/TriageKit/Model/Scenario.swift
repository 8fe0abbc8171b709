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
    /// Path of a social map, resolved the same way, if any.
    public var mapPath: String?
    /// The scenarios, in file order.
    public var scenarios: [Scenario]
    /// The file.
    public var location: SourceLocation
}
