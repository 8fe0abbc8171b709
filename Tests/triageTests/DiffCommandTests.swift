import Foundation
import Testing

/// `triage diff OLD NEW` as a process: exit codes, text and JSON, and example files that
/// `triage run --answers` turns into the described difference on both versions.
@Suite("triage diff")
struct DiffCommandTests {
    static let base = """
        kind: protocol
        id: stemming
        version: 1
        title: Stemming
        destinations:
          - {id: poh_ggz, category: medical, name: POH-GGZ}
          - {id: welzijnscoach, category: welfare, name: Welzijnscoach}
        questions:
          - {id: plezier, type: scale, range: {min: 0, max: 3}, text: Weinig plezier?}
          - {id: somber, type: scale, range: {min: 0, max: 3}, text: Somber?}
          - {id: eenzaam, type: yes_no, text: Eenzaam?}
        scores:
          - {id: phq2, method: sum, of: [plezier, somber]}
        rules:
          - {id: depressie, when: score.phq2 >= 3, refer: poh_ggz, priority: 2, reason: PHQ-2}
          - {id: eenzaamheid, when: eenzaam, refer: welzijnscoach, priority: 3, reason: Eenzaam}
          - {id: niets, when: "true", decision: none, reason: Niets nodig}
        """

    /// A temporary directory holding `old.yaml` and `new.yaml`.
    private func versions(_ old: String, _ new: String) throws -> (directory: String, old: String, new: String) {
        let directory = FileManager.default.temporaryDirectory.appending(path: "triage-diff-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try old.write(toFile: directory + "/old.yaml", atomically: true, encoding: .utf8)
        try new.write(toFile: directory + "/new.yaml", atomically: true, encoding: .utf8)
        return (directory, directory + "/old.yaml", directory + "/new.yaml")
    }

    private func referrals(_ protocolPath: String, _ answers: String) throws -> [String] {
        let run = try triage(["run", protocolPath, "--answers", answers, "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let list = try #require(object["referrals"] as? [[String: Any]])
        return list.compactMap { $0["destination"] as? String }
    }

    @Test func identicalVersionsExitZero() throws {
        let files = try versions(Self.base, Self.base)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let diff = try triage(["diff", files.old, files.new])
        #expect(diff.status == 0, "\(diff.standardError)")
        #expect(diff.standardOutput.contains("Structure: unchanged"))
        #expect(diff.standardOutput.contains("No outcome changes: all 32 classes of answers have the same outcome in both versions."))
    }

    @Test func aPlantedThresholdChangeIsReportedWithAnExampleThatReproducesOnBothVersions() throws {
        let newer = Self.base.replacingOccurrences(of: "score.phq2 >= 3", with: "score.phq2 >= 4")
        let files = try versions(Self.base, newer)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let examples = files.directory + "/voorbeelden"
        let diff = try triage(["diff", files.old, files.new, "--examples-dir", examples])
        #expect(diff.status == 1)
        #expect(diff.standardOutput.contains("rule changed depressie: when score.phq2 >= 3 → score.phq2 >= 4"))
        #expect(diff.standardOutput.contains("poh_ggz no longer referred: 8 classes"))
        #expect(diff.standardOutput.contains("it saw score.phq2 = 3"))

        let names = try FileManager.default.contentsOfDirectory(atPath: examples).sorted()
        let dropped = try #require(names.first { $0.hasSuffix("-poh_ggz-no-longer-referred.yaml") }, "\(names)")
        let path = examples + "/" + dropped
        #expect(diff.standardError.contains("written to \(path)"))
        for name in names {
            let attributes = try FileManager.default.attributesOfItem(atPath: examples + "/" + name)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
        // The described difference, through the engine: referred by the old version, not by the new.
        #expect(try referrals(files.old, path).contains("poh_ggz"))
        #expect(try !referrals(files.new, path).contains("poh_ggz"))

        // Never over an existing file: the second run fails and leaves the first files alone.
        let before = try String(contentsOfFile: path, encoding: .utf8)
        try "kind: answers\nanswers: {}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let again = try triage(["diff", files.old, files.new, "--examples-dir", examples])
        #expect(again.status == 1)
        #expect(again.standardError.contains("already exists; not overwritten"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kind: answers\nanswers: {}\n")
        #expect(!before.isEmpty)
    }

    @Test func anAddedQuestionGivesAnExampleFilePerVersionThatEachVersionRuns() throws {
        let newer = Self.base
            .replacingOccurrences(
                of: "  - {id: eenzaam, type: yes_no, text: Eenzaam?}",
                with: "  - {id: eenzaam, type: yes_no, text: Eenzaam?}\n  - {id: alleen_weekend, type: yes_no, when: eenzaam, text: Vooral in het weekend?}")
            .replacingOccurrences(of: "when: eenzaam, refer", with: "when: eenzaam and not alleen_weekend, refer")
        let files = try versions(Self.base, newer)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let examples = files.directory + "/ex"
        let diff = try triage(["diff", files.old, files.new, "--examples-dir", examples, "--format", "json"])
        #expect(diff.status == 1, "\(diff.standardError)")
        let names = try FileManager.default.contentsOfDirectory(atPath: examples).sorted()
        let old = try #require(names.first { $0.hasSuffix("welzijnscoach-no-longer-referred-old.yaml") }, "\(names)")
        let new = try #require(names.first { $0.hasSuffix("welzijnscoach-no-longer-referred-new.yaml") }, "\(names)")
        #expect(try referrals(files.old, examples + "/" + old) == ["welzijnscoach"])
        #expect(try referrals(files.new, examples + "/" + new) == [])
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let newer = Self.base.replacingOccurrences(of: "score.phq2 >= 3", with: "score.phq2 >= 4")
        let files = try versions(Self.base, newer)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let diff = try triage(["diff", files.old, files.new, "--format", "json"])
        #expect(diff.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(diff.standardOutput.utf8)) as? [String: Any])
        #expect(Array(object.keys).sorted() == ["changed_classes", "changes", "classes", "complete", "incomplete", "new", "old", "structure"])
        #expect(object["complete"] as? Bool == true)
        #expect(object["classes"] as? Int == 32)
        #expect(object["changed_classes"] as? Int == 8)
        let structure = try #require(object["structure"] as? [[String: Any]])
        #expect(structure.contains { $0["subject"] as? String == "rule" && $0["change"] as? String == "changed" && $0["id"] as? String == "depressie" })
        let changes = try #require(object["changes"] as? [[String: Any]])
        let dropped = try #require(changes.first { $0["kind"] as? String == "referral-dropped" })
        #expect(dropped["destination"] as? String == "poh_ggz")
        #expect(dropped["summary"] as? String == "poh_ggz no longer referred")
        #expect(dropped["classes"] as? Int == 8)
        let example = try #require(dropped["example"] as? [String: Any])
        #expect(example["reproduced"] as? Bool == true)
        let exampleFiles = try #require(example["files"] as? [[String: Any]])
        #expect(exampleFiles.count == 1)
        #expect(exampleFiles.first?["for"] as? [String] == ["old", "new"])
        let answers = try #require(exampleFiles.first?["answers"] as? [String: String])
        #expect(Set(answers.keys) == ["plezier", "somber", "eenzaam"])
        let rules = try #require(example["rules"] as? [[String: Any]])
        #expect(rules.first?["id"] as? String == "depressie")
        #expect(rules.first?["applies_in"] as? String == "old")
        let decision = try #require(changes.first { $0["kind"] as? String == "decision" })
        #expect(decision["from"] as? String == "medical")
        #expect(decision["to"] as? String == "none")
    }

    @Test func anInvalidVersionIsReportedWithItsLocation() throws {
        let files = try versions(Self.base, Self.base.replacingOccurrences(of: "score.phq2 >= 3", with: "score.phq3 >= 3"))
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let diff = try triage(["diff", files.old, files.new])
        #expect(diff.status == 1)
        #expect(diff.standardError.contains("\(files.new):15:"))
        #expect(diff.standardError.contains("error:"))
        #expect(diff.standardOutput.isEmpty)
    }

    @Test func aTinyBudgetSaysNotFullyComparedAndExitsOne() throws {
        let files = try versions(Self.base, Self.base)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let diff = try triage(["diff", files.old, files.new, "--max-nodes", "3"])
        #expect(diff.status == 1)
        #expect(diff.standardOutput.contains("not fully compared: the two versions together need more than 3 decision-diagram nodes"))
    }

    @Test(arguments: [
        ["diff"], ["diff", "a.yaml"], ["diff", "a.yaml", "b.yaml", "--format", "xml"], ["diff", "a.yaml", "b.yaml", "--max-nodes", "0"],
        ["diff", "a.yaml", "b.yaml", "c.yaml"], ["diff", "a.yaml", "b.yaml", "--time-limit", "-1"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let diff = try triage(arguments)
        #expect(diff.status == 64, "\(diff.standardError)")
    }
}
