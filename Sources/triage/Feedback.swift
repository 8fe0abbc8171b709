import ArgumentParser
import TriageKit
import TriageRegister

/// `triage feedback CODE --status S`: what the contact person reported, appended to the
/// referral's history when the current status allows it.
struct Feedback: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record what the contact person reported about a referral.",
        discussion: """
            Allowed changes: requested → contacted, accepted, declined, unreachable, cancelled; contacted and \
            unreachable → accepted, declined, unreachable/contacted, cancelled; accepted → completed, cancelled. \
            Nothing is overwritten: every change is added to the history. Exit status: 0, 1 for an unknown code \
            or a change that is not allowed, 64 without a register.
            """
    )

    @Argument(help: "The referral code, as on the letter (e.g. WOR-7K3F-QX).")
    var code: String?

    @Option(help: "contacted, accepted, declined, unreachable, completed or cancelled.")
    var status: ReferralStatus?

    @Option(name: .customLong("import"), help: "A FHIR R4 Task (JSON) from the social domain, instead of CODE --status.",
        completion: .file(extensions: ["json"]))
    var importPath: String?

    @Option(help: "What was agreed, in a few words (never names, BSN, birth date or address).")
    var note: String?

    @Option(help: "The day it happened, YYYY-MM-DD (default: now).")
    var date: String?

    @OptionGroup var register: RegisterOptions
    @OptionGroup var languageOptions: LanguageOptions

    func validate() throws {
        if importPath != nil {
            if code != nil || status != nil { throw ValidationError("--import takes the code and status from the Task; give no CODE or --status") }
            return
        }
        guard code != nil, let status else { throw ValidationError("name the referral CODE and its --status (or --import a FHIR Task)") }
        if status == .requested || status == .actedOn { throw ValidationError("--status must be one the contact person reports") }
        if let date, CivilDate(date) == nil { throw ValidationError("--date must be a date YYYY-MM-DD") }
    }

    func run() throws {
        let language = languageOptions.resolve()
        let t: (String, String) -> String = { nl, en in language == "en" ? en : nl }
        let store = try register.open(create: false)
        let now = try Instant.now()
        if let importPath {
            try importTask(importPath, into: store, now: now, language: language)
            return
        }
        guard let typed = self.code, let status else { throw ExitCode(64) }
        let code = try RegisterOptions.code(typed, in: store)
        var at = now
        if let date, let day = CivilDate(date), day != now.date {
            at = Instant(day)
            if let current = try store.referral(code), at < current.updatedAt, current.updatedAt.date == day { at = current.updatedAt }
        }
        if let note, !note.isEmpty {
            Terminal.sayWrapped(
                t(
                    "Let op: de notitie komt in het register; zet er geen namen, BSN, geboortedatum of adres in.",
                    "Note: the note goes into the register; do not put names, BSN, birth dates or addresses in it."))
        }
        do {
            let referral = try store.record(Referral.Change(status: status, at: at, note: note, source: "gp"), for: code)
            Output.write(ReferralsCommand.fileLine(referral, language: language) + "\n")
        } catch {
            Terminal.say("triage: \(error.description)")
            throw ExitCode(1)
        }
    }
}

extension Feedback {
    /// Applies a FHIR Task with the same transition rules; errors name the JSON path.
    private func importTask(_ path: String, into store: some ReferralStore, now: Instant, language: String) throws {
        let bytes: [UInt8]
        switch SourceFile.read(path) {
        case .failure(let diagnostic):
            CommandSupport.report([diagnostic])
            throw ExitCode(1)
        case .success(let read): bytes = read
        }
        do {
            let task = try FHIRTaskImport(bytes, file: path, now: now)
            let referral = try task.apply(to: store)
            Output.write(ReferralsCommand.fileLine(referral, language: language) + "\n")
        } catch {
            Terminal.say("triage: \(error.description)")
            throw ExitCode(1)
        }
    }
}

extension ReferralStatus: ExpressibleByArgument {}
