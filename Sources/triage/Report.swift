import ArgumentParser
import TriageKit
import TriageRegister

/// `triage report`: anonymous monitoring of the referral loop from the local register.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Anonymous monitoring from the register: per period and destination, counts of 5 or more only.",
        discussion: """
            Per month or quarter and per destination: referrals made, red flags, feedback within the agreed \
            time, median days to the first feedback, outcomes, adjustments of the advice and their reasons. \
            Counts of 1 to 4 show as <5, and x hides a further count wherever a total would give a <5 \
            away. No codes, no dates finer than the period, no free text. Consent refused is not in the \
            register (nothing is stored without a referral), so it is not reported. Exit status: 0, 1 for \
            a register that cannot be read, 64 for a usage error or without a register.
            """
    )

    enum Format: String, OutputFormat { case text, json, csv }

    @Option(help: ArgumentHelp("The first day (YYYY-MM-DD), widened to the start of its period.", valueName: "DATE"))
    var from: String?

    @Option(help: ArgumentHelp("The last day (YYYY-MM-DD), widened to the end of its period.", valueName: "DATE"))
    var to: String?

    @Option(help: "Periods: month (default) or quarter.")
    var by: ReportGranularity = .month

    @OptionGroup var output: OutputOptions<Format>

    @OptionGroup var register: RegisterOptions
    @OptionGroup var languageOptions: LanguageOptions

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, case .failure(let error) = CivilDate.parse(value) {
                throw ValidationError("\(name) '\(value.neutralized)': \(error.description)")
            }
        }
        if let from, let to, let first = CivilDate(from), let last = CivilDate(to), last < first {
            throw ValidationError("--to \(to) is before --from \(from)")
        }
    }

    func run() throws {
        try output.capture(language: languageOptions.resolve()) { try produce() }
    }

    /// The result, on standard output (which `--output` sends to a file).
    private func produce() throws {
        let store = try register.open(create: false)
        let referrals: [Referral]
        do { referrals = try store.allReferrals() } catch {
            Terminal.say("triage: \(error.description)")
            throw ExitCode(1)
        }
        let report = ReferralReport(referrals: referrals, from: from.flatMap(CivilDate.init), to: to.flatMap(CivilDate.init), by: by)
        let renderer = ReferralReportRenderer(language: languageOptions.resolve())
        switch output.format {
        case .text:
            let width = Terminal.wrapWidth(of: 1)
            Output.write(renderer.text(report).flatMap { Terminal.wrapped($0, width: width, hanging: 4) }.joined(separator: "\n") + "\n")
        case .json: Output.write(renderer.json(report).serialized() + "\n")
        case .csv: Output.write(renderer.csv(report))
        }
    }
}

extension ReportGranularity: ExpressibleByArgument {}
