/// A rule of a protocol: when its condition holds, it raises a red flag, sets a decision
/// and/or recommends a referral, for a stated reason.
///
/// Red-flag rules are always evaluated first and always win; the other rules are
/// combined according to the protocol's `HitPolicy`.
package struct Rule: Sendable, Hashable {
    /// The lower_snake_case id, shown in the trace.
    package var id: String
    /// When the rule fires.
    package var when: Condition
    /// Whether firing raises a red flag (stops the walk; outcome is urgent).
    package var isRedFlag: Bool
    /// The decision the rule contributes.
    package var decision: Decision
    /// The destination id to refer to, if any.
    package var referTo: String?
    /// Where `refer` is written.
    package var referLocation: SourceLocation?
    /// Rank of the referral: 1 is the most important.
    package var priority: Int
    /// Why, in words a GP and a patient understand.
    package var reason: LocalizedText
    /// What to do now, for red flags especially ("bel 113", "beoordeel vandaag").
    package var action: LocalizedText?
    /// Where the rule is written.
    package var location: SourceLocation

    /// Creates a rule.
    package init(
        id: String, when: Condition, isRedFlag: Bool, decision: Decision, referTo: String?,
        referLocation: SourceLocation?, priority: Int, reason: LocalizedText, action: LocalizedText?,
        location: SourceLocation
    ) {
        self.id = id
        self.when = when
        self.isRedFlag = isRedFlag
        self.decision = decision
        self.referTo = referTo
        self.referLocation = referLocation
        self.priority = priority
        self.reason = reason
        self.action = action
        self.location = location
    }
}

extension Rule {
    /// A rule that only says "no referral needed" (decision none, no referral): under the
    /// collect policy it applies only when no other rule does.
    package var isFallback: Bool { !isRedFlag && decision == .none && referTo == nil }
}

/// How the non-red-flag rules of a protocol combine.
package enum HitPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every rule that fires contributes; decisions combine, referrals are ranked by priority.
    /// Fallback rules (decision none, no referral) apply only when no other rule fires.
    case collect
    /// The first rule (in protocol order) that fires decides alone.
    case first
    /// At most one rule may fire; two firing together is a protocol error.
    case unique
}

/// A condition that must hold for every outcome, checked by analysis.
package struct Invariant: Sendable, Hashable {
    /// The lower_snake_case id.
    package var id: String
    /// The property, in the condition language, over answers and the outcome.
    package var condition: Condition
    /// What it means, for the report when it is violated.
    package var message: LocalizedText
    /// Where the invariant is written.
    package var location: SourceLocation

    /// Creates an invariant.
    package init(id: String, condition: Condition, message: LocalizedText, location: SourceLocation) {
        self.id = id
        self.condition = condition
        self.message = message
        self.location = location
    }
}
