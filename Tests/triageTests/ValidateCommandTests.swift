import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `triage validate` driven as a process: exit codes, compiler-style findings with hints,
/// several files at once, unreadable inputs, usage errors, JSON output, `--strict`, and no
/// ANSI escapes when the output is not a terminal or `NO_COLOR` is set.
///
/// Every test writes its own small files into a fresh directory and runs there, so the
/// paths in the output are short and the tests do not depend on the shipped protocols.
@Suite("triage validate")
struct ValidateCommandTests {
    // MARK: - Inputs

    /// A valid protocol with nothing to warn about.
    static let valid = """
        kind: protocol
        id: goed
        version: 1.0.0
        languages: [nl, en]
        title: {nl: Goed, en: Good}
        destinations:
          - {id: coach, category: welfare, name: {nl: Coach, en: Coach}}
          - {id: crisis, category: urgent, name: {nl: Crisisdienst, en: Crisis service}}
        questions:
          - id: gevaar
            type: yes_no
            text: {nl: Acuut gevaar?, en: Acute danger?}
          - id: stress
            type: scale
            when: not gevaar
            text: {nl: Stress van 0 tot 10?, en: Stress from 0 to 10?}
        rules:
          - id: rode_vlag
            when: gevaar
            red_flag: true
            refer: crisis
            reason: {nl: Acuut gevaar., en: Acute danger.}
          - id: veel_stress
            when: stress >= 7
            refer: coach
            reason: {nl: Veel stress., en: A lot of stress.}
          - id: geen
            when: not gevaar and stress < 7
            decision: none
            reason: {nl: Niets nodig., en: Nothing needed.}

        """

    /// Structural errors: three missing keys (all at 1:1) and a misspelled one at 4:1.
    static let misspelled = "kind: protocol\nid: x\nversion: 1\ntitel: x\n"

    /// A type error at 11:21 (a yes/no question compared with a number).
    static let typeError = """
        kind: protocol
        id: types
        version: 1
        title: Types
        destinations:
          - {id: coach, category: welfare, name: Coach}
        questions:
          - {id: stress, type: yes_no, text: Stress?}
        rules:
          - id: te_veel
            when: stress >= 7
            refer: coach
            reason: Stress.

        """

    /// Valid, with exactly one warning: a destination that no rule refers to (7:5).
    static let withWarning = """
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

    // MARK: - Helpers

    /// A fresh directory holding `files` (name to contents); the caller removes it.
    private static func directory(with files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "triage-validate-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, contents) in files {
            try contents.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        return path
    }

    /// The test's environment without color settings, plus `extra`.
    private static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["LANG"] = "C"
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs `triage validate` with `arguments` in `directory`.
    private static func validate(
        _ arguments: [String], in directory: String, environment: [String: String] = environment()
    ) throws -> TriageProcess.Result {
        try TriageProcess.run(["validate"] + arguments, environment: environment, currentDirectory: directory, timeout: 60)
    }

    private static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    /// The `file:line:col: severity: ...` lines of a text report, without hints and summary.
    private static func findingLines(_ text: String) -> [String] {
        lines(text).filter { !$0.hasPrefix(" ") && ($0.contains(": error: ") || $0.contains(": warning: ")) }
    }

    // MARK: - Valid and invalid files

    @Test("a valid protocol: exit 0 and the summary line, nothing else")
    func validProtocol() throws {
        let directory = try Self.directory(with: ["goed.yaml": Self.valid])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try Self.validate(["goed.yaml"], in: directory)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout == "1 file checked: ok (0 errors, 0 warnings)\n")
        #expect(run.stderr.isEmpty)
    }

    @Test("a file with errors: exit 1, compiler-style lines with [code], a hint under each")
    func fileWithErrors() throws {
        let directory = try Self.directory(with: ["bad.yaml": Self.misspelled])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try Self.validate(["bad.yaml"], in: directory)
        #expect(run.status == 1)
        #expect(
            Self.lines(run.stdout) == [
                "bad.yaml:1:1: error: the protocol has no 'questions' [missing-key]",
                "    hint: add 'questions:'",
                "bad.yaml:1:1: error: the protocol has no 'rules' [missing-key]",
                "    hint: add 'rules:'",
                "bad.yaml:1:1: error: the protocol has no 'title' [missing-key]",
                "    hint: add 'title:'",
                "bad.yaml:4:1: error: unknown key 'titel' in the protocol [unknown-key]",
                "    hint: did you mean 'title'?",
                "1 file checked, 1 failed: 4 errors, 0 warnings",
            ])
    }

    @Test("a type error points at the offending token inside the condition")
    func typeErrorLocation() throws {
        let directory = try Self.directory(with: ["types.yaml": Self.typeError])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try Self.validate(["types.yaml"], in: directory)
        #expect(run.status == 1)
        #expect(
            run.stdout.contains(
                "types.yaml:11:21: error: question 'stress' is compared with 7 but is a yes/no question [type-mismatch]\n"
                    + "    hint: compare with yes or no, or make it a scale question\n"))
    }

    @Test("several files at once: all findings sorted by file, line and column; one summary")
    func severalFilesSorted() throws {
        let directory = try Self.directory(with: [
            "a-bad.yaml": Self.misspelled, "b-types.yaml": Self.typeError, "c-goed.yaml": Self.valid,
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Given out of order: the report is still in file order.
        let run = try Self.validate(["c-goed.yaml", "b-types.yaml", "a-bad.yaml"], in: directory)
        #expect(run.status == 1)
        let findings = Self.findingLines(run.stdout)
        #expect(findings.count >= 5, "\(run.stdout)")
        let positions = findings.map { line -> (String, Int, Int) in
            let parts = line.split(separator: ":", maxSplits: 3).map(String.init)
            return (parts[0], Int(parts[1]) ?? -1, Int(parts[2]) ?? -1)
        }
        #expect(positions.first?.0 == "a-bad.yaml")
        #expect(positions.contains { $0.0 == "b-types.yaml" && $0.1 == 11 && $0.2 == 21 })
        #expect(!positions.contains { $0.0 == "c-goed.yaml" })
        let sorted = positions.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        #expect(positions.map { "\($0.0):\($0.1):\($0.2)" } == sorted.map { "\($0.0):\($0.1):\($0.2)" })
        #expect(Self.lines(run.stdout).last?.hasPrefix("3 files checked, 2 failed: 5 errors") == true, "\(run.stdout)")
    }

    // MARK: - Files that cannot be read

    @Test("a missing file: exit 1 with a message naming it; the other files are still checked")
    func missingFile() throws {
        let directory = try Self.directory(with: ["goed.yaml": Self.valid])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try Self.validate(["goed.yaml", "bestaat-niet.yaml"], in: directory)
        #expect(run.status == 1)
        #expect(run.stdout.contains("bestaat-niet.yaml:1:1: error: no such file: bestaat-niet.yaml [file-not-found]"))
        #expect(Self.lines(run.stdout).last == "2 files checked, 1 failed: 1 error, 0 warnings")
    }

    @Test("a directory instead of a file: exit 1 with a message naming it")
    func directoryArgument() throws {
        let directory = try Self.directory(with: [:])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/protocollen", withIntermediateDirectories: true)
        let run = try Self.validate(["protocollen"], in: directory)
        #expect(run.status == 1)
        #expect(run.stdout.contains("protocollen:1:1: error: protocollen is a directory, not a file [file-is-directory]"))
    }

    @Test("an unreadable file (mode 000): exit 1 with a message naming it", .enabled(if: getuid() != 0, "root can read any file"))
    func unreadableFile() throws {
        let directory = try Self.directory(with: ["geheim.yaml": Self.valid])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(chmod(directory + "/geheim.yaml", 0) == 0)
        defer { _ = chmod(directory + "/geheim.yaml", 0o644) }
        let run = try Self.validate(["geheim.yaml"], in: directory)
        #expect(run.status == 1)
        #expect(run.stdout.contains("geheim.yaml:1:1: error: permission denied: geheim.yaml [file-unreadable]"), "\(run.stdout)")
    }

    // MARK: - Usage errors

    @Test("no files: exit 64 and a usage message on standard error")
    func noFiles() throws {
        let directory = try Self.directory(with: [:])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try Self.validate([], in: directory)
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("Usage: triage validate"))
    }

    @Test("an unknown option or format: exit 64, nothing checked", arguments: [["--bogus", "goed.yaml"], ["--format", "xml", "goed.yaml"]])
    func unknownOption(arguments: [String]) throws {
        let directory = try Self.directory(with: ["goed.yaml": Self.valid])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try Self.validate(arguments, in: directory)
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(!run.stderr.isEmpty)
    }

    // MARK: - Formats and options

    @Test("--format json parses and carries every diagnostic, sorted, with counts")
    func jsonFormat() throws {
        let directory = try Self.directory(with: ["a-bad.yaml": Self.misspelled, "b-types.yaml": Self.typeError])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try Self.validate(["--format", "json", "b-types.yaml", "a-bad.yaml"], in: directory)
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["files"] as? Int == 2)
        #expect(report["errors"] as? Int == 5)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == (report["errors"] as? Int ?? 0) + (report["warnings"] as? Int ?? 0))
        #expect(diagnostics.first?["file"] as? String == "a-bad.yaml")
        let unknownKey = try #require(diagnostics.first { $0["code"] as? String == "unknown-key" })
        #expect(unknownKey["severity"] as? String == "error")
        #expect(unknownKey["line"] as? Int == 4)
        #expect(unknownKey["column"] as? Int == 1)
        #expect(unknownKey["hint"] as? String == "did you mean 'title'?")
        let mismatch = try #require(diagnostics.first { $0["code"] as? String == "type-mismatch" })
        #expect(mismatch["file"] as? String == "b-types.yaml")
        #expect(mismatch["line"] as? Int == 11)
        #expect(mismatch["column"] as? Int == 21)
        let order = diagnostics.map { ($0["file"] as? String ?? "", $0["line"] as? Int ?? 0, $0["column"] as? Int ?? 0) }
        #expect(order.map { "\($0.0):\($0.1):\($0.2)" } == order.sorted { $0 < $1 }.map { "\($0.0):\($0.1):\($0.2)" })
    }

    @Test("warnings alone pass; --strict turns them into exit 1")
    func strictWarnings() throws {
        let directory = try Self.directory(with: ["w.yaml": Self.withWarning])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lenient = try Self.validate(["w.yaml"], in: directory)
        #expect(lenient.status == 0, "\(lenient.stdout)")
        #expect(lenient.stdout.contains("w.yaml:7:5: warning: no rule refers to destination 'ongebruikt' [unused-destination]"))
        #expect(Self.lines(lenient.stdout).last == "1 file checked: ok (0 errors, 1 warning)")
        let strict = try Self.validate(["--strict", "w.yaml"], in: directory)
        #expect(strict.status == 1)
        #expect(Self.lines(strict.stdout).last == "1 file checked, 1 failed: 0 errors, 1 warning")
    }

    // MARK: - Color

    @Test("output that is not a terminal has no ANSI escapes, with or without NO_COLOR")
    func noEscapesWithoutTerminal() throws {
        let directory = try Self.directory(with: ["bad.yaml": Self.misspelled, "w.yaml": Self.withWarning])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for environment in [Self.environment(), Self.environment(["NO_COLOR": "1"])] {
            let run = try Self.validate(["bad.yaml", "w.yaml"], in: directory, environment: environment)
            #expect(run.status == 1)
            #expect(run.stdout.contains("error: "))
            #expect(!run.stdout.contains("\u{1B}"), "escape in: \(run.stdout)")
            #expect(!run.stderr.contains("\u{1B}"))
        }
        // The check above would see colors: --color always forces them even into a file.
        let forced = try Self.validate(["--color", "always", "bad.yaml"], in: directory)
        #expect(forced.stdout.contains("\u{1B}["))
    }
}
