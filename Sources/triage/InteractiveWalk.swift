import TriageKit

/// Walks a GP through a session: one question at a time, `?` for help, `<` to go back,
/// a review where any answer can be changed, and a clean abort on end of input.
struct InteractiveWalk {
    var session: TriageSession
    let language: String
    let style: TerminalStyle

    private var t: (String, String) -> String { { nl, en in language == "en" ? en : nl } }

    /// Runs the walk; returns `false` when the input ended before the recommendation.
    mutating func run() -> Bool {
        while true {
            while let question = session.nextQuestion {
                guard ask(question) else { return false }
            }
            switch review() {
            case .confirmed: return true
            case .aborted: return false
            case .changed: continue
            }
        }
    }

    // MARK: - One question

    private mutating func ask(_ question: Question) -> Bool {
        show(question)
        while true {
            Terminal.prompt(style.bold("> "))
            guard let line = Terminal.readAnswer() else { return false }
            let input = line.trimmingCharacters()
            switch input.lowercased() {
            case "?", "help", "hulp":
                Terminal.say(style.dim(question.help?.shown(in: language) ?? t("Geen extra uitleg bij deze vraag.", "No further help for this question.")))
            case "<", "terug", "back":
                if let previous = session.goBack() {
                    Terminal.say(style.dim(t("Terug naar: ", "Back to: ") + previous.text.shown(in: language)))
                } else {
                    Terminal.say(style.dim(t("Dit is de eerste vraag.", "This is the first question.")))
                }
                return true
            default:
                do {
                    try session.answer(text: input)
                    return true
                } catch {
                    Terminal.say(style.yellow(t("Niet begrepen: ", "Not understood: ") + error.description(in: language).neutralized))
                }
            }
        }
    }

    /// Shows a question; `changing` is its number in the review when an earlier answer is changed
    /// (the walk's progress, "[answered + 1/total]", would be wrong there).
    private func show(_ question: Question, changing: Int? = nil) {
        let progress = session.progress
        var header =
            changing.map { "[\(t("wijzig", "change")) \($0)]" }
            ?? "[\(progress.answered + 1)/\(progress.answered + progress.remaining)]"
        if let dimension = question.dimension { header += " " + dimension.name(in: language) }
        Terminal.say("")
        Terminal.say(style.dim(header))
        Terminal.say(style.bold(question.text.shown(in: language)))
        let unknown = t("weet niet", "don't know")
        switch question.answerType {
        case .yesNo:
            Terminal.say("  1) \(t("ja", "yes"))   2) \(t("nee", "no"))" + (question.allowsUnknown ? "   3) \(unknown)" : ""))
        case .singleChoice(let options), .multipleChoice(let options):
            for (number, option) in options.enumerated() { Terminal.say("  \(number + 1)) \(option.text.shown(in: language))") }
            if question.allowsUnknown, case .singleChoice = question.answerType { Terminal.say("  \(options.count + 1)) \(unknown)") }
            if case .multipleChoice = question.answerType {
                Terminal.say(style.dim(t("  (nummers met komma's, - voor geen)", "  (numbers separated by commas, - for none)")))
            }
        case .scale(let low, let high):
            Terminal.say(style.dim("  (\(low)–\(high))"))
        case .number(let low, let high):
            Terminal.say(style.dim("  (\(Expression.format(low))–\(Expression.format(high)))"))
        case .text:
            Terminal.say(style.dim(t("  (vrije tekst, Enter om over te slaan)", "  (free text, Enter to skip)")))
        }
        var help = t("? uitleg  < terug", "? help  < back")
        if question.allowsUnknown { help += t("  wn = weet niet", "  dk = don't know") }
        Terminal.say(style.dim("  " + help))
    }

    // MARK: - Review

    private enum ReviewResult { case confirmed, changed, aborted }

    private mutating func review() -> ReviewResult {
        let answers = session.answers
        Terminal.say("")
        Terminal.say(style.bold(t("Controleer de antwoorden:", "Review the answers:")))
        for (number, entry) in answers.enumerated() {
            Terminal.say("  \(number + 1). \(entry.question.text.shown(in: language)) — \(style.bold(describe(entry.answer, entry.question)))")
        }
        while true {
            Terminal.prompt(
                style.bold(t("Enter = bevestigen, nummer = wijzigen, < = terug: ", "Enter = confirm, number = change, < = back: ")))
            guard let line = Terminal.readAnswer() else { return .aborted }
            let input = line.trimmingCharacters()
            if input.isEmpty { return .confirmed }
            if input == "<" || input == "terug" || input == "back" {
                session.goBack()
                return .changed
            }
            guard let number = Int(input), answers.indices.contains(number - 1) else {
                Terminal.say(
                    style.yellow(
                        answers.isEmpty
                            ? t("Er zijn geen antwoorden om te wijzigen; Enter of <.", "There are no answers to change; Enter or <.")
                            : answers.count == 1
                                ? t("Kies 1, of Enter.", "Choose 1, or Enter.")
                                : t("Kies 1–\(answers.count), of Enter.", "Choose 1–\(answers.count), or Enter.")))
                continue
            }
            let question = answers[number - 1].question
            show(question, changing: number)
            while true {
                Terminal.prompt(style.bold("> "))
                guard let line = Terminal.readAnswer() else { return .aborted }
                do {
                    let value = try AnswerParser.parse(line.trimmingCharacters(), for: question).get()
                    try session.change(question.id, to: value)
                    return .changed
                } catch {
                    Terminal.say(style.yellow(t("Niet begrepen: ", "Not understood: ") + error.description(in: language).neutralized))
                }
            }
        }
    }

    private func describe(_ answer: AnswerValue, _ question: Question) -> String {
        switch answer {
        case .yesNo(let flag): flag ? t("ja", "yes") : t("nee", "no")
        case .choice(let id): question.answerType.options.first { $0.id == id }?.text.shown(in: language) ?? id
        case .choices(let ids):
            ids.isEmpty
                ? t("geen", "none")
                : ids.map { id in question.answerType.options.first { $0.id == id }?.text.shown(in: language) ?? id }
                    .joined(separator: ", ")
        case .number(let number): Expression.format(number)
        case .text(let text): text.isEmpty ? "—" : UntrustedText.quoted(text)
        case .unknown: t("weet niet", "don't know")
        }
    }
}

extension String {
    /// Without surrounding spaces, tabs and carriage returns.
    func trimmingCharacters() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
