// `stdout` is a C global; Glibc does not mark it as safe to share, hence @preconcurrency.
#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Terminal input and output for the interactive walk: prompts on standard error,
/// answers from standard input, and a clean exit on Ctrl-C.
enum Terminal {
    /// Whether standard input is a terminal (a GP typing) rather than a pipe (a script).
    static var inputIsTerminal: Bool { isatty(0) == 1 }

    /// Writes to standard error without a newline.
    static func prompt(_ text: String) {
        var standardError = StandardError()
        print(text, terminator: "", to: &standardError)
    }

    /// Writes a line to standard error.
    static func say(_ text: String) {
        var standardError = StandardError()
        print(text, to: &standardError)
    }

    /// Reads one line; `nil` at end of input.
    static func readAnswer() -> String? {
        readLine(strippingNewline: true)
    }

    /// What the walk says when it is aborted, in the GP's language.
    static func abortMessage(_ language: String) -> String {
        language == "en" ? "session aborted, nothing saved" : "sessie afgebroken, niets opgeslagen"
    }

    /// On Ctrl-C: reset colors, say (in `language`) that nothing was saved, exit 130.
    static func exitCleanlyOnInterrupt(language: String) {
        // A signal handler cannot capture; it reads the message made here, once.
        interruptMessage = strdup("\u{1B}[0m\n" + abortMessage(language) + "\n")
        signal(SIGINT) { _ in
            if let message = interruptMessage { _ = systemWrite(2, message, strlen(message)) }
            if let path = interruptCleanupPath { unlink(path) }
            _exit(130)
        }
    }

    /// Removes `path` (an `--output` file being written) if the process is interrupted or
    /// terminated before it is done; `nil` when there is nothing to remove any more.
    static func removeOnInterrupt(_ path: String?) {
        interruptCleanupPath = path.map { strdup($0) }
        guard path != nil else { return }
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { received in
                if let path = interruptCleanupPath { unlink(path) }
                _exit(128 + received)
            }
        }
    }
}

/// Standard output: results, through C's buffered `stdout` (whose failures are reported at
/// exit, see `StandardStreams`).
enum Output {
    static func write(_ text: String) { print(text, terminator: "") }

    /// Sends what is buffered, so that a prompt on standard error comes after it on screen.
    static func flush() { fflush(stdout) }
}

/// The Ctrl-C message, set before the handler is installed and never changed after.
nonisolated(unsafe) private var interruptMessage: UnsafeMutablePointer<CChar>?
/// A temporary file the signal handlers remove (see `Terminal.removeOnInterrupt`).
nonisolated(unsafe) private var interruptCleanupPath: UnsafeMutablePointer<CChar>?

/// A `TextOutputStream` for standard error.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(2, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
