import ArgumentParser
import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `triage validate FILE...`: check protocols, social maps, scenarios and answer files.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check triage YAML files and report every problem with file:line:column.",
        discussion: """
            Formats: text (compiler style), json, or sarif (SARIF 2.1.0, for code scanning in CI and \
            editors). Exit status: 0 when no file has errors (warnings are allowed unless --strict), 1 otherwise.
            """
    )

    enum Format: String, OutputFormat {
        case text, json, sarif
    }

    /// How much of the exhaustive analysis runs.
    enum Analysis: String, ExpressibleByArgument, CaseIterable {
        case full, quick, off
    }

    @Argument(
        help: "The files to check (protocols, social maps, scenarios, answer files).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var files: [String]

    @OptionGroup var output: OutputOptions<Format>

    @Flag(help: "Treat warnings as errors (exit 1; level error in SARIF).")
    var strict = false

    @Option(
        name: .customLong("counterexample-dir"),
        help: "Write each invariant's counterexample to DIR/<protocol-id>-<invariant-id>.yaml (mode 0600; never overwrites).")
    var counterexampleDir: String?

    @Option(
        help: """
            Exhaustive analysis of protocols: full (prove every check), quick (cheap proofs only; \
            what is left is reported as not proved) or off.
            """)
    var analysis: Analysis = .full

    @Option(
        name: .customLong("analysis-time"),
        help: "Seconds the exhaustive analysis may take per protocol; checks left when it runs out are reported as not proved.")
    var analysisTime: Double = 10

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to check") }
        guard analysisTime.isFinite, analysisTime > 0 else {
            throw ValidationError("--analysis-time must be a positive number of seconds")
        }
    }

    /// The analysis options for `file`; `nil` for `--analysis off`.
    private func analysisOptions(for file: String) -> ExhaustiveAnalyzer.Options? {
        let depth: ExhaustiveAnalyzer.Options.Depth
        switch analysis {
        case .off: return nil
        case .full: depth = .full
        case .quick: depth = .quick
        }
        var options = ExhaustiveAnalyzer.Options(depth: depth, timeLimit: analysisTime)
        options.progress = AnalysisProgress.reporter(for: file)
        return options
    }

    func run() throws {
        try output.capture { try produce() }
    }

    /// The result, on standard output (which `--output` sends to a file).
    private func produce() throws {
        let today = try CivilDate.today()
        var all: [Diagnostic] = []
        var failedFiles = 0
        var counterexamples: [Counterexample] = []
        var results: [(file: String, result: DocumentValidator.Result)] = []
        for file in files {
            let validator = DocumentValidator(exhaustive: analysisOptions(for: file), today: today)
            let result = validator.validate(path: file)
            counterexamples += result.counterexamples
            results.append((file, result))
        }
        // Maps named together with protocols are checked against them.
        let pairFindings = DocumentValidator.pairs(results)
        for (file, result) in results {
            let findings = result.diagnostics + pairFindings.filter { $0.location.file == file }
            let fails = findings.containsErrors || (strict && findings.contains { $0.severity == .warning })
            if fails { failedFiles += 1 }
            all += findings
        }
        all = all.sortedByLocation()
        switch output.format {
        case .sarif:
            let renderer = SARIFRenderer(toolVersion: Triage.release, warningsAsErrors: strict)
            print(renderer.render(all), terminator: "")
        case .json:
            let report = JSONValue.object([
                ("files", .number(Double(files.count))),
                ("errors", .number(Double(all.count { $0.severity == .error }))),
                ("warnings", .number(Double(all.count { $0.severity == .warning }))),
                ("diagnostics", .array(all.map(\.json))),
            ])
            print(report.serialized())
        case .text:
            let style = output.style
            for diagnostic in all { print(style.render(diagnostic)) }
            print(summary(all, failedFiles: failedFiles))
        }
        if let counterexampleDir, !writeCounterexamples(counterexamples, to: counterexampleDir) { throw ExitCode(1) }
        if failedFiles > 0 { throw ExitCode(1) }
    }

    /// Writes each counterexample as an answers file; reports on standard error. False when one failed.
    private func writeCounterexamples(_ counterexamples: [Counterexample], to directory: String) -> Bool {
        AnswersDirectory.write(
            counterexamples.map { .init(name: $0.fileName, text: $0.answersFile, label: "counterexample for '\($0.invariantID)'") },
            to: directory)
    }

    private func summary(_ diagnostics: [Diagnostic], failedFiles: Int) -> String {
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        let fileWord = files.count == 1 ? "file" : "files"
        let counts = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        return failedFiles == 0
            ? "\(files.count) \(fileWord) checked: ok (\(counts))"
            : "\(files.count) \(fileWord) checked, \(failedFiles) failed: \(counts)"
    }
}
