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
    /// The register, when one is configured (action `r`).
    var register: RegisterOptions?
    /// The codes of the referrals recorded with `r`, by destination id (then in note and letters).
    private var codes: [String: ReferralCode] = [:]

    init(outcome: Outcome, triageProtocol: TriageProtocol, socialMap: SocialMap?, language: String, style: TerminalStyle) {
        advised = outcome
        self.outcome = outcome
        self.triageProtocol = triageProtocol
        self.socialMap = socialMap
        self.language = language
        self.style = style
    }

    private var t: (String, String) -> String { { nl, en in language == "en" ? en : nl } }

    private var note: OutcomeNoteRenderer { OutcomeNoteRenderer(language: language, codes: codes) }

    /// Offers the actions until the GP is done (`q`, Enter, or end of input).
    mutating func run() {
        while true {
            Output.flush()
            Terminal.say("")
            Terminal.askMenu(
                language == "en"
                    ? ["n note", "b letter", "r refer", "k copy note", "o save", "h HTML summary", "a adjust the advice", "q done"]
                    : ["n notitie", "b brief", "r verwijzen", "k kopieer notitie", "o opslaan", "h HTML-overzicht", "a advies aanpassen", "q klaar"],
                style: style.bold)
            guard let line = Terminal.readAnswer() else { return }
            switch line.trimmingCharacters().lowercased() {
            case "", "q", "klaar", "done": return
            case "n": show(note.renderNote(outcome, protocol: triageProtocol))
            case "b":
                let letters = note.renderLetters(outcome, protocol: triageProtocol)
                if letters.isEmpty {
                    Terminal.sayWrapped(t("Geen verwijzing naar het sociaal domein: geen verwijsbericht.", "No referral to the social domain: no letter."))
                } else {
                    show(letters)
                }
            case "k": copyNote()
            case "o": save()
            case "h": save(defaultName: "triage-\(triageProtocol.id).html")
            case "a": adjust()
            case "r": refer()
            default:
                Terminal.sayWrapped(t("Kies n, b, r, k, o, h, a of q.", "Choose n, b, r, k, o, h, a or q."), style: style.yellow)
            }
        }
    }

    /// Writes an output for the record on standard output: wrapped to the terminal for
    /// reading there (`k` and `o` keep it unwrapped), as it is when piped.
    private func show(_ text: String) {
        let width = Terminal.wrapWidth(of: 1)
        Output.write(width == nil ? text : Terminal.wrapped(text, width: width).joined(separator: "\n"))
    }

    private func copyNote() {
        switch Clipboard.copy(note.renderNote(outcome, protocol: triageProtocol)) {
        case .success(.terminal(certain: true)):
            Terminal.sayWrapped(t("Notitie gekopieerd via de terminal (OSC 52).", "Note copied through the terminal (OSC 52)."))
        case .success(.terminal(certain: false)):
            Terminal.sayWrapped(
                t(
                    "Notitie naar de terminal gestuurd (OSC 52); of die het klembord vult, hangt af van uw terminal.",
                    "Note sent to the terminal (OSC 52); whether it fills the clipboard depends on your terminal."))
        case .success(.command(let command)):
            Terminal.sayWrapped(t("Notitie gekopieerd met \(command).", "Note copied with \(command)."))
        case .failure(.commandFailed(let command)):
            Terminal.sayWrapped(t("Kopiëren met \(command) is mislukt.", "Copying with \(command) failed."), style: style.yellow)
        case .failure(.noClipboard):
            Terminal.sayWrapped(
                style.yellow(t("Geen klembord gevonden; gebruik o om op te slaan.", "No clipboard found; use o to save.")))
        }
    }

    /// Saves what the file name asks for: `.html` the printable summary with the spider web,
    /// `.json` the JSON outcome, anything else the note with the letters. Mode 0600, never
    /// over an existing file. With `defaultName`, Enter takes that name.
    private func save(defaultName: String? = nil) {
        let hint = defaultName.map { t(" (Enter = \($0))", " (Enter = \($0))") } ?? ""
        Terminal.ask(
            t("Bestandsnaam (.txt notitie en brief, .html overzicht, .json)", "File name (.txt note and letter, .html summary, .json)")
                + hint + ":")
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
            Terminal.sayWrapped(t("Opgeslagen in \(path.neutralized) (alleen voor u leesbaar).", "Saved to \(path.neutralized) (readable by you only)."))
            if lowercased.hasSuffix(".html") || lowercased.hasSuffix(".htm") {
                Terminal.sayWrapped(t("Open het in de browser om het te bekijken of af te drukken.", "Open it in a browser to view or print it."))
            }
        } catch {
            Terminal.sayWrapped(error.description(in: language), style: style.yellow)
        }
    }

    // MARK: - Referring

    /// Records the routes in the register (once), then shows the letters with their codes.
    private mutating func refer() {
        guard codes.isEmpty else {
            Terminal.sayWrapped(t("Al vastgelegd: ", "Already recorded: ") + codes.values.map(\.description).sorted().joined(separator: ", "))
            return
        }
        guard let register, register.resolvedPath != nil else {
            Terminal.sayWrapped(
                t("Geen register: start met --register PAD of zet TRIAGE_REGISTER.", "No register: start with --register PATH or set TRIAGE_REGISTER."),
                style: style.yellow)
            return
        }
        do {
            let store = try register.open()
            guard let referrals = try Refer.record(outcome, protocol: triageProtocol, in: store, language: language) else { return }
            codes = Refer.codes(referrals)
            let letters = note.renderLetters(outcome, protocol: triageProtocol)
            if !letters.isEmpty { show(letters) }
        } catch {
            return
        }
    }

    // MARK: - Adjusting the advice

    /// Drop or add routes, change the urgency, with a reason; then the result again. Always
    /// starts from the protocol's advice, so a second adjustment replaces the first.
    private mutating func adjust() {
        let advisedIDs = advised.referrals.map(\.destination.id)
        let others = triageProtocol.destinations.filter { !advisedIDs.contains($0.id) }
        Terminal.sayWrapped(t("Routes in het advies:", "Routes in the advice:"), style: style.bold)
        for (number, referral) in advised.referrals.enumerated() {
            let flag = advised.isRedFlagRoute(referral) ? t("  (rode vlag)", "  (red flag)") : ""
            Terminal.sayWrapped("  \(number + 1). \(referral.destination.name.shown(in: language))\(flag)", hanging: 5)
        }
        guard let dropped = choose(t("Welke laten vervallen? (nummers, Enter = geen): ", "Which to drop? (numbers, Enter = none): "), from: advisedIDs) else { return }
        Terminal.sayWrapped(t("Andere routes van het protocol:", "Other routes of the protocol:"), style: style.bold)
        for (number, destination) in others.enumerated() {
            Terminal.sayWrapped("  \(advisedIDs.count + number + 1). \(destination.name.shown(in: language))", hanging: 6)
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
            Terminal.ask(
                redFlagDropped
                    ? t("Een rode-vlagroute vervalt: uw reden in woorden:", "A red-flag route is dropped: your reason in words:")
                    : t("Toelichting:", "Your reason:"))
            guard let line = Terminal.readAnswer() else { return }
            note = line.trimmingCharacters()
        }
        let adjustment = Adjustment(
            dropped: dropped, added: added, urgency: urgencyChoice.map { urgencies[$0] }, reason: reason, note: note)
        do {
            outcome = try advised.adjusted(by: adjustment, protocol: triageProtocol, socialMap: socialMap)
            let renderer = OutcomeTextRenderer(
                language: language, color: style.enabled, today: try? CivilDate.today(), width: Terminal.wrapWidth(of: 1))
            Output.write("\n" + renderer.render(outcome, protocol: triageProtocol) + "\n")
        } catch {
            Terminal.sayWrapped(t("Niet aangepast: ", "Not adjusted: ") + error.description(in: language), style: style.yellow)
        }
    }

    /// Numbers separated by commas or spaces, as ids of `ids` (1-based); `nil` at end of input.
    private func choose(_ prompt: String, from ids: [String]) -> [String]? {
        while true {
            Terminal.ask(prompt)
            guard let line = Terminal.readAnswer() else { return nil }
            let parts = line.split(whereSeparator: { $0 == "," || $0 == " " })
            let numbers = parts.compactMap { Int($0) }
            if numbers.count == parts.count, numbers.allSatisfy({ ids.indices.contains($0 - 1) }) {
                var chosen: [String] = []
                for number in numbers where !chosen.contains(ids[number - 1]) { chosen.append(ids[number - 1]) }
                return chosen
            }
            Terminal.sayWrapped(t("Kies nummers 1–\(ids.count), of Enter.", "Choose numbers 1–\(ids.count), or Enter."), style: style.yellow)
        }
    }

    /// One number 1–`count` as an index; `.some(nil)` for Enter when `optional`; `nil` at end of input.
    private func pick(_ prompt: String, count: Int, optional: Bool) -> Int?? {
        while true {
            Terminal.ask(prompt)
            guard let line = Terminal.readAnswer() else { return nil }
            let text = line.trimmingCharacters()
            if text.isEmpty, optional { return .some(nil) }
            if let number = Int(text), (1...count).contains(number) { return .some(number - 1) }
            Terminal.sayWrapped(t("Kies 1–\(count).", "Choose 1–\(count)."), style: style.yellow)
        }
    }
}
