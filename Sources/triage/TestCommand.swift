import ArgumentParser
import TriageKit

/// `triage test [PATH...]`: run scenario files and report which scenarios fail.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run protocol scenarios (*.tests.yaml) and compare outcomes with expectations.",
        discussion: """
            Prints each failing scenario with expected vs actual and the trace, then 'N passed, N failed'. \
            --coverage adds, per protocol, the share of questions asked, rules fired, routes (destinations) \
            reached and 'when' branches taken (true and false for each question with a 'when'), listing \
            what no scenario covers. --min-coverage N fails when the lowest of those four figures is below \
            N percent. Exit 1 on any failure.
            """
    )

    enum Format: String, OutputFormat {
        case text, json
    }

    @Argument(
        help: "Scenario files, or directories to search for *.tests.yaml (default: Protocols).", completion: .file(extensions: ["yaml", "yml"]))
    var paths: [String] = []

    @OptionGroup var output: OutputOptions<Format>


    @Flag(help: "Report per protocol which questions, rules, routes and when-branches the scenarios cover.")
    var coverage = false

    @Option(
        name: .customLong("min-coverage"), parsing: .unconditional,
        help: ArgumentHelp(
            "Fail (exit 1) when a protocol's lowest coverage figure (of questions, rules, routes, when-branches) is below N percent; implies --coverage.",
            valueName: "N"))
    var minCoverage: Double?

    func validate() throws {
        if let minCoverage, !(0...100).contains(minCoverage) { throw ValidationError("--min-coverage must be 0 to 100") }
    }

    func run() throws {
        try output.capture { try produce() }
    }

    /// The result, on standard output (which `--output` sends to a file).
    private func produce() throws {
        let found = ScenarioFiles.find(paths.isEmpty ? ["Protocols"] : paths)
        CommandSupport.report(found.diagnostics)
        if found.diagnostics.containsErrors { throw ExitCode(1) }
        let files = found.files
        var passed = 0
        var failed = 0
        var loadFailed = false
        var reports: [JSONValue] = []
        let style = output.style
        /// Outcomes per protocol file, in the order the protocols were first seen.
        var measured: [(path: String, triageProtocol: TriageProtocol, outcomes: [Outcome])] = []
        for file in files {
            let loaded = ScenarioSuiteLoader().load(path: file)
            CommandSupport.report(loaded.diagnostics)
            guard let suite = loaded.value else {
                loadFailed = true
                continue
            }
            // The protocol and map must load and every id the expectations name must exist
            // (as `validate` checks); otherwise none of the file's scenarios runs.
            let setup = ScenarioSuiteSetup.load(suite, includingReferencedFindings: true)
            CommandSupport.report(setup.diagnostics.sortedByLocation())
            guard let triageProtocol = setup.triageProtocol, !setup.diagnostics.containsErrors else {
                loadFailed = true
                continue
            }
            let runner = ScenarioRunner(protocol: triageProtocol, socialMap: setup.socialMap)
            if !measured.contains(where: { $0.path == suite.protocolPath }) {
                measured.append((suite.protocolPath, triageProtocol, []))
            }
            for scenario in suite.scenarios {
                let result = runner.run(scenario)
                if let outcome = result.outcome, let slot = measured.firstIndex(where: { $0.path == suite.protocolPath }) {
                    measured[slot].outcomes.append(outcome)
                }
                if result.passed { passed += 1 } else { failed += 1 }
                reports.append(json(result))
                if output.format == .text, result.passed {
                    // Answers that are never used are a sign the vignette does not say what its author meant.
                    for diagnostic in result.diagnostics where diagnostic.severity == .warning {
                        print(style.render(diagnostic))
                    }
                }
                if output.format == .text, !result.passed {
                    print("\(style.bold(scenario.location.description.neutralized)): \(style.red("FAIL")) \(scenario.title.neutralized)")
                    for diagnostic in result.diagnostics where diagnostic.severity == .error {
                        print("    \(diagnostic.shownLocation): \(diagnostic.shownMessage)")
                    }
                    for failure in result.failures { print("    \(failure.neutralized)") }
                    if let outcome = result.outcome {
                        let fired = outcome.trace.map { "\($0.ruleID)\($0.applied ? "" : " (not applied)")" }
                        print("    trace: " + (fired.isEmpty ? "no rule fired" : fired.joined(separator: ", ")))
                    }
                }
            }
        }
        let coverages = (coverage || minCoverage != nil)
            ? measured.map { ($0.path, ScenarioCoverage(protocol: $0.triageProtocol, outcomes: $0.outcomes)) } : []
        let belowMinimum = minCoverage.map { minimum in coverages.filter { $0.1.lowestPercent < minimum } } ?? []
        switch output.format {
        case .text:
            for (path, measure) in coverages { print(text(measure, of: path, style: style)) }
            print("\(passed) passed, \(failed) failed")
            if let minCoverage, !belowMinimum.isEmpty {
                for (path, measure) in belowMinimum {
                    print(
                        style.red("coverage of \(path.neutralized) is \(Self.percent(measure.lowestPercent)), below the minimum of \(Self.percent(minCoverage))"))
                }
            }
        case .json:
            var pairs: [(String, JSONValue)] = [
                ("passed", .number(Double(passed))), ("failed", .number(Double(failed))), ("scenarios", .array(reports)),
            ]
            if !coverages.isEmpty {
                pairs.append(("coverage", .array(coverages.map { json($0.1, of: $0.0) })))
                if let minCoverage { pairs.append(("min_coverage", .number(minCoverage))) }
            }
            print(JSONValue.object(pairs).serialized())
        }
        if failed > 0 || loadFailed || !belowMinimum.isEmpty { throw ExitCode(1) }
    }

    // MARK: - Coverage

    private func text(_ measure: ScenarioCoverage, of path: String, style: TerminalStyle) -> String {
        var lines = [style.bold("Coverage of \(path.neutralized)") + " (\(measure.outcomeCount) scenario\(measure.outcomeCount == 1 ? "" : "s") run):"]
        let rows: [(String, ScenarioCoverage.Measure)] = [
            ("questions asked", measure.questions), ("rules fired", measure.rules), ("routes reached", measure.routes),
            ("when branches", measure.branches),
        ]
        for (name, figure) in rows {
            let padded = name.padding(18)
            let counts = "\(figure.covered.count)/\(figure.total)".padding(6)
            var line = "  \(padded)\(counts)\(Self.percent(figure.percent).padding(6, left: true))"
            if !figure.missed.isEmpty { line += "   never: " + figure.missed.joined(separator: ", ") }
            lines.append(figure.missed.isEmpty ? line : style.yellow(line))
        }
        lines.append("  lowest: \(Self.percent(measure.lowestPercent))")
        return lines.joined(separator: "\n")
    }

    private func json(_ measure: ScenarioCoverage, of path: String) -> JSONValue {
        func figure(_ figure: ScenarioCoverage.Measure) -> JSONValue {
            .object([
                ("covered", .number(Double(figure.covered.count))), ("total", .number(Double(figure.total))),
                ("percent", .number(Self.rounded(figure.percent))), ("missed", .array(figure.missed.map(JSONValue.string))),
            ])
        }
        return .object([
            ("protocol", .string(path)), ("scenarios", .number(Double(measure.outcomeCount))),
            ("questions", figure(measure.questions)), ("rules", figure(measure.rules)), ("routes", figure(measure.routes)),
            ("when_branches", figure(measure.branches)), ("lowest_percent", .number(Self.rounded(measure.lowestPercent))),
        ])
    }

    /// A percentage with at most one decimal: `87.5`, `100`.
    private static func rounded(_ value: Double) -> Double { (value * 10).rounded(.down) / 10 }

    private static func percent(_ value: Double) -> String {
        JSONValue.number(rounded(value)).serialized(pretty: false) + "%"
    }

    private func json(_ result: ScenarioRunner.Result) -> JSONValue {
        .object([
            ("title", .string(result.scenario.title)),
            ("file", .string(result.scenario.location.file)),
            ("line", .number(Double(result.scenario.location.line))),
            ("passed", .bool(result.passed)),
            ("failures", .array(result.failures.map(JSONValue.string))),
            ("errors", .array(result.diagnostics.filter { $0.severity == .error }.map(\.json))),
            ("warnings", .array(result.diagnostics.filter { $0.severity == .warning }.map(\.json))),
            ("decision", result.outcome.map { .string($0.decision.rawValue) } ?? .null),
            ("referrals", .array((result.outcome?.referrals ?? []).map { .string($0.destination.id) })),
            ("red_flags", .array((result.outcome?.redFlags ?? []).map { .string($0.ruleID) })),
        ])
    }
}

extension String {
    /// The string padded with spaces to `width` characters (on the left when `left`).
    fileprivate func padding(_ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: Swift.max(0, width - count))
        return left ? fill + self : self + fill
    }
}
