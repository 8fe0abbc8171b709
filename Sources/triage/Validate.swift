import ArgumentParser
import TriageKit

/// `triage validate FILE...`: check protocols, social maps, scenarios and answer files.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check triage YAML files and report every problem with file:line:column.",
        discussion: "Exit status: 0 when no file has errors (warnings are allowed), 1 otherwise."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The files to check (protocols, social maps, scenarios, answer files).")
    var files: [String]

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Color: auto, always or never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to check") }
    }

    func run() throws {
        let validator = DocumentValidator()
        var all: [Diagnostic] = []
        var failedFiles = 0
        for file in files {
            let findings = validator.validate(path: file).diagnostics
            let fails = findings.containsErrors || (strict && findings.contains { $0.severity == .warning })
            if fails { failedFiles += 1 }
            all += findings
        }
        all = all.sortedByLocation()
        switch format {
        case .json:
            let report = JSONValue.object([
                ("files", .number(Double(files.count))),
                ("errors", .number(Double(all.count { $0.severity == .error }))),
                ("warnings", .number(Double(all.count { $0.severity == .warning }))),
                ("diagnostics", .array(all.map(\.json))),
            ])
            print(report.serialized())
        case .text:
            let style = TerminalStyle(color, stream: .standardOutput)
            for diagnostic in all { print(style.render(diagnostic)) }
            print(summary(all, failedFiles: failedFiles))
        }
        if failedFiles > 0 { throw ExitCode(1) }
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
