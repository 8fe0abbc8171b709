import TriageKit

/// Walks a GP through a session: one question at a time, `?` for help, `<` to go back,
/// a review where any answer can be changed, and a clean abort on end of input.
struct InteractiveWalk {
    var session: TriageSession
    let language: String
    let style: TerminalStyle

    private var t: (String, String) -> String { { nl, en in language == "en" ? en : nl } }

    /// The answer given before `<` went back to its question: Enter keeps it.
    private var keptAnswer: (questionID: String, answer: AnswerValue)?

    init(session: TriageSession, language: String, style: TerminalStyle) {
        self.session = session
        self.language = language
        self.style = style
    }

    /// Runs the walk; returns `false` when the input ended before the recommendation.
    mutating func run() -> Bool {
        showFirstScreen()
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

    /// The protocol's title and the keys, once, before the first question.
    private func showFirstScreen() {
        let triageProtocol = session.triageProtocol
        say(triageProtocol.title.shown(in: language), style: style.bold)
        say("(\(triageProtocol.id) \(triageProtocol.version.neutralized))", style: style.dim)
        say(
            t(
                "Antwoord met een nummer, ja/nee of de optie. ? = uitleg, < = terug, wn = weet niet (waar toegestaan). Aan het eind kunt u elk antwoord wijzigen. Ctrl-C stopt zonder iets op te slaan.",
                "Answer with a number, yes/no or the option. ? = help, < = back, dk = don't know (where allowed). At the end you can change any answer. Ctrl-C stops without saving anything."
            ), style: style.dim)
    }

    private mutating func ask(_ question: Question) -> Bool {
        show(question)
        let kept = keptAnswer?.questionID == question.id ? keptAnswer?.answer : nil
        keptAnswer = nil
        if let kept {
            Terminal.say(style.dim(t("  Enter = houd: ", "  Enter = keep: ") + describe(kept, question)))
        }
        while true {
            Terminal.prompt(style.bold("> "))
            guard let line = Terminal.readAnswer() else { return false }
            let input = line.trimmingCharacters()
            if input.isEmpty, let kept {
                do {
                    try session.answer(kept)
                    return true
                } catch {
                    say(t("Niet begrepen: ", "Not understood: ") + error.description(in: language).neutralized, style: style.yellow)
                    continue
                }
            }
            switch input.lowercased() {
            case "?", "help", "hulp":
                say(question.help?.shown(in: language) ?? t("Geen extra uitleg bij deze vraag.", "No further help for this question."), style: style.dim)
            case "<", "terug", "back":
                let last = session.answers.last
                if let previous = session.goBack() {
                    if let last, last.question.id == previous.id { keptAnswer = (previous.id, last.answer) }
                    say(t("Terug naar: ", "Back to: ") + previous.text.shown(in: language), style: style.dim)
                } else {
                    Terminal.say(style.dim(t("Dit is de eerste vraag.", "This is the first question.")))
                }
                return true
            default:
                do {
                    try session.answer(text: input)
                    return true
                } catch {
                    say(t("Niet begrepen: ", "Not understood: ") + error.description(in: language).neutralized, style: style.yellow)
                }
            }
        }
    }

    /// Shows a question; `changing` is its number in the review when an earlier answer is changed
    /// (the walk's progress, "[answered + 1/total]", would be wrong there).
    private func show(_ question: Question, changing: Int? = nil) {
        var header = changing.map { "[\(t("wijzig", "change")) \($0)]" } ?? "[\(progressText())]"
        if let dimension = question.dimension { header += " " + dimension.name(in: language) }
        Terminal.say("")
        Terminal.say(style.dim(header))
        say(question.text.shown(in: language), style: style.bold)
        let unknown = t("weet niet", "don't know")
        switch question.answerType {
        case .yesNo:
            Terminal.say("  1) \(t("ja", "yes"))   2) \(t("nee", "no"))" + (question.allowsUnknown ? "   3) \(unknown)" : ""))
        case .singleChoice(let options), .multipleChoice(let options):
            for (number, option) in options.enumerated() {
                let marker = "  \(number + 1)) "
                say(marker + option.text.shown(in: language), hanging: marker.count)
            }
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

    /// "vraag 6 van ongeveer 20": the total is an estimate (which questions follow depends on
    /// the answers), rounded to fives above ten so it does not jump with every answer.
    private func progressText() -> String {
        let progress = session.progress
        let number = progress.answered + 1
        var total = max(number, progress.answered + progress.remaining)
        if total > 10 { total = (total + 4) / 5 * 5 }
        // Nothing after this one (no question waits for its answer either): the last.
        return progress.remaining <= 1
            ? t("laatste vraag", "last question")
            : t("vraag \(number) van ongeveer \(total)", "question \(number) of about \(total)")
    }

    private func say(_ text: String, hanging: Int? = nil, style: (String) -> String = { $0 }) {
        Terminal.sayWrapped(text, hanging: hanging, style: style)
    }

    // MARK: - Review

    private enum ReviewResult { case confirmed, changed, aborted }

    private mutating func review() -> ReviewResult {
        // Conversation order: the order of the protocol, so a follow-up added by a change
        // stands right after the question it follows.
        let order = Dictionary(session.triageProtocol.questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let answers = session.answers.sorted { (order[$0.question.id] ?? 0) < (order[$1.question.id] ?? 0) }
        let width = Terminal.promptWidth
        Terminal.say("")
        Terminal.say(style.bold(t("Controleer de antwoorden:", "Review the answers:")))
        for (number, entry) in answers.enumerated() {
            let prefix = "  \(number + 1). "
            let answer = describe(entry.answer, entry.question)
            // One line per answer: the label, shortened to what the width leaves after the answer.
            let room = max(12, width - prefix.count - answer.count - 3)
            let label = Self.shortened(reviewLabel(entry.question), to: room)
            Terminal.say(prefix + label + " — " + style.bold(Self.shortened(answer, to: max(12, width - prefix.count - label.count - 3))))
        }
        while true {
            Terminal.ask(t("Enter = bevestigen, nummer = wijzigen, < = terug:", "Enter = confirm, number = change, < = back:"), style: style.bold)
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
                    say(t("Niet begrepen: ", "Not understood: ") + error.description(in: language).neutralized, style: style.yellow)
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
        case .text(let text): text.isEmpty ? t("(overgeslagen)", "(skipped)") : UntrustedText.quoted(text)
        case .unknown: t("weet niet", "don't know")
        }
    }

    /// A question's short name for the review: its label, else its text up to the first
    /// question mark or colon, when that is short.
    private func reviewLabel(_ question: Question) -> String {
        if let label = question.label { return label.shown(in: language) }
        let text = question.text.shown(in: language)
        if let end = text.firstIndex(where: { $0 == "?" || $0 == ":" }), text.distance(from: text.startIndex, to: end) < 50 {
            return String(text[...end])
        }
        return text
    }

    /// `text` cut at a word boundary to at most `width` characters, with "…" when cut.
    static func shortened(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        let limit = text.index(text.startIndex, offsetBy: max(1, width - 1))
        var cut = text[..<limit]
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > width / 2 { cut = cut[..<space] }
        return cut.trimmingCharacters() + "…"
    }
}

extension Substring {
    /// Without surrounding spaces.
    func trimmingCharacters() -> String { String(self).trimmingCharacters() }
}

extension String {
    /// Without surrounding spaces, tabs and carriage returns.
    func trimmingCharacters() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
