import Foundation
import Testing

/// A scratch directory holding a copy of the walk fixture and whatever a test writes next to it.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appending(path: "triage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLIFixture.walk, toPath: path + "/walk.yaml")
        try FileManager.default.copyItem(atPath: CLIFixture.map, toPath: path + "/map.yaml")
    }

    /// Writes `text` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A scenario file for the walk fixture; `map` and `expect` are inserted as written.
private func scenarioFile(map: String? = nil, expect: String = "decision: none") -> String {
    """
    kind: scenarios
    protocol: walk.yaml
    \(map.map { "map: \($0)\n" } ?? "")scenarios:
      - title: Vrouw, 45, zonder zorgen
        answers: {gevaar: nee, oorzaak: geen, stemming: 8, zorgen: [], toestemming: ja}
        expect:
          \(expect)

    """
}

@Suite("scenario files: what they name must exist")
struct ScenarioSetupTests {
    @Test(
        "a scenario map that is missing, broken or a directory: test and validate fail, located at the map: line",
        arguments: ["missing.yaml", "broken.yaml", "subdir"])
    func brokenMap(_ map: String) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("broken.yaml", "kind: social_map\nregion: X\nservices:\n  - id: a\n    serves: [welzijnscoach]\n")
        try FileManager.default.createDirectory(atPath: scratch.path + "/subdir", withIntermediateDirectories: true)
        let file = try scratch.write("s.tests.yaml", scenarioFile(map: map))
        let test = try triage(["test", file])
        #expect(test.status == 1, "\(test.standardOutput)\(test.standardError)")
        #expect(test.standardError.contains("s.tests.yaml:3:6: error: the social map"), "\(test.standardError)")
        #expect(!test.standardOutput.contains("1 passed"))
        let validate = try triage(["validate", file])
        #expect(validate.status == 1, "\(validate.standardOutput)")
        #expect(validate.standardOutput.contains("s.tests.yaml:3:6: error: the social map"), "\(validate.standardOutput)")
    }

    @Test("an unknown id in any expectation field fails validate and test, with a 'did you mean'")
    func unknownExpectationIDs() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let cases: [(expect: String, message: String, hint: String)] = [
            ("not_asked: [gevar]", "'gevar' in 'not_asked' is not a question", "did you mean 'gevaar'?"),
            ("asked: [stemmin]", "'stemmin' in 'asked' is not a question", "did you mean 'stemming'?"),
            ("referrals: [welzijnscoah]", "'welzijnscoah' in 'referrals' is not a destination", "did you mean 'welzijnscoach'?"),
            ("red_flags: [acuut_gevar]", "'acuut_gevar' in 'red_flags' is not a red-flag rule", "did you mean 'acuut_gevaar'?"),
            ("red_flags: [medisch_eerst]", "'medisch_eerst' in 'red_flags' is not a red-flag rule", "is not a red flag"),
        ]
        for (expect, message, hint) in cases {
            let file = try scratch.write("s.tests.yaml", scenarioFile(expect: expect))
            let validate = try triage(["validate", file])
            #expect(validate.status == 1, "\(expect): \(validate.standardOutput)")
            #expect(validate.standardOutput.contains("s.tests.yaml:7:"), "\(expect): \(validate.standardOutput)")
            #expect(validate.standardOutput.contains(message), "\(expect): \(validate.standardOutput)")
            #expect(validate.standardOutput.contains(hint), "\(expect): \(validate.standardOutput)")
            let test = try triage(["test", file])
            #expect(test.status == 1, "\(expect): \(test.standardOutput)")
            #expect(test.standardError.contains(message), "\(expect): \(test.standardError)")
        }
    }

    @Test("a path that does not exist: exit 1 with the path located, like run")
    func missingPath() throws {
        let run = try triage(["test", "/nonexistent/scenarios"])
        #expect(run.status == 1)
        #expect(run.standardError.contains("/nonexistent/scenarios:1:1: error: no such file or directory"))
    }

    @Test("a directory without scenario files, and an empty scenarios list: nothing to run is an error")
    func nothingToRun() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let empty = scratch.path + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let run = try triage(["test", empty])
        #expect(run.status == 1)
        #expect(run.standardError.contains("no scenario files (*.tests.yaml) in"))
        #expect(!run.standardOutput.contains("0 passed"))
        let file = try scratch.write("e.tests.yaml", "kind: scenarios\nprotocol: walk.yaml\nscenarios: []\n")
        let emptyList = try triage(["test", file])
        #expect(emptyList.status == 1)
        #expect(emptyList.standardError.contains("e.tests.yaml:3:12: error: the scenario file has no scenarios"))
        #expect(try triage(["validate", file]).status == 1)
    }

    @Test("--min-coverage -1 is refused with the range, not 'Missing value'")
    func negativeCoverage() throws {
        let run = try triage(["test", CLIFixture.path("scenarios-pass"), "--min-coverage", "-1"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("--min-coverage must be 0 to 100"), "\(run.standardError)")
        #expect(!run.standardError.contains("Missing value"))
    }
}

@Suite("social maps checked against their protocol")
struct SocialMapCheckTests {
    private static let typoMap = """
        kind: social_map
        region: Typodorp
        services:
          - id: crisis
            serves: [crisisdients]
            name: Crisisdienst Typodorp
            phone: 0100-999999
        """

    @Test("run --map warns about a misspelled destination and an urgent route the map lacks")
    func runWarns() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let map = try scratch.write("typo.yaml", Self.typoMap)
        let run = try triage(
            ["run", scratch.path + "/walk.yaml", "--map", map, "--answers", CLIFixture.path("answers/walk-social.yaml")])
        #expect(run.standardError.contains("typo.yaml:4:5: warning: service 'crisis' serves 'crisisdients'"), "\(run.standardError)")
        #expect(run.standardError.contains("did you mean 'crisisdienst'?"))
        #expect(run.standardError.contains("no service for urgent destination 'crisisdienst'"))
        let pair = try triage(["validate", scratch.path + "/walk.yaml", map])
        #expect(pair.standardOutput.contains("did you mean 'crisisdienst'?"), "\(pair.standardOutput)")
        #expect(pair.standardOutput.contains("typo.yaml:4:5: warning: service 'crisis' serves 'crisisdients'"))
        #expect(pair.standardOutput.contains("typo.yaml:1:1: warning: the social map of Typodorp has no service for urgent"))
        // Alone, the map is fine: the pair is what is checked.
        #expect(!(try triage(["validate", map]).standardOutput.contains("crisisdients")))
        // The fixture map serves everything urgent the walk has: no map warning.
        let clean = try triage(["validate", scratch.path + "/walk.yaml", scratch.path + "/map.yaml"])
        #expect(!clean.standardOutput.contains("map.yaml:"), "\(clean.standardOutput)")
    }

    @Test("a scenario whose map misses an urgent route warns in test")
    func scenarioMapWarns() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("typo.yaml", Self.typoMap)
        let file = try scratch.write("s.tests.yaml", scenarioFile(map: "typo.yaml"))
        let test = try triage(["test", file])
        #expect(test.status == 0, "\(test.standardError)")
        #expect(test.standardError.contains("did you mean 'crisisdienst'?"))
    }

    @Test("a protocol passed as --map: one error naming the kind, not a list of missing keys")
    func protocolAsMap() throws {
        let run = try triage(["run", CLIFixture.walk, "--map", CLIFixture.walk, "--answers", CLIFixture.path("answers/walk-social.yaml")])
        #expect(run.status == 1)
        #expect(run.standardError.contains("walk.yaml is a protocol, not a social map"), "\(run.standardError)")
        #expect(run.standardError.components(separatedBy: "error:").count == 2, "\(run.standardError)")
    }
}

@Suite("the right kind of file in the right place")
struct WrongKindTests {
    @Test(
        "a file of another kind: one error naming its kind and where it goes",
        arguments: [
            (["run", "MAP"], "map.yaml is a social map, not a protocol", "pass a social map with --map"),
            (["run", "ANSWERS"], "walk-social.yaml is an answers file, not a protocol", "pass an answers file with --answers"),
            (["run", "WALK", "--answers", "WALK"], "walk.yaml is a protocol, not an answers file", "first argument"),
            (["graph", "MAP"], "map.yaml is a social map, not a protocol", "--map"),
        ])
    func wrongKind(_ arguments: [String], _ message: String, _ hint: String) throws {
        let resolved = arguments.map {
            switch $0 {
            case "MAP": CLIFixture.map
            case "ANSWERS": CLIFixture.path("answers/walk-social.yaml")
            case "WALK": CLIFixture.walk
            default: $0
            }
        }
        let run = try triage(resolved)
        #expect(run.status == 1)
        #expect(run.standardError.contains(message), "\(run.standardError)")
        #expect(run.standardError.contains(hint), "\(run.standardError)")
        #expect(run.standardError.components(separatedBy: "error:").count == 2, "one error only: \(run.standardError)")
        #expect(!run.standardError.contains("missing"))
    }

    @Test("answers for another protocol: the error points at the protocol: line")
    func otherProtocolLocation() throws {
        let run = try triage(["run", CLIFixture.walk, "--answers", CLIFixture.path("answers/other-protocol.yaml")])
        #expect(run.status == 1)
        #expect(run.standardError.contains("other-protocol.yaml:2:11: error: these answers are for protocol 'een-ander-protocol'"), "\(run.standardError)")
    }

    @Test("a number range beyond ±10⁹ is refused at load, located at the bound")
    func hugeRange() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let text = try String(contentsOfFile: CLIFixture.walk, encoding: .utf8)
            .replacingOccurrences(of: "range: {min: 0, max: 1000000}", with: "range: {min: 0, max: 1e308}")
        let file = try dir.write("huge.yaml", text)
        let run = try triage(["validate", file])
        #expect(run.status == 1)
        #expect(run.standardOutput.contains("error: the range's max (1e+308) is beyond what a question can take"), "\(run.standardOutput)")
    }

    @Test("adjust: in an answers file records the GP's decision; a mistake is located at adjust:")
    func adjustInAnswersFile() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let base = try String(contentsOfFile: CLIFixture.path("answers/walk-social.yaml"), encoding: .utf8)
        let good = try dir.write(
            "good.yaml", base + "adjust:\n  drop: [schuldhulpverlening]\n  reason: already_in_care\n  note: heeft al een bewindvoerder\n")
        let run = try triage(["run", CLIFixture.walk, "--answers", good, "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains(#""reason": "already_in_care""#))
        #expect(run.standardOutput.contains(#""advice": {"#))
        let bad = try dir.write("bad.yaml", base + "adjust:\n  add: [welzijnscoah]\n  reason: patient_prefers\n")
        let failed = try triage(["run", CLIFixture.walk, "--answers", bad])
        #expect(failed.status == 1)
        #expect(failed.standardError.contains("bad.yaml:"), "\(failed.standardError)")
        #expect(failed.standardError.contains("did you mean 'welzijnscoach'?"), "\(failed.standardError)")
    }
}
