/// The few fixed words of the renderers, in Dutch and English. Everything else comes
/// from the protocol.
struct Labels {
    let language: String

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

    func urgency(_ urgency: Outcome.Urgency) -> String {
        switch urgency {
        case .today: self("handel vandaag", "act today")
        case .soon: self("medisch vervolg op korte termijn", "medical follow-up soon")
        case .routine: self("contact binnen ongeveer twee weken", "contact within about two weeks")
        case .none: self("geen actie nodig", "no action needed")
        }
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
        guard let value else { return self("niet gevraagd", "not asked") }
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

    /// A score as shown: one decimal at most (`6.5`, `7`); total on every `Double`.
    func score(_ value: Double) -> String {
        Expression.format(abs(value) < 1e15 ? (value * 10).rounded() / 10 : value)
    }

    var disclaimer: String {
        self(
            "Dit advies ondersteunt uw klinisch oordeel en vervangt het niet.",
            "This advice supports your clinical judgement; it does not replace it.")
    }
}
