import RawScan
@testable import TriageKit

/// `triage-bench load`: loading and validating a large protocol with TriageKit, against a
/// plain C loop over libyaml's parser events for the same bytes (the floor for any
/// libyaml-based loader). Target: TriageKit takes at most twice as long. Then the whole of
/// `triage validate` (`DocumentValidator.validate`, with the complete exhaustive analysis):
/// target at most five times the libyaml loop, with every check proved.
enum LoadBenchmark: Benchmark {
    static let name = "load"
    static let summary = "ProtocolLoader.load and the whole validate (with the exhaustive analysis) vs a C loop over libyaml events"
    static let target = 2.0
    /// The most the whole validate may take, as a multiple of the libyaml loop.
    static let validateTarget = 5.0

    static func run(_ options: Options) throws -> Bool {
        guard options.size >= ProtocolGenerator.minimumSize else {
            throw BenchmarkError.usage("--n must be at least \(ProtocolGenerator.minimumSize) for the load benchmark")
        }
        let file = "bench-\(options.size).yaml"
        let text = ProtocolGenerator(size: options.size, mode: options.mode).yaml()
        let bytes = Array(text.utf8)
        if let path = options.writePath { try Repository.write(text, to: path) }
        // Larger --n values than 10,000 outgrow the 32 MiB file limit; the benchmark measures speed, not limits.
        var limits = YAMLLimits.standard
        limits.maxFileSize = max(limits.maxFileSize, bytes.count)
        limits.maxNodes = max(limits.maxNodes, bytes.count / 4)
        let loader = ProtocolLoader(reader: YAMLReader(limits: limits))

        // The generated protocol must be valid, or the numbers mean nothing.
        let checked = loader.load(bytes, file: file)
        let errors = checked.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let loaded = checked.value else {
            let shown = errors.prefix(5).map { "  \($0)" }.joined(separator: "\n")
            throw BenchmarkError.failed("the generated protocol has \(errors.count) errors:\n\(shown)")
        }
        let expected =
            options.mode == .count ? (CountHeavyProtocol.questionCount, CountHeavyProtocol.ruleCount + 1) : (options.size, options.size)
        guard loaded.questions.count == expected.0, loaded.rules.count == expected.1 else {
            throw BenchmarkError.failed("loaded \(loaded.questions.count) questions and \(loaded.rules.count) rules, expected \(expected)")
        }
        var events = 0
        guard rawScan(bytes, events: &events) else { throw BenchmarkError.failed("libyaml rejected the generated protocol") }

        var sink = 0
        let results = measure(
            repetitions: options.repetitions,
            [
                ("libyaml events (C loop)", { _ = rawScan(bytes, events: &sink) }),
                ("YAMLReader.read (tree)", { sink &+= loader.reader.read(bytes, file: file).diagnostics.count }),
                ("ProtocolLoader.load", { sink &+= loader.load(bytes, file: file).diagnostics.count }),
            ])
        let (raw, tree, load) = (results[0], results[1], results[2])
        let ratio = load.median / raw.median
        let cpuRatio = load.cpuMedian / raw.cpuMedian
        let megabytes = Double(bytes.count) / 1_000_000

        // The whole validate, with the complete analysis: slower, so fewer runs.
        let validator = DocumentValidator(reader: loader.reader)
        var proved = true
        let validate = measure(
            repetitions: max(1, options.repetitions / 3),
            [
                (
                    "validate + analysis",
                    {
                        let result = validator.validate(bytes, file: file)
                        proved = !result.diagnostics.contains { $0.code == "analysis-incomplete" }
                        sink &+= result.diagnostics.count
                    }
                )
            ])[0]

        print("triage-bench load (mode \(options.mode.rawValue))")
        print(
            "  protocol: \(loaded.questions.count) questions, \(loaded.rules.count) rules, \(loaded.scores.count) scores, "
                + "\(loaded.destinations.count) destinations, \(loaded.invariants.count) invariants")
        print(
            "  input:    \(fixed(megabytes, decimals: 2)) MB, \(grouped(events)) libyaml events, "
                + "\(checked.diagnostics.count) warnings or notes, 0 errors")
        print("  runs:     \(options.repetitions) per measurement after one warm-up, interleaved")
        print("")
        print(
            "  " + "measurement".padding(26) + "median".leftPadding(10) + "min".leftPadding(10) + "max".leftPadding(10)
                + "MB/s".leftPadding(7) + "CPU median".leftPadding(12))
        for result in results + [validate] {
            print(
                "  " + result.label.padding(26) + milliseconds(result.median).leftPadding(10)
                    + milliseconds(result.minimum).leftPadding(10) + milliseconds(result.maximum).leftPadding(10)
                    + fixed(megabytes / result.median, decimals: 0).leftPadding(7)
                    + milliseconds(result.cpuMedian).leftPadding(12))
        }
        print("")
        print("  tree/libyaml ratio:      \(fixed(tree.median / raw.median, decimals: 2))  (CPU time: \(fixed(tree.cpuMedian / raw.cpuMedian, decimals: 2)))")
        let verdict = ratio <= target ? "ok" : "MISSED"
        print(
            "  TriageKit/libyaml ratio: \(fixed(ratio, decimals: 2))  (CPU time: \(fixed(cpuRatio, decimals: 2)))  "
                + "target <= \(fixed(target, decimals: 1)): \(verdict)")
        let validateRatio = validate.median / raw.median
        // The count case has its own target: fully proved in under 2 seconds.
        let validateMet = (options.mode == .count ? validate.median < 2 : validateRatio <= validateTarget) && proved
        let goal = options.mode == .count ? "target < 2 s" : "target <= \(fixed(validateTarget, decimals: 1))"
        print(
            "  validate/libyaml ratio:  \(fixed(validateRatio, decimals: 2))  (CPU time: \(fixed(validate.cpuMedian / raw.cpuMedian, decimals: 2)))  "
                + "\(goal), fully proved: \(proved ? "yes" : "no"): \(validateMet ? "ok" : "MISSED")")
        if sink == Int.min { print("") }  // keeps the measured work observable
        return ratio <= target && validateMet
    }

    /// Parses `bytes` with the C loop; `false` when libyaml reports an error.
    private static func rawScan(_ bytes: [UInt8], events: inout Int) -> Bool {
        var count = 0
        let status = bytes.withUnsafeBufferPointer { buffer in
            rawscan_count_events(buffer.baseAddress, buffer.count, &count)
        }
        events = count
        return status == 0
    }
}
