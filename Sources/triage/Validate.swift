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

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to check") }
    }

    func run() throws {
        try output.capture { try produce() }
    }

    /// The result, on standard output (which `--output` sends to a file).
    private func produce() throws {
        let validator = DocumentValidator(today: try CivilDate.today())
        var all: [Diagnostic] = []
        var failedFiles = 0
        var counterexamples: [Counterexample] = []
        var results: [(file: String, result: DocumentValidator.Result)] = []
        for file in files {
            let result = validator.check(path: file)
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
        var ok = true
        // The directory holds answers (health-data shaped): create it private when it is missing.
        if !counterexamples.isEmpty, mkdir(directory, 0o700) != 0, errno != EEXIST {
            Terminal.say("triage: cannot create \(directory.neutralized): \(String(cString: strerror(errno)))")
            return false
        }
        for example in counterexamples {
            let path = directory.hasSuffix("/") ? directory + example.fileName : directory + "/" + example.fileName
            do {
                try OutputFile.write(example.answersFile, to: path)
                Terminal.say("counterexample for '\(example.invariantID)' written to \(path.neutralized)")
            } catch {
                Terminal.say("triage: \(error.description.neutralized)")
                ok = false
            }
        }
        return ok
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
