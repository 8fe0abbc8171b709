/// Checks a protocol over every reachable combination of answers, not a sample: that every
/// path ends in a rule, that rules do not conflict, that no rule or question is dead, and
/// that every declared invariant holds — with the shortest counterexample when one fails.
///
/// `triage validate` runs it (through `DocumentValidator`) for protocols without errors;
/// `ProtocolLoader.load` does not, so `triage run` stays fast. Each answer is taken from an
/// `AnswerSpace`: one representative per class of answers that no condition can tell apart.
/// The paths are the walk `TriageSession` makes (a question's `when`; a red flag ends the
/// questions). `SymbolicAnalysis` covers all of them at once with a decision diagram (the
/// shipped protocols have up to 10^11 paths); when that does not fit its node budget,
/// `ExhaustiveWalk` enumerates them one by one up to `Options.maxPaths`. Leaf conditions
/// are evaluated by the engine's own `Evaluator`, outcomes follow `OutcomeBuilder`, the two
/// engines are tested against each other and against `TriageSession`, and every
/// counterexample is replayed through `AnswerSheet` and `TriageSession.violatedInvariants()`
/// before it is reported.
package enum ExhaustiveAnalyzer {
    /// Limits of the analysis.
    package struct Options: Sendable, Hashable {
        /// When the symbolic check cannot be used, the enumerating walk stops after this many
        /// complete paths and reports `analysis-incomplete`.
        package var maxPaths: Int
        /// The most decision-diagram nodes the symbolic check may build before it hands over
        /// to the enumerating walk.
        package var maxNodes: Int
        /// Which engine to use (tests compare the two).
        package var engine: Engine = .automatic
        /// Replays every enumerated path through a `TriageSession` and reports any difference (slow; for tests).
        package var crossCheckWithSession = false

        /// How the paths are covered.
        package enum Engine: Sendable, Hashable {
            /// Symbolic when possible, else enumerating.
            case automatic
            /// Walk every path one by one (bounded by `maxPaths`).
            case enumerate
        }

        /// Creates options; by default two million paths or one million diagram nodes.
        package init(maxPaths: Int = 2_000_000, maxNodes: Int = 1_000_000) {
            self.maxPaths = maxPaths
            self.maxNodes = maxNodes
        }
    }

    /// Every finding about `spec` over all reachable answers, and the counterexamples.
    package static func analyze(_ spec: TriageProtocol, options: Options = Options()) -> ExhaustiveReport {
        let space = AnswerSpace(spec)
        if options.engine == .automatic, let findings = SymbolicAnalysis.run(spec, space: space, budget: options.maxNodes) {
            return findings.report(space: space)
        }
        var walk = ExhaustiveWalk(spec: spec, space: space, options: options)
        walk.run()
        return walk.findings.report(space: space)
    }
}

/// The result of an exhaustive analysis.
package struct ExhaustiveReport: Sendable {
    /// The findings (codes `no-decision`, `rule-conflict`, `dead-rule`, `unreachable-question`,
    /// `shadowed-rule`, `invariant-violated`, `analysis-incomplete`), unsorted.
    package var diagnostics: [Diagnostic]
    /// One shortest counterexample per violated invariant, in invariant order.
    package var counterexamples: [Counterexample]
    /// How many complete paths (combinations of answers) were checked.
    package var pathCount: Int
    /// Whether every reachable combination was checked exactly (no bound hit, no sampling).
    package var isComplete: Bool
}

/// Answers under which a protocol breaks one of its invariants, as an answers file that
/// `triage run PROTOCOL --answers FILE` reproduces.
package struct Counterexample: Sendable, Hashable {
    /// The protocol's id.
    package var protocolID: String
    /// The invariant that fails.
    package var invariantID: String
    /// The answers, in the order the questions are asked.
    package var answers: [Outcome.AnsweredQuestion]
    /// The `kind: answers` YAML text.
    package var answersFile: String

    /// The file name `triage validate --counterexample-dir` uses: `<protocol-id>-<invariant-id>.yaml`.
    package var fileName: String { "\(protocolID)-\(invariantID).yaml" }
}

/// What an exhaustive analysis saw, from either engine; turned into diagnostics by `report`.
struct ExhaustiveFindings {
    /// Answers along one path, in asking order.
    typealias Path = [(index: Int, value: AnswerValue)]

    /// Two rules, the first before the second.
    struct Pair: Hashable, Comparable {
        var first: Int
        var second: Int
        static func < (lhs: Pair, rhs: Pair) -> Bool { (lhs.first, lhs.second) < (rhs.first, rhs.second) }
    }

    let spec: TriageProtocol
    /// Complete paths covered.
    var paths = 0.0
    /// The enumerating walk stopped at its bound.
    var stoppedAtBound = false
    /// Per question: asked on some path.
    var asked: [Bool]
    /// Per question: no red flag has ended the walk when it comes up, on some path.
    var reached: [Bool]
    /// Per rule: fires on some path.
    var fired: [Bool]
    /// Per rule: fires on some path without a red flag.
    var firedWithoutRedFlag: [Bool]
    /// Per rule, under hit_policy first: applied on some path.
    var appliedFirst: [Bool]
    /// Per rule, under hit_policy first: an earlier rule that fires where it fires.
    var shadowedBy: [Int?]
    /// A shortest path on which no rule fires.
    var noDecision: Path?
    /// Under hit_policy unique: a shortest path per pair of rules that fire together.
    var conflicts: [Pair: Path] = [:]
    /// Per invariant: a shortest path that violates it.
    var violations: [Path?]
    /// Differences between the walk and a replay through `TriageSession` (tests only).
    var engineMismatches: [String] = []

    init(spec: TriageProtocol) {
        self.spec = spec
        asked = Array(repeating: false, count: spec.questions.count)
        reached = asked
        fired = Array(repeating: false, count: spec.rules.count)
        firedWithoutRedFlag = fired
        appliedFirst = fired
        shadowedBy = Array(repeating: nil, count: spec.rules.count)
        violations = Array(repeating: nil, count: spec.invariants.count)
    }
}

/// The depth-first walk over the answer space, one complete path at a time: the fallback
/// when the symbolic check cannot be used, and the reference the tests compare it with.
struct ExhaustiveWalk {
    typealias Path = ExhaustiveFindings.Path

    let spec: TriageProtocol
    let space: AnswerSpace
    let options: ExhaustiveAnalyzer.Options
    private(set) var findings: ExhaustiveFindings

    private var context: SessionContext
    private var history: [Int] = []
    private let redFlagRules: [Int]
    private var outcomes: [[UInt64]: Outcome] = [:]
    private var shadowPaths: [Path?]
    /// Outcomes kept per set of fired rules (the first ones seen; the rest are built each time).
    static let maxCachedOutcomes = 4096

    init(spec: TriageProtocol, space: AnswerSpace, options: ExhaustiveAnalyzer.Options) {
        self.spec = spec
        self.space = space
        self.options = options
        findings = ExhaustiveFindings(spec: spec)
        shadowPaths = Array(repeating: nil, count: spec.rules.count)
        var positions: [String: Int] = [:]
        for (index, question) in spec.questions.enumerated() where positions[question.id] == nil {
            positions[question.id] = index
        }
        context = SessionContext(
            triageProtocol: spec, questionIndices: spec.scores.map { $0.questionIDs.compactMap { positions[$0] } },
            answers: Array(repeating: nil, count: spec.questions.count))
        redFlagRules = spec.rules.indices.filter { spec.rules[$0].isRedFlag }
    }

    // MARK: - Walking

    /// The next question the engine asks from `position` on, or `nil` when the path is complete.
    ///
    /// Mirrors `TriageSession.nextQuestion`: a raised red flag ends the walk; otherwise the
    /// first unanswered question whose `when` holds. Questions before `position` were either
    /// answered or skipped, and a skipped question stays skipped because its `when` only reads
    /// earlier questions (the loader rejects anything else).
    private mutating func nextQuestion(from position: Int) -> Int? {
        if redFlagRules.contains(where: { Evaluator.holds(spec.rules[$0].when.expression, in: context) }) { return nil }
        var index = position
        while index < spec.questions.count {
            findings.reached[index] = true
            if let when = spec.questions[index].when, !Evaluator.holds(when.expression, in: context) {
                index += 1
                continue
            }
            return index
        }
        return nil
    }

    /// Walks every path, depth first, without recursion.
    mutating func run() {
        var stack: [(question: Int, choice: Int)] = []
        var position = 0
        while true {
            if let question = nextQuestion(from: position), !space.values[question].isEmpty {
                findings.asked[question] = true
                stack.append((question, 0))
                context.answers[question] = space.values[question][0]
                history.append(question)
                position = question + 1
                continue
            }
            leaf()
            if findings.paths >= Double(options.maxPaths) {
                findings.stoppedAtBound = true
                return
            }
            // Backtrack to the deepest question with an untried answer.
            while let top = stack.last {
                let values = space.values[top.question]
                if top.choice + 1 < values.count {
                    stack[stack.count - 1].choice += 1
                    context.answers[top.question] = values[top.choice + 1]
                    position = top.question + 1
                    break
                }
                context.answers[top.question] = nil
                history.removeLast()
                stack.removeLast()
            }
            if stack.isEmpty { return }
        }
    }

    // MARK: - A complete path

    private mutating func leaf() {
        findings.paths += 1
        let rules = spec.rules
        var firedNow: [Int] = []
        var key = Array(repeating: UInt64(0), count: (rules.count + 63) / 64)
        for index in rules.indices where Evaluator.holds(rules[index].when.expression, in: context) {
            firedNow.append(index)
            key[index / 64] |= 1 << UInt64(index % 64)
            findings.fired[index] = true
        }
        let redFlag = firedNow.contains { rules[$0].isRedFlag }
        if !redFlag {
            for index in firedNow { findings.firedWithoutRedFlag[index] = true }
            switch spec.hitPolicy {
            case .collect:
                break
            case .first:
                if let first = firedNow.first {
                    findings.appliedFirst[first] = true
                    // As the symbolic check: the first rule to fire on the shortest such path.
                    for later in firedNow.dropFirst() where keepShortest(&shadowPaths[later]) { findings.shadowedBy[later] = first }
                }
            case .unique:
                for (offset, a) in firedNow.enumerated() {
                    for b in firedNow[(offset + 1)...] { keepShortest(&findings.conflicts[.init(first: a, second: b)]) }
                }
            }
        }
        if firedNow.isEmpty { keepShortest(&findings.noDecision) }
        if !spec.invariants.isEmpty {
            let outcome: Outcome
            if let cached = outcomes[key] {
                outcome = cached
            } else {
                // The parts of an outcome invariants can see (decision, red flags, referrals)
                // depend only on which rules fired, so one outcome per set of fired rules.
                outcome = OutcomeBuilder(triageProtocol: spec, socialMap: nil, context: context, history: history).build()
                if outcomes.count < Self.maxCachedOutcomes { outcomes[key] = outcome }
            }
            let outcomeContext = OutcomeContext(session: context, outcome: outcome)
            for (index, invariant) in spec.invariants.enumerated()
            where !Evaluator.holds(invariant.condition.expression, in: outcomeContext) {
                keepShortest(&findings.violations[index])
            }
        }
        if options.crossCheckWithSession { crossCheck(firedNow) }
    }

    /// Keeps the path with the fewest answers (the first found among equally short ones);
    /// true when the current path was kept.
    @discardableResult
    private func keepShortest(_ slot: inout Path?) -> Bool {
        if let current = slot, current.count <= history.count { return false }
        slot = history.compactMap { index in context.answers[index].map { (index, $0) } }
        return true
    }

    /// Replays the current path through a real `TriageSession` and records any difference.
    private mutating func crossCheck(_ firedNow: [Int]) {
        var session = TriageSession(protocol: spec)
        for index in history {
            guard session.nextQuestion?.id == spec.questions[index].id, let value = context.answers[index] else {
                findings.engineMismatches.append(
                    "the engine asks '\(session.nextQuestion?.id ?? "nothing")' where the analysis asks '\(spec.questions[index].id)'")
                return
            }
            do { try session.answer(value) } catch {
                findings.engineMismatches.append("the engine rejects \(value) for '\(spec.questions[index].id)': \(error)")
                return
            }
        }
        guard session.isComplete else {
            findings.engineMismatches.append("the engine asks '\(session.nextQuestion?.id ?? "")' after the analysis's path ends")
            return
        }
        let engineFired = session.outcome().trace.map(\.ruleID)
        if engineFired != firedNow.map({ spec.rules[$0].id }) {
            findings.engineMismatches.append("rules fired differ: engine \(engineFired)")
        }
        let engineViolated = Set(session.violatedInvariants().map(\.id))
        let outcome = OutcomeBuilder(triageProtocol: spec, socialMap: nil, context: context, history: history).build()
        let outcomeContext = OutcomeContext(session: context, outcome: outcome)
        let ours = Set(spec.invariants.filter { !Evaluator.holds($0.condition.expression, in: outcomeContext) }.map(\.id))
        if engineViolated != ours { findings.engineMismatches.append("violated invariants differ: engine \(engineViolated.sorted())") }
    }
}

// MARK: - Findings as diagnostics

extension ExhaustiveFindings {
    func report(space: AnswerSpace) -> ExhaustiveReport {
        let exact = !stoppedAtBound && space.approximations.isEmpty
        let checked = Self.format(paths)
        var findings: [Diagnostic] = []
        let file = spec.location.file
        if stoppedAtBound {
            findings.append(
                .warning(
                    "analysis-incomplete",
                    "not fully checked: \(checked) combinations of answers checked, the limit, out of at most \(Self.format(space.upperBound))",
                    at: spec.location,
                    hint: "the findings hold for the combinations checked; fewer answer classes (fewer constants, options or questions per path) make the protocol fully checkable"))
        }
        for reason in space.approximations {
            findings.append(
                .warning(
                    "analysis-incomplete", "not fully checked: \(checked) combinations of answers checked; \(reason)",
                    at: spec.location,
                    hint: "dead rules, unreachable questions and shadowed rules are not reported; violations found are real"))
        }
        for message in engineMismatches.prefix(3) {
            findings.append(
                .warning(
                    "analysis-incomplete", "the analysis and the engine disagree: \(message)", at: spec.location,
                    hint: "this is a bug in triage; please report it with the protocol"))
        }

        // Totality.
        if let path = noDecision {
            findings.append(
                .warning(
                    "no-decision", "some answers make no rule fire, so the outcome has no decision, e.g. \(inline(path))",
                    at: spec.location,
                    hint: "make 'no referral needed' explicit with a last rule such as 'when: true' with 'decision: none', or add a rule for these answers"))
        }

        // Conflicts under hit_policy unique.
        for pair in conflicts.keys.sorted() {
            guard let path = conflicts[pair] else { continue }
            let (a, b) = (spec.rules[pair.first], spec.rules[pair.second])
            var detail = ""
            if a.decision != b.decision { detail += ", deciding \(a.decision.rawValue) and \(b.decision.rawValue)" }
            if a.priority == b.priority { detail += ", both with priority \(a.priority)" }
            findings.append(
                .error(
                    "rule-conflict",
                    "rules '\(a.id)' and '\(b.id)' fire together\(detail), but hit_policy is unique, e.g. \(inline(path))",
                    at: b.when.location,
                    hint: "make the conditions exclude each other, or use hit_policy: first (file order decides) or collect"))
        }

        // Invariants.
        var counterexamples: [Counterexample] = []
        for (index, invariant) in spec.invariants.enumerated() {
            guard let path = violations[index] else { continue }
            let example = counterexample(invariant, path)
            counterexamples.append(example)
            let reproduced = Self.reproduces(example, spec: spec)
            let answers = path.count == 1 ? "1 answer" : "\(path.count) answers"
            let yaml = example.answersFile.split(separator: "\n").map { "      \($0)" }.joined(separator: "\n")
            findings.append(
                .error(
                    "invariant-violated",
                    "invariant '\(invariant.id)' does not hold for every answer: \(invariant.message.text(in: "en"))",
                    at: invariant.condition.location,
                    hint: "shortest counterexample (\(answers))\(reproduced ? "" : " [not reproduced by the engine: please report this]"); save it as an answers file and run 'triage run \(file) --answers FILE':\n\(yaml)"))
        }

        // Claims that something never happens need every path.
        if exact {
            for (index, question) in spec.questions.enumerated() where !asked[index] {
                let why =
                    reached[index]
                    ? "its 'when' (\(question.when?.source ?? "")) does not hold for any answers that reach it"
                    : "a red flag always ends the questions before it"
                findings.append(
                    .warning(
                        "unreachable-question", "question '\(question.id)' is never asked: \(why)",
                        at: question.when?.location ?? question.location,
                        hint: "change the condition or the questions before it, or remove the question"))
            }
            for (index, rule) in spec.rules.enumerated() {
                if !fired[index] {
                    findings.append(
                        .warning(
                            "dead-rule", "rule '\(rule.id)' never fires: its condition does not hold for any reachable answers",
                            at: rule.when.location, hint: "check the condition against the questions' 'when' and the red flags"))
                } else if !rule.isRedFlag, !firedWithoutRedFlag[index] {
                    findings.append(
                        .warning(
                            "dead-rule",
                            "rule '\(rule.id)' only fires together with a red flag, which overrules it, so it never shapes an outcome",
                            at: rule.when.location, hint: "a red flag ends the questions and decides alone; remove the rule or change its condition"))
                } else if spec.hitPolicy == .first, !rule.isRedFlag, !appliedFirst[index] {
                    let earlier = shadowedBy[index].map { "'\(spec.rules[$0].id)'" } ?? "an earlier rule"
                    findings.append(
                        .warning(
                            "shadowed-rule",
                            "rule '\(rule.id)' is never applied: whenever it fires, an earlier rule (such as \(earlier)) fires too and wins under hit_policy first",
                            at: rule.when.location, hint: "move it above the rule that shadows it, or narrow that rule's condition"))
                }
            }
        }
        return ExhaustiveReport(
            diagnostics: findings, counterexamples: counterexamples, pathCount: paths < 9e18 ? Int(paths) : Int.max,
            isComplete: exact)
    }

    private static func format(_ value: Double) -> String {
        value < 9e15 ? String(Int(value)) : "\(value)"
    }

    /// `q: ja, r: 3` (at most a dozen answers spelled out).
    private func inline(_ path: Path) -> String {
        if path.isEmpty { return "with no answers at all" }
        let shown = path.prefix(12).map { "\(spec.questions[$0.index].id): \(AnswerSheet.written($0.value, for: spec.questions[$0.index]))" }
        return shown.joined(separator: ", ") + (path.count > 12 ? ", ..." : "")
    }

    private func counterexample(_ invariant: Invariant, _ path: Path) -> Counterexample {
        Counterexample(
            protocolID: spec.id, invariantID: invariant.id,
            answers: path.map { Outcome.AnsweredQuestion(questionID: spec.questions[$0.index].id, answer: $0.value) },
            answersFile: AnswerSheet.file(for: spec, answers: path.map { (spec.questions[$0.index].id, $0.value) }))
    }

    /// Whether applying the counterexample's answers file to a fresh session breaks the invariant.
    static func reproduces(_ example: Counterexample, spec: TriageProtocol) -> Bool {
        let loaded = AnswerSheetLoader().load(Array(example.answersFile.utf8), file: example.fileName)
        guard let sheet = loaded.value else { return false }
        var session = TriageSession(protocol: spec)
        let findings = sheet.apply(to: &session)
        guard !findings.containsErrors, session.isComplete else { return false }
        return session.violatedInvariants().contains { $0.id == example.invariantID }
    }
}
