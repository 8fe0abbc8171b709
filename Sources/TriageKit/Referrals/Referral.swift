/// One referral as the register keeps it: what was advised and decided, for whom nothing
/// identifying — the code stands in for the patient — and every status the contact person
/// reported, in order. No name, BSN, address, phone number or birth date has a field here.
package struct Referral: Sendable, Hashable {
    /// One entry of the history: a status and when it was recorded, never overwritten.
    package struct Change: Sendable, Hashable {
        /// The status from this moment on.
        package var status: ReferralStatus
        /// When it was recorded.
        package var at: Instant
        /// The contact person's or GP's words, if any (never patient identifiers).
        package var note: String?
        /// Where it came from: `gp` (the walk or `triage feedback`), `fhir-task` (an imported Task).
        package var source: String

        /// Creates a change.
        package init(status: ReferralStatus, at: Instant, note: String? = nil, source: String = "gp") {
            self.status = status
            self.at = at
            self.note = note
            self.source = source
        }
    }

    /// A reason for the referral: the rule and its text as the GP read it.
    package struct Reason: Sendable, Hashable {
        /// The rule's id; `nil` for a route the GP added.
        package var ruleID: String?
        /// The reason in Dutch (the language of the patient file).
        package var text: String

        /// Creates a reason.
        package init(ruleID: String?, text: String) {
            self.ruleID = ruleID
            self.text = text
        }
    }

    /// The referral's code.
    package var code: ReferralCode
    /// When it was made.
    package var createdAt: Instant
    /// The protocol's id, version and content hash: what produced the advice.
    package var protocolID: String
    package var protocolVersion: String
    package var protocolHash: String
    /// The social map's region, if one was used.
    package var region: String?
    /// The destination: its id, category and Dutch name.
    package var destinationID: String
    package var destinationCategory: Destination.Category
    package var destinationName: String
    /// The local service from the social map, if one serves the destination.
    package var serviceID: String?
    package var serviceName: String?
    /// How soon, as decided.
    package var urgency: Outcome.Urgency
    /// When the patient's consent was recorded (the walk's end); `nil` for red-flag routes.
    package var consentAt: Instant?
    /// Days within which the contact person reports back (the service's `feedback_days`, else 14).
    package var feedbackDays: Int
    /// Why.
    package var reasons: [Reason]
    /// The GP's adjustment of the advice, if any.
    package var adjustment: Adjustment?
    /// The answers, by question id (pseudonymous: needed to reproduce the note and FHIR export).
    package var answers: [Outcome.AnsweredQuestion]
    /// Every status, oldest first; never empty.
    package var history: [Change]
    /// The Positieve Gezondheid profile at referral: the dimension scores (finite values only),
    /// for monitoring. Empty when the protocol scores no dimension, and in a register that does
    /// not keep it (the shared register stores no answers or scores).
    package var profile: [Dimension: Double]

    /// Creates a referral record (a store reading one back; new ones come from `referrals(from:...)`).
    package init(
        code: ReferralCode, createdAt: Instant, protocolID: String, protocolVersion: String, protocolHash: String,
        region: String?, destinationID: String, destinationCategory: Destination.Category, destinationName: String,
        serviceID: String?, serviceName: String?, urgency: Outcome.Urgency, consentAt: Instant?, feedbackDays: Int,
        reasons: [Reason], adjustment: Adjustment?, answers: [Outcome.AnsweredQuestion], history: [Change],
        profile: [Dimension: Double] = [:]
    ) {
        self.code = code
        self.createdAt = createdAt
        self.protocolID = protocolID
        self.protocolVersion = protocolVersion
        self.protocolHash = protocolHash
        self.region = region
        self.destinationID = destinationID
        self.destinationCategory = destinationCategory
        self.destinationName = destinationName
        self.serviceID = serviceID
        self.serviceName = serviceName
        self.urgency = urgency
        self.consentAt = consentAt
        self.feedbackDays = feedbackDays
        self.reasons = reasons
        self.adjustment = adjustment
        self.answers = answers
        self.history = history
        self.profile = profile.filter { $0.value.isFinite }
    }

    /// The current status.
    package var status: ReferralStatus { history.last?.status ?? .requested }
    /// When anything last changed.
    package var updatedAt: Instant { history.last?.at ?? createdAt }
    /// When feedback is due.
    package var dueAt: Instant { createdAt.adding(days: feedbackDays) }

    /// Whether the contact person is late: no feedback yet and the agreed time has passed.
    package func isOverdue(at now: Instant) -> Bool {
        status == .requested && dueAt < now
    }

    /// Whole days since the referral was made.
    package func daysWaiting(at now: Instant) -> Int { max(0, createdAt.days(until: now)) }

    /// The default time for feedback, in days: about two weeks, as Welzijn op Recept agrees.
    package static let defaultFeedbackDays = 14

    /// Appends `change` when the current status allows it.
    package mutating func record(_ change: Change) throws(ReferralError) {
        guard status.allowedNext.contains(change.status) else {
            throw .transition(code: code, from: status, to: change.status)
        }
        guard change.at >= updatedAt else { throw .timeBeforeHistory(code: code, at: change.at, last: updatedAt) }
        history.append(change)
    }
}

/// Why a referral cannot be made or changed.
package enum ReferralError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The status may not follow the current one.
    case transition(code: ReferralCode, from: ReferralStatus, to: ReferralStatus)
    /// A change dated before the last one.
    case timeBeforeHistory(code: ReferralCode, at: Instant, last: Instant)
    /// No consent in the answers.
    case noConsent
    /// The protocol names no consent question, so consent cannot be read from the answers.
    case noConsentQuestion(protocolID: String)
    /// Nothing to refer: the outcome lists no route.
    case nothingToRefer

    /// The message in `language`: Dutch for what a GP meets in the walk, English otherwise.
    package func description(in language: String) -> String {
        guard language != "en" else { return description }
        switch self {
        case .noConsent: return "geen verwijzing zonder toestemming van de patiënt: de antwoorden leggen die niet vast"
        case .noConsentQuestion(let id):
            return "protocol '\(id)' noemt geen toestemmingsvraag ('consent: <vraag-id>'), dus de antwoorden tonen de toestemming niet"
        case .nothingToRefer: return "het advies noemt geen route om naar te verwijzen"
        default: return description
        }
    }

    package var description: String {
        switch self {
        case .transition(let code, let from, let to):
            let allowed = from.allowedNext.map(\.rawValue)
            return "\(code) is '\(from.rawValue)'; it cannot become '\(to.rawValue)'"
                + (allowed.isEmpty ? " (the referral is closed)" : " (allowed: \(allowed.joined(separator: ", ")))")
        case .timeBeforeHistory(let code, let at, let last):
            return "\(code) last changed at \(last); a change at \(at) would come before it"
        case .noConsent:
            return "no referral without the patient's consent: the answers do not record it"
        case .noConsentQuestion(let id):
            return "protocol '\(id)' names no consent question ('consent: <question id>'), so the answers cannot show the patient's consent"
        case .nothingToRefer:
            return "the outcome lists no route to refer to"
        }
    }
}

extension Referral {
    /// The referrals an outcome makes, one per route, each with a new code from `newCode`
    /// (called with the protocol's prefix until it gives a code not in use). Routes into the
    /// social domain and the practice need the patient's consent (the protocol's `consent`
    /// question answered yes); red-flag routes are recorded as acted on.
    package static func referrals(
        from outcome: Outcome, protocol triageProtocol: TriageProtocol, at now: Instant,
        newCode: (String) -> ReferralCode
    ) throws(ReferralError) -> [Referral] {
        guard !outcome.referrals.isEmpty else { throw .nothingToRefer }
        let needsConsent = outcome.referrals.contains { $0.destination.requiresConsent && !outcome.isRedFlagRoute($0) }
        if needsConsent, triageProtocol.consentQuestionID == nil { throw .noConsentQuestion(protocolID: triageProtocol.id) }
        let consented = triageProtocol.consentQuestionID.map { id in
            outcome.answers.contains { $0.questionID == id && $0.answer == .yesNo(true) }
        } ?? true
        let prefix = ReferralCode.prefix(from: triageProtocol.id)
        var result: [Referral] = []
        for route in outcome.referrals {
            let redFlag = outcome.isRedFlagRoute(route)
            if !redFlag, route.destination.requiresConsent, !consented { throw .noConsent }
            result.append(
                Referral(
                    code: newCode(prefix), createdAt: now, protocolID: outcome.protocolID,
                    protocolVersion: outcome.protocolVersion, protocolHash: outcome.protocolHash, region: outcome.region,
                    destinationID: route.destination.id, destinationCategory: route.destination.category,
                    destinationName: route.destination.name.text(in: "nl"), serviceID: route.service?.id,
                    serviceName: route.service?.name, urgency: outcome.urgency, consentAt: redFlag ? nil : now,
                    feedbackDays: route.service?.feedbackDays ?? defaultFeedbackDays,
                    reasons: zip(route.ruleIDs + Array(repeating: nil, count: max(0, route.reasons.count - route.ruleIDs.count)), route.reasons)
                        .map { Reason(ruleID: $0, text: $1.text(in: "nl")) },
                    adjustment: outcome.adjustment, answers: outcome.answers,
                    history: [Change(status: redFlag ? .actedOn : .requested, at: now)], profile: outcome.dimensionProfile))
        }
        return result
    }
}
