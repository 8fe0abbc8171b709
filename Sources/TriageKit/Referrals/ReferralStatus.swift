/// Where a referral stands, as the contact person reports it back (the business status of a
/// FHIR Task in the Gravity SDOH model). Every change is appended to the history.
package enum ReferralStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Referred; the contact person has not yet reported.
    case requested
    /// The contact person reached the patient.
    case contacted
    /// The patient and the contact person agreed on support.
    case accepted
    /// The patient declined the support.
    case declined
    /// The contact person could not reach the patient.
    case unreachable
    /// The agreed support has been given; the loop is closed.
    case completed
    /// The referral was withdrawn (by the GP or the service).
    case cancelled
    /// A red-flag route, acted on at once; recorded, not followed up.
    case actedOn = "acted_on"

    /// The statuses it may change to; none when the loop is closed.
    package var allowedNext: [ReferralStatus] {
        switch self {
        case .requested: [.contacted, .accepted, .declined, .unreachable, .cancelled]
        case .contacted: [.accepted, .declined, .unreachable, .cancelled]
        case .unreachable: [.contacted, .accepted, .declined, .cancelled]
        case .accepted: [.completed, .cancelled]
        case .declined, .completed, .cancelled, .actedOn: []
        }
    }

    /// Whether the loop is closed: nothing more is expected.
    package var isClosed: Bool { allowedNext.isEmpty }

    /// Whether feedback from the contact person has arrived.
    package var isFeedback: Bool { self != .requested && self != .actedOn }

    /// The status in `language` (`nl` or `en`).
    package func text(in language: String) -> String {
        let english = language == "en"
        switch self {
        case .requested: return english ? "referred, awaiting feedback" : "verwezen, wacht op terugkoppeling"
        case .contacted: return english ? "contacted" : "contact gehad"
        case .accepted: return english ? "support agreed" : "ondersteuning afgesproken"
        case .declined: return english ? "declined by the patient" : "afgewezen door de patiënt"
        case .unreachable: return english ? "patient unreachable" : "patiënt onbereikbaar"
        case .completed: return english ? "completed" : "afgerond"
        case .cancelled: return english ? "cancelled" : "ingetrokken"
        case .actedOn: return english ? "red flag, acted on at once" : "rode vlag, direct gehandeld"
        }
    }
}
