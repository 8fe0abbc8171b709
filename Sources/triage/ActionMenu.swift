import TriageKit

/// What follows the result of an interactive walk: every output from the same answers,
/// without asking again. One line of keys: the note, the letters, copy, save, done.
struct ActionMenu {
    let outcome: Outcome
    let triageProtocol: TriageProtocol
    let language: String
    let style: TerminalStyle

    private var t: (String, String) -> String { { nl, en in language == "en" ? en : nl } }

    private var note: OutcomeNoteRenderer { OutcomeNoteRenderer(language: language) }

    /// Offers the actions until the GP is done (`q`, Enter, or end of input).
    func run() {
        while true {
            Output.flush()
            Terminal.say("")
            Terminal.prompt(
                style.bold(
                    t(
                        "n notitie · b brief · k kopieer notitie · o opslaan · q klaar: ",
                        "n note · b letter · k copy note · o save · q done: ")))
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
            default:
                Terminal.say(style.yellow(t("Kies n, b, k, o of q.", "Choose n, b, k, o or q.")))
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

    /// Saves what the file name asks for: `.json` the JSON outcome, anything else the note
    /// with the letters. Mode 0600, never over an existing file.
    private func save() {
        Terminal.prompt(t("Bestandsnaam (.txt voor notitie en brief, .json): ", "File name (.txt for note and letter, .json): "))
        guard let line = Terminal.readAnswer() else { return }
        let path = line.trimmingCharacters()
        guard !path.isEmpty else { return }
        let text =
            path.lowercased().hasSuffix(".json")
            ? OutcomeJSONRenderer(language: language).render(outcome)
            : note.render(outcome, protocol: triageProtocol)
        do {
            try OutputFile.write(text, to: path)
            Terminal.say(t("Opgeslagen in \(path.neutralized) (alleen voor u leesbaar).", "Saved to \(path.neutralized) (readable by you only)."))
        } catch {
            Terminal.say(style.yellow(error.description(in: language)))
        }
    }
}
