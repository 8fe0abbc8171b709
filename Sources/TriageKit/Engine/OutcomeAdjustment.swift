/// Why an adjustment cannot be applied.
package enum AdjustmentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The route to drop is not in the advice.
    case notAdvised(String)
    /// The route to add is not a destination of the protocol, or already advised.
    case unknownDestination(String, suggestion: String?)
    case alreadyAdvised(String)
    /// A red-flag route is dropped without the GP's words.
    case redFlagRouteNeedsNote(String)
    /// Reason `other` without the GP's words.
    case otherNeedsNote
    /// Nothing would change.
    case nothingChanged

    package var description: String { description(in: "en") }

    /// The message in `language` (`nl` or `en`).
    package func description(in language: String) -> String {
        let english = language == "en"
        switch self {
        case .notAdvised(let id):
            return english ? "'\(id.neutralized)' is not one of the advised routes" : "'\(id.neutralized)' is geen van de geadviseerde routes"
        case .unknownDestination(let id, let suggestion):
            let hint = suggestion.map { english ? "; did you mean '\($0)'?" : "; bedoelt u '\($0)'?" } ?? ""
            return (english ? "'\(id.neutralized)' is not a destination of this protocol" : "'\(id.neutralized)' is geen bestemming van dit protocol") + hint
        case .alreadyAdvised(let id):
            return english ? "'\(id.neutralized)' is already advised" : "'\(id.neutralized)' wordt al geadviseerd"
        case .redFlagRouteNeedsNote(let id):
            return english
                ? "'\(id)' follows from a red flag: dropping it needs your reason in words"
                : "'\(id)' volgt uit een rode vlag: laten vervallen kan alleen met uw reden in woorden"
        case .otherNeedsNote:
            return english ? "reason 'other' needs your words" : "reden 'anders' vraagt om een toelichting"
        case .nothingChanged:
            return english ? "the adjustment changes nothing" : "de aanpassing verandert niets"
        }
    }
}

extension Outcome {
    /// Whether the referral follows from a red flag (a red-flag rule recommended it).
    package func isRedFlagRoute(_ referral: Referral) -> Bool {
        referral.ruleIDs.contains { id in redFlags.contains { $0.ruleID == id } }
    }

    /// This outcome with the GP's `adjustment` applied: the routes and urgency are the GP's,
    /// the advice is kept in `advice`, the adjustment in `adjustment`. Added routes come last,
    /// with their local service from `socialMap`.
    package func adjusted(
        by adjustment: Adjustment, protocol triageProtocol: TriageProtocol, socialMap: SocialMap? = nil
    ) throws(AdjustmentError) -> Outcome {
        guard !adjustment.isEmpty else { throw .nothingChanged }
        let note = adjustment.note?.trimmingWhitespace() ?? ""
        if adjustment.reason == .other, note.isEmpty { throw .otherNeedsNote }
        var result = self
        for id in adjustment.dropped {
            guard let referral = referrals.first(where: { $0.destination.id == id }) else { throw .notAdvised(id) }
            if isRedFlagRoute(referral), note.isEmpty { throw .redFlagRouteNeedsNote(id) }
        }
        result.referrals.removeAll { adjustment.dropped.contains($0.destination.id) }
        let destinationIDs = triageProtocol.destinations.map(\.id)
        var priority = result.referrals.map(\.priority).max() ?? 0
        for id in adjustment.added {
            guard let destination = triageProtocol.destination(id) else {
                throw .unknownDestination(id, suggestion: Suggestion.closest(to: id, in: destinationIDs))
            }
            guard !result.referrals.contains(where: { $0.destination.id == id }) else { throw .alreadyAdvised(id) }
            priority += 1
            result.referrals.append(
                Referral(
                    destination: destination, priority: priority,
                    reasons: [LocalizedText(nl: "Toegevoegd door de huisarts.", en: "Added by the GP.")], ruleIDs: [],
                    service: socialMap?.service(for: id)))
        }
        result.urgency = adjustment.urgency ?? Self.urgency(of: result.referrals, redFlag: !redFlags.isEmpty && result.referrals.contains { isRedFlagRoute($0) })
        result.advice = advice ?? Advice(referrals: referrals.map(\.destination.id), urgency: urgency)
        var recorded = adjustment
        recorded.note = note.isEmpty ? nil : note
        result.adjustment = recorded
        return result
    }

    /// How soon the routes that are left call for: today for an urgent route or a followed red
    /// flag, soon for a medical one, about two weeks for the social domain, else nothing.
    private static func urgency(of referrals: [Referral], redFlag: Bool) -> Urgency {
        if redFlag || referrals.contains(where: { $0.destination.category == .urgent }) { return .today }
        if referrals.contains(where: { $0.destination.category == .medical }) { return .soon }
        return referrals.isEmpty ? .none : .routine
    }
}
