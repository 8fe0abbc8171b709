/// The overall verdict of a triage session.
///
/// Ordered by precedence: urgent beats medical, a medical and a psychosocial
/// finding together make mixed, and none is what is left.
public enum Decision: String, Sendable, Hashable, Codable, CaseIterable {
    /// A red flag: act today (crisis service, 113, 112, Veilig Thuis).
    case urgent
    /// Medical follow-up first.
    case medical
    /// Both a medical and a psychosocial problem.
    case mixed
    /// A problem for the social domain.
    case psychosocial
    /// No referral needed.
    case none

    /// Combines two decisions: urgent wins, medical and psychosocial make mixed.
    public func combined(with other: Decision) -> Decision {
        switch (self, other) {
        case (.urgent, _), (_, .urgent): .urgent
        case (.mixed, _), (_, .mixed): .mixed
        case (.medical, .psychosocial), (.psychosocial, .medical): .mixed
        case (.none, let other): other
        case (let this, _): this
        }
    }
}
