import ArgumentParser
import TriageKit

// `stdout` is a C global; Glibc does not mark it as safe to share, hence @preconcurrency.
#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Triage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Triage psychosocial complaints in general practice and find where to refer.",
        discussion: """
            Protocols are YAML files (see Protocols/README.md). Exit codes: 0 success, 1 the input has \
            errors, 64 usage error, 130 session aborted.
            """,
        version: Triage.version,
        subcommands: [Run.self, Validate.self, TestCommand.self, Graph.self, Schema.self, Init.self, Kaart.self, ReferralsCommand.self, Feedback.self, Export.self, RegisterCommand.self, Report.self]
    )

    /// `triage --version`: this program, the protocol format it reads and the libyaml it runs with.
    static var version: String {
        "triage \(Triage.release)\nprotocol format \(TriageProtocol.formatVersion)\nlibyaml \(YAMLReader.libyamlVersion)"
    }

    /// The release of this program (semantic versioning).
    static let release = "0.2.0"

    /// Guards the standard streams (see `StandardStreams`), then parses and runs the subcommand.
    static func main() {
        StandardStreams.prepare()
        if let mistyped = unknownSubcommand(CommandLine.arguments.dropFirst().first) {
            var standardError = StandardError()
            print(mistyped, to: &standardError)
            #if canImport(Glibc)
                Glibc.exit(ExitCode.validationFailure.rawValue)
            #else
                Darwin.exit(ExitCode.validationFailure.rawValue)
            #endif
        }
        main(nil)
    }

    /// For a first argument that names no subcommand: the usage error, with a "did you mean".
    static func unknownSubcommand(_ argument: String?) -> String? {
        guard let argument, !argument.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(argument) else { return nil }
        let suggestion = Suggestion.closest(to: argument, in: names).map { " Did you mean '\($0)'?" } ?? ""
        return "Error: '\(argument.neutralized)' is not a triage subcommand.\(suggestion)\n"
            + "Usage: triage <subcommand> (\(names.dropLast().joined(separator: ", "))); see 'triage --help'."
    }
}

/// Makes a failing standard output an error instead of a silent success.
///
/// `print` writes through C's buffered `stdout`; a write that fails there (a full disk,
/// `>/dev/full`, a closed descriptor) is only remembered in the stream. Before the process
/// exits, by any path (a normal return, or ArgumentParser's `exit` after an error), the
/// stream is flushed and checked: on failure the reason goes to standard error and the exit
/// status becomes 1. A broken pipe (`triage … | head`) ends the process quietly through
/// SIGPIPE, left at its default as git and cat do; only when SIGPIPE is ignored does the
/// write fail, and then it is reported like any other.
enum StandardStreams {
    /// Call first thing in `main`.
    static func prepare() {
        // A closed descriptor 0, 1 or 2 would be handed to the next file the program opens
        // (an --output file could then receive what was meant for standard output). Put
        // /dev/null there instead: read-only on 1, so writes to standard output fail loudly.
        for (descriptor, mode) in [(Int32(0), O_RDONLY), (1, O_RDONLY), (2, O_WRONLY)]
        where fcntl(descriptor, F_GETFD) == -1 {
            let null = open("/dev/null", mode)
            if null >= 0, null != descriptor {
                dup2(null, descriptor)
                close(null)
            }
        }
        // Beyond the file size limit (ulimit -f) a write should fail with EFBIG, which
        // OutputFile reports and cleans up after, instead of the process being killed.
        signal(SIGXFSZ, SIG_IGN)
        atexit { StandardStreams.checkStandardOutput() }
    }

    /// Flushes standard output; on failure reports it and ends the process with status 1.
    private static func checkStandardOutput() {
        errno = 0
        let flushFailed = fflush(stdout) != 0
        let flushError = errno
        guard flushFailed || ferror(stdout) != 0 else { return }
        var reason = ""
        if (fcntl(1, F_GETFL) & O_ACCMODE) == O_RDONLY {
            reason = ": standard output is closed or not open for writing"
        } else if flushFailed, flushError != 0 {
            reason = ": " + String(cString: strerror(flushError))
        }
        var standardError = StandardError()
        print("triage: cannot write to standard output\(reason)", to: &standardError)
        _exit(1)
    }
}
