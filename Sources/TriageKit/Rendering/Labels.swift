/// The few fixed words of the renderers, in Dutch and English. Everything else comes
/// from the protocol.
package struct Labels {
    package let language: String

    package init(language: String) { self.language = language }

    func callAsFunction(_ nl: String, _ en: String) -> String { language == "en" ? en : nl }

    func decision(_ decision: Decision) -> String {
        switch decision {
        case .urgent: self("URGENT", "URGENT")
        case .medical: self("MEDISCH", "MEDICAL")
        case .mixed: self("MEDISCH + PSYCHOSOCIAAL", "MEDICAL + PSYCHOSOCIAL")
        case .psychosocial: self("PSYCHOSOCIAAL", "PSYCHOSOCIAL")
        case .none: self("GEEN VERWIJZING NODIG", "NO REFERRAL NEEDED")
        }
    }

    package func urgency(_ urgency: Outcome.Urgency) -> String {
        switch urgency {
        case .today: self("handel vandaag", "act today")
        case .soon: self("op korte termijn", "soon")
        case .routine: self("contact binnen ongeveer twee weken", "contact within about two weeks")
        case .none: self("geen actie nodig", "no action needed")
        }
    }

    /// The first line of the result: the routes by name and how soon — the words the GP acts
    /// on — so it can never say "medical" while no medical route is listed. Without routes:
    /// what the decision means.
    func headline(_ outcome: Outcome) -> String {
        let advice = self("Advies", "Advice")
        guard !outcome.referrals.isEmpty else {
            let meaning: String =
                switch outcome.decision {
                case .none: self("geen verwijzing nodig", "no referral needed")
                case .urgent: self("urgent", "urgent")
                case .medical: self("medisch vervolg", "medical follow-up")
                case .mixed: self("medisch en psychosociaal vervolg", "medical and psychosocial follow-up")
                case .psychosocial: self("psychosociaal vervolg", "psychosocial follow-up")
                }
            return outcome.urgency == .none ? "\(advice): \(meaning)" : "\(advice): \(meaning) — \(urgency(outcome.urgency))"
        }
        let routes = outcome.referrals.map { $0.destination.name.shown(in: language) }.joined(separator: " + ")
        return "\(advice): \(routes) — \(urgency(outcome.urgency))"
    }

    func channel(_ channel: Service.Channel) -> String {
        switch channel {
        case .email: self("per e-mail", "by e-mail")
        case .phone: self("telefonisch", "by phone")
        case .zorgdomein: self("via ZorgDomein", "via ZorgDomein")
        case .veilig_thuis: self("via Veilig Thuis (meldcode)", "via Veilig Thuis (reporting code)")
        case .letter: self("per brief", "by letter")
        case .website: self("via de website", "via the website")
        case .in_person: self("persoonlijk / inloop", "in person / walk-in")
        }
    }

    /// "gegevens mogelijk verouderd, gecontroleerd 2025-01-10" when `service`'s details may be
    /// out of date on `today` (see `Service.freshness(on:)`); `nil` when they are current.
    func outdated(_ service: Service, on today: CivilDate) -> String? {
        switch service.freshness(on: today) {
        case .current:
            return nil
        case .stale(let checked):
            return self("gegevens mogelijk verouderd, gecontroleerd \(checked)", "details may be out of date, checked \(checked)")
        case .expired(let validUntil):
            let checked = service.checked.map { self(", gecontroleerd \($0)", ", checked \($0)") } ?? ""
            return self("gegevens mogelijk verouderd, geldig tot \(validUntil)", "details may be out of date, valid until \(validUntil)")
                + checked
        }
    }

    /// Who to turn to when a service's contact is away.
    var fallbackLabel: String { self("bij afwezigheid", "if unavailable") }

    /// "Punt Welzijn, 0000-000 102": a fallback service's name and phone (else e-mail), safe to print.
    func fallbackSummary(_ service: Service) -> String {
        [service.name, service.phone ?? service.email].compactMap { $0?.neutralized }.joined(separator: ", ")
    }

    /// An answer as shown to the GP; free text in quotes, every part safe (see `UntrustedText`).
    func answer(_ value: AnswerValue?, for question: Question?) -> String {
        guard let value else { return notAsked }
        switch value {
        case .yesNo(let flag): return flag ? self("ja", "yes") : self("nee", "no")
        case .choice(let id): return optionText(id, question)
        case .choices(let ids): return ids.isEmpty ? self("geen", "none") : ids.map { optionText($0, question) }.joined(separator: ", ")
        case .number(let number): return Expression.format(number)
        case .text(let text): return text.isEmpty ? "—" : UntrustedText.quoted(text)
        case .unknown: return self("weet niet", "don't know")
        }
    }

    private func optionText(_ id: String, _ question: Question?) -> String {
        question?.answerType.options.first { $0.id == id }?.text.shown(in: language) ?? id.neutralized
    }

    /// The GP's adjustment in one sentence: what the protocol advised, what changed, and why.
    func adjustment(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> String? {
        guard let adjustment = outcome.adjustment, let advice = outcome.advice else { return nil }
        func name(_ id: String) -> String { triageProtocol.destination(id)?.name.shown(in: language) ?? id.neutralized }
        var parts: [String] = []
        if !adjustment.dropped.isEmpty {
            parts.append(self("niet gevolgd: ", "not followed: ") + adjustment.dropped.map(name).joined(separator: ", "))
        }
        if !adjustment.added.isEmpty {
            parts.append(self("toegevoegd: ", "added: ") + adjustment.added.map(name).joined(separator: ", "))
        }
        if let urgency = adjustment.urgency { parts.append(self("urgentie: ", "urgency: ") + self.urgency(urgency)) }
        var reason = adjustment.reason.text(in: language)
        if let note = adjustment.note { reason += " — " + UntrustedText.quoted(note) }
        let advised = advice.referrals.isEmpty ? self("geen verwijzing", "no referral") : advice.referrals.map(name).joined(separator: " + ")
        return self("Aangepast door de huisarts", "Adjusted by the GP") + " (" + self("advies protocol: ", "protocol advice: ")
            + advised + "): " + parts.joined(separator: "; ") + "; " + self("reden: ", "reason: ") + reason
    }

    /// The red-flag routes the GP chose not to follow (each needs the GP's words).
    func droppedRedFlagRoutes(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> [String] {
        guard let adjustment = outcome.adjustment, !outcome.redFlags.isEmpty else { return [] }
        let redFlagRules = Set(outcome.redFlags.map(\.ruleID))
        return adjustment.dropped.filter { id in
            triageProtocol.rules.contains { $0.referTo == id && redFlagRules.contains($0.id) }
        }.map { triageProtocol.destination($0)?.name.shown(in: language) ?? $0.neutralized }
    }

    /// A score as shown: one decimal at most (`6.5`, `7`); total on every `Double`.
    func score(_ value: Double) -> String {
        Expression.format(abs(value) < 1e15 ? (value * 10).rounded() / 10 : value)
    }

    /// A question, or a dimension, that had no answer.
    var notAsked: String { self("niet gevraagd", "not asked") }

    /// A dimension score outside the scale it is drawn on.
    var outsideScale: String { self("buiten 0–10", "outside 0–10") }

    /// A dimension among the lowest.
    var low: String { self("laag", "low") }

    /// Whether the patient consented: the protocol's consent question was answered yes.
    /// Without such a question consent is not known, and outputs keep saying it is needed.
    func consentGiven(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> Bool {
        guard let id = triageProtocol.consentQuestionID else { return false }
        return outcome.answers.contains { $0.questionID == id && $0.answer == .yesNo(true) }
    }

    /// Whether to say "only with the patient's consent" under `referral`.
    func needsConsentLine(_ referral: Outcome.Referral, _ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> Bool {
        referral.destination.requiresConsent && !consentGiven(outcome, protocol: triageProtocol)
    }

    /// "weet niet" / "don't know".
    var unknownAnswer: String { self("weet niet", "don't know") }

    /// Why a score has no value: its questions were answered "weet niet", or not asked.
    func missingScore(_ score: Outcome.ScoreValue, _ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> String {
        let members = Set(triageProtocol.score(score.id)?.questionIDs ?? [])
        let unknown = outcome.answers.contains { members.contains($0.questionID) && $0.answer == .unknown }
        return unknown ? unknownAnswer : self("niet gevraagd", "not asked")
    }

    /// The protocol's notes that apply, one line each ("Let op: ...").
    func notes(_ outcome: Outcome) -> [String] {
        outcome.notes.map { self("Let op: ", "Note: ") + $0.text.shown(in: language) }
    }

    /// A referral that needs the patient's consent.
    var onlyWithConsent: String { self("Alleen met toestemming van de patiënt.", "Only with the patient's consent.") }

    /// A referral whose destination no service on the social map serves.
    var unknownContact: String {
        self(
            "Lokale contactpersoon onbekend: vul de sociale kaart aan (--map).",
            "Local contact unknown: add it to the social map (--map).")
    }

    /// A service without any contact field.
    var noContactDetails: String { self("Geen contactgegevens op de sociale kaart.", "No contact details on the social map.") }

    var disclaimer: String {
        self(
            "Dit advies ondersteunt uw klinisch oordeel en vervangt het niet.",
            "This advice supports your clinical judgement; it does not replace it.")
    }
}
