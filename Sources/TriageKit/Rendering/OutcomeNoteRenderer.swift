/// Renders an outcome as a short SOEP note for the patient file and, when there is a
/// referral, a message the GP can send to the contact person, with the feedback
/// agreement (terugkoppeling). Contains no patient identifiers.
public struct OutcomeNoteRenderer: Sendable {
    /// `nl` (default for the patient file) or `en`.
    package var language: String
    /// The referral codes given to the routes, by destination id, once the referrals are
    /// registered: the note and each letter then carry their code, so feedback can be matched.
    package var codes: [String: ReferralCode]

    /// Creates a renderer.
    public init(language: Language = .dutch) {
        self.init(language: language.code)
    }

    /// Creates a renderer for the language with this code, with the routes' referral codes.
    package init(language: String, codes: [String: ReferralCode] = [:]) {
        self.language = language
        self.codes = codes
    }

    /// The note for `outcome` of `triageProtocol`, followed by the referral messages.
    public func render(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> String {
        let letters = renderLetters(outcome, protocol: triageProtocol)
        return renderNote(outcome, protocol: triageProtocol) + (letters.isEmpty ? "" : "\n" + letters)
    }

    /// The referral messages alone, one per referral into the social domain, separated by a
    /// blank line; empty when there is none.
    public func renderLetters(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> String {
        let t = Labels(language: language)
        let wishes = patientWords(outcome, triageProtocol)
        let letters = outcome.referrals.filter { $0.destination.category == .welfare }.map { message(for: $0, wishes: wishes, t) }
        return letters.isEmpty ? "" : letters.joined(separator: "\n\n") + "\n"
    }

    /// The SOEP note alone (S, O, E and P lines), for the patient file.
    public func renderNote(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> String {
        let t = Labels(language: language)
        var lines: [String] = []
        let wishes = patientWords(outcome, triageProtocol)
        let findings = outcome.answers.compactMap { answer -> String? in
            guard let question = triageProtocol.question(answer.questionID), question.answerType != .text else { return nil }
            let relevant =
                answer.answer == .yesNo(true) || answer.answer == .unknown || !question.answerType.options.isEmpty
            guard relevant else { return nil }
            // With a label: "Eenzaam: ja"; without, the question's text and the answer.
            return question.label == nil
                ? "\(question.text.shown(in: language)) \(t.answer(answer.answer, for: question))"
                : "\(question.shortName(in: language)): \(t.answer(answer.answer, for: question))"
        }
        let subjective = wishes.map { "\(t("wens", "wish")): \(UntrustedText.quoted($0))" } + findings
        lines.append("S: " + (subjective.isEmpty ? t("Zie triage.", "See triage.") : subjective.prefix(8).joined(separator: "; ")))
        let scores = outcome.scores.compactMap { score -> String? in
            guard let dimension = score.dimension, let value = score.value else { return nil }
            return "\(dimension.name(in: language).lowercased()) \(t.score(value))/10"
        }
        lines.append(
            "O: " + (scores.isEmpty ? "—" : t("Positieve Gezondheid: ", "Positive Health: ") + scores.joined(separator: ", ")))
        var evaluation = "\(t("Triage", "Triage")) \(triageProtocol.id) \(triageProtocol.version): \(t.decision(outcome.decision).lowercased())"
        if !outcome.redFlags.isEmpty {
            evaluation += "; \(t("rode vlag", "red flag")): " + outcome.redFlags.map { $0.reason.shown(in: language) }.joined(separator: "; ")
        } else {
            evaluation += "; \(t("geen rode vlaggen", "no red flags"))"
            let reasons = outcome.reasons.map { $0.shown(in: language) }
            if !reasons.isEmpty { evaluation += ". " + reasons.joined(separator: " ") }
        }
        /// Adds a sentence, with a full stop between sentences but never two.
        func append(_ sentence: String) {
            evaluation += (evaluation.hasSuffix(".") ? " " : ". ") + sentence
        }
        for note in t.notes(outcome) { append(note) }
        if let adjusted = t.adjustment(outcome, protocol: triageProtocol) { append(adjusted) }
        for route in t.droppedRedFlagRoutes(outcome, protocol: triageProtocol) {
            append(t("Rode-vlagroute bewust niet gevolgd: ", "Red-flag route deliberately not followed: ") + route)
        }
        lines.append("E: " + evaluation)
        var plan: [String] = outcome.redFlags.compactMap { $0.action?.shown(in: language) }
        for referral in outcome.referrals {
            let verb: String =
                switch referral.destination.category {
                case .urgent: t("direct", "now")
                case .medical: t("vervolg", "follow-up")
                case .welfare: t("verwezen naar", "referred to")
                }
            var item = "\(verb): \(referral.destination.name.shown(in: language))"
            if let service = referral.service { item += " (\(service.name.neutralized))" }
            if let code = codes[referral.destination.id] { item += ", \(t("verwijscode", "referral code")) \(code)" }
            if referral.destination.requiresConsent { item += ", \(t("met toestemming van patiënt", "with the patient's consent"))" }
            plan.append(item)
        }
        if outcome.referrals.contains(where: { $0.destination.category == .welfare }) {
            plan.append(
                t(
                    "terugkoppeling: contactpersoon belt patiënt binnen twee weken en koppelt terug aan de huisarts",
                    "feedback: the contact person calls the patient within two weeks and reports back to the GP"))
        }
        lines.append("P: " + (plan.isEmpty ? t("geen verwijzing; afwachtend beleid", "no referral; watchful waiting") : plan.joined(separator: "; ")))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The patient's own words (free-text answers): what matters, what they want to change.
    private func patientWords(_ outcome: Outcome, _ triageProtocol: TriageProtocol) -> [String] {
        outcome.answers.compactMap { answer in
            guard case .text(let text)? = answer.answer, !text.isEmpty else { return nil }
            return text
        }
    }

    private func message(for referral: Outcome.Referral, wishes: [String], _ t: Labels) -> String {
        let recipient = (referral.service?.contact?.text(in: language) ?? referral.service?.name ?? referral.destination.name.text(in: language)).neutralized
        var lines: [String] = [
            "--- \(t("Verwijsbericht aan", "Referral message to")) \(recipient)"
                + (referral.service?.email.map { " <\($0.neutralized)>" } ?? "") + " ---",
            codes[referral.destination.id].map { "\(t("Verwijscode", "Referral code")): \($0)" },
            "\(t("Beste", "Dear")) \(recipient),",
            "",
            t(
                "Ik verwijs een patiënt naar u. De patiënt heeft toestemming gegeven dat u contact opneemt.",
                "I am referring a patient to you. The patient has agreed that you contact them."),
            "\(t("Reden", "Reason")): " + referral.reasons.map { $0.shown(in: language) }.joined(separator: " "),
            wishes.isEmpty ? nil : "\(t("Wens van de patiënt", "The patient's wish")): " + wishes.map(UntrustedText.quoted).joined(separator: " "),
            t(
                "Wilt u binnen twee weken contact opnemen met de patiënt en mij daarna terugkoppelen wat is afgesproken?",
                "Could you contact the patient within two weeks and then report back to me what was agreed?"),
            codes[referral.destination.id].map {
                t("Vermeld bij uw terugkoppeling de verwijscode \($0).", "Please quote the referral code \($0) when you report back.")
            },
            "",
            t("Met vriendelijke groet,", "Kind regards,"),
            t("de huisarts", "the GP"),
        ].compactMap { $0 }
        if referral.service == nil {
            lines.insert(
                t("(Lokale contactpersoon onbekend: vul de sociale kaart aan.)", "(Local contact unknown: complete the social map.)"),
                at: 1)
        }
        return lines.joined(separator: "\n")
    }
}
