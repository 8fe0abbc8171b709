import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the built `triage` executable as a child process, the way a GP's shell or a script
/// would: arguments, bytes on standard input (a pipe, so not a terminal), an environment, and
/// a timeout after which the process is killed. Shared by the CLI tests.
///
/// Children are started with `posix_spawn`, with every signal unblocked and at its default
/// disposition: test runner threads block most signals, and a child that inherited that mask
/// would ignore Ctrl-C (SIGINT) and SIGTERM. Only the pipe for standard input is shared with
/// the child, and it is close-on-exec in the parent, so children spawned by tests running in
/// parallel never hold each other's pipes open (which would hide end of input).
enum TriageProcess {
    /// What a run produced.
    struct Result: Sendable {
        /// The exit status (or 128 + signal number when killed by a signal).
        var status: Int32
        /// Standard output, decoded as UTF-8.
        var stdout: String
        /// Standard error, decoded as UTF-8.
        var stderr: String
    }

    /// Why a run could not happen.
    enum Failure: Error, CustomStringConvertible {
        case executableNotFound([String])
        case spawnFailed(String, Int32)
        case timedOut([String], Double)

        var description: String {
            switch self {
            case .executableNotFound(let candidates):
                "the triage executable was not found (build it first: swift build); looked at: "
                    + candidates.joined(separator: ", ")
            case .spawnFailed(let executable, let code):
                "cannot start \(executable): \(String(cString: strerror(code)))"
            case .timedOut(let arguments, let seconds):
                "\(arguments.joined(separator: " ")) did not finish within \(seconds) s and was killed"
            }
        }
    }

    /// The built `triage` executable: `$TRIAGE_EXECUTABLE` if set, else `triage` next to the
    /// test runner (the products directory of the current build, whatever its scratch path).
    static let executablePath: String = locate() ?? "triage"

    private static func candidates() -> [String] {
        var directories: [URL] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(filePath: executable).deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first, first.contains("/") {
            directories.append(URL(filePath: first).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        var paths: [String] = []
        if let override = ProcessInfo.processInfo.environment["TRIAGE_EXECUTABLE"], !override.isEmpty {
            paths.append(override)
        }
        for directory in directories {
            // On Linux the test runner sits in the products directory; on macOS inside the
            // .xctest bundle (Contents/MacOS), three levels below it.
            var url = directory
            for _ in 0..<4 {
                paths.append(url.appending(path: "triage").path)
                url = url.deletingLastPathComponent()
            }
        }
        return paths
    }

    private static func locate() -> String? {
        candidates().first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: path)
        }
    }

    /// Runs `triage` with `arguments`.
    ///
    /// - Parameters:
    ///   - stdin: the bytes on standard input (a pipe, closed after them: end of input).
    ///   - environment: the whole environment; `nil` inherits the test's.
    ///   - currentDirectory: the working directory; `nil` keeps the test's.
    ///   - timeout: seconds before the process is killed (SIGKILL) and `Failure.timedOut` thrown.
    static func run(
        _ arguments: [String], stdin: [UInt8] = [], environment: [String: String]? = nil,
        currentDirectory: String? = nil, timeout: Double = 30
    ) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: executablePath) else {
            throw Failure.executableNotFound(candidates())
        }
        return try spawn(
            executablePath, arguments, stdin: stdin, environment: environment, currentDirectory: currentDirectory,
            timeout: timeout)
    }

    private static let spawnLock = NSLock()

    /// Runs any executable (by absolute path) the same way; used for helpers such as tmux.
    static func spawn(
        _ executable: String, _ arguments: [String], stdin: [UInt8] = [], environment: [String: String]? = nil,
        currentDirectory: String? = nil, timeout: Double = 30
    ) throws -> Result {
        // A child that exits before reading all its input must not kill the test runner.
        signal(SIGPIPE, SIG_IGN)

        let scratch = FileManager.default.temporaryDirectory.appending(path: "triage-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Output goes to files the child opens itself: nothing to drain, nothing shared.
        let outPath = scratch.appending(path: "stdout").path
        let errPath = scratch.appending(path: "stderr").path

        // The pipe is made close-on-exec under the lock every spawn here takes, so no child of a
        // test running in parallel can inherit it (and hold our end of input open).
        spawnLock.lock()
        var lockHeld = true
        defer { if lockHeld { spawnLock.unlock() } }
        var input: [Int32] = [-1, -1]
        guard pipe(&input) == 0 else { throw Failure.spawnFailed(executable, errno) }
        _ = fcntl(input[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(input[1], F_SETFD, FD_CLOEXEC)
        var readEnd = input[0]
        let writeEnd = input[1]
        defer { if readEnd >= 0 { close(readEnd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // posix_spawn has no portable chdir action: let a shell change directory, then exec.
        let command =
            currentDirectory.map { ["/bin/sh", "-c", #"cd "$0" && exec "$@""#, $0, executable] + arguments }
            ?? [executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let environmentStrings = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }.sorted()
        let envp = environmentStrings.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        spawnLock.unlock()
        lockHeld = false
        guard spawned == 0 else {
            close(writeEnd)
            throw Failure.spawnFailed(executable, spawned)
        }
        close(readEnd)
        readEnd = -1

        // Feed standard input on another thread: a child that stops reading must not block us.
        let bytes = stdin
        let feeding = Thread {
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { break }
                offset += written
            }
            close(writeEnd)
        }
        feeding.start()

        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0, errno != EINTR { break }
            if Date() >= deadline {
                timedOut = true
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(2_000)
        }
        if timedOut { throw Failure.timedOut([executable] + arguments, timeout) }

        let signalNumber = status & 0x7f
        let exitStatus = signalNumber == 0 ? (status >> 8) & 0xff : 128 + signalNumber
        return Result(
            status: exitStatus,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }
}
