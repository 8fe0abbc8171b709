#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `triage-bench`: measures TriageKit. Each benchmark is a subcommand; with none, all run.
///
///     swift run -c release --package-path Benchmarks triage-bench [BENCHMARK] [options]
@main
enum TriageBench {
    /// Every benchmark, in the order they run when none is named. Add new ones here.
    static var benchmarks: [any Benchmark.Type] {
        [
            LoadBenchmark.self,
            SessionsBenchmark.self,
            StartupBenchmark.self,
            DiffBenchmark.self,
            RegisterBenchmark.self,
        ]
    }

    static func main() {
        let status: Int32
        do {
            status = try run(Array(CommandLine.arguments.dropFirst()))
        } catch let error as BenchmarkError {
            printError("triage-bench: \(error)")
            if case .usage = error { printError(usage) }
            status = error.exitCode
        } catch {
            printError("triage-bench: \(error)")
            status = 1
        }
        exit(status)
    }

    /// Runs the benchmarks the arguments name; the exit status.
    static func run(_ arguments: [String]) throws -> Int32 {
        let invocation = try Invocation.parse(arguments, known: benchmarks.map { $0.name })
        if invocation.showHelp {
            print(usage, terminator: "")
            return 0
        }
        let selected = invocation.benchmark.map { name in benchmarks.filter { $0.name == name } } ?? benchmarks
        var missed = 0
        for (index, benchmark) in selected.enumerated() {
            if index > 0 { print("") }
            let met = try benchmark.run(invocation.options)
            if !met { missed += 1 }
        }
        return invocation.options.check && missed > 0 ? 1 : 0
    }

    static var usage: String {
        var text = """
            usage: triage-bench [BENCHMARK] [--n N] [--repetitions R] [--sets K] [--runs N] [--referrals N] [--triage PATH]... [--mode M] [--write FILE] [--check]

            benchmarks (all run when none is named):

            """
        for benchmark in benchmarks {
            text += "  \(benchmark.name.padding(12))\(benchmark.summary)\n"
        }
        text += """

            options:
              --n N             size of the generated protocol: N questions and N rules (default 10000)
              --repetitions R   timed runs of each measurement; the median is reported (default 9)
              --sets K          sessions: answer sets generated per protocol (default 10000)
              --dump FILE       sessions: write every outcome to FILE, to compare engine changes
              --mode M          load: standard, anywhere (rules read questions drawn from the whole
                                protocol; fallback rule) or count (50 questions, 300 count rules)
              --write FILE      load: also write the generated protocol to FILE
              --runs N          startup: launches per binary; the median is reported (default 50);
                                register: launches of `triage run --refer` per store
              --referrals N     register: referrals bulk-loaded for `triage report` (default 100000)
              --triage PATH     startup, diff, register: the triage executable to launch; repeat to compare builds (diff: the first)
                                (default: ../.build/release/triage, relative to Benchmarks)
              --check           exit 1 when a benchmark misses its target
              -h, --help        show this help

            """
        return text
    }

    static func printError(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        var bytes = Array(line.utf8)
        _ = write(2, &bytes, bytes.count)
    }
}
