import Foundation
import Testing

@Suite("triage test")
struct TestCommandTests {
    private static let passing = CLIFixture.path("scenarios-pass")
    private static let failing = CLIFixture.path("scenarios-fail/walk-wrong.tests.yaml")

    private func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last.map(String.init) ?? ""
    }

    @Test("all scenarios pass: the last line is exactly 'N passed, 0 failed', exit 0")
    func allPass() throws {
        let run = try triage(
            ["test", Self.passing + "/walk-urgent.tests.yaml", Self.passing + "/walk-social.tests.yaml"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(lastLine(run.standardOutput) == "3 passed, 0 failed")
        #expect(run.standardOutput == "3 passed, 0 failed\n")
    }

    @Test("a failing scenario: a line with expected vs actual and the trace, exit 1")
    func failingScenario() throws {
        let run = try triage(["test", Self.failing])
        #expect(run.status == 1)
        let output = run.standardOutput
        #expect(output.contains("walk-wrong.tests.yaml:9:5: FAIL Man, 60, eenzaam (verwachting bewust fout)"))
        #expect(output.contains("decision: expected medical, got psychosocial"))
        #expect(output.contains("referrals: expected [huisarts_vervolg], got [welzijnscoach]"))
        #expect(output.contains("trace: eenzaamheid"))
        #expect(!output.contains("Vrouw, 45"), "passing scenarios are not listed")
        #expect(lastLine(output) == "1 passed, 1 failed")
    }

    @Test("--format json parses and counts")
    func jsonFormat() throws {
        let run = try triage(["test", "--format", "json", Self.failing])
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(object["passed"] as? Int == 1)
        #expect(object["failed"] as? Int == 1)
        let scenarios = try #require(object["scenarios"] as? [[String: Any]])
        #expect(scenarios.count == 2)
        #expect(scenarios.map { $0["passed"] as? Bool } == [true, false])
        #expect(scenarios.last?["decision"] as? String == "psychosocial")
        #expect((scenarios.last?["failures"] as? [String])?.first == "decision: expected medical, got psychosocial")

        let passing = try triage(["test", "--format", "json", Self.passing])
        #expect(passing.status == 0)
        let passed = try #require(try JSONSerialization.jsonObject(with: Data(passing.standardOutput.utf8)) as? [String: Any])
        #expect(passed["passed"] as? Int == 3)
        #expect(passed["failed"] as? Int == 0)
    }

    @Test("a directory argument finds its *.tests.yaml files (and nothing else)")
    func directoryArgument() throws {
        // scenarios-pass also holds ignored.yaml, a scenario file that would fail if it ran.
        let run = try triage(["test", Self.passing])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(lastLine(run.standardOutput) == "3 passed, 0 failed")
        let both = try triage(["test", Self.passing, CLIFixture.path("scenarios-fail/")])
        #expect(both.status == 1)
        #expect(lastLine(both.standardOutput) == "4 passed, 1 failed")
    }
}
