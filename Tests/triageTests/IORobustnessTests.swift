import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CLI on inputs that are not files (named pipes, `/dev/stdin`, `<(cat file)`), on a
/// standard output that cannot be written (`>/dev/full`, `>&-`), and `--output` when the
/// write fails half-way (a file size limit). Every run has a short deadline: a run that
/// blocks fails the test instead of hanging the suite.
@Suite("I/O robustness")
struct IORobustnessTests {
    private static let protocolPath = CLIFixture.repositoryRoot + "/Protocols/welzijn-op-recept.yaml"
    private static let answersPath = CLIFixture.repositoryRoot + "/Examples/answers/welzijn-op-recept-schulden.yaml"
    private static let mapPath = CLIFixture.repositoryRoot + "/Examples/sociale-kaart/weert.yaml"

    /// A fresh private directory for one test.
    private static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "io-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `triage` through `/bin/sh -c`, so the shell can set up what the test needs:
    /// `script` refers to the executable as `"$0"` and to `arguments` as `"$@"`.
    private static func shell(_ script: String, _ arguments: [String], timeout: Double = 20) throws -> CLIRun {
        let result = try TriageProcess.spawn(
            "/bin/sh", ["-c", script, TriageProcess.executablePath] + arguments, environment: CLIFixture.environment(),
            timeout: timeout)
        return CLIRun(status: result.status, standardOutput: result.stdout, standardError: result.stderr)
    }

    // MARK: - Inputs that are not files (issue 8, item 3)

    /// Each way a named pipe reaches the loader, with nobody writing to it: a prompt located error.
    @Test(arguments: ["validate", "answers", "map", "scenario-validate", "scenario-test"])
    func aNamedPipeWithoutAWriterIsALocatedErrorNotAHang(route: String) throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/pipe.yaml"
        try #require(mkfifo(fifo, 0o600) == 0)
        let scenarios = directory + "/pipe.tests.yaml"
        let scenario = "scenarios:\n  - title: t\n    answers: {a: ja}\n    expect: {decision: none}\n"
        try Data("kind: scenarios\nprotocol: pipe.yaml\n\(scenario)".utf8).write(to: URL(filePath: scenarios))
        let arguments: [String] =
            switch route {
            case "validate": ["validate", fifo]
            case "answers": ["run", Self.protocolPath, "--answers", fifo]
            case "map": ["run", Self.protocolPath, "--map", fifo]
            case "scenario-validate": ["validate", scenarios]
            default: ["test", scenarios]
            }
        let run = try TriageProcess.run(arguments, environment: CLIFixture.environment(), timeout: 10)
        // validate reports on standard output, the other subcommands on standard error.
        let report = run.stdout + run.stderr
        #expect(run.status == 1, "\(report)")
        #expect(report.contains("is a named pipe with no writer"), "\(report)")
        if route.hasPrefix("scenario") {
            // Located at the scenario file's `protocol:` value.
            #expect(report.contains("\(scenarios):2:11: error: the protocol '\(fifo)' cannot be read"), "\(report)")
        } else {
            #expect(report.contains("\(fifo):1:1: error: "), "\(report)")
            #expect(report.contains("[file-not-regular]"), "\(report)")
        }
    }

    @Test func aDeviceIsALocatedError() throws {
        let run = try triage(["run", Self.protocolPath, "--answers", "/dev/zero"])
        #expect(run.status == 1)
        #expect(run.standardError.contains("/dev/zero:1:1: error: /dev/zero is a device, not a file [file-not-regular]"))
    }

    @Test func devStdinFedFromAPipeStillWorks() throws {
        let protocolText = try String(contentsOfFile: Self.protocolPath, encoding: .utf8)
        let validated = try triage(["validate", "/dev/stdin"], input: protocolText)
        #expect(validated.status == 0, "\(validated.standardError)")
        #expect(validated.standardOutput.contains("1 file checked: ok"))

        let answers = try String(contentsOfFile: Self.answersPath, encoding: .utf8)
        let run = try triage(["run", Self.protocolPath, "--answers", "/dev/stdin", "--format", "json"], input: answers)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("{"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash"), "needs bash for <(...)"))
    func processSubstitutionStillWorks() throws {
        let result = try TriageProcess.spawn(
            "/bin/bash",
            ["-c", #"exec "$0" run "$1" --answers <(cat "$2") --map <(cat "$3")"#, TriageProcess.executablePath,
             Self.protocolPath, Self.answersPath, Self.mapPath],
            environment: CLIFixture.environment(), timeout: 20)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.isEmpty)
    }

    // MARK: - A standard output that cannot be written (issue 8, item 4)

    private static let subcommands: [String: [String]] = [
        "run": ["run", protocolPath, "--answers", answersPath],
        "validate": ["validate", protocolPath],
        "graph": ["graph", protocolPath],
        "schema": ["schema"],
        "test": ["test", CLIFixture.repositoryRoot + "/Protocols"],
    ]

    @Test(arguments: ["run", "validate", "graph", "schema", "test"])
    func aFullStandardOutputIsAnError(subcommand: String) throws {
        let arguments = try #require(Self.subcommands[subcommand])
        let run = try Self.shell(#"exec "$0" "$@" >/dev/full"#, arguments)
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardError.contains("triage: cannot write to standard output"), "\(run.standardError)")
    }

    @Test(arguments: ["run", "validate", "graph", "schema", "test"])
    func aClosedStandardOutputIsAnError(subcommand: String) throws {
        let arguments = try #require(Self.subcommands[subcommand])
        let run = try Self.shell(#"exec "$0" "$@" >&-"#, arguments)
        #expect(run.status == 1, "\(run.standardError)")
        #expect(
            run.standardError.contains("triage: cannot write to standard output: standard output is closed"),
            "\(run.standardError)")
    }

    @Test func aWritableStandardOutputStillSucceeds() throws {
        let toNull = try Self.shell(#"exec "$0" "$@" >/dev/null"#, try #require(Self.subcommands["run"]))
        #expect(toNull.status == 0, "\(toNull.standardError)")
        #expect(toNull.standardError.isEmpty)
        let toFile = try triage(try #require(Self.subcommands["graph"]))
        #expect(toFile.status == 0)
        #expect(toFile.standardOutput.count > 4096, "more than one stdio buffer")
    }

    /// With standard output closed, an --output file must not land on descriptor 1 and the
    /// result must still go to the file only.
    @Test func anOutputFileNeverTakesTheClosedStandardOutput() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/consult.txt"
        let arguments = try #require(Self.subcommands["run"]) + ["--output", target]
        let run = try Self.shell(#"exec "$0" "$@" >&-"#, arguments)
        #expect(run.status == 0, "\(run.standardError)")
        let written = try String(contentsOfFile: target, encoding: .utf8)
        let expected = try triage(try #require(Self.subcommands["run"]) + ["--color", "never"]).standardOutput
        #expect(written == expected)
    }

    // MARK: - --output when writing fails (issue 8, item 10)

    /// The names in `directory` other than `.` and `..`.
    private static func entries(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func aFailedOutputWriteLeavesNothingBehindAndARetrySucceeds() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/consult.txt"
        let arguments = try #require(Self.subcommands["run"]) + ["--format", "note", "--output", target]
        // A file size limit of one block: the note (a few KB) cannot be written completely.
        let limited = try Self.shell(#"ulimit -f 1 && exec "$0" "$@""#, arguments)
        #expect(limited.status == 1, "\(limited.standardError)")
        #expect(limited.standardError.contains("triage: cannot write \(target): "), "\(limited.standardError)")
        #expect(try Self.entries(directory) == [], "no partial file and no temporary file")

        let retry = try triage(arguments)
        #expect(retry.status == 0, "\(retry.standardError)")
        #expect(try Self.entries(directory) == ["consult.txt"])
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let note = try triage(try #require(Self.subcommands["run"]) + ["--format", "note"]).standardOutput
        #expect(try String(contentsOfFile: target, encoding: .utf8) == note)
    }

    @Test(
        "--output works the same in every subcommand that prints a result: the file is what standard output would be, 0600",
        arguments: ["run", "validate", "graph", "test"])
    func everySubcommandWritesItsResultToAFile(subcommand: String) throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = try #require(Self.subcommands[subcommand])
        let target = directory + "/result"
        let toFile = try triage(arguments + ["--output", target])
        #expect(toFile.status == 0, "\(toFile.standardError)")
        #expect(toFile.standardOutput.isEmpty)
        #expect(toFile.standardError.contains("written to \(target)") || toFile.standardError.contains("opgeslagen in \(target)"))
        let toTerminal = try triage(arguments)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == toTerminal.standardOutput)
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o600)
        #expect(try Self.entries(directory) == ["result"])
        // Never over an existing file, for any subcommand.
        let again = try triage(arguments + ["--output", target])
        #expect(again.status == 1)
        #expect(again.standardError.contains("already exists"), "\(again.standardError)")
    }

    @Test("a report with findings is still written (exit 1); a command that printed nothing leaves no file")
    func findingsAreAResultButNothingIsNot() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broken = directory + "/broken.yaml"
        try Data("kind: protocol\nid: x\nbogus: 1\n".utf8).write(to: URL(filePath: broken))
        let sarif = try triage(["validate", broken, "--format", "sarif", "--output", directory + "/report.sarif"])
        #expect(sarif.status == 1)
        let report = try String(contentsOfFile: directory + "/report.sarif", encoding: .utf8)
        #expect(report.contains("\"ruleId\"") && report.contains("unknown-key"))
        // A protocol that does not load: run prints only diagnostics (standard error), so no file.
        let run = try triage(["run", broken, "--answers", Self.answersPath, "--output", directory + "/consult.txt"])
        #expect(run.status == 1)
        #expect(try Self.entries(directory) == ["broken.yaml", "report.sarif"])
    }

    @Test func anExistingFileIsNeverOverwrittenAndNoTemporaryFileStays() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/consult.txt"
        try Data("keep me\n".utf8).write(to: URL(filePath: target))
        let run = try triage(try #require(Self.subcommands["run"]) + ["--output", target])
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(target) already exists; not overwritten"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
        #expect(try Self.entries(directory) == ["consult.txt"])
    }

    @Test func aMissingDirectoryIsAClearError() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/no-such-dir/consult.txt"
        let run = try triage(try #require(Self.subcommands["run"]) + ["--output", target])
        #expect(run.status == 1)
        #expect(
            run.standardError.contains("triage: cannot write \(target): the directory \(directory)/no-such-dir does not exist"),
            "\(run.standardError)")
        #expect(try Self.entries(directory) == [])
    }

    @Test func aRelativeOutputNameIsWrittenInTheCurrentDirectory() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try triage(try #require(Self.subcommands["run"]) + ["--output", "consult.txt"], directory: directory)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try Self.entries(directory) == ["consult.txt"])
    }
}
