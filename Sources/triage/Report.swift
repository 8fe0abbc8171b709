import ArgumentParser
import TriageKit
import TriageRegister

/// `triage report`: anonymous monitoring of the referral loop from the local register, its
/// export for the municipality, and the regional report combined from several exports.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Anonymous monitoring from the register: per period and destination, counts of 5 or more only.",
        discussion: """
            Per month or quarter and per destination: referrals made, red flags, feedback within the agreed \
            time, median days to the first feedback and how long it took, outcomes, adjustments of the \
            advice and their reasons, and the Positieve Gezondheid profile at referral (quartiles). Counts \
            of 1 to 4 show as <5, and x hides a further count wherever a total would give a <5 away. No \
            codes, no dates finer than the period, no free text. Consent refused is not in the register \
            (nothing is stored without a referral), so it is not reported.

            --export FILE writes the same suppressed counts as NDJSON for the municipality (needs --from \
            and --to; mode 0600; never overwrites without --force). `triage report FILE...` combines \
            such exports of several practices into one regional report; a sum that a practice's hidden \
            count makes a lower bound shows as at least N. Exit status: 0, 1 for a register or export that \
            cannot be read or written, 64 for a usage error or without a register.
            """
    )

    enum Format: String, OutputFormat { case text, json, csv, html }

    @Argument(help: ArgumentHelp("Exports of practices (from --export) to combine into one regional report.", valueName: "export"))
    var exports: [String] = []

    @Option(help: ArgumentHelp("The first day (YYYY-MM-DD), widened to the start of its period.", valueName: "DATE"))
    var from: String?

    @Option(help: ArgumentHelp("The last day (YYYY-MM-DD), widened to the end of its period.", valueName: "DATE"))
    var to: String?

    @Option(help: "Periods: month (default) or quarter.")
    var by: ReportGranularity?

    @OptionGroup var output: OutputOptions<Format>

    @Option(name: .customLong("export"), help: ArgumentHelp("Write the anonymous export for the municipality to FILE (NDJSON).", valueName: "FILE"))
    var exportPath: String?

    @Flag(help: "With --export: replace FILE if it exists.")
    var force = false

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
        if !exports.isEmpty {
            if exportPath != nil { throw ValidationError("--export writes a practice's own export; a combined report is not exported again") }
            if from != nil || to != nil || by != nil {
                throw ValidationError("--from, --to and --by come from the exports themselves; leave them out when combining")
            }
        }
        if exportPath != nil, from == nil || to == nil {
            throw ValidationError("--export needs --from and --to: every practice exports the same whole periods, so that the exports combine")
        }
        if force, exportPath == nil { throw ValidationError("--force only applies to --export") }
        if exportPath != nil, output.format != .text || output.path != nil {
            throw ValidationError("--export writes NDJSON to its own file; leave out --format and --output")
        }
    }

    func run() throws {
        if let exportPath { return try export(to: exportPath) }
        try output.capture(language: languageOptions.resolve()) { try produce() }
    }

    /// Writes the export of the chosen periods to `path` (`validate()` made sure of --from and --to).
    private func export(to path: String) throws {
        let language = languageOptions.resolve()
        let report = try registerReport()
        guard let first = report.firstDay, let last = report.lastDay else { throw ExitCode(64) }
        let granularity = by ?? .month
        let text = ReportExportWriter(generator: "triage \(Triage.configuration.version)").ndjson(
            report, from: ReportPeriod(containing: first, by: granularity), to: ReportPeriod(containing: last, by: granularity))
        do { try OutputFile.write(text, to: path, replacing: force) } catch {
            Terminal.say("triage: \(error.description(in: language))")
            throw ExitCode(1)
        }
        let lines = text.count { $0 == "\n" }
        Terminal.say(
            language == "en"
                ? "triage: export written to \(path.neutralized) (\(lines) lines, suppressed counts only)"
                : "triage: export geschreven naar \(path.neutralized) (\(lines) regels, alleen onderdrukte aantallen)")
    }

    /// The result, on standard output (which `--output` sends to a file).
    private func produce() throws {
        let language = languageOptions.resolve()
        let report = exports.isEmpty ? try registerReport() : try combinedReport()
        let renderer = ReferralReportRenderer(language: language)
        switch output.format {
        case .text:
            let width = Terminal.wrapWidth(of: 1)
            Output.write(renderer.text(report).flatMap { Terminal.wrapped($0, width: width, hanging: 4) }.joined(separator: "\n") + "\n")
        case .json: Output.write(renderer.json(report).serialized() + "\n")
        case .csv: Output.write(renderer.csv(report))
        case .html: Output.write(ReferralReportHTMLRenderer(language: language).render(report))
        }
    }

    /// The report of the register's referrals.
    private func registerReport() throws -> ReferralReport {
        let store = try register.open(create: false)
        let referrals: [Referral]
        do { referrals = try store.allReferrals() } catch {
            Terminal.say("triage: \(error.description)")
            throw ExitCode(1)
        }
        return ReferralReport(referrals: referrals, from: from.flatMap(CivilDate.init), to: to.flatMap(CivilDate.init), by: by ?? .month)
    }

    /// The regional report of the exports named on the command line.
    private func combinedReport() throws -> ReferralReport {
        var read: [ReportExport] = []
        let loader = ReportExportLoader()
        for path in exports {
            switch SourceFile.read(path) {
            case .failure(let diagnostic):
                CommandSupport.report([diagnostic])
                throw ExitCode(1)
            case .success(let bytes):
                do { read.append(try loader.load(bytes, file: path)) } catch {
                    Terminal.say(error.description)
                    throw ExitCode(1)
                }
            }
        }
        // An export names no practice, so the same file sent twice cannot be told from two
        // practices with the same counts: say so, and count both.
        for (index, export) in read.enumerated() {
            var unnamed = export
            guard let earlier = read.prefix(index).first(where: { unnamed.file = $0.file; return $0 == unnamed }) else { continue }
            Terminal.say(
                languageOptions.resolve() == "en"
                    ? "triage: warning: \(export.file.neutralized) has the same counts as \(earlier.file.neutralized); the same practice twice?"
                    : "triage: let op: \(export.file.neutralized) heeft dezelfde aantallen als \(earlier.file.neutralized); dezelfde praktijk twee keer?")
        }
        do { return try ReferralReport(combining: read) } catch {
            Terminal.say(error.description)
            throw ExitCode(1)
        }
    }
}

extension ReportGranularity: ExpressibleByArgument {}
