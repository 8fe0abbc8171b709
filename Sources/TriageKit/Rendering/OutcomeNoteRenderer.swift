/// Renders an outcome as a short SOEP note for the patient file and, when there is a
/// referral, a message the GP can send to the contact person, with the feedback
/// agreement (terugkoppeling). Contains no patient identifiers.
public struct OutcomeNoteRenderer: Sendable {
    /// `nl` (default for the patient file) or `en`.
    public var language: String

    /// Creates a renderer.
    public init(language: String = "nl") {
        self.language = language
    }

    /// The note for `outcome` of `triageProtocol`.
    public func render(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> String {
        let t = Labels(language: language)
        var lines: [String] = []
        let asked = outcome.answers.filter { answer in
            guard let question = triageProtocol.question(answer.questionID) else { return false }
            return question.answerType == .text || answer.answer == .yesNo(true) || question.answerType.options.isEmpty == false
        }
        let subjective = asked.map { answer -> String in
            let question = triageProtocol.question(answer.questionID)
            return "\(question?.text.text(in: language) ?? answer.questionID) \(t.answer(answer.answer, for: question))"
        }
        lines.append("S: " + (subjective.isEmpty ? t("Zie triage.", "See triage.") : subjective.prefix(6).joined(separator: "; ")))
        let scores = outcome.scores.compactMap { score -> String? in
            guard let dimension = score.dimension, let value = score.value else { return nil }
            return "\(dimension.name(in: language).lowercased()) \(Expression.format((value * 10).rounded() / 10))/10"
        }
        lines.append(
            "O: " + (scores.isEmpty ? "—" : t("Positieve Gezondheid: ", "Positive Health: ") + scores.joined(separator: ", ")))
        var evaluation = "\(t("Triage", "Triage")) \(triageProtocol.id) \(triageProtocol.version): \(t.decision(outcome.decision).lowercased())"
        if !outcome.redFlags.isEmpty {
            evaluation += "; \(t("rode vlag", "red flag")): " + outcome.redFlags.map { $0.reason.text(in: language) }.joined(separator: "; ")
        } else {
            evaluation += "; \(t("geen rode vlaggen", "no red flags"))"
        }
        lines.append("E: " + evaluation)
        var plan: [String] = outcome.redFlags.compactMap { $0.action?.text(in: language) }
        for referral in outcome.referrals {
            var item = "\(t("verwezen naar", "referred to")) \(referral.destination.name.text(in: language))"
            if let service = referral.service { item += " (\(service.name))" }
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
        for referral in outcome.referrals where referral.destination.category == .welfare {
            lines.append("")
            lines.append(message(for: referral, t))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func message(for referral: Outcome.Referral, _ t: Labels) -> String {
        let recipient = referral.service?.contact ?? referral.service?.name ?? referral.destination.name.text(in: language)
        var lines = [
            "--- \(t("Verwijsbericht aan", "Referral message to")) \(recipient)"
                + (referral.service?.email.map { " <\($0)>" } ?? "") + " ---",
            "\(t("Beste", "Dear")) \(recipient),",
            "",
            t(
                "Ik verwijs een patiënt naar u. De patiënt heeft toestemming gegeven dat u contact opneemt.",
                "I am referring a patient to you. The patient has agreed that you contact them."),
            "\(t("Reden", "Reason")): " + referral.reasons.map { $0.text(in: language) }.joined(separator: " "),
            t(
                "Wilt u binnen twee weken contact opnemen met de patiënt en mij daarna terugkoppelen wat is afgesproken?",
                "Could you contact the patient within two weeks and then report back to me what was agreed?"),
            "",
            t("Met vriendelijke groet,", "Kind regards,"),
            t("de huisarts", "the GP"),
        ]
        if referral.service == nil {
            lines.insert(
                t("(Lokale contactpersoon onbekend: vul de sociale kaart aan.)", "(Local contact unknown: complete the social map.)"),
                at: 1)
        }
        return lines.joined(separator: "\n")
    }
}
