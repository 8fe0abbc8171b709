@testable import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `triage-bench diff`: `triage diff` of `Protocols/welzijn-op-recept.yaml` against a copy whose
/// PHQ-2 threshold is raised (`score.phq2 >= 3` → `>= 4`): `ProtocolDiff.compare` in process,
/// and the whole `triage diff OLD NEW` process (launch, loading both, comparing every class,
/// examples replayed, output). Target: the whole process in at most 1 s (median).
enum DiffBenchmark: Benchmark {
    static let name = "diff"
    static let summary = "triage diff of welzijn-op-recept against a copy with a raised threshold (in process, whole process)"
    static let target = 1.0
    static let protocolFile = "Protocols/welzijn-op-recept.yaml"
    static let change = (from: "score.phq2 >= 3", to: "score.phq2 >= 4")

    static func run(_ options: Options) throws -> Bool {
        let oldPath = Repository.path(protocolFile)
        guard let text = read(oldPath) else { throw BenchmarkError.failed("cannot read \(oldPath)") }
        guard text.contains(change.from) else { throw BenchmarkError.failed("\(protocolFile) no longer has '\(change.from)'") }
        let newText = text.replacing(change.from, with: change.to)
        let loader = ProtocolLoader()
        guard let old = loader.load(Array(text.utf8), file: oldPath).value,
            let new = loader.load(Array(newText.utf8), file: "welzijn-op-recept-v2.yaml").value
        else { throw BenchmarkError.failed("the two versions must load without errors") }

        let report = ProtocolDiff.compare(old: old, new: new)
        guard report.isComplete, !report.changes.isEmpty, report.changes.allSatisfy(\.example.reproduced) else {
            throw BenchmarkError.failed("the comparison must be complete, find the change and reproduce every example")
        }
        var sink = 0
        let inProcess = measure(repetitions: options.repetitions, [("ProtocolDiff.compare", { sink &+= ProtocolDiff.compare(old: old, new: new).changes.count })])[0]

        let binary = options.triageBinaries.first ?? StartupBenchmark.defaultBinary
        var wholeProcess: [Double] = []
        if Repository.isExecutable(binary) {
            var template = Array("/tmp/triage-bench-diff-XXXXXX".utf8CString)
            let descriptor = mkstemp(&template)
            guard descriptor >= 0 else { throw BenchmarkError.failed("cannot create a temporary file") }
            let newPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            defer { unlink(newPath) }
            _ = newText.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
            close(descriptor)
            for round in 0...options.repetitions {
                let seconds = try timeToExit(binary, ["diff", oldPath, newPath], expecting: 1)
                if round > 0 { wholeProcess.append(seconds) }
            }
        }

        print("triage-bench diff")
        print("  versions: \(protocolFile) and a copy with '\(change.from)' → '\(change.to)'")
        print(
            "  result:   \(report.changes.count) kinds of change, \(fixed(report.changedClassCount, decimals: 0)) of "
                + "\(fixed(report.classCount, decimals: 0)) answer classes differ; every example reproduced")
        print("  runs:     \(options.repetitions) per measurement after one warm-up")
        print("")
        print("  " + "measurement".padding(34) + "median".leftPadding(10) + "min".leftPadding(10) + "max".leftPadding(10))
        print(
            "  " + inProcess.label.padding(34) + milliseconds(inProcess.median).leftPadding(10)
                + milliseconds(inProcess.minimum).leftPadding(10) + milliseconds(inProcess.maximum).leftPadding(10))
        let median = Measurement.median(wholeProcess)
        if wholeProcess.isEmpty {
            print("  whole process: not measured (no executable at \(binary); build it: swift build -c release)")
        } else {
            print(
                "  " + "triage diff (whole process)".padding(34) + milliseconds(median).leftPadding(10)
                    + milliseconds(wholeProcess.min() ?? 0).leftPadding(10) + milliseconds(wholeProcess.max() ?? 0).leftPadding(10))
        }
        let measured = wholeProcess.isEmpty ? inProcess.median : median
        let met = measured <= target
        print("")
        print("  target: \(wholeProcess.isEmpty ? "in process" : "whole process") median <= \(milliseconds(target)): " + (met ? "ok" : "MISSED"))
        if sink == Int.min { print("") }  // keeps the measured work observable
        return met
    }

    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Launches `binary` with its output sent to /dev/null and returns the seconds until it exited.
    private static func timeToExit(_ binary: String, _ arguments: [String], expecting expected: Int32) throws -> Double {
        let (pid, start) = try spawn(binary, arguments) { actions in
            for descriptor: Int32 in [0, 1, 2] {
                posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        let clock = ContinuousClock()
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) < 0, errno == EINTR {}
        let elapsed = (clock.now - start).seconds
        let code = (exitStatus >> 8) & 0xFF
        guard exitStatus & 0x7F == 0, code == expected else {
            throw BenchmarkError.failed("\(binary) \(arguments.joined(separator: " ")) exited with \(code), expected \(expected)")
        }
        return elapsed
    }
}
