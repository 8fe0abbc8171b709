import ArgumentParser
import TriageKit

/// `triage test [PATH...]`: run scenario files and report which scenarios fail.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run protocol scenarios (*.tests.yaml) and compare outcomes with expectations.",
        discussion: "Prints each failing scenario with expected vs actual and the trace, then 'N passed, N failed'. Exit 1 on any failure."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Scenario files, or directories to search for *.tests.yaml (default: Protocols).")
    var paths: [String] = []

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "Color: auto, always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        let files = try ScenarioFiles.find(paths.isEmpty ? ["Protocols"] : paths)
        var passed = 0
        var failed = 0
        var loadFailed = false
        var reports: [JSONValue] = []
        let style = TerminalStyle(color, stream: .standardOutput)
        for file in files {
            let loaded = ScenarioSuiteLoader().load(path: file)
            CommandSupport.report(loaded.diagnostics)
            guard let suite = loaded.value, let triageProtocol = CommandSupport.loadProtocol(suite.protocolPath) else {
                loadFailed = true
                continue
            }
            var socialMap: SocialMap?
            if let mapPath = suite.mapPath {
                let map = SocialMapLoader().load(path: mapPath)
                CommandSupport.report(map.diagnostics)
                socialMap = map.value
            }
            let runner = ScenarioRunner(protocol: triageProtocol, socialMap: socialMap)
            for scenario in suite.scenarios {
                let result = runner.run(scenario)
                if result.passed { passed += 1 } else { failed += 1 }
                reports.append(json(result))
                if format == .text, !result.passed {
                    print("\(style.bold(scenario.location.description)): \(style.red("FAIL")) \(scenario.title)")
                    for diagnostic in result.diagnostics where diagnostic.severity == .error {
                        print("    \(diagnostic.location): \(diagnostic.message)")
                    }
                    for failure in result.failures { print("    \(failure)") }
                    if let outcome = result.outcome {
                        let fired = outcome.trace.map { "\($0.ruleID)\($0.applied ? "" : " (not applied)")" }
                        print("    trace: " + (fired.isEmpty ? "no rule fired" : fired.joined(separator: ", ")))
                    }
                }
            }
        }
        switch format {
        case .text: print("\(passed) passed, \(failed) failed")
        case .json:
            print(
                JSONValue.object([
                    ("passed", .number(Double(passed))), ("failed", .number(Double(failed))), ("scenarios", .array(reports)),
                ]).serialized())
        }
        if failed > 0 || loadFailed { throw ExitCode(1) }
    }

    private func json(_ result: ScenarioRunner.Result) -> JSONValue {
        .object([
            ("title", .string(result.scenario.title)),
            ("file", .string(result.scenario.location.file)),
            ("line", .number(Double(result.scenario.location.line))),
            ("passed", .bool(result.passed)),
            ("failures", .array(result.failures.map(JSONValue.string))),
            ("errors", .array(result.diagnostics.filter { $0.severity == .error }.map(\.json))),
            ("decision", result.outcome.map { .string($0.decision.rawValue) } ?? .null),
            ("referrals", .array((result.outcome?.referrals ?? []).map { .string($0.destination.id) })),
            ("red_flags", .array((result.outcome?.redFlags ?? []).map { .string($0.ruleID) })),
        ])
    }
}
