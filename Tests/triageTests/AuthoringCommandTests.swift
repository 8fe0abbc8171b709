import Foundation
import Testing

/// The authoring commands driven as a process: `init`, `graph`, `schema`,
/// `validate --format sarif` / `--strict`, `test --coverage` / `--min-coverage` and
/// `run --explain`.
@Suite("authoring commands", .serialized)
struct AuthoringCommandTests {
    /// A fresh temporary directory, removed by the caller.
    private static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "triage-authoring-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static func run(_ arguments: [String], in directory: String? = nil, stdin: String = "") throws -> TriageProcess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["LANG"] = "C"
        return try TriageProcess.run(arguments, stdin: Array(stdin.utf8), environment: environment, currentDirectory: directory)
    }

    private static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    // MARK: - init

    @Test("init writes a valid protocol and passing scenarios, 0644, and never overwrites")
    func initScaffolds() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let created = try Self.run(["init", "sub/eenzaamheid"], in: directory)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created sub/eenzaamheid.yaml and sub/eenzaamheid.tests.yaml"))
        let protocolPath = directory + "/sub/eenzaamheid.yaml"
        let testsPath = directory + "/sub/eenzaamheid.tests.yaml"
        let attributes = try FileManager.default.attributesOfItem(atPath: protocolPath)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o644)
        let text = try String(contentsOfFile: protocolPath, encoding: .utf8)
        #expect(text.contains("id: eenzaamheid"))
        #expect(text.contains("red_flag: true"))
        #expect(text.contains("invariants:"))
        #expect(text.split(separator: "\n").count { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") } >= 20, "comments teach the format")

        let validated = try Self.run(["validate", "--strict", "sub/eenzaamheid.yaml", "sub/eenzaamheid.tests.yaml"], in: directory)
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        let tested = try Self.run(["test", "--coverage", "--min-coverage", "100", "sub/eenzaamheid.tests.yaml"], in: directory)
        #expect(tested.status == 0, "\(tested.stdout)\(tested.stderr)")
        #expect(tested.stdout.hasSuffix("2 passed, 0 failed\n"))

        // Never over an existing file: exit 1, the file named, nothing changed.
        try "# mine\n".write(toFile: testsPath, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: protocolPath)
        let refused = try Self.run(["init", "sub/eenzaamheid"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("sub/eenzaamheid.tests.yaml already exists"))
        #expect(!FileManager.default.fileExists(atPath: protocolPath), "nothing is written when one file exists")
        #expect(try String(contentsOfFile: testsPath, encoding: .utf8) == "# mine\n")

        let badName = try Self.run(["init", "Mijn protocol!"], in: directory)
        #expect(badName.status == 64)
        #expect(badName.stderr.contains("cannot be a protocol id"))
    }

    // MARK: - graph

    @Test("graph prints DOT or Mermaid; an invalid protocol exits 1")
    func graph() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try Self.run(["init", "g"], in: directory).status == 0)
        let dot = try Self.run(["graph", "g.yaml"], in: directory)
        #expect(dot.status == 0, "\(dot.stderr)")
        #expect(dot.stdout.hasPrefix("digraph \"g\" {"))
        #expect(dot.stdout.contains("subgraph \"cluster_dim_mentaal_welbevinden\""))
        #expect(dot.stdout.contains("RODE VLAG: suicidaliteit"))
        let mermaid = try Self.run(["graph", "--format", "mermaid", "--lang", "en", "g.yaml"], in: directory)
        #expect(mermaid.status == 0)
        #expect(mermaid.stdout.hasPrefix("flowchart"))
        #expect(mermaid.stdout.contains("RED FLAG: suicidaliteit"))

        try "kind: protocol\nid: x\n".write(toFile: directory + "/broken.yaml", atomically: true, encoding: .utf8)
        let broken = try Self.run(["graph", "broken.yaml"], in: directory)
        #expect(broken.status == 1)
        #expect(broken.stdout.isEmpty)
        #expect(broken.stderr.contains("error"))
        #expect(try Self.run(["graph", "--format", "png", "g.yaml"], in: directory).status == 64)
    }

    // MARK: - schema

    @Test("schema prints one JSON Schema document, or one kind with --kind")
    func schema() throws {
        let all = try Self.run(["schema"])
        #expect(all.status == 0)
        let document = try Self.json(all.stdout)
        #expect(document["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let definitions = try #require(document["$defs"] as? [String: Any])
        for kind in ["protocol", "social_map", "scenarios", "answers"] { #expect(definitions[kind] != nil, "\(kind)") }
        let single = try Self.json(try Self.run(["schema", "--kind", "social_map"]).stdout)
        #expect(single["title"] as? String == "triage social_map file")
        #expect((single["required"] as? [String])?.contains("services") == true)
        #expect(single["additionalProperties"] as? Bool == false)
        #expect(try Self.run(["schema", "--kind", "map"]).status == 64)
    }

    // MARK: - validate

    /// Valid, with one warning: a destination no rule refers to.
    private static let protocolWithWarning = """
        kind: protocol
        id: waarschuwing
        version: 1
        title: Waarschuwing
        destinations:
          - {id: coach, category: welfare, name: Coach}
          - {id: ongebruikt, category: welfare, name: Ongebruikt}
        questions:
          - {id: stress, type: yes_no, text: Stress?}
        rules:
          - {id: stress_coach, when: stress, refer: coach, reason: Stress.}
          - {id: geen, when: not stress, decision: none, reason: Geen.}

        """

    @Test("validate --format sarif, and --strict turns warnings into exit 1")
    func validateSarifAndStrict() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.protocolWithWarning.write(toFile: directory + "/w.yaml", atomically: true, encoding: .utf8)
        try "kind: protocol\nid: x\nversion: 1\ntitel: x\n".write(toFile: directory + "/bad.yaml", atomically: true, encoding: .utf8)

        let lenient = try Self.run(["validate", "w.yaml"], in: directory)
        #expect(lenient.status == 0, "\(lenient.stdout)")
        #expect(lenient.stdout.contains("warning: no rule refers to destination 'ongebruikt' [unused-destination]"))
        let strict = try Self.run(["validate", "--strict", "w.yaml"], in: directory)
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("1 failed"))

        let sarif = try Self.run(["validate", "--format", "sarif", "w.yaml", "bad.yaml"], in: directory)
        #expect(sarif.status == 1)
        let log = try Self.json(sarif.stdout)
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "triage")
        #expect(driver["version"] as? String == "0.2.0")
        let ruleIDs = try #require(driver["rules"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ruleIDs.contains("unknown-key") && ruleIDs.contains("unused-destination"))
        let results = try #require(run["results"] as? [[String: Any]])
        let levels = Set(results.compactMap { $0["level"] as? String })
        #expect(levels.isSuperset(of: ["error", "warning"]))
        let unknown = try #require(results.first { $0["ruleId"] as? String == "unknown-key" })
        let location = try #require(((unknown["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "bad.yaml")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 4)
        #expect((location["region"] as? [String: Any])?["startColumn"] as? Int == 1)
        #expect(((unknown["message"] as? [String: Any])?["text"] as? String)?.contains("titel") == true)

        let strictSarif = try Self.run(["validate", "--format", "sarif", "--strict", "w.yaml"], in: directory)
        #expect(strictSarif.status == 1)
        #expect(!strictSarif.stdout.contains("\"warning\""))
    }

    // MARK: - test --coverage

    @Test("test --coverage lists what is never covered; --min-coverage checks the lowest figure")
    func coverage() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try Self.run(["init", "c"], in: directory).status == 0)
        // Keep only the red-flag scenario: the walk stops at once.
        let tests = try String(contentsOfFile: directory + "/c.tests.yaml", encoding: .utf8)
        let cut = try #require(tests.range(of: "  - title: Man, 67"))
        try String(tests[..<cut.lowerBound]).write(toFile: directory + "/c.tests.yaml", atomically: true, encoding: .utf8)

        let report = try Self.run(["test", "--coverage", "c.tests.yaml"], in: directory)
        #expect(report.status == 0, "\(report.stdout)\(report.stderr)")
        #expect(report.stdout.contains("Coverage of c.yaml (1 scenario run):"))
        #expect(report.stdout.contains("questions asked   1/2      50%   never: pg_mentaal"))
        #expect(report.stdout.contains("rules fired       2/3    66.6%   never: somber"))
        #expect(report.stdout.contains("routes reached    1/2      50%   never: welzijnscoach"))
        #expect(report.stdout.contains("lowest: 50%"))

        #expect(try Self.run(["test", "--min-coverage", "50", "c.tests.yaml"], in: directory).status == 0)
        let below = try Self.run(["test", "--min-coverage", "51", "c.tests.yaml"], in: directory)
        #expect(below.status == 1)
        #expect(below.stdout.contains("coverage of c.yaml is 50%, below the minimum of 51%"))
        #expect(try Self.run(["test", "--min-coverage", "101", "c.tests.yaml"], in: directory).status == 64)

        let json = try Self.json(try Self.run(["test", "--format", "json", "--coverage", "c.tests.yaml"], in: directory).stdout)
        let measured = try #require((json["coverage"] as? [[String: Any]])?.first)
        #expect(measured["lowest_percent"] as? Double == 50)
        #expect(((measured["rules"] as? [String: Any])?["missed"] as? [String]) == ["somber"])
    }

    // MARK: - run --explain

    @Test("run --explain shows every rule, true or false, with the values it saw")
    func explain() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try Self.run(["init", "e"], in: directory).status == 0)
        let answers = "kind: answers\nprotocol: e\nanswers:\n  suicidale_gedachten: nee\n  pg_mentaal: 3\n"
        try answers.write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
        let run = try Self.run(["run", "--lang", "en", "--answers", "a.yaml", "--explain", "e.yaml"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Trace:\n  Rules:\n"))
        #expect(run.stdout.contains("    ✗ suicidaliteit: suicidale_gedachten  → false\n        suicidale_gedachten = no\n"))
        #expect(run.stdout.contains("    ✓ somber: pg_mentaal < 5  → true, applied\n        pg_mentaal = 3\n"))
        #expect(run.stdout.contains("    · geen_verwijzing: true  → true, not applied: another rule applies\n"))
        // In Dutch, the remark is Dutch too.
        let dutch = try Self.run(["run", "--lang", "nl", "--answers", "a.yaml", "--explain", "e.yaml"], in: directory)
        #expect(dutch.stdout.contains("    · geen_verwijzing: true  → waar, niet toegepast: een andere regel is van toepassing\n"), "\(dutch.stdout)")
        #expect(!dutch.stdout.contains("another rule"))

        // A question's `when`, and a rule that reads an unasked question and a score.
        let withCondition = """
            kind: protocol
            id: uitleg
            version: 1
            title: Uitleg
            destinations: [{id: coach, category: welfare, name: Coach}]
            questions:
              - {id: stemming, type: scale, text: Stemming?}
              - {id: eenzaam, when: stemming < 5, type: yes_no, text: Eenzaam?}
            scores:
              - {id: stemming, method: mean, of: [stemming]}
            rules:
              - {id: eenzaamheid, when: eenzaam or score.stemming <= 2, refer: coach, reason: Eenzaam.}
              - {id: geen, when: not eenzaam, decision: none, reason: Geen.}

            """
        try withCondition.write(toFile: directory + "/u.yaml", atomically: true, encoding: .utf8)
        try "kind: answers\nanswers: {stemming: 7}\n".write(toFile: directory + "/u-answers.yaml", atomically: true, encoding: .utf8)
        let skipped = try Self.run(["run", "--lang", "en", "--answers", "u-answers.yaml", "--explain", "u.yaml"], in: directory)
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout.contains("  Questions with a condition (when):\n    ✗ eenzaam: stemming < 5  → false → skipped\n        stemming = 7\n"))
        #expect(skipped.stdout.contains("    ✗ eenzaamheid: eenzaam or score.stemming <= 2  → false\n        eenzaam = not asked, score.stemming = 7\n"))
    }
}
