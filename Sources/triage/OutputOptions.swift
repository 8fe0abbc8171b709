import ArgumentParser
import TriageKit

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A subcommand's list of output formats, the first one the default.
protocol OutputFormat: ExpressibleByArgument, CaseIterable, RawRepresentable, Sendable where RawValue == String {
    /// What `--format` says about the formats; by default their names.
    static var help: String { get }
}

extension OutputFormat {
    static var help: String { "Output format: \(spelled) (default: \(standard.rawValue))." }

    /// The default: the first format listed.
    static var standard: Self { allCases.first! }
    /// `text, json or sarif`.
    static var spelled: String {
        let names = allCases.map(\.rawValue)
        return names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

/// `--format`, `--color` and `--output`: how and where a subcommand writes its result, the
/// same for every subcommand that prints one; `Format` is the subcommand's own formats.
struct OutputOptions<Format: OutputFormat>: ParsableArguments {
    @Option(help: ArgumentHelp(Format.help, valueName: "format"))
    var format: Format = .standard

    @Option(help: "Color: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Option(
        name: .customLong("output"),
        help: ArgumentHelp(
            "Write the result to this file instead of standard output (mode 0600; never overwrites; written whole or not at all).",
            valueName: "file"),
        completion: .file())
    var path: String?

    /// How standard output is styled: colors only on a terminal, never into a file.
    var style: TerminalStyle { TerminalStyle(path == nil ? color : .never, stream: .standardOutput) }

    /// Runs `body` with standard output going to the `--output` file, if one is named.
    ///
    /// The file appears, whole and 0600, when `body` succeeds, or fails with exit status 1
    /// after writing something (a validation report is a result too). After any other failure
    /// (a usage error, an abort) nothing is left behind. Standard output is the terminal again
    /// afterwards, and "written to FILE" goes to standard error.
    func capture(language: String = "en", _ body: () throws -> Void) throws {
        guard let path else { return try body() }
        let pending: OutputFile.Pending
        do { pending = try OutputFile.Pending(path) } catch {
            Terminal.say("triage: \(error.description(in: language))")
            throw ExitCode(1)
        }
        Terminal.removeOnInterrupt(pending.temporaryPath)
        defer { Terminal.removeOnInterrupt(nil) }
        fflush(stdout)
        let saved = dup(1)
        dup2(pending.descriptor, 1)
        var failure: (any Error)?
        do { try body() } catch { failure = error }
        let flushed = fflush(stdout) == 0 && ferror(stdout) == 0
        clearerr(stdout)
        dup2(saved, 1)
        close(saved)
        let status = failure.map { ($0 as? ExitCode)?.rawValue ?? -1 } ?? 0
        if flushed, status == 0 || (status == 1 && pending.size > 0) {
            do { try pending.commit() } catch {
                Terminal.say("triage: \(error.description(in: language))")
                throw ExitCode(1)
            }
            Terminal.say(language == "en" ? "written to \(path.neutralized)" : "opgeslagen in \(path.neutralized)")
        } else {
            pending.discard()
            if !flushed, failure == nil {
                Terminal.say("triage: \(OutputFile.Failure.cannotWrite(path, "writing failed").description(in: language))")
                throw ExitCode(1)
            }
        }
        if let failure { throw failure }
    }
}
