#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
@testable import TriageKit

/// `triage-bench sessions`: complete triage sessions per second on the shipped protocols, on
/// one core. Each session is what `triage run --answers` does minus the I/O and compiling the
/// protocol (done once, as an embedder running many sessions does): a copy of a fresh
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
        /// A session with no answers: the protocol compiled once, copied for every set.
        var fresh: TriageSession
        /// Every set, one after the other: set `k` is `answers[starts[k]..<starts[k + 1]]`, a
        /// complete walk, the answers in asking order. One array rather than one per set, so
        /// reading the input costs what it would in a real batch (sequential memory), not a
        /// cache miss per set.
        var answers: [AnswerValue]
        var starts: [Int]
        /// The outcome of each set when it was generated, to check the replay.
        var expected: [Outcome]

        var count: Int { starts.count - 1 }
        func set(_ index: Int) -> ArraySlice<AnswerValue> { answers[starts[index]..<starts[index + 1]] }
    }

    static func run(_ options: Options) throws -> Bool {
        var workloads: [Workload] = []
        for (index, file) in protocols.enumerated() {
            let triageProtocol = try load(file)
            var random = AnswerRandom(seed: seed &+ UInt64(index))
            let (sets, expected) = try generate(options.sets, for: triageProtocol, &random)
            var starts = [0]
            for set in sets { starts.append(starts[starts.count - 1] + set.count) }
            workloads.append(
                Workload(
                    file: file, triageProtocol: triageProtocol, fresh: TriageSession(protocol: triageProtocol),
                    answers: sets.flatMap { $0 }, starts: starts, expected: expected))
        }
        // The timed work must do what was generated: replay every set once and compare.
        for workload in workloads {
            for (index, expected) in workload.expected.enumerated() {
                guard let outcome = replay(workload.set(index), workload.fresh), outcome == expected else {
                    throw BenchmarkError.failed("\(workload.file): replaying an answer set did not give the same outcome")
                }
            }
        }
        if let dumpPath = options.dumpPath { try dump(workloads, to: dumpPath) }

        // Also the first protocol with the outcome's trace read: an outcome builds its trace
        // (and `evaluations`) when they are first read, and only `--format json`, `--explain`
        // and `triage test` read them.
        let results = measure(
            repetitions: options.repetitions,
            workloads.map { workload in
                (workload.file, { evaluateAll(workload) })
            } + [
                ("+ trace", { evaluateAll(workloads[0], readingTrace: true) }),
                ("compiled init", { evaluateAll(workloads[0], start: .compiledInit) }),
                ("compiling", { evaluateAll(workloads[0], start: .compiling) }),
            ])

        print("triage-bench sessions")
        print("  per protocol: \(grouped(options.sets)) answer sets (seed \(seed)), each a complete walk generated")
        print("  with random valid answers; timed: a copy of a fresh TriageSession, answer(_:) per question, outcome()")
        print("  runs:     \(options.repetitions) per protocol after one warm-up, interleaved, one thread")
        print("")
        print(
            "  " + "protocol".padding(34) + "questions".leftPadding(10) + "rules".leftPadding(6) + "answers".leftPadding(9)
                + "red flag".leftPadding(9) + "sessions/s".leftPadding(13) + "ns/session".leftPadding(11)
                + "CPU sessions/s".leftPadding(16))
        for (workload, result) in zip(workloads, results) {
            let count = Double(workload.count)
            let answers = Double(workload.answers.count) / count
            let redFlags = Double(workload.expected.count { !$0.redFlags.isEmpty }) / count
            print(
                "  " + workload.file.padding(34) + "\(workload.triageProtocol.questions.count)".leftPadding(10)
                    + "\(workload.triageProtocol.rules.count)".leftPadding(6) + fixed(answers, decimals: 1).leftPadding(9)
                    + (fixed(redFlags * 100, decimals: 0) + "%").leftPadding(9)
                    + grouped(Int(count / result.median)).leftPadding(13)
                    + fixed(result.median / count * 1e9, decimals: 0).leftPadding(11)
                    + grouped(Int(count / result.cpuMedian)).leftPadding(16))
        }
        let firstCount = Double(workloads[0].count)
        let variants = [
            "  + reading outcome.trace", "  TriageSession(compiled:) instead of a copy", "  TriageSession(protocol:): compiling per session",
        ]
        for (label, result) in zip(variants, results.suffix(3)) {
            print(
                "  " + label.padding(68) + grouped(Int(firstCount / result.median)).leftPadding(13)
                    + fixed(result.median / firstCount * 1e9, decimals: 0).leftPadding(11)
                    + grouped(Int(firstCount / result.cpuMedian)).leftPadding(16))
        }
        print("")
        let primary = Double(workloads[0].count) / results[0].median
        let met = primary >= target
        print(
            "  \(workloads[0].file): \(grouped(Int(primary))) sessions/s  target >= \(grouped(Int(target))): "
                + (met ? "ok" : "MISSED"))
        return met
    }

    // MARK: - The timed work

    /// How each timed session starts.
    enum Start {
        /// A copy of the workload's fresh session (the protocol compiled once).
        case copy
        /// `TriageSession(compiled:)` on the fresh session's compiled protocol.
        case compiledInit
        /// `TriageSession(protocol:)`, compiling the protocol for every session.
        case compiling
    }

    /// Evaluates every answer set of `workload` as a complete session; with `readingTrace`,
    /// also reads each outcome's trace (what `--format json` renders).
    @inline(never)
    static func evaluateAll(_ workload: Workload, readingTrace: Bool = false, start first: Start = .copy) {
        var sink = 0
        var failures = 0
        let answers = workload.answers
        var start = 0
        let fresh = workload.fresh
        let compiled = fresh.compiled
        for end in workload.starts.dropFirst() {
            var session: TriageSession
            switch first {
            case .copy: session = fresh
            case .compiledInit: session = TriageSession(compiled: compiled)
            case .compiling: session = TriageSession(protocol: workload.triageProtocol)
            }
            do {
                for index in start..<end { try session.answer(answers[index]) }
            } catch {
                failures += 1
            }
            start = end
            let outcome = session.outcome()
            sink &+= outcome.referrals.count &+ outcome.answers.count &+ outcome.redFlags.count
            if readingTrace { sink &+= outcome.trace.count }
        }
        blackHole(sink &+ failures)
    }

    /// One session from `set`; `nil` when an answer is refused or the walk does not end.
    static func replay(_ set: ArraySlice<AnswerValue>, _ fresh: TriageSession) -> Outcome? {
        var session = fresh
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
        let fresh = TriageSession(protocol: triageProtocol)
        for _ in 0..<count {
            var session = fresh
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
            for number in 0..<workload.count {
                var session = TriageSession(protocol: workload.triageProtocol)
                for value in workload.set(number) { try? session.answer(value) }
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
        let note: String = entry.note?.rawValue ?? "-"
        let inputs: String = entry.inputs.map(text).joined(separator: ",")
        let scores: String = entry.scoreInputs.map(text).joined(separator: ",")
        return "\(entry.ruleID) fired=\(entry.fired) applied=\(entry.applied) [\(entry.condition)] note=\(note) inputs=\(inputs) scores=\(scores)"
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
