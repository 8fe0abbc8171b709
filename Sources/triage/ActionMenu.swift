import TriageKit

/// What follows the result of an interactive walk: every output from the same answers,
/// without asking again. One line of keys: the note, the letters, copy, save, done.
struct ActionMenu {
    /// What the protocol advised; adjustments always start from it.
    let advised: Outcome
    let triageProtocol: TriageProtocol
    let socialMap: SocialMap?
    let language: String
    let style: TerminalStyle
    /// The outcome the outputs show: the advice, or the GP's adjustment of it.
    private(set) var outcome: Outcome

    init(outcome: Outcome, triageProtocol: TriageProtocol, socialMap: SocialMap?, language: String, style: TerminalStyle) {
        advised = outcome
        self.outcome = outcome
        self.triageProtocol = triageProtocol
        self.socialMap = socialMap
        self.language = language
        self.style = style
    }

    private var t: (String, String) -> String { { nl, en in language == "en" ? en : nl } }

    private var note: OutcomeNoteRenderer { OutcomeNoteRenderer(language: language) }

    /// Offers the actions until the GP is done (`q`, Enter, or end of input).
    mutating func run() {
        while true {
            Output.flush()
            Terminal.say("")
            Terminal.prompt(
                style.bold(
                    t(
                        "n notitie · b brief · k kopieer notitie · o opslaan · h HTML-overzicht · a advies aanpassen · q klaar: ",
                        "n note · b letter · k copy note · o save · h HTML summary · a adjust the advice · q done: ")))
            guard let line = Terminal.readAnswer() else { return }
            switch line.trimmingCharacters().lowercased() {
            case "", "q", "klaar", "done": return
            case "n": Output.write(note.renderNote(outcome, protocol: triageProtocol))
            case "b":
                let letters = note.renderLetters(outcome, protocol: triageProtocol)
                if letters.isEmpty {
                    Terminal.say(t("Geen verwijzing naar het sociaal domein: geen verwijsbericht.", "No referral to the social domain: no letter."))
                } else {
                    Output.write(letters)
                }
            case "k": copyNote()
            case "o": save()
            case "h": save(defaultName: "triage-\(triageProtocol.id).html")
            case "a": adjust()
            default:
                Terminal.say(style.yellow(t("Kies n, b, k, o, h, a of q.", "Choose n, b, k, o, h, a or q.")))
            }
        }
    }

    private func copyNote() {
        switch Clipboard.copy(note.renderNote(outcome, protocol: triageProtocol)) {
        case .success(.terminal(certain: true)):
            Terminal.say(t("Notitie gekopieerd via de terminal (OSC 52).", "Note copied through the terminal (OSC 52)."))
        case .success(.terminal(certain: false)):
            Terminal.say(
                t(
                    "Notitie naar de terminal gestuurd (OSC 52); of die het klembord vult, hangt af van uw terminal.",
                    "Note sent to the terminal (OSC 52); whether it fills the clipboard depends on your terminal."))
        case .success(.command(let command)):
            Terminal.say(t("Notitie gekopieerd met \(command).", "Note copied with \(command)."))
        case .failure(.commandFailed(let command)):
            Terminal.say(style.yellow(t("Kopiëren met \(command) is mislukt.", "Copying with \(command) failed.")))
        case .failure(.noClipboard):
            Terminal.say(
                style.yellow(t("Geen klembord gevonden; gebruik o om op te slaan.", "No clipboard found; use o to save.")))
        }
    }

    /// Saves what the file name asks for: `.html` the printable summary with the spider web,
    /// `.json` the JSON outcome, anything else the note with the letters. Mode 0600, never
    /// over an existing file. With `defaultName`, Enter takes that name.
    private func save(defaultName: String? = nil) {
        let hint = defaultName.map { t(" (Enter = \($0))", " (Enter = \($0))") } ?? ""
        Terminal.prompt(
            t("Bestandsnaam (.txt notitie en brief, .html overzicht, .json)", "File name (.txt note and letter, .html summary, .json)")
                + hint + ": ")
        guard let line = Terminal.readAnswer() else { return }
        let typed = line.trimmingCharacters()
        guard let path = typed.isEmpty ? defaultName : typed else { return }
        let lowercased = path.lowercased()
        let text =
            lowercased.hasSuffix(".json")
            ? OutcomeJSONRenderer(language: language).render(outcome)
            : lowercased.hasSuffix(".html") || lowercased.hasSuffix(".htm")
                ? OutcomeHTMLRenderer(language: language).render(outcome, protocol: triageProtocol)
                : note.render(outcome, protocol: triageProtocol)
        do {
            try OutputFile.write(text, to: path)
            Terminal.say(t("Opgeslagen in \(path.neutralized) (alleen voor u leesbaar).", "Saved to \(path.neutralized) (readable by you only)."))
            if lowercased.hasSuffix(".html") || lowercased.hasSuffix(".htm") {
                Terminal.say(t("Open het in de browser om het te bekijken of af te drukken.", "Open it in a browser to view or print it."))
            }
        } catch {
            Terminal.say(style.yellow(error.description(in: language)))
        }
    }

    // MARK: - Adjusting the advice

    /// Drop or add routes, change the urgency, with a reason; then the result again. Always
    /// starts from the protocol's advice, so a second adjustment replaces the first.
    private mutating func adjust() {
        let advisedIDs = advised.referrals.map(\.destination.id)
        let others = triageProtocol.destinations.filter { !advisedIDs.contains($0.id) }
        Terminal.say(style.bold(t("Routes in het advies:", "Routes in the advice:")))
        for (number, referral) in advised.referrals.enumerated() {
            let flag = advised.isRedFlagRoute(referral) ? t("  (rode vlag)", "  (red flag)") : ""
            Terminal.say("  \(number + 1). \(referral.destination.name.shown(in: language))\(flag)")
        }
        guard let dropped = choose(t("Welke laten vervallen? (nummers, Enter = geen): ", "Which to drop? (numbers, Enter = none): "), from: advisedIDs) else { return }
        Terminal.say(style.bold(t("Andere routes van het protocol:", "Other routes of the protocol:")))
        for (number, destination) in others.enumerated() {
            Terminal.say("  \(advisedIDs.count + number + 1). \(destination.name.shown(in: language))")
        }
        guard let addedNumbers = choose(t("Welke toevoegen? (nummers, Enter = geen): ", "Which to add? (numbers, Enter = none): "), from: advisedIDs + others.map(\.id)) else { return }
        let added = addedNumbers.filter { !advisedIDs.contains($0) }
        let urgencies: [Outcome.Urgency] = [.today, .soon, .routine, .none]
        let urgencyMenu = urgencies.enumerated().map { "\($0.offset + 1) \(Labels(language: language).urgency($0.element))" }
        guard let urgencyChoice = pick(t("Urgentie", "Urgency") + ": " + urgencyMenu.joined(separator: " · ") + t(" · Enter = volgens advies: ", " · Enter = as advised: "), count: 4, optional: true) else { return }
        let reasons = Adjustment.Reason.allCases
        let reasonMenu = reasons.enumerated().map { "\($0.offset + 1) \($0.element.text(in: language))" }
        guard let reasonChoice = pick(t("Reden", "Reason") + ": " + reasonMenu.joined(separator: " · ") + ": ", count: reasons.count, optional: false), let reasonIndex = reasonChoice else { return }
        let reason = reasons[reasonIndex]
        let redFlagDropped = dropped.contains { id in advised.referrals.contains { $0.destination.id == id && advised.isRedFlagRoute($0) } }
        var note: String?
        if reason == .other || redFlagDropped {
            Terminal.prompt(
                redFlagDropped
                    ? t("Een rode-vlagroute vervalt: uw reden in woorden: ", "A red-flag route is dropped: your reason in words: ")
                    : t("Toelichting: ", "Your reason: "))
            guard let line = Terminal.readAnswer() else { return }
            note = line.trimmingCharacters()
        }
        let adjustment = Adjustment(
            dropped: dropped, added: added, urgency: urgencyChoice.map { urgencies[$0] }, reason: reason, note: note)
        do {
            outcome = try advised.adjusted(by: adjustment, protocol: triageProtocol, socialMap: socialMap)
            Output.write("\n" + OutcomeTextRenderer(language: language).render(outcome, protocol: triageProtocol) + "\n")
        } catch {
            Terminal.say(style.yellow(t("Niet aangepast: ", "Not adjusted: ") + error.description(in: language)))
        }
    }

    /// Numbers separated by commas or spaces, as ids of `ids` (1-based); `nil` at end of input.
    private func choose(_ prompt: String, from ids: [String]) -> [String]? {
        while true {
            Terminal.prompt(prompt)
            guard let line = Terminal.readAnswer() else { return nil }
            let parts = line.split(whereSeparator: { $0 == "," || $0 == " " })
            let numbers = parts.compactMap { Int($0) }
            if numbers.count == parts.count, numbers.allSatisfy({ ids.indices.contains($0 - 1) }) {
                var chosen: [String] = []
                for number in numbers where !chosen.contains(ids[number - 1]) { chosen.append(ids[number - 1]) }
                return chosen
            }
            Terminal.say(style.yellow(t("Kies nummers 1–\(ids.count), of Enter.", "Choose numbers 1–\(ids.count), or Enter.")))
        }
    }

    /// One number 1–`count` as an index; `.some(nil)` for Enter when `optional`; `nil` at end of input.
    private func pick(_ prompt: String, count: Int, optional: Bool) -> Int?? {
        while true {
            Terminal.prompt(prompt)
            guard let line = Terminal.readAnswer() else { return nil }
            let text = line.trimmingCharacters()
            if text.isEmpty, optional { return .some(nil) }
            if let number = Int(text), (1...count).contains(number) { return .some(number - 1) }
            Terminal.say(style.yellow(t("Kies 1–\(count).", "Choose 1–\(count).")))
        }
    }
}
