import ArgumentParser
import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `triage run PROTOCOL`: walk through the questions and print the recommendation.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk through a protocol's questions and print the recommendation.",
        discussion: """
            In a terminal: answer by number, ja/nee, or the option id; 'wn' (or 3 for a yes/no \
            question, also in an --answers file) means weet niet where allowed; '?' shows help, '<' goes back; \
            at the end you can review and change any answer. With piped input the same prompts are \
            answered line by line. Prompts go to standard error, the result to standard output. \
            Exit status: 0 done, 1 invalid protocol or answers, 130 aborted (nothing is saved).
            """
    )

    enum Format: String, OutputFormat {
        case text, json, note, html

        static let help =
            "Output: text (for the GP), json, note (patient file and referral message), or html (a printable page with the spider web)."
    }

    @Argument(help: "The protocol file.", completion: .file(extensions: ["yaml", "yml"]))
    var protocolPath: String

    @Option(name: .customLong("map"), help: "A social map (sociale kaart) naming the local services.", completion: .file(extensions: ["yaml", "yml"]))
    var mapPath: String?

    @OptionGroup var languageOptions: LanguageOptions

    @Option(name: .customLong("answers"), help: "Answer every question from this file (YAML or JSON); no prompts.",
        completion: .file(extensions: ["yaml", "yml", "json"]))
    var answersPath: String?

    @OptionGroup var output: OutputOptions<Format>

    @Flag(help: "Print the full trace: every condition (each question's 'when', each rule), true or false, with the values it saw.")
    var explain = false

    @OptionGroup var register: RegisterOptions

    @Flag(help: "With --answers: record the routes in the register (--register or TRIAGE_REGISTER), one referral code each; the note and letters carry the codes.")
    var refer = false

    func validate() throws {
        if refer, answersPath == nil {
            throw ValidationError("--refer records a scripted run (with --answers); in the walk, choose 'r' at the end")
        }
        if refer, register.resolvedPath == nil { throw ValidationError("--refer needs a register: --register PATH or TRIAGE_REGISTER") }
    }

    func run() throws {
        let loaded = CommandSupport.loadProtocol(protocolPath)
        guard let triageProtocol = loaded else { throw ExitCode(1) }
        let language = languageOptions.resolve(available: triageProtocol.languages)
        Terminal.exitCleanlyOnInterrupt(language: language)
        var socialMap: SocialMap?
        if let mapPath {
            let result = SocialMapLoader().load(path: mapPath)
            CommandSupport.report(result.diagnostics)
            guard let map = result.value else { throw ExitCode(1) }
            CommandSupport.report(SocialMapCheck.check(map, against: triageProtocol, mapFile: mapPath))
            socialMap = map
        }
        var session = TriageSession(protocol: triageProtocol, socialMap: socialMap)
        var adjustment: (Adjustment, SourceLocation)?
        if let answersPath {
            let loadedSheet = AnswerSheetLoader().load(path: answersPath)
            CommandSupport.report(loadedSheet.diagnostics)
            guard let sheet = loadedSheet.value else { throw ExitCode(1) }
            if let id = sheet.protocolID, id != triageProtocol.id {
                CommandSupport.report([
                    .error(
                        "wrong-protocol", "these answers are for protocol '\(id)', not '\(triageProtocol.id)'",
                        at: sheet.protocolLocation ?? sheet.location,
                        hint: "run them with the protocol whose 'id:' is '\(id)'")
                ])
                throw ExitCode(1)
            }
            let findings = sheet.apply(to: &session).sortedByLocation()
            CommandSupport.report(findings)
            if findings.containsErrors { throw ExitCode(1) }
            adjustment = sheet.adjustment.map { ($0, sheet.adjustmentLocation ?? sheet.location) }
        } else {
            var walk = InteractiveWalk(
                session: session, language: language, style: TerminalStyle(output.color, stream: .standardError))
            guard walk.run() else {
                Terminal.say("\n" + Terminal.abortMessage(language))
                throw ExitCode(130)
            }
            session = walk.session
        }
        var outcome = session.outcome()
        if let (change, location) = adjustment {
            do {
                outcome = try outcome.adjusted(by: change, protocol: triageProtocol, socialMap: socialMap)
            } catch {
                CommandSupport.report([.init(.error, code: "invalid-adjustment", error.description, at: location)])
                throw ExitCode(1)
            }
        }
        var codes: [String: ReferralCode] = [:]
        if refer {
            let store = try register.open()
            guard let referrals = try Refer.record(outcome, protocol: triageProtocol, in: store, language: language) else {
                throw ExitCode(1)
            }
            codes = Refer.codes(referrals)
        }
        var text: String
        switch output.format {
        case .text:
            let colored = output.style.enabled
            let width = output.path == nil ? Terminal.wrapWidth(of: 1) : nil
            text =
                OutcomeTextRenderer(language: language, color: colored, today: try CivilDate.today(), width: width)
                .render(outcome, protocol: triageProtocol) + "\n"
        case .json: text = OutcomeJSONRenderer(language: language).render(outcome)
        case .note: text = OutcomeNoteRenderer(language: language, codes: codes).render(outcome, protocol: triageProtocol)
        case .html: text = OutcomeHTMLRenderer(language: language).render(outcome, protocol: triageProtocol)
        }
        if explain {
            let trace = TraceRenderer(language: language).render(outcome, protocol: triageProtocol)
            // JSON and HTML output must stay one document (JSON's "trace" has the rules); the readable trace goes to stderr.
            if output.format == .json || output.format == .html { Terminal.prompt(trace) } else { text += trace }
        }
        try output.capture(language: language) { Output.write(text) }
        // After a walk (not a scripted run): the note, the letters, copy and save, from the same answers.
        if answersPath == nil {
            var menu = ActionMenu(
                outcome: outcome, triageProtocol: triageProtocol, socialMap: socialMap, language: language,
                style: TerminalStyle(output.color, stream: .standardError))
            menu.register = register
            menu.run()
        }
    }
}

/// Loading and reporting shared by the subcommands.
enum CommandSupport {
    /// Loads a protocol, printing its diagnostics to standard error; `nil` on errors.
    static func loadProtocol(_ path: String) -> TriageProtocol? {
        switch SourceFile.read(path) {
        case .failure(let diagnostic):
            report([diagnostic])
            return nil
        case .success(let bytes):
            let result = ProtocolLoader().load(bytes, file: path)
            report(result.diagnostics)
            return result.value
        }
    }

    /// Prints diagnostics to standard error, compiler style.
    static func report(_ diagnostics: [Diagnostic]) {
        let style = TerminalStyle(.auto, stream: .standardError)
        for diagnostic in diagnostics { Terminal.say(style.render(diagnostic)) }
    }
}
