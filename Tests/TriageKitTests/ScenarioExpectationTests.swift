import Foundation
import Testing

@testable import TriageKit

/// Scenario `expect:` fields `urgency`, `scores` and `rules`: loaded, checked against the
/// protocol (with "did you mean"), and compared by the runner with clear failure lines.
@Suite struct ScenarioExpectationTests {
    static let protocolYAML = """
        kind: protocol
        id: verwachting
        version: 1
        title: Verwachting
        destinations:
          - {id: crisisdienst, category: urgent, name: Crisisdienst}
          - {id: welzijnscoach, category: welfare, name: Welzijnscoach}
          - {id: huisarts_vervolg, category: medical, name: Huisarts}
        questions:
          - {id: gevaar, type: yes_no, text: Gevaar?}
          - {id: a, type: scale, text: A?, when: not gevaar}
          - {id: b, type: scale, text: B?, when: not gevaar}
          - {id: c, type: scale, text: C?, when: not gevaar}
        scores:
          - {id: meedoen, method: mean, of: [a, b]}
          - {id: drie, method: mean, of: [a, b, c]}
        rules:
          - {id: acuut, when: gevaar, red_flag: true, refer: crisisdienst, reason: Acuut.}
          - {id: weinig_meedoen, when: score.meedoen < 5, refer: welzijnscoach, reason: Weinig meedoen.}
          - {id: laag, when: score.drie < 5, refer: huisarts_vervolg, reason: Laag.}

        """

    /// Loads a scenario file with one scenario (answers and `expect` as written) next to
    /// the protocol, and sets it up as `triage test` does.
    static func load(answers: String, expect: String) throws -> (ScenarioSuite?, ScenarioSuiteSetup?, [Diagnostic]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("triage-expect-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try protocolYAML.write(toFile: directory + "/p.yaml", atomically: true, encoding: .utf8)
        let text = """
            kind: scenarios
            protocol: p.yaml
            scenarios:
              - title: Iemand
                answers: \(answers)
                expect:
            \(expect.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))

            """
        try text.write(toFile: directory + "/s.tests.yaml", atomically: true, encoding: .utf8)
        let loaded = ScenarioSuiteLoader().load(path: directory + "/s.tests.yaml")
        guard let suite = loaded.value else { return (nil, nil, loaded.diagnostics) }
        let setup = ScenarioSuiteSetup.load(suite, includingReferencedFindings: true)
        return (suite, setup, setup.diagnostics)
    }

    /// The failure lines of the one scenario.
    static func failures(answers: String, expect: String) throws -> [String] {
        let (suite, setup, diagnostics) = try load(answers: answers, expect: expect)
        #expect(!diagnostics.containsErrors, "\(diagnostics)")
        let scenario = try #require(suite?.scenarios.first)
        let runner = ScenarioRunner(protocol: try #require(setup?.triageProtocol))
        let result = runner.run(scenario)
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
        return result.failures
    }

    @Test func theFieldsAreLoaded() throws {
        let (suite, _, diagnostics) = try Self.load(
            answers: "{gevaar: nee, a: 3, b: 6, c: weet niet}",
            expect: "urgency: soon\nscores: {meedoen: 4.5, drie: none}\nrules: [weinig_meedoen, laag]")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let expectation = try #require(suite?.scenarios.first?.expectation)
        #expect(expectation.urgency == .soon)
        #expect(
            expectation.scores == [
                Scenario.ExpectedScore(id: "meedoen", value: 4.5), Scenario.ExpectedScore(id: "drie", value: nil),
            ])
        #expect(expectation.rules == ["weinig_meedoen", "laag"])
        #expect(expectation.references.map(\.field).sorted() == ["rules", "rules", "scores", "scores"])
    }

    @Test func matchingExpectationsPassInAnyRuleOrderAndAfterRounding() throws {
        // meedoen = 4.5, drie = (3 + 6 + 2) / 3 = 3.666…, written as 3.67.
        let failures = try Self.failures(
            answers: "{gevaar: nee, a: 3, b: 6, c: 2}",
            expect: "urgency: soon\nscores: {meedoen: 4.5, drie: 3.67}\nrules: [laag, weinig_meedoen]")
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func mismatchesGiveClearFailureLines() throws {
        let failures = try Self.failures(
            answers: "{gevaar: nee, a: 3, b: 4, c: 10}",
            expect: "urgency: routine\nscores: {meedoen: 3, drie: none}\nrules: [weinig_meedoen, laag]")
        #expect(
            failures == [
                "score 'meedoen': expected 3, got 3.5", "score 'drie': expected none, got 5.67",
                "rules: expected [weinig_meedoen, laag], got [weinig_meedoen]",
            ], "\(failures)")
        let urgent = try Self.failures(
            answers: "{gevaar: ja}", expect: "urgency: soon\nscores: {meedoen: 4}\nrules: []")
        #expect(
            urgent == [
                "urgency: expected soon, got today", "score 'meedoen': expected 4, got none",
                "rules: expected [], got [acuut]",
            ], "\(urgent)")
    }

    @Test func overruledRulesAreNotApplied() throws {
        // Only the red flag applies; the questions behind the other rules are not asked.
        let failures = try Self.failures(answers: "{gevaar: ja}", expect: "urgency: today\nscores: {meedoen: none}\nrules: [acuut]")
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func unknownScoreAndRuleIDsAreErrorsWithDidYouMean() throws {
        let cases: [(expect: String, message: String, hint: String)] = [
            ("scores: {meedon: 3}", "'meedon' in 'scores' is not a score of protocol 'verwachting'", "did you mean 'meedoen'?"),
            ("rules: [weinig_meedon]", "'weinig_meedon' in 'rules' is not a rule of protocol 'verwachting'", "did you mean 'weinig_meedoen'?"),
        ]
        for (expect, message, hint) in cases {
            let (_, _, diagnostics) = try Self.load(answers: "{gevaar: ja}", expect: expect)
            let error = try #require(diagnostics.first { $0.code == "unknown-id" }, "\(expect): \(diagnostics)")
            #expect(error.message == message)
            #expect(error.hint?.contains(hint) == true, "\(error.hint ?? "")")
            #expect(error.location.line == 7, "\(error.location)")
        }
    }

    @Test func malformedValuesAreErrors() throws {
        let cases: [(expect: String, message: String)] = [
            ("urgency: vandaag", "'vandaag' is not a valid urgency"),
            ("scores: [meedoen]", "'scores' must be a mapping"),
            ("scores: {meedoen: veel}", "'scores.meedoen' must be a number, not 'veel'"),
        ]
        for (expect, message) in cases {
            let (suite, _, diagnostics) = try Self.load(answers: "{gevaar: ja}", expect: expect)
            #expect(suite == nil, "\(expect)")
            #expect(diagnostics.contains { $0.message.contains(message) }, "\(expect): \(diagnostics)")
        }
    }
}
