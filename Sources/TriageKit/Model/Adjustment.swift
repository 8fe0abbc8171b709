/// The GP's decision where it differs from the protocol's advice: routes dropped or added,
/// another urgency, and why (as CDS Hooks records an override reason). The protocol supports
/// clinical judgement; this is where the judgement is written down.
package struct Adjustment: Sendable, Hashable {
    /// Why the GP deviates from the advice.
    package enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The patient prefers another route.
        case patientPrefers = "patient_prefers"
        /// The patient is already in care there, or elsewhere.
        case alreadyInCare = "already_in_care"
        /// The GP's clinical judgement.
        case clinicalJudgement = "clinical_judgement"
        /// Another reason, written out in `note`.
        case other

        /// The reason in `language` (`nl` or `en`).
        package func text(in language: String) -> String {
            let english = language == "en"
            switch self {
            case .patientPrefers: return english ? "the patient prefers otherwise" : "patiënt wil liever anders"
            case .alreadyInCare: return english ? "already in care" : "al in zorg"
            case .clinicalJudgement: return english ? "clinical judgement" : "klinisch oordeel"
            case .other: return english ? "other" : "anders"
            }
        }
    }

    /// Destination ids of advised routes the GP does not follow.
    package var dropped: [String]
    /// Destination ids of the protocol the GP refers to as well.
    package var added: [String]
    /// Another urgency than the advice's, if the GP sets one.
    package var urgency: Outcome.Urgency?
    /// Why.
    package var reason: Reason
    /// The GP's words: required for `other` and for dropping a red-flag route.
    package var note: String?

    /// Creates an adjustment.
    package init(dropped: [String] = [], added: [String] = [], urgency: Outcome.Urgency? = nil, reason: Reason, note: String? = nil) {
        self.dropped = dropped
        self.added = added
        self.urgency = urgency
        self.reason = reason
        self.note = note
    }

    /// Whether it changes anything.
    package var isEmpty: Bool { dropped.isEmpty && added.isEmpty && urgency == nil }
}

/// What the protocol advised before the GP adjusted it.
package struct Advice: Sendable, Hashable {
    /// The advised routes, most important first (destination ids).
    package var referrals: [String]
    /// The advised urgency.
    package var urgency: Outcome.Urgency
}
