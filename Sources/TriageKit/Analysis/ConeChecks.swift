/// Runs every check of the exhaustive analysis, each on its own cone of influence, within
/// a time budget (see `ExhaustiveAnalyzer`).
///
/// Order of work, cheapest first: one walk that avoids red flags; for each question not yet
/// seen asked and each rule not yet seen firing, a small diagram of its cone without red
/// flags (empty there: impossible for real) whose cheapest member is forced into witness
/// walks, many targets per walk; then an exact diagram of the cone for whatever is left,
/// for the checks that claim something never happens, and for the invariants (first with
/// rules as free variables).
struct ConeChecks {
    typealias Path = ExhaustiveFindings.Path
    typealias Ref = DecisionDiagram.Ref

    let spec: TriageProtocol
    let options: ExhaustiveAnalyzer.Options
    let space: AnswerSpace
    let cone: ConeOfInfluence
    let walker: WitnessWalk
    var findings: ExhaustiveFindings
    /// The protocol compiled once, for every replay (compiling costs a pass over the protocol).
    private let fresh: FreshSession
    private let clock = ContinuousClock()
    private let deadline: ContinuousClock.Instant
    private var lastProgress: ContinuousClock.Instant
    private var done = 0
    private let total: Int
    /// See `possibleStops` (empty: unknown).
    private var stops: Set<Int>?
    /// Per red flag, the points of `possibleStops` where it can hold.
    private var stopsByRedFlag: [Int: [Int]] = [:]
    /// Per mode, the diagram checks share.
    private var shared: [SymbolicAnalysis.Mode: SymbolicAnalysis] = [:]

    /// Witness targets packed into one walk at most (many forced answers make a red flag likely).
    static let maxBatch = 16

    /// The most witness walks for the targets (each costs one pass over the protocol).
    static let maxWitnessWalks = 4_000

    init(spec: TriageProtocol, options: ExhaustiveAnalyzer.Options) {
        fresh = FreshSession(spec)
        self.spec = spec
        self.options = options
        space = AnswerSpace(spec)
        cone = ConeOfInfluence(spec)
        walker = WitnessWalk(spec: spec, space: space, cone: cone)
        findings = ExhaustiveFindings(spec: spec)
        let start = ContinuousClock.now
        deadline = start.advanced(by: .milliseconds(Int64((max(0, options.timeLimit) * 1000).rounded())))
        lastProgress = start
        total = spec.questions.count + spec.rules.count + spec.invariants.count + 1
    }

    private var outOfTime: Bool { ContinuousClock.now >= deadline }

    private mutating func advance(_ count: Int = 1) {
        done += count
        guard let progress = options.progress else { return }
        let now = ContinuousClock.now
        if now - lastProgress >= .milliseconds(100) || done >= total {
            lastProgress = now
            progress(min(done, total), total)
        }
    }

    // MARK: - Running

    mutating func run() {
        if decideWalkEndingAtOnce() { return }
        var search = WitnessSearch(spec: spec, space: space, cone: cone)
        let maxSteps = 20 * spec.questions.count + 10_000
        // (The baseline is a real walk by construction; tests replay it, as every witness.)
        if !outOfTime, search.findBaseline(maxSteps: maxSteps, deadline: deadline),
            !options.checkWitnesses || replay(walkPath(search.baseline))?.redFlags.isEmpty == true
        {
            record(WitnessWalk.Result(answers: search.baseline, redFlag: false))
            searchTargets(&search)
        } else if !outOfTime {
            record(repairedWalk(forced: [:]))
        }
        if !search.baseline.isEmpty { proveNearby(&search) }
        witnessTargets()
        // The cheap proof of each invariant (rules as free variables) before any exact check.
        var abstractlyProved = Set<Int>()
        for index in spec.invariants.indices where !outOfTime {
            if (try? candidateHolds(spec.invariants[index].condition.expression)) == true { abstractlyProved.insert(index) }
        }
        for index in spec.questions.indices {
            if findings.asked[index] == nil { decideQuestion(index) }
            advance()
        }
        for index in spec.rules.indices {
            decideRule(index)
            advance()
        }
        decideTotality()
        advance()
        if spec.hitPolicy == .unique { decideConflicts() }
        for index in spec.invariants.indices {
            if !abstractlyProved.contains(index) { decideInvariant(index) }
            advance()
        }
    }

    /// When a red flag holds before the first question, every walk ends at once: the only
    /// walk asks nothing, and every check is decided on it (the engine's own outcome for the
    /// invariants). `false` (nothing decided) otherwise.
    private mutating func decideWalkEndingAtOnce() -> Bool {
        let nothing = SessionContext(
            triageProtocol: spec, questionIndices: cone.scoreMembers, answers: Array(repeating: nil, count: spec.questions.count))
        guard cone.redFlagRules.contains(where: { Evaluator.holds(spec.rules[$0].when.expression, in: nothing) }) else { return false }
        let session = fresh.session
        guard session.isComplete else {
            findings.engineMismatches.append("a red flag holds before the first question, but the engine asks one")
            return false
        }
        for index in spec.questions.indices {
            findings.asked[index] = false
            findings.reached[index] = false
        }
        for index in spec.rules.indices {
            findings.fired[index] = Evaluator.holds(spec.rules[index].when.expression, in: nothing)
            findings.firedWithoutRedFlag[index] = false
        }
        let violated = Set(session.violatedInvariants().map(\.id))
        for (index, invariant) in spec.invariants.enumerated() where violated.contains(invariant.id) {
            findings.violations[index] = []
        }
        advance(total)
        return true
    }

    /// A walk with `forced` answers that, when a red flag ends it, tries again with another
    /// answer to the latest free question that red flag read (a few times): greedy choices
    /// made early can make a red flag unavoidable later.
    private func repairedWalk(forced: [Int: AnswerValue]) -> WitnessWalk.Result {
        var preferred: [Int: AnswerValue] = [:]
        var result = walker.walk(forced: forced)
        var tries = 0
        while result.redFlag, tries < Self.maxRepairs, !outOfTime {
            // One other answer to one free question the red flag read, latest first; kept
            // when the walk then gets further.
            let inputs = Set(result.raisedBy.flatMap { cone.ruleReads[$0] }).filter { forced[$0] == nil && result.answers[$0] != nil }
            var improved = false
            search: for question in inputs.sorted(by: >) {
                for value in space.values[question] where value != result.answers[question] {
                    guard tries < Self.maxRepairs else { break search }
                    tries += 1
                    var attempt = preferred
                    attempt[question] = value
                    let retry = walker.walk(forced: forced, preferred: attempt)
                    let (reached, before) = (retry.answers.count(where: { $0 != nil }), result.answers.count(where: { $0 != nil }))
                    if !retry.redFlag || reached > before {
                        preferred = attempt
                        result = retry
                        improved = true
                        break search
                    }
                }
            }
            if !improved { break }
        }
        return result
    }

    /// Reaches each question not seen asked and each rule not seen firing by a local edit
    /// of the search's baseline walk (see `WitnessSearch`).
    private mutating func searchTargets(_ search: inout WitnessSearch) {
        for index in spec.questions.indices where findings.asked[index] == nil {
            guard spec.questions[index].when != nil, !outOfTime else { continue }
            defer { search.undo() }
            guard search.reachAsked(index) else { continue }
            if search.isQuiet() {
                recordEdit(&search)
            } else if !options.checkWitnesses || asks(walkPath(search.answers), index) {
                // A red flag ends the walk after the question: it is asked all the same.
                findings.asked[index] = true
            } else {
                findings.engineMismatches.append("an edited walk that asks '\(spec.questions[index].id)' is not a real walk")
            }
        }
        for (index, rule) in spec.rules.enumerated() where !outOfTime {
            if rule.isRedFlag {
                guard findings.fired[index] == nil, search.reach(rule.when.expression, allowing: index) else { continue }
                if !options.checkWitnesses || stops(walkPath(search.answers), firing: index) {
                    findings.fired[index] = true
                } else {
                    findings.engineMismatches.append("a path on which red flag '\(rule.id)' fires is not a real walk")
                }
            } else if findings.firedWithoutRedFlag[index] == nil, search.reach(rule.when.expression) {
                recordEdit(&search)
            }
            search.undo()
        }
    }

    /// What the search left open, decided with only the red flags near each check (see
    /// `emptyNearby`); a rule that fires only together with a red flag is shown by an edit
    /// that ends the walk at one.
    private mutating func proveNearby(_ search: inout WitnessSearch) {
        // Red flags by the last and by the first question they read: those that can end the walk earliest.
        let inputs = Dictionary(uniqueKeysWithValues: cone.redFlagRules.map { ($0, Array(Set(cone.ruleReads[$0])).sorted()) })
        let byLast = cone.redFlagRules.sorted { (inputs[$0]?.last ?? 0) < (inputs[$1]?.last ?? 0) }
        let byFirst = cone.redFlagRules.sorted { (inputs[$0]?.first ?? 0) < (inputs[$1]?.first ?? 0) }
        // The baseline reaches every question with no red flag: what stays unasked is down to its `when`.
        for index in spec.questions.indices where findings.asked[index] == nil && !outOfTime {
            if emptyNearby([index], { analysis in try analysis.asked(index) }) { findings.asked[index] = false }
        }
        for (index, rule) in spec.rules.enumerated() where !outOfTime {
            if rule.isRedFlag {
                // It fires where it ends the walk, so it is always modelled.
                if findings.fired[index] == nil, emptyNearby(cone.ruleReads[index], keeping: index, { analysis in try analysis.fires(index) }) {
                    findings.fired[index] = false
                }
                continue
            }
            if findings.firedWithoutRedFlag[index] == nil,
                emptyNearby(cone.ruleReads[index], { analysis in try analysis.and(analysis.fires(index), analysis.not(analysis.anyRedFlag())) })
            {
                findings.firedWithoutRedFlag[index] = false
            }
            guard findings.firedWithoutRedFlag[index] == false, findings.fired[index] == nil else { continue }
            // It holds once its last question is answered, and a red flag ends the walk there or later.
            if let last = cone.ruleReads[index].max() {
                defer { search.undo() }
                if search.reach(rule.when.expression, before: last) {
                    if !options.checkWitnesses || stops(walkPath(search.answers), firing: index) {
                        findings.fired[index] = true
                        continue
                    }
                    findings.engineMismatches.append("a path on which rule '\(rule.id)' fires with a red flag is not a real walk")
                }
            }
            // Else ended earlier by a red flag, at a point where one can hold (`possibleStops`)
            // and the rule can too (`holdsWithAnswersUpTo`): where there is no such point, it never fires.
            let reads = cone.ruleReads[index]
            let stopsKnown = possibleStops() != nil
            let segments = search.holdsWithAnswersUpTo(index)
            let sortedReads = Array(Set(reads)).sorted()
            let (first, last) = (reads.min() ?? 0, reads.max() ?? 0)
            func distance(_ point: Int) -> Int { point < first ? first - point : max(0, point - last) }
            var fitting: [Int: Int] = [:]
            for redFlag in cone.redFlagRules {
                let points = (stopsByRedFlag[redFlag] ?? []).filter { point in segments[sortedReads.count { $0 <= point }] }
                fitting[redFlag] = points.min { distance($0) < distance($1) }
            }
            if stopsKnown && fitting.isEmpty {
                findings.fired[index] = false
                continue
            }
            if emptyNearby(cone.ruleReads[index], mode: .stopAnywhere, { analysis in try analysis.fires(index) }) {
                findings.fired[index] = false
                continue
            }
            // A walk ending there: red flags that read a question the rule depends on (through
            // `when`s) first, each at its point nearest to the rule's questions. Where the points
            // are not known: those reading the rule's questions, those nearest to them, and
            // those that can end the walk latest and earliest.
            var candidates: [Int]
            if stopsKnown {
                let related = Set(cone.closure(reads, withRedFlags: false).flatMap { cone.redFlagReaders[$0] })
                candidates = fitting.map { (redFlag, point) in (redFlag, related.contains(redFlag) ? 0 : 1, distance(point)) }
                    .sorted { ($0.1, $0.2, $0.0) < ($1.1, $1.2, $1.0) }.map(\.0)
            } else {
                let sharing = Set(reads.flatMap { cone.redFlagReaders[$0] }).sorted()
                let nearest = cone.redFlagRules.map { redFlag in
                    let distance = (inputs[redFlag] ?? []).map { $0 < first ? first - $0 + last : ($0 > last ? $0 - first : last - $0) }.min()
                    return (redFlag, distance ?? Int.max)
                }.sorted { $0.1 < $1.1 }.map(\.0)
                candidates = sharing
                for ((near, latest), earliest) in zip(zip(nearest, byLast), byFirst) { candidates += [near, latest, earliest] }
                var tried = Set<Int>()
                candidates = candidates.filter { tried.insert($0).inserted }
            }
            for redFlag in candidates.prefix(Self.maxStopTries) {
                defer { search.undo() }
                guard search.reachStop(at: redFlag, firing: index, by: fitting[redFlag]) else { continue }
                if !options.checkWitnesses || stops(walkPath(search.answers), firing: index) {
                    findings.fired[index] = true
                } else {
                    findings.engineMismatches.append("a path on which rule '\(rule.id)' fires with a red flag is not a real walk")
                }
                break
            }
        }
    }

    /// Where some red flag can end the walk (-1: before the first question, `i`: just after
    /// question `i`), computed once; `nil` when unknown. A red flag changes only when one of
    /// its questions is answered, so those are its only points; each is kept when the red
    /// flag can hold there on some walk without red flags up to it (a superset).
    private mutating func possibleStops() -> [Int]? {
        if let stops { return stops.isEmpty ? nil : stops.sorted() }
        var found = Set<Int>()
        for redFlag in cone.redFlagRules {
            let inputs = Array(Set(cone.ruleReads[redFlag])).sorted()
            for point in [-1] + inputs {
                guard let holds = try? withAnalysis(cone.closure(inputs, withRedFlags: false), mode: .ignoringRedFlags, { analysis in
                    let raised = try analysis.before(point + 1, analysis.fires(redFlag))
                    return try analysis.and(analysis.valid(), raised) != DecisionDiagram.falseRef
                }) else {
                    stops = []
                    return nil
                }
                if holds {
                    found.insert(point)
                    stopsByRedFlag[redFlag, default: []].append(point)
                }
            }
        }
        stops = found.isEmpty ? [] : found
        return found.isEmpty ? nil : found.sorted()
    }

    /// Red flags tried to end a walk where a rule fires only together with one.

    static let maxStopTries = 12


    /// Whether `set` is empty over the walks of the questions `seed` needs, first with no
    /// red flags, then with the red flags that read those questions (and their questions),
    /// then once more with the red flags reading those. Fewer red flags end fewer walks, so
    /// the walks modelled (`exact`, or `stopAnywhere` for walks a red flag may end) are a
    /// superset of the real ones: empty there is empty for real. A red flag whose firing the
    /// check is about (`keeping`) is modelled from the start.
    private mutating func emptyNearby(
        _ seed: [Int], mode: SymbolicAnalysis.Mode = .exact, keeping: Int? = nil, _ set: (inout SymbolicAnalysis) throws -> Ref
    ) -> Bool {
        var questions = cone.closure(seed, withRedFlags: false)
        var redFlags = keeping.map { [$0] } ?? []
        if redFlags.isEmpty {
            // With no red flags, the exact walk is the one of `ignoringRedFlags`, and that diagram is shared.
            let shared: SymbolicAnalysis.Mode = mode == .exact ? .ignoringRedFlags : mode
            if case .some(.none) = try? candidatePath(questions, mode: shared, set) { return true }
        }
        for level in 1..<3 {
            let nearby = Set(questions.flatMap { cone.redFlagReaders[$0] } + redFlags).sorted()
            // (`stopAnywhere` also learns where red flags can end the walk: worth a try without any near.)
            if (nearby.isEmpty && mode != .stopAnywhere) || (level > 1 && nearby == redFlags) { return false }
            // With every red flag near, this is the exact check, which shares its diagram: leave it to that.
            if nearby.count == cone.redFlagRules.count && mode == .exact { return false }
            redFlags = nearby
            let redFlagQuestions = cone.closure(redFlags.flatMap { cone.ruleReads[$0] }, withRedFlags: false)
            questions = Array(Set(questions + redFlagQuestions)).sorted()
            // A cheap attempt: what needs more is left to the exact check.
            let deadline = min(self.deadline, ContinuousClock.now + .milliseconds(10))
            var analysis = SymbolicAnalysis(
                spec: spec, space: space, scoreMembers: cone.scoreMembers, cone: questions, mode: mode,
                budget: min(options.checkNodes, 20_000), deadline: deadline, redFlagQuestions: redFlagQuestions, redFlagRules: redFlags)
            if mode == .stopAnywhere { analysis.stopPoints = possibleStops() }
            do {
                let members = try set(&analysis)
                let valid = try analysis.valid()
                if try analysis.and(valid, members) == DecisionDiagram.falseRef { return true }
            } catch {
                return false
            }
        }
        return false
    }

    /// Marks what an edited walk shows: the questions it asks that the baseline did not,
    /// and the rules reading a changed answer that now fire (no red flag holds on it).
    private mutating func recordEdit(_ search: inout WitnessSearch) {
        let changed = search.changed
        if options.checkWitnesses, replay(walkPath(search.answers))?.redFlags.isEmpty != true {
            findings.engineMismatches.append("an edited witness walk is not a real walk without red flags")
            return
        }
        for index in changed where search.answers[index] != nil { findings.asked[index] = true }
        for rule in Set(changed.flatMap { search.ruleReaders[$0] }).sorted()
        where !spec.rules[rule].isRedFlag && findings.firedWithoutRedFlag[rule] != true && search.fires(rule) {
            findings.fired[rule] = true
            findings.firedWithoutRedFlag[rule] = true
        }
    }

    /// The answered questions of a walk, in asking order.
    private func walkPath(_ answers: [AnswerValue?]) -> Path {
        answers.indices.compactMap { index in answers[index].map { (index, $0) } }
    }

    /// Whether a real session given `path` in order asks question `question`.
    private func asks(_ path: Path, _ question: Int) -> Bool {
        var session = fresh.session
        for (index, value) in path where !session.isComplete {
            guard let next = session.nextQuestion?.id, next == spec.questions[index].id else { return false }
            if index == question { return true }
            do { try session.answer(value) } catch { return false }
        }
        return false
    }

    /// Whether a real session given `path` in order stops at a red flag with red-flag rule `rule` firing.
    private func stops(_ path: Path, firing rule: Int) -> Bool {
        var session = fresh.session
        for (index, value) in path where !session.isComplete {
            guard session.nextQuestion?.id == spec.questions[index].id else { return false }
            do { try session.answer(value) } catch { return false }
        }
        return session.isComplete && session.outcome().trace.contains { $0.ruleID == spec.rules[rule].id }
    }

    /// Tries of `repairedWalk` per walk.
    static let maxRepairs = 8

    /// Marks what a walk shows: the questions it asked, the rules that fired, the rule
    /// applied first.
    private mutating func record(_ walk: WitnessWalk.Result) {
        for index in spec.questions.indices where walk.answers[index] != nil { findings.asked[index] = true }
        var firstApplied = false
        for rule in walker.firedRules(on: walk) {
            findings.fired[rule] = true
            guard !walk.redFlag else { continue }
            findings.firedWithoutRedFlag[rule] = true
            if spec.hitPolicy == .first, !spec.rules[rule].isRedFlag, !firstApplied {
                firstApplied = true
                findings.appliedFirst[rule] = true
            }
        }
    }

    /// A check with a fresh diagram over `questions`; `nil` (with the reason recorded in
    /// `unproved`) when it could not be finished.
    private mutating func decide<Result>(
        _ questions: [Int], mode: SymbolicAnalysis.Mode, budget: Int? = nil, unproved: (code: String, claim: String, at: SourceLocation),
        _ body: (inout SymbolicAnalysis) throws -> Result
    ) -> Result? {
        var reason = "the time budget (\(Self.seconds(options.timeLimit))) ran out"
        if !outOfTime {
            reason = "it took more than its share of the time budget (\(Self.seconds(options.timeLimit)))"
            do {
                return try withAnalysis(questions, mode: mode, body)
            } catch let error as DecisionDiagram.BudgetExceeded {
                if !error.outOfTime {
                    reason = "its diagram outgrew \(options.checkNodes) nodes" + (options.depth == .quick ? " (--analysis quick)" : "")
                }
            } catch {
                reason = "a condition it reads is not supported by the analysis"
            }
        }
        findings.unproved.append(.init(code: unproved.code, claim: unproved.claim, location: unproved.at, reason: reason))
        return nil
    }

    /// Runs `body` on the diagram of `mode` that checks share (what they have in common,
    /// such as the red flags, the `when` conditions and counts, is built once), focused on
    /// `questions`; when that diagram is full, once more on a fresh one.
    private mutating func withAnalysis<Result>(
        _ questions: [Int], mode: SymbolicAnalysis.Mode, _ body: (inout SymbolicAnalysis) throws -> Result
    ) throws -> Result {
        // One check may take a quarter of the time left, so one hard check leaves time for the others.
        let now = ContinuousClock.now
        let checkDeadline = deadline > now ? now + (deadline - now) / 4 : deadline
        if var analysis = shared.removeValue(forKey: mode) {  // one reference, so the diagram is not copied when it grows
            analysis.focus(on: questions)
            analysis.stop(at: checkDeadline)
            do {
                let result = try body(&analysis)
                shared[mode] = analysis
                return result
            } catch let error as DecisionDiagram.BudgetExceeded where !error.outOfTime {}
        }
        var analysis = SymbolicAnalysis(
            spec: spec, space: space, scoreMembers: cone.scoreMembers, cone: questions, mode: mode, budget: options.checkNodes,
            deadline: checkDeadline, redFlagQuestions: cone.redFlagQuestions)
        let result = try body(&analysis)
        shared[mode] = analysis
        return result
    }

    // MARK: - Witnesses

    /// Finds a candidate path for every question not seen asked and every rule not seen
    /// firing (without a red flag), in its cone without red flags, and tries them in walks.
    /// A candidate set that is empty proves the question or rule dead.
    private mutating func witnessTargets() {
        var targets: [Target] = []
        for index in spec.questions.indices where findings.asked[index] == nil && !outOfTime {
            let questions = cone.closure([index], withRedFlags: false)
            let candidate: Path?
            do { candidate = try candidatePath(questions, { analysis in try analysis.asked(index) }) } catch { continue }
            if let path = candidate {
                targets.append((Dictionary(path, uniquingKeysWith: { a, _ in a }), index, nil))
            } else {
                findings.asked[index] = false
            }
        }
        for index in spec.rules.indices where findings.firedWithoutRedFlag[index] == nil && !outOfTime {
            let questions = cone.closure(cone.ruleReads[index], withRedFlags: false)
            let candidate: Path?
            do { candidate = try candidatePath(questions, { analysis in try analysis.fires(index) }) } catch { continue }
            if let path = candidate {
                targets.append((Dictionary(path, uniquingKeysWith: { a, _ in a }), nil, index))
                continue
            }
            // Not on a path without red flags; a red flag may still end the walk early enough.
            findings.firedWithoutRedFlag[index] = false
            do {
                if try candidatePath(questions, mode: .stopAnywhere, { analysis in try analysis.fires(index) }) == nil {
                    findings.fired[index] = false
                }
            } catch {}  // decided exactly later
        }
        // Pack targets whose forced answers agree into one walk; then try misses one by one.
        func shown(_ target: Target) -> Bool {
            target.question.map { findings.asked[$0] == true } ?? target.rule.map { findings.firedWithoutRedFlag[$0] == true } ?? true
        }
        var batches: [(forced: [Int: AnswerValue], members: [Target])] = []
        for target in targets {
            if let slot = batches.firstIndex(where: { batch in
                batch.members.count < Self.maxBatch
                    && target.forced.allSatisfy { batch.forced[$0.key] == nil || batch.forced[$0.key] == $0.value }
            }) {
                batches[slot].forced.merge(target.forced) { a, _ in a }
                batches[slot].members.append(target)
            } else {
                batches.append((target.forced, [target]))
            }
        }
        // A batch whose walk a red flag ended is split in two and tried again, down to single targets.
        var queue = batches.map(\.members)
        var walks = 0
        while let members = queue.popLast(), !outOfTime, walks < Self.maxWitnessWalks {
            let open = members.filter { !shown($0) }
            guard !open.isEmpty else { continue }
            var forced: [Int: AnswerValue] = [:]
            for target in open { forced.merge(target.forced) { a, _ in a } }
            let walk = repairedWalk(forced: forced)
            walks += 1
            record(walk)
            let missed = open.filter { !shown($0) }
            if missed.count > 1 {
                queue.append(Array(missed[..<(missed.count / 2)]))
                queue.append(Array(missed[(missed.count / 2)...]))
            }
        }
    }

    /// Answers to force in a walk, and what the walk should show.
    private typealias Target = (forced: [Int: AnswerValue], question: Int?, rule: Int?)

    /// The cheapest path over `questions` (by default as if no red flag fired) where `set`
    /// holds; `nil` when there is none; throws when the diagram is too large.
    private mutating func candidatePath(
        _ questions: [Int], mode: SymbolicAnalysis.Mode = .ignoringRedFlags, _ set: (inout SymbolicAnalysis) throws -> Ref
    ) throws -> Path? {
        try withAnalysis(questions, mode: mode) { analysis in
            let target = try set(&analysis)
            let valid = try analysis.valid()
            let members = try analysis.and(valid, target)
            return analysis.cheapest(members)
        }
    }

    // MARK: - Exact checks

    private mutating func decideQuestion(_ index: Int) {
        let question = spec.questions[index]
        let claim = (code: "unreachable-question", claim: "whether question '\(question.id)' is ever asked", at: question.when?.location ?? question.location)
        let verdict = decide(cone.closure([index]), mode: .exact, unproved: claim) { analysis -> (Bool, Bool) in
            let valid = try analysis.valid()
            let isAsked = try analysis.asked(index)
            let isAlive = try analysis.alive(index)
            let asked = try analysis.and(valid, isAsked)
            let alive = try analysis.and(valid, isAlive)
            return (asked != DecisionDiagram.falseRef, alive != DecisionDiagram.falseRef)
        }
        guard let (asked, reached) = verdict else { return }
        findings.asked[index] = asked
        findings.reached[index] = reached
    }

    private mutating func decideRule(_ index: Int) {
        let rule = spec.rules[index]
        if findings.fired[index] == nil || findings.firedWithoutRedFlag[index] == nil {
            let claim = (code: "dead-rule", claim: "whether rule '\(rule.id)' can fire", at: rule.when.location)
            let verdict = decide(cone.closure(cone.ruleReads[index]), mode: .exact, unproved: claim) { analysis -> (Bool, Bool) in
                let fires = try analysis.and(analysis.valid(), analysis.fires(index))
                let alone = try analysis.and(fires, analysis.not(analysis.anyRedFlag()))
                return (fires != DecisionDiagram.falseRef, alone != DecisionDiagram.falseRef)
            }
            guard let (fires, alone) = verdict else { return }
            findings.fired[index] = fires
            findings.firedWithoutRedFlag[index] = alone
        }
        guard spec.hitPolicy == .first, !rule.isRedFlag, findings.firedWithoutRedFlag[index] == true,
            findings.appliedFirst[index] == nil
        else { return }
        let earlier = (0..<index).filter { !spec.rules[$0].isRedFlag }
        let questions = cone.closure(cone.ruleReads[index] + earlier.flatMap { cone.ruleReads[$0] })
        let claim = (code: "shadowed-rule", claim: "whether rule '\(rule.id)' is ever applied under hit_policy first", at: rule.when.location)
        let verdict = decide(questions, mode: .exact, unproved: claim) { analysis -> (Bool, Path?) in
            let valid = try analysis.valid()
            let applied = try analysis.and(valid, analysis.applied(index))
            if applied != DecisionDiagram.falseRef { return (true, nil) }
            let alone = try analysis.and(analysis.and(valid, analysis.fires(index)), analysis.not(analysis.anyRedFlag()))
            return (false, analysis.cheapest(alone))
        }
        guard let (applied, path) = verdict else { return }
        findings.appliedFirst[index] = applied
        if let path { findings.shadowedBy[index] = firstEarlierRule(before: index, on: completed(path)) }
    }

    /// Whether some path makes no rule fire. A rule whose condition is `true` settles it.
    private mutating func decideTotality() {
        if spec.rules.contains(where: { $0.when.expression == .boolean(true) }) { return }
        let location = spec.rules.last?.when.location ?? spec.location
        let claim = (code: "no-decision", claim: "that every path makes some rule fire", at: location)
        let questions = cone.closure(cone.ruleReads.flatMap { $0 })
        let rules = spec.rules.indices
        func noRule(_ analysis: inout SymbolicAnalysis) throws -> Ref {
            var none = DecisionDiagram.trueRef
            for rule in rules { none = try analysis.and(none, analysis.not(analysis.fires(rule))) }
            return none
        }
        // A walk on which nothing fires, found by search, settles it without a diagram; so
        // does a search that tried every walk and found none.
        var search = WitnessSearch(spec: spec, space: space, cone: cone)
        let checkDeadline = min(deadline, ContinuousClock.now + (deadline - ContinuousClock.now) / 2)
        if !outOfTime, search.findBaseline(maxSteps: 1_000 * spec.questions.count + 100_000, deadline: checkDeadline, noRuleFires: true) {
            let walk = walkPath(search.baseline)
            if replay(walk).map({ $0.trace.isEmpty }) == true {
                let full = shortest(walk, noRule)
                findings.noDecision = replay(full).map({ $0.trace.isEmpty }) == true ? full : walk
                return
            }
        } else if search.exhausted {
            return
        }
        let found = decide(questions, mode: .exact, unproved: claim) { analysis -> Path? in
            var none = try analysis.valid()
            for rule in rules { none = try analysis.and(none, analysis.not(analysis.fires(rule))) }
            return analysis.cheapest(none)
        }
        guard let found, let path = found else { return }
        let full = shortest(path, noRule)
        if replay(full).map({ $0.trace.isEmpty }) == true {
            findings.noDecision = full
        } else {
            findings.engineMismatches.append("a path on which no rule fires is not reproduced by the engine")
        }
    }

    /// Under hit_policy unique: every pair of rules that can fire together without a red flag.
    private mutating func decideConflicts() {
        let plain = spec.rules.indices.filter { !spec.rules[$0].isRedFlag && findings.firedWithoutRedFlag[$0] != false }
        for (offset, a) in plain.enumerated() {
            for b in plain[(offset + 1)...] {
                let reads = cone.ruleReads[a] + cone.ruleReads[b]
                // Without red flags first: a pair that cannot fire together there never does.
                let separate = cone.closure(reads, withRedFlags: false)
                do {
                    if try candidatePath(separate, { analysis in try analysis.and(analysis.fires(a), analysis.fires(b)) }) == nil { continue }
                } catch {}  // too large without red flags: decide it exactly below
                let claim = (
                    code: "rule-conflict", claim: "whether rules '\(spec.rules[a].id)' and '\(spec.rules[b].id)' can fire together",
                    at: spec.rules[b].when.location
                )
                let found = decide(cone.closure(reads), mode: .exact, unproved: claim) { analysis -> Path? in
                    let both = try analysis.and(analysis.fires(a), analysis.fires(b))
                    let set = try analysis.and(analysis.and(analysis.valid(), both), analysis.not(analysis.anyRedFlag()))
                    return analysis.cheapest(set)
                }
                guard let found, let path = found else { continue }
                let full = shortest(path) { analysis in
                    let both = try analysis.and(analysis.fires(a), analysis.fires(b))
                    return try analysis.and(both, analysis.not(analysis.anyRedFlag()))
                }
                let fired = replay(full).map { Set($0.trace.map(\.ruleID)) } ?? []
                if fired.contains(spec.rules[a].id) && fired.contains(spec.rules[b].id) {
                    findings.conflicts[.init(first: a, second: b)] = full
                } else {
                    findings.engineMismatches.append("a conflict of '\(spec.rules[a].id)' and '\(spec.rules[b].id)' is not reproduced by the engine")
                }
            }
        }
    }

    private mutating func decideInvariant(_ index: Int) {
        let invariant = spec.invariants[index]
        let expression = invariant.condition.expression
        let claim = (code: "invariant-violated", claim: "invariant '\(invariant.id)'", at: invariant.condition.location)
        let rules = cone.outcomeRules(expression)
        let questions = cone.closure(cone.reads(expression) + rules.flatMap { cone.ruleReads[$0] })
        let found = decide(questions, mode: .exact, unproved: claim) { analysis -> Path? in
            let holds = try analysis.compile(expression)
            let violating = try analysis.and(analysis.valid(), analysis.not(holds))
            return analysis.cheapest(violating)
        }
        guard let found, let path = found else { return }
        findings.violations[index] = shortest(path) { analysis in try analysis.not(analysis.compile(expression)) }
    }

    /// Whether `expression` holds whatever rules fire (rules as free variables): if an
    /// invariant holds for every combination of fired rules, it holds for those paths make.
    private mutating func candidateHolds(_ expression: Expression) throws -> Bool {
        try withAnalysis([], mode: .abstractRules) { analysis in
            try analysis.not(analysis.compile(expression)) == DecisionDiagram.falseRef
        }
    }

    // MARK: - Paths

    /// The path with the fewest answers over the whole protocol where `set` holds, when the
    /// diagram of every question fits; else `path` (shortest over the cone) made complete.
    private mutating func shortest(_ path: Path, _ set: (inout SymbolicAnalysis) throws -> Ref) -> Path {
        let best = try? withAnalysis(Array(spec.questions.indices), mode: .exact) { analysis in
            let members = try set(&analysis)
            let valid = try analysis.valid()
            let all = try analysis.and(valid, members)
            return analysis.cheapest(all)
        }
        return best.flatMap { $0 } ?? completed(path)
    }

    /// A path over a cone made complete: the cone's answers fixed, every other question the
    /// walk asks answered with its first answer (nothing the check reads depends on those).
    private func completed(_ path: Path) -> Path {
        let walk = walker.walk(forced: Dictionary(path, uniquingKeysWith: { a, _ in a }))
        return walk.answers.indices.compactMap { index in walk.answers[index].map { (index, $0) } }
    }

    /// The outcome of answering `path` in a real session; `nil` when the session does not
    /// ask exactly these questions.
    private func replay(_ path: Path) -> Outcome? {
        var session = fresh.session
        for (index, value) in path {
            guard session.nextQuestion?.id == spec.questions[index].id else { return nil }
            do { try session.answer(value) } catch { return nil }
        }
        return session.isComplete ? session.outcome() : nil
    }

    private func firstEarlierRule(before index: Int, on path: Path) -> Int? {
        var answers = [AnswerValue?](repeating: nil, count: spec.questions.count)
        for (question, value) in path { answers[question] = value }
        let context = SessionContext(triageProtocol: spec, questionIndices: cone.scoreMembers, answers: answers)
        return (0..<index).first { !spec.rules[$0].isRedFlag && Evaluator.holds(spec.rules[$0].when.expression, in: context) }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// A fresh session on a protocol, compiled when first needed; copies of it share the compiled form.
private final class FreshSession {
    private let spec: TriageProtocol
    private(set) lazy var session = TriageSession(protocol: spec)

    init(_ spec: TriageProtocol) { self.spec = spec }
}
