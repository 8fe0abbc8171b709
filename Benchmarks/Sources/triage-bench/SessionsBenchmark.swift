#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TriageKit

/// `triage-bench sessions`: complete triage sessions per second on the shipped protocols, on
/// one core. Each session is what `triage run --answers` does minus the I/O: a new
/// `TriageSession`, every question answered in asking order, and the `Outcome`.
/// Target: at least 1,000,000 sessions per second on `Protocols/welzijn-op-recept.yaml`.
enum SessionsBenchmark: Benchmark {
    static let name = "sessions"
    static let summary = "complete TriageSession walks + Outcome per second on the shipped protocols (one core)"
    static let target = 1_000_000.0
    /// The shipped protocols; the target applies to the first.
    static let protocols = ["Protocols/welzijn-op-recept.yaml", "Protocols/geldzorgen.yaml", "Protocols/jeugd.yaml"]
    static let seed: UInt64 = 0x5365_7373_696F_6E73

    /// One protocol with its pre-generated answer sets.
    struct Workload {
        var file: String
        var triageProtocol: TriageProtocol
        /// Each set is a complete walk: the answers in asking order.
        var sets: [[AnswerValue]]
        /// The outcome of each set when it was generated, to check the replay.
        var expected: [Outcome]
    }

    static func run(_ options: Options) throws -> Bool {
        var workloads: [Workload] = []
        for (index, file) in protocols.enumerated() {
            let triageProtocol = try load(file)
            var random = AnswerRandom(seed: seed &+ UInt64(index))
            let (sets, expected) = try generate(options.sets, for: triageProtocol, &random)
            workloads.append(Workload(file: file, triageProtocol: triageProtocol, sets: sets, expected: expected))
        }
        // The timed work must do what was generated: replay every set once and compare.
        for workload in workloads {
            for (set, expected) in zip(workload.sets, workload.expected) {
                guard let outcome = replay(set, workload.triageProtocol), outcome == expected else {
                    throw BenchmarkError.failed("\(workload.file): replaying an answer set did not give the same outcome")
                }
            }
        }
        if let dumpPath = options.dumpPath { try dump(workloads, to: dumpPath) }

        if getenv("ALLOC") != nil {
            let n = 10_000_000
            var keep: [[AnswerValue]] = [[]]
            var keepI: [[Int]] = [[]]
            var keepO: [AnswerValue?] = []
            let parts = measure(repetitions: 3, [
                ("[Int] literal 1", { for i in 0..<n { keepI[0] = [i] } }),
                ("[AnswerValue] literal 1", { for i in 0..<n { keep[0] = [.number(Double(i))] } }),
                ("[AnswerValue] uninit 1", { for i in 0..<n { keep[0] = [AnswerValue](unsafeUninitializedCapacity: 1) { b, c in b.initializeElement(at: 0, to: .number(Double(i))); c = 1 } } }),
                ("[AnswerValue] append 1", { for i in 0..<n { var a: [AnswerValue] = []; a.append(.number(Double(i))); keep[0] = a } }),
                ("[AnswerValue] reserve+append 1", { for i in 0..<n { var a: [AnswerValue] = []; a.reserveCapacity(1); a.append(.number(Double(i))); keep[0] = a } }),
                ("[AnswerValue?] repeating 32", { for _ in 0..<n { keepO = [AnswerValue?](repeating: nil, count: 32) } }),
            ])
            for p in parts { print(p.label, fixed(p.cpuMedian / Double(n) * 1e9, decimals: 1), "ns") }
            return true
        }
        if getenv("OUTCOMEONLY") != nil {
            let w = workloads[0]
            let sessions = w.sets.map { set in var s = TriageSession(protocol: w.triageProtocol); for v in set { try? s.answer(v) }; return s }
            var sink = 0
            let start = threadCPUTime()
            for _ in 0..<100 { for s in sessions { let o = s.outcome(); sink &+= o.referrals.count } }
            print("outcome", fixed((threadCPUTime() - start) / Double(100 * sessions.count) * 1e9, decimals: 0), "ns")
            blackHole(sink)
            return true
        }
        if getenv("INITONLY") != nil {
            let w = workloads[0]
            var sink = 0
            for _ in 0..<300 { for set in w.sets { var s = TriageSession(protocol: w.triageProtocol); for v in set { try? s.answer(v) }; sink &+= s.isComplete ? 1 : 0 } }
            blackHole(sink)
            return true
        }
        if getenv("BREAKDOWN") != nil {
            let w = workloads[0]
            let parts = measure(repetitions: options.repetitions, [
                ("init", { var sink = 0; for _ in w.sets { let s = TriageSession(protocol: w.triageProtocol); sink &+= s.isComplete ? 1 : 0 }; blackHole(sink) }),
                ("walk", { var sink = 0; for set in w.sets { var s = TriageSession(protocol: w.triageProtocol); for v in set { try? s.answer(v) }; sink &+= s.isComplete ? 1 : 0 }; blackHole(sink) }),
                ("full", { evaluateAll(w) }),
            ])
            for p in parts { print(p.label, fixed(p.cpuMedian / Double(w.sets.count) * 1e9, decimals: 0), "ns") }
        }
        let results = measure(
            repetitions: options.repetitions,
            workloads.map { workload in
                (workload.file, { evaluateAll(workload) })
            })

        print("triage-bench sessions")
        print("  per protocol: \(grouped(options.sets)) answer sets (seed \(seed)), each a complete walk generated")
        print("  with random valid answers; timed: TriageSession(protocol:), answer(_:) per question, outcome()")
        print("  runs:     \(options.repetitions) per protocol after one warm-up, interleaved, one thread")
        print("")
        print(
            "  " + "protocol".padding(34) + "questions".leftPadding(10) + "rules".leftPadding(6) + "answers".leftPadding(9)
                + "red flag".leftPadding(9) + "sessions/s".leftPadding(13) + "ns/session".leftPadding(11)
                + "CPU sessions/s".leftPadding(16))
        for (workload, result) in zip(workloads, results) {
            let count = Double(workload.sets.count)
            let answers = Double(workload.sets.reduce(0) { $0 + $1.count }) / count
            let redFlags = Double(workload.expected.count { !$0.redFlags.isEmpty }) / count
            print(
                "  " + workload.file.padding(34) + "\(workload.triageProtocol.questions.count)".leftPadding(10)
                    + "\(workload.triageProtocol.rules.count)".leftPadding(6) + fixed(answers, decimals: 1).leftPadding(9)
                    + (fixed(redFlags * 100, decimals: 0) + "%").leftPadding(9)
                    + grouped(Int(count / result.median)).leftPadding(13)
                    + fixed(result.median / count * 1e9, decimals: 0).leftPadding(11)
                    + grouped(Int(count / result.cpuMedian)).leftPadding(16))
        }
        print("")
        let primary = Double(workloads[0].sets.count) / results[0].median
        let met = primary >= target
        print(
            "  \(workloads[0].file): \(grouped(Int(primary))) sessions/s  target >= \(grouped(Int(target))): "
                + (met ? "ok" : "MISSED"))
        return met
    }

    // MARK: - The timed work

    /// Evaluates every answer set of `workload` as a complete session.
    @inline(never)
    static func evaluateAll(_ workload: Workload) {
        var sink = 0
        var failures = 0
        for set in workload.sets {
            var session = TriageSession(protocol: workload.triageProtocol)
            do {
                for value in set { try session.answer(value) }
            } catch {
                failures += 1
            }
            let outcome = session.outcome()
            sink &+= outcome.referrals.count &+ outcome.answers.count &+ outcome.redFlags.count
        }
        blackHole(sink &+ failures)
    }

    /// One session from `set`; `nil` when an answer is refused or the walk does not end.
    static func replay(_ set: [AnswerValue], _ triageProtocol: TriageProtocol) -> Outcome? {
        var session = TriageSession(protocol: triageProtocol)
        do {
            for value in set { try session.answer(value) }
        } catch {
            return nil
        }
        return session.isComplete ? session.outcome() : nil
    }

    // MARK: - Input

    static func load(_ file: String) throws -> TriageProtocol {
        let path = Repository.path(file)
        switch SourceFile.read(path) {
        case .failure(let diagnostic):
            throw BenchmarkError.failed("\(diagnostic)")
        case .success(let bytes):
            let result = ProtocolLoader().load(bytes, file: file)
            guard let loaded = result.value else {
                let shown = result.diagnostics.prefix(5).map { "  \($0)" }.joined(separator: "\n")
                throw BenchmarkError.failed("\(file) does not load:\n\(shown)")
            }
            return loaded
        }
    }

    /// `count` answer sets, each produced by walking a session with random valid answers.
    static func generate(
        _ count: Int, for triageProtocol: TriageProtocol, _ random: inout AnswerRandom
    ) throws -> ([[AnswerValue]], [Outcome]) {
        // Yes to a question a red-flag rule reads is rare in practice (and would end most walks
        // after a few questions); every other answer is uniform over what the type allows.
        var positions: [String: Int] = [:]
        for (index, question) in triageProtocol.questions.enumerated() where positions[question.id] == nil {
            positions[question.id] = index
        }
        var readByRedFlag = Set<Int>()
        for rule in triageProtocol.rules where rule.isRedFlag {
            readByRedFlag.formUnion(rule.when.expression.questionIndices)
            rule.when.expression.visit { node in
                guard case .score(_, let index) = node else { return }
                readByRedFlag.formUnion(triageProtocol.scores[index].questionIDs.compactMap { positions[$0] })
            }
        }
        var sets: [[AnswerValue]] = []
        var outcomes: [Outcome] = []
        sets.reserveCapacity(count)
        outcomes.reserveCapacity(count)
        for _ in 0..<count {
            var session = TriageSession(protocol: triageProtocol)
            var set: [AnswerValue] = []
            while let question = session.nextQuestion {
                guard let index = positions[question.id] else { throw BenchmarkError.failed("question '\(question.id)' not found") }
                let value = random.answer(for: question, rareYes: readByRedFlag.contains(index))
                do {
                    try session.answer(value)
                } catch {
                    throw BenchmarkError.failed("generated answer \(value) to '\(question.id)' refused: \(error)")
                }
                set.append(value)
            }
            sets.append(set)
            outcomes.append(session.outcome())
        }
        return (sets, outcomes)
    }

    /// Writes every outcome, field by field through the public API, one block per answer set:
    /// run it before and after an engine change and compare the files.
    static func dump(_ workloads: [Workload], to path: String) throws {
        guard let file = fopen(path, "w") else { throw BenchmarkError.failed("cannot write \(path)") }
        defer { fclose(file) }
        for workload in workloads {
            for (number, set) in workload.sets.enumerated() {
                var session = TriageSession(protocol: workload.triageProtocol)
                for value in set { try? session.answer(value) }
                let o = session.outcome()
                var lines = ["== \(workload.file) #\(number)"]
                lines.append("progress: \(session.progress.answered) \(session.progress.remaining) complete: \(session.isComplete) red flag: \(session.redFlagRaised)")
                lines.append("session answers: " + session.answers.map { "\($0.question.id)=\(text($0.answer))" }.joined(separator: " "))
                lines.append("protocol: \(o.protocolID) \(o.protocolVersion) \(o.protocolHash) \(o.region ?? "-")")
                lines.append("decision: \(o.decision) urgency: \(o.urgency)")
                for flag in o.redFlags { lines.append("red flag: \(flag.ruleID) \(text(flag.reason)) \(flag.action.map(text) ?? "-")") }
                for r in o.referrals {
                    let d = r.destination
                    lines.append(
                        "referral: \(d.id) \(d.category) \(text(d.name)) \(d.requiresConsent) \(d.location) p\(r.priority) "
                            + "\(r.reasons.map(text)) \(r.ruleIDs) \(r.service?.id ?? "-")")
                }
                lines.append("reasons: \(o.reasons.map(text))")
                lines.append("scores: " + o.scores.map(text).joined(separator: " "))
                lines.append("lowest: \(o.lowestDimensions)")
                lines.append("answers: " + o.answers.map(text).joined(separator: " "))
                for entry in o.trace { lines.append("trace: " + text(entry)) }
                for entry in o.evaluations { lines.append("evaluation: " + text(entry)) }
                lines.append("violated: \(session.violatedInvariants().map(\.id))")
                fputs(lines.joined(separator: "\n") + "\n", file)
            }
        }
    }

    private static func text(_ value: LocalizedText) -> String {
        value.translations.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: "|")
    }

    private static func text(_ value: AnswerValue?) -> String {
        switch value {
        case nil: "nil"
        case .yesNo(let flag): "yesNo(\(flag))"
        case .choice(let id): "choice(\(id))"
        case .choices(let ids): "choices(\(ids.joined(separator: ",")))"
        case .number(let number): "number(\(number) \(number.bitPattern))"
        case .text(let text): "text(\(text))"
        case .unknown: "unknown"
        }
    }

    private static func text(_ answer: Outcome.AnsweredQuestion) -> String { "\(answer.questionID)=\(text(answer.answer))" }

    private static func text(_ score: Outcome.ScoreValue) -> String {
        "\(score.id)/\(score.dimension.map { "\($0)" } ?? "-")/\(score.label.map(text) ?? "-")=\(score.value.map { "\($0) \($0.bitPattern)" } ?? "nil")"
    }

    private static func text(_ entry: Outcome.TraceEntry) -> String {
        "\(entry.ruleID) fired=\(entry.fired) applied=\(entry.applied) [\(entry.condition)] note=\(entry.note ?? "-") inputs="
            + entry.inputs.map(text).joined(separator: ",") + " scores=" + entry.scoreInputs.map(text).joined(separator: ",")
    }
}

/// SplitMix64 random numbers and random valid answers per answer type.
struct AnswerRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }

    /// A random valid answer to `question`; yes with probability 5% when `rareYes`, else 50%.
    /// "Weet niet" one time in ten where the question allows it.
    mutating func answer(for question: Question, rareYes: Bool) -> AnswerValue {
        if question.allowsUnknown, chance(0.1) { return .unknown }
        switch question.answerType {
        case .yesNo:
            return .yesNo(chance(rareYes ? 0.05 : 0.5))
        case .singleChoice(let options):
            return .choice(options[below(options.count)].id)
        case .multipleChoice(let options):
            return .choices(options.filter { _ in chance(0.25) }.map(\.id))
        case .scale(let low, let high):
            return .number(Double(low + below(high - low + 1)))
        case .number(let low, let high):
            let lowest = low.rounded(.up)
            let highest = high.rounded(.down)
            if lowest <= highest, highest - lowest < 1e9 {
                return .number(lowest + Double(below(Int(highest - lowest) + 1)))
            }
            return .number(low + (high - low) * Double(next() >> 11) * 0x1p-53)
        case .text:
            let texts = ["", "Weer meedoen met de buurt", "Beter slapen", "Rust in mijn hoofd", "Gewoon weer werken"]
            return .text(texts[below(texts.count)])
        }
    }
}

/// Keeps `value` observable so the measured work cannot be optimised away.
@inline(never)
func blackHole(_ value: Int) {
    if value == Int.min { print("") }
}
