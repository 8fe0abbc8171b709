import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the built `triage` executable as a child process, the way a GP's shell or a script
/// would: arguments, bytes on standard input (a pipe, so not a terminal), an environment, and
/// a timeout after which the process is killed. Shared by the CLI tests.
enum TriageProcess {
    /// What a run produced.
    struct Result: Sendable {
        /// The exit status (or 128 + signal number when killed by a signal).
        var status: Int32
        /// Standard output, decoded as UTF-8.
        var stdout: String
        /// Standard error, decoded as UTF-8.
        var stderr: String
        /// Whether the timeout killed the process.
        var timedOut: Bool
    }

    /// Why a run could not happen.
    enum Failure: Error, CustomStringConvertible {
        case executableNotFound([String])
        case timedOut([String], Double)

        var description: String {
            switch self {
            case .executableNotFound(let candidates):
                "the triage executable was not found (build it first: swift build); looked at: "
                    + candidates.joined(separator: ", ")
            case .timedOut(let arguments, let seconds):
                "triage \(arguments.joined(separator: " ")) did not finish within \(seconds) s and was killed"
            }
        }
    }

    /// The built `triage` executable: `$TRIAGE_EXECUTABLE` if set, else `triage` next to the
    /// test bundle (the products directory of the current build, whatever its scratch path).
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
        let process = Process()
        process.executableURL = URL(filePath: executablePath)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(filePath: currentDirectory) }

        // Output goes to temporary files rather than pipes: nothing to drain, no deadlock.
        let scratch = FileManager.default.temporaryDirectory.appending(path: "triage-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appending(path: "stdout")
        let errURL = scratch.appending(path: "stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = outHandle
        process.standardError = errHandle

        // A child that exits before reading all its input must not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        // Feed standard input on another thread: a child that stops reading early must not block us.
        let writer = input.fileHandleForWriting
        let bytes = Data(stdin)
        let feeding = Thread {
            try? writer.write(contentsOf: bytes)
            try? writer.close()
        }
        feeding.start()

        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() >= deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.waitUntilExit()
        if timedOut { throw Failure.timedOut(arguments, timeout) }

        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(
            status: status,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self),
            timedOut: false)
    }
}
