/// Checks a protocol over every reachable combination of answers, not a sample: that every
/// path ends in a rule, that rules do not conflict, that no rule or question is dead, and
/// that every declared invariant holds — with the shortest counterexample when one fails.
///
/// `triage validate` runs it (through `DocumentValidator`) for protocols without errors;
/// `ProtocolLoader.load` does not, so `triage run` stays fast. Each answer is taken from an
/// `AnswerSpace`: one representative per class of answers that no condition can tell apart.
///
/// Every check is decided on its own cone of influence (`ConeOfInfluence`): the questions
/// and rules it reads, with the `when` conditions and red flags that decide whether those
/// questions are asked. Something that can happen (a rule fires, a question is asked) is
/// shown by a `WitnessWalk`, a real path; what cannot happen, and every invariant, is
/// decided by `SymbolicAnalysis` over the cone, first with rules as free variables (enough
/// for most invariants) and then exactly. There is no enumeration: a check that cannot be
/// finished within the time budget or node budget is reported as not proved, at the rule,
/// question or invariant it is about. Every counterexample is replayed through a real
/// `TriageSession` before it is reported.
package enum ExhaustiveAnalyzer {
    /// Limits of the analysis.
    package struct Options: Sendable {
        /// How much to prove.
        package var depth: Depth
        /// The wall-clock budget for the whole analysis of one protocol, in seconds.
        package var timeLimit: Double
        /// The most decision-diagram nodes one exact check may build (`full`).
        package var maxNodes: Int
        /// Whether every witness edit is also replayed through a real `TriageSession` (the
        /// differential tests set it; it costs a whole walk per witness on large protocols).
        package var checkWitnesses = false
        /// Called now and then with the checks done and the checks in all, so a terminal can
        /// show progress.
        package var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

        /// How much the analysis proves.
        package enum Depth: String, Sendable, CaseIterable {
            /// Every check, exactly, within the time budget.
            case full
            /// Witness walks and small diagrams only: fast, may leave checks not proved.
            case quick
        }

        /// Creates options: by default every check, in at most 10 seconds.
        package init(depth: Depth = .full, timeLimit: Double = 10, maxNodes: Int = 2_000_000) {
            self.depth = depth
            self.timeLimit = timeLimit
            self.maxNodes = maxNodes
        }

        /// The node budget of one exact check.
        var checkNodes: Int { depth == .quick ? min(maxNodes, 20_000) : maxNodes }
    }

    /// Every finding about `spec` over all reachable answers, and the counterexamples.
    package static func analyze(_ spec: TriageProtocol, options: Options = Options()) -> ExhaustiveReport {
        var run = ConeChecks(spec: spec, options: options)
        run.run()
        return run.findings.report(space: run.space, timeLimit: options.timeLimit)
    }
}

/// The result of an exhaustive analysis.
package struct ExhaustiveReport: Sendable {
    /// The findings (codes `no-decision`, `rule-conflict`, `dead-rule`, `unreachable-question`,
    /// `shadowed-rule`, `invariant-violated`, `analysis-incomplete`), unsorted.
    package var diagnostics: [Diagnostic]
    /// One shortest counterexample per violated invariant, in invariant order.
    package var counterexamples: [Counterexample]
    /// Whether every check was decided exactly (none left unproved, no sampled answers).
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

/// What the checks decided; turned into diagnostics by `report`. For each fact, `true`
/// (shown by a path), `false` (proved impossible) or `nil` (not proved, see `unproved`).
struct ExhaustiveFindings {
    /// Answers along one path, in asking order.
    typealias Path = [(index: Int, value: AnswerValue)]

    /// Two rules, the first before the second.
    struct Pair: Hashable, Comparable {
        var first: Int
        var second: Int
        static func < (lhs: Pair, rhs: Pair) -> Bool { (lhs.first, lhs.second) < (rhs.first, rhs.second) }
    }

    /// A check that could not be decided, and why.
    struct Unproved {
        var code: String
        /// What was not proved, e.g. "whether rule 'r3' can fire".
        var claim: String
        var location: SourceLocation
        var reason: String
    }

    let spec: TriageProtocol
    /// Per question: asked on some path.
    var asked: [Bool?]
    /// Per question: no red flag has ended the walk when it comes up, on some path.
    var reached: [Bool]
    /// Per rule: fires on some path.
    var fired: [Bool?]
    /// Per rule: fires on some path without a red flag.
    var firedWithoutRedFlag: [Bool?]
    /// Per rule, under hit_policy first: applied on some path.
    var appliedFirst: [Bool?]
    /// Per rule, under hit_policy first: an earlier rule that fires where it fires.
    var shadowedBy: [Int?]
    /// A shortest path on which no rule fires (when one exists).
    var noDecision: Path?
    /// Under hit_policy unique: a shortest path per pair of rules that fire together.
    var conflicts: [Pair: Path] = [:]
    /// Per invariant: a shortest path that violates it.
    var violations: [Path?]
    /// Checks not decided.
    var unproved: [Unproved] = []
    /// Counterexamples the engine did not reproduce (a bug in triage if ever non-empty).
    var engineMismatches: [String] = []

    init(spec: TriageProtocol) {
        self.spec = spec
        asked = Array(repeating: nil, count: spec.questions.count)
        reached = Array(repeating: true, count: spec.questions.count)
        fired = Array(repeating: nil, count: spec.rules.count)
        // A red flag never fires without one.
        firedWithoutRedFlag = spec.rules.map { $0.isRedFlag ? false : nil }
        appliedFirst = fired
        shadowedBy = Array(repeating: nil, count: spec.rules.count)
        violations = Array(repeating: nil, count: spec.invariants.count)
    }
}

// MARK: - Findings as diagnostics

extension ExhaustiveFindings {
    /// Located warnings per check before the rest are summed up in one.
    static let maxUnprovedShown = 20

    func report(space: AnswerSpace, timeLimit: Double) -> ExhaustiveReport {
        let exact = space.approximations.isEmpty && unproved.isEmpty
        var findings: [Diagnostic] = []
        let file = spec.location.file
        for reason in space.approximations {
            findings.append(
                .warning(
                    "analysis-incomplete", "not fully checked: \(reason)", at: spec.location,
                    hint: "dead rules, unreachable questions and shadowed rules are not reported; violations found are real"))
        }
        var shown: [String: Int] = [:]
        for (offset, item) in unproved.enumerated() {
            let count = shown[item.code, default: 0]
            shown[item.code] = count + 1
            if count < Self.maxUnprovedShown {
                findings.append(
                    .warning(
                        "analysis-incomplete", "not proved (\(item.code)): \(item.claim); \(item.reason)", at: item.location,
                        hint: "give the analysis more time with --analysis-time, or make the conditions this depends on simpler"))
            } else if count == Self.maxUnprovedShown {
                let more = unproved[offset...].count { $0.code == item.code }
                findings.append(
                    .warning(
                        "analysis-incomplete", "not proved (\(item.code)): \(more) more like the ones above, the first \(item.claim); \(item.reason)",
                        at: item.location, hint: "give the analysis more time with --analysis-time"))
            }
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

        // Claims that something never happens need every answer class.
        if space.approximations.isEmpty {
            for (index, question) in spec.questions.enumerated() where asked[index] == false {
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
                if fired[index] == false {
                    findings.append(
                        .warning(
                            "dead-rule", "rule '\(rule.id)' never fires: its condition does not hold for any reachable answers",
                            at: rule.when.location, hint: "check the condition against the questions' 'when' and the red flags"))
                } else if !rule.isRedFlag, firedWithoutRedFlag[index] == false {
                    findings.append(
                        .warning(
                            "dead-rule",
                            "rule '\(rule.id)' only fires together with a red flag, which overrules it, so it never shapes an outcome",
                            at: rule.when.location, hint: "a red flag ends the questions and decides alone; remove the rule or change its condition"))
                } else if spec.hitPolicy == .first, !rule.isRedFlag, appliedFirst[index] == false {
                    let earlier = shadowedBy[index].map { "'\(spec.rules[$0].id)'" } ?? "an earlier rule"
                    findings.append(
                        .warning(
                            "shadowed-rule",
                            "rule '\(rule.id)' is never applied: whenever it fires, an earlier rule (such as \(earlier)) fires too and wins under hit_policy first",
                            at: rule.when.location, hint: "move it above the rule that shadows it, or narrow that rule's condition"))
                }
            }
        }
        return ExhaustiveReport(diagnostics: findings, counterexamples: counterexamples, isComplete: exact)
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

    /// Whether a fresh session given the counterexample's answers breaks the invariant.
    static func reproduces(_ example: Counterexample, spec: TriageProtocol) -> Bool {
        let answers = Dictionary(example.answers.compactMap { entry in entry.answer.map { (entry.questionID, $0) } }, uniquingKeysWith: { first, _ in first })
        guard let session = TriageSession.replaying(answers, on: spec) else { return false }
        return session.violatedInvariants().contains { $0.id == example.invariantID }
    }
}
