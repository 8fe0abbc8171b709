#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `triage-bench startup`: the time from launching `triage run Protocols/welzijn-op-recept.yaml`
/// with piped standard input to its first prompt ("> ") on standard error: process start,
/// dynamic linking, argument parsing, loading and validating the protocol, the first question.
/// Target: a median of at most 20 ms for the release build.
enum StartupBenchmark: Benchmark {
    static let name = "startup"
    static let summary = "time from launching `triage run Protocols/welzijn-op-recept.yaml` to its first prompt"
    static let target = 0.020
    static let protocolFile = "Protocols/welzijn-op-recept.yaml"
    /// The default binary: the main package's release build.
    static var defaultBinary: String { Repository.root + "/.build/release/triage" }
    static let warmUps = 3

    static func run(_ options: Options) throws -> Bool {
        let binaries = options.triageBinaries.isEmpty ? [defaultBinary] : options.triageBinaries
        for binary in binaries where !Repository.isExecutable(binary) {
            throw BenchmarkError.failed(
                """
                no triage executable at \(binary)
                build the release binary first (from the repository root):
                  swift build -c release --static-swift-stdlib
                or name one with --triage PATH
                """)
        }
        let protocolPath = Repository.path(protocolFile)
        guard Repository.exists(protocolPath) else { throw BenchmarkError.failed("\(protocolPath) not found") }

        // Interleaved (a, b, a, b, ...) after a warm-up, so drift affects every binary alike.
        var samples = Array(repeating: [Double](), count: binaries.count)
        for round in 0..<(warmUps + options.runs) {
            for (index, binary) in binaries.enumerated() {
                let seconds = try timeToFirstPrompt(binary, arguments: ["run", protocolPath])
                if round >= warmUps { samples[index].append(seconds) }
            }
        }

        print("triage-bench startup")
        print("  command:  triage run \(protocolFile)  (stdin a pipe, stderr read until the first \"> \")")
        print("  runs:     \(options.runs) per binary after \(warmUps) warm-ups, interleaved; posix_spawn to prompt")
        print("")
        print(
            "  " + "binary".padding(44) + "Swift runtime".padding(14) + "median".leftPadding(9) + "min".leftPadding(9)
                + "p90".leftPadding(9) + "max".leftPadding(9))
        var met = true
        for (binary, times) in zip(binaries, samples) {
            let sorted = times.sorted()
            let median = Measurement.median(times)
            met = met && median <= target
            print(
                "  " + display(binary).padding(44) + runtimeLinkage(binary).padding(14) + milliseconds(median).leftPadding(9)
                    + milliseconds(sorted[0]).leftPadding(9) + milliseconds(sorted[max(0, Int((Double(sorted.count) * 0.9).rounded(.up)) - 1)]).leftPadding(9)
                    + milliseconds(sorted[sorted.count - 1]).leftPadding(9))
        }
        print("")
        print("  target: median <= \(milliseconds(target)) for every binary measured: " + (met ? "ok" : "MISSED"))
        return met
    }

    /// The path as given, shortened to be relative to the repository root when inside it.
    static func display(_ path: String) -> String {
        let prefix = Repository.root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// `dynamic` when the executable names the Swift runtime library as a dependency, else `static`.
    static func runtimeLinkage(_ path: String) -> String {
        guard let file = fopen(path, "rb") else { return "?" }
        defer { fclose(file) }
        let needle = Array("libswiftCore.".utf8)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var carry: [UInt8] = []
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { return "static" }
            let chunk = carry + buffer[0..<count]
            if contains(chunk, needle) { return "dynamic" }
            carry = Array(chunk.suffix(needle.count - 1))
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    // MARK: - One launch

    /// Launches `binary` with `arguments`, standard input a pipe, and returns the seconds from
    /// just before `posix_spawn` until "> " has appeared on its standard error. Then closes its
    /// standard input (it exits with "session aborted") and reaps it.
    static func timeToFirstPrompt(_ binary: String, arguments: [String]) throws -> Double {
        var input: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard pipe(&input) == 0, pipe(&errors) == 0 else { throw BenchmarkError.failed("pipe failed") }
        // Our ends must not leak into the child; dup2 onto 0 and 2 clears the flag there.
        for descriptor in input + errors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }

        let launched: (pid: pid_t, start: ContinuousClock.Instant)
        do {
            launched = try spawn(binary, arguments) { actions in
                posix_spawn_file_actions_adddup2(&actions, input[0], 0)
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
            }
        } catch {
            for descriptor in input + errors { close(descriptor) }
            throw error
        }
        let (pid, start) = launched
        let clock = ContinuousClock()
        close(input[0])
        close(errors[1])

        var seen: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var elapsed: Double?
        while elapsed == nil {
            var poller = pollfd(fd: errors[0], events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 10_000) > 0 else { break }  // 10 s: something is wrong
            let count = read(errors[0], &buffer, buffer.count)
            if count <= 0 { break }
            seen += buffer[0..<count]
            if contains(seen, Array("> ".utf8)) { elapsed = (clock.now - start).seconds }
        }
        close(input[1])  // end of input: the session is aborted and the process exits
        if elapsed == nil { kill(pid, SIGKILL) }
        while read(errors[0], &buffer, buffer.count) > 0 {}
        close(errors[0])
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) < 0, errno == EINTR {}
        guard let elapsed else {
            let text = String(decoding: seen.prefix(2000), as: UTF8.self)
            throw BenchmarkError.failed("\(binary) showed no prompt; its standard error:\n\(text)")
        }
        return elapsed
    }
}
