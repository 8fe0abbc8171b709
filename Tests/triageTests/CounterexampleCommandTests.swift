import Foundation
import Testing

/// A planted invariant violation: `triage validate` finds it, writes the shortest
/// counterexample as an answers file, and `triage run --answers` on that file reproduces it.
@Suite("validate --counterexample-dir")
struct CounterexampleCommandTests {
    /// The welfare rule forgets to check consent, so "no referral without consent" fails.
    private let broken = """
        kind: protocol
        id: vergeten-toestemming
        version: 1
        title: Vergeten toestemming
        destinations:
          - {id: welzijnscoach, category: welfare, name: Welzijnscoach}
        questions:
          - {id: eenzaam, type: yes_no, text: Eenzaam?}
          - {id: toestemming, type: yes_no, text: Toestemming?}
        rules:
          - {id: coach, when: eenzaam, refer: welzijnscoach, reason: Eenzaam}
          - {id: niets, when: "true", decision: none, reason: Niets nodig}
        invariants:
          - id: geen_verwijzing_zonder_toestemming
            check: referred_welfare implies toestemming == yes
            message: Geen verwijzing zonder toestemming
        """

    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "triage-cx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aPlantedViolationYieldsACounterexampleThatReproduces() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let protocolPath = directory + "/vergeten.yaml"
        try broken.write(toFile: protocolPath, atomically: true, encoding: .utf8)
        let counterexamples = directory + "/cx"

        let validate = try triage(["validate", protocolPath, "--counterexample-dir", counterexamples])
        #expect(validate.status == 1)
        #expect(validate.standardOutput.contains("[invariant-violated]"))
        #expect(validate.standardOutput.contains("geen_verwijzing_zonder_toestemming"))

        let file = counterexamples + "/vergeten-toestemming-geen_verwijzing_zonder_toestemming.yaml"
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let answers = try String(contentsOfFile: file, encoding: .utf8)
        #expect(answers.contains("kind: answers"))
        #expect(answers.contains("eenzaam: ja"))
        #expect(answers.contains("toestemming: nee"))

        let run = try triage(["run", protocolPath, "--answers", file, "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("\"destination\": \"welzijnscoach\""))
        #expect(run.standardOutput.contains("\"toestemming\": \"no\""))

        let again = try triage(["validate", protocolPath, "--counterexample-dir", counterexamples])
        #expect(again.status == 1)
        #expect(again.standardError.contains("not overwritten") || again.standardOutput.contains("not overwritten"))
    }

    /// Each shipped protocol with a planted invariant that its red flags break ("no red flag
    /// ever"): validate finds it with a counterexample, and `triage run --answers` on the
    /// written file raises a red flag.
    @Test(arguments: ["welzijn-op-recept", "geldzorgen", "jeugd"])
    func aPlantedViolationInAShippedProtocolReproduces(_ name: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try String(contentsOfFile: CLIFixture.repositoryRoot + "/Protocols/\(name).yaml", encoding: .utf8)
        let planted = original.replacingOccurrences(
            of: "\ninvariants:\n",
            with: "\ninvariants:\n  - id: nooit_rode_vlag\n    check: not red_flag\n    message: {nl: Geplant., en: Planted.}\n")
        #expect(planted != original)
        let protocolPath = directory + "/\(name).yaml"
        try planted.write(toFile: protocolPath, atomically: true, encoding: .utf8)
        let counterexamples = directory + "/cx"

        let validate = try triage(["validate", protocolPath, "--counterexample-dir", counterexamples])
        #expect(validate.status == 1)
        #expect(validate.standardOutput.contains("invariant 'nooit_rode_vlag' does not hold"), "\(validate.standardOutput)")
        #expect(!validate.standardOutput.contains("not reproduced"))
        #expect(!validate.standardOutput.contains("analysis-incomplete"))
        let files = try FileManager.default.contentsOfDirectory(atPath: counterexamples)
        let file = try #require(files.first { $0.hasSuffix("-nooit_rode_vlag.yaml") })

        let run = try triage(["run", protocolPath, "--answers", counterexamples + "/" + file, "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let redFlags = try #require(outcome["red_flags"] as? [[String: Any]])
        #expect(!redFlags.isEmpty)
    }

    @Test func theShippedProtocolsAreProvedWithoutFindings() throws {
        let protocols = ["welzijn-op-recept", "geldzorgen", "jeugd"].map { CLIFixture.repositoryRoot + "/Protocols/\($0).yaml" }
        let result = try triage(["validate", "--strict"] + protocols)
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("analysis-incomplete"))
    }
}
