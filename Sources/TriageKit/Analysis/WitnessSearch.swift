/// Finds real paths that show something *can* happen — a question is asked, a rule fires
/// with no red flag, a red-flag rule fires — by editing one baseline walk locally, so that
/// a protocol of ten thousand questions needs no walk of ten thousand questions per target.
///
/// The baseline is a complete walk on which no red flag ever holds, found once by walking
/// the questions in order and, where every answer to a question would raise a red flag,
/// going back to the latest earlier answer those red flags read (conflict-directed
/// backjumping). A target is then reached by a small bounded search that pins a few
/// answers, re-decides only the questions whose `when` reads a changed answer (in asking
/// order, transitively), and re-checks only the red flags that read a changed answer, at
/// every point of the walk where they are checked (the start and just after each of their
/// questions is answered). Because the baseline is a real walk and every place where the
/// edit can change the walk is re-decided exactly, an edited walk is a real walk too.
///
/// Like `WitnessWalk`, it is only ever used to show that something happens, never to claim
/// that something cannot: a target it does not reach is left to the diagrams.
struct WitnessSearch {
    /// A condition that must hold (or must not hold) at the end of the edited walk.
    private struct Obligation {
        var expression: Expression
        var holds: Bool
        /// Judged where the allowed red flag ends the walk (later answers not given yet).
        var atStop = false
        /// Judged just after this question is answered (later answers not given yet).
        var after: Int?
        /// The questions the condition reads, sorted, without repeats.
        var reads: [Int]
    }

    /// An obligation on a rule's condition.
    private func obligation(rule: Int, holds: Bool = true, atStop: Bool = false, after: Int? = nil) -> Obligation {
        Obligation(expression: spec.rules[rule].when.expression, holds: holds, atStop: atStop, after: after, reads: ruleInputs[rule])
    }

    /// An obligation on any condition.
    private func obligation(_ expression: Expression, holds: Bool) -> Obligation {
        Obligation(expression: expression, holds: holds, reads: Array(Set(cone.reads(expression))).sorted())
    }

    let spec: TriageProtocol
    let space: AnswerSpace
    let cone: ConeOfInfluence
    /// Per question: the questions whose `when` reads it.
    private let whenReaders: [[Int]]
    /// Per question: the rules (red flags included) that read it.
    let ruleReaders: [[Int]]
    /// Per rule: the questions it reads, sorted, without repeats.
    private let ruleInputs: [[Int]]
    /// Per question: the questions its `when` reads, sorted, without repeats.
    private let whenInputs: [[Int]]
    /// The walk being edited (`answers[i] == nil`: not asked).
    private var context: SessionContext
    /// The baseline walk; empty until `findBaseline` succeeds.
    private(set) var baseline: [AnswerValue?] = []
    /// Whether the last `findBaseline` that found nothing tried every walk (so there is none).
    private(set) var exhausted = false
    /// Undo log of the edits: question and its answer before.
    private var trail: [(index: Int, value: AnswerValue?)] = []
    /// Answers a search fixed (`nil` value: the question must not be asked).
    private var pins: [Int: AnswerValue?] = [:]
    /// Questions whose `when` must be decided again, in asking order.
    private var dirty: [Int] = []
    private var isDirty: [Bool]
    /// Condition evaluations left for the current target.
    private var effort = 0
    /// The red flag the current target may raise.
    private var allowed: Int?
    /// The question the current target is about (only the red flags before it matter).
    private var horizon: Int?

    /// The most condition evaluations one target may cost (a quarter per red flag tried to end a walk).
    static let maxEffortPerTarget = 2000
    /// How deep a search may nest (each level pins the answers of one condition).
    static let maxDepth = 16
    /// Value combinations tried per condition to satisfy.
    static let maxCombinations = 300
    /// Ways to satisfy one condition tried before giving up on it.
    static let maxAlternatives = 6
    /// The most unpinned questions a condition to satisfy may read.
    static let maxInputs = 4

    init(spec: TriageProtocol, space: AnswerSpace, cone: ConeOfInfluence) {
        self.spec = spec
        self.space = space
        self.cone = cone
        let count = spec.questions.count
        var whenReaders = Array(repeating: [Int](), count: count)
        for (question, reads) in cone.whenReads.enumerated() {
            for input in Set(reads) { whenReaders[input].append(question) }
        }
        var ruleReaders = Array(repeating: [Int](), count: count)
        var inputs: [[Int]] = []
        for (rule, reads) in cone.ruleReads.enumerated() {
            let unique = Array(Set(reads)).sorted()
            inputs.append(unique)
            for input in unique { ruleReaders[input].append(rule) }
        }
        self.whenReaders = whenReaders
        whenInputs = cone.whenReads.map { Array(Set($0)).sorted() }
        self.ruleReaders = ruleReaders
        ruleInputs = inputs
        isDirty = Array(repeating: false, count: count)
        context = SessionContext(triageProtocol: spec, questionIndices: cone.scoreMembers, answers: Array(repeating: nil, count: count))
    }

    /// The answers of the walk being edited, by question index.
    var answers: [AnswerValue?] { context.answers }

    // MARK: - Evaluating

    /// Whether `expression` holds on the answers of the walk being edited: the one place
    /// this search evaluates a condition.
    private mutating func holds(_ expression: Expression) -> Bool {
        effort -= 1
        return Evaluator.holds(expression, in: context)
    }

    /// Whether `rule` holds on the answers of the walk being edited.
    mutating func fires(_ rule: Int) -> Bool { holds(spec.rules[rule].when.expression) }

    /// Per number `n` of the rule's questions answered (in asking order, the later ones not
    /// yet): whether some answers to those `n` make `rule` hold (a question with a `when`
    /// may also be unasked). Where a red flag ends the walk decides which `n` applies.
    /// `true` also where the combinations were too many to try.
    mutating func holdsWithAnswersUpTo(_ rule: Int) -> [Bool] {
        let inputs = ruleInputs[rule]
        let saved = inputs.map { context.answers[$0] }
        defer { for (index, value) in zip(inputs, saved) { context.answers[index] = value } }
        effort = Int.max
        let expression = spec.rules[rule].when.expression
        return (0...inputs.count).map { given in
            for index in inputs { context.answers[index] = nil }
            var tried = 0
            func visit(_ position: Int) -> Bool {
                if position == given {
                    tried += 1
                    return holds(expression)
                }
                let index = inputs[position]
                let unasked: [AnswerValue?] = spec.questions[index].when == nil ? [] : [nil]
                for value in space.values[index].map(Optional.some) + unasked {
                    guard tried < Self.maxCombinations else { return true }
                    context.answers[index] = value
                    if visit(position + 1) { return true }
                }
                context.answers[index] = nil
                return false
            }
            return visit(0)
        }
    }

    /// Whether `obligation` comes out right.
    private mutating func met(_ obligation: Obligation) -> Bool {
        let judgedAt = obligation.atStop ? allowed.flatMap { firstRaise($0) } : obligation.after
        guard let stop = judgedAt else {
            return holds(obligation.expression) == obligation.holds
        }
        // The answers after the stop are not given in the real walk.
        var masked: [(Int, AnswerValue)] = []
        defer { for (index, value) in masked { context.answers[index] = value } }
        for index in obligation.reads where index > stop {
            guard let value = context.answers[index] else { continue }
            masked.append((index, value))
            context.answers[index] = nil
        }
        return holds(obligation.expression) == obligation.holds
    }

    /// The first point where red-flag `rule` holds: -1 at the start, else the question after
    /// whose answer it does; `nil` when it never holds.
    private mutating func firstRaise(_ rule: Int) -> Int? {
        let expression = spec.rules[rule].when.expression
        let inputs = ruleInputs[rule]
        let saved = inputs.map { context.answers[$0] }
        defer { for (index, value) in zip(inputs, saved) { context.answers[index] = value } }
        for index in inputs { context.answers[index] = nil }
        if holds(expression) { return -1 }
        for (offset, index) in inputs.enumerated() where saved[offset] != nil {
            context.answers[index] = saved[offset]
            if holds(expression) { return index }
        }
        return nil
    }

    /// Whether red-flag `rule` holds at some point where the walk checks it: at the start,
    /// or just after one of the questions it reads is answered (it cannot change elsewhere).
    /// With `stop` (the walk ends just after that question, -1: before the first), only the
    /// points before it count: the later answers are never given.
    private mutating func raisedSomewhere(_ rule: Int, before stop: Int? = nil) -> Bool {
        let expression = spec.rules[rule].when.expression
        let inputs = ruleInputs[rule]
        var masked: [(Int, AnswerValue)] = []
        defer { for (index, value) in masked { context.answers[index] = value } }
        if let stop {
            guard stop >= 0 else { return false }
            for index in inputs where index >= stop {
                guard let value = context.answers[index] else { continue }
                masked.append((index, value))
                context.answers[index] = nil
            }
        }
        if holds(expression) { return true }  // after its last question (before the stop)
        // Taking back its answered questions from the last: each step is the point just after the one before.
        for index in inputs.reversed() {
            guard let value = context.answers[index] else { continue }
            masked.append((index, value))
            context.answers[index] = nil
            if holds(expression) { return true }
        }
        return false
    }

    // MARK: - The baseline

    /// Finds a complete walk on which no red flag ever holds, within `maxSteps` questions
    /// decided; `false` when none was found, with `exhausted` set when the search ran to its
    /// end, which proves there is none. With `noRuleFires`, also no other rule holds at its
    /// end (a walk that ends without any decision): each such rule is checked once its last
    /// input has been passed, since later answers cannot change it.
    ///
    /// The search goes back only as far as the latest answer a failure depends on (conflict-
    /// directed backjumping), which skips no walk: a failure that reads a question the walk
    /// skipped depends on the answers that decided to skip it (`blame`).
    mutating func findBaseline(maxSteps: Int, deadline: ContinuousClock.Instant, noRuleFires: Bool = false) -> Bool {
        let count = spec.questions.count
        effort = Int.max
        exhausted = false
        context.answers = Array(repeating: nil, count: count)
        for rule in cone.redFlagRules where fires(rule) {  // raised before the first question
            exhausted = true
            return false
        }
        // Per question: the plain rules it is the last input of (`noRuleFires` only).
        var settledAt = Array(repeating: [Int](), count: noRuleFires ? count : 0)
        if noRuleFires {
            for rule in spec.rules.indices where !spec.rules[rule].isRedFlag {
                if let last = ruleInputs[rule].last {
                    settledAt[last].append(rule)
                } else if fires(rule) {
                    exhausted = true
                    return false  // holds whatever the answers
                }
            }
        }
        /// The rules that must not hold now and do, just after question `index`.
        func raisedAfter(_ index: Int) -> [Int] {
            cone.redFlagReaders[index].filter { fires($0) } + (noRuleFires ? settledAt[index].filter { fires($0) } : [])
        }
        var choice = Array(repeating: 0, count: count)
        var conflicts = Array(repeating: Set<Int>(), count: count)
        var index = 0
        var steps = 0
        while index < count {
            steps += 1
            if steps > maxSteps || (steps & 255 == 0 && ContinuousClock.now >= deadline) { return false }
            var skippedWithARuleHolding = false
            if let when = spec.questions[index].when, !holds(when.expression) {
                context.answers[index] = nil
                let settled = noRuleFires ? settledAt[index].filter { fires($0) } : []
                if settled.isEmpty {
                    index += 1
                    continue
                }
                for rule in settled {
                    blame(ruleInputs[rule], before: index, into: &conflicts[index])
                }
                skippedWithARuleHolding = true
            }
            // A skipped question has no answer to try: only earlier answers can help.
            let values = skippedWithARuleHolding ? [] : space.values[index]
            var found = false
            // In a walk in order, the later answers are not given yet: the answers now are
            // those the red flags see just after this question.
            while choice[index] < values.count {
                context.answers[index] = values[choice[index]]
                let raising = raisedAfter(index)
                if raising.isEmpty {
                    found = true
                    break
                }
                for rule in raising {
                    blame(ruleInputs[rule], before: index, into: &conflicts[index])
                }
                choice[index] += 1
            }
            if found {
                index += 1
                continue
            }
            // Every answer raises a red flag (or, with `noRuleFires`, settles a rule as holding):
            // change the latest earlier answer they read, or one that decides whether this
            // question is asked.
            context.answers[index] = nil
            blame(cone.whenReads[index], before: index, into: &conflicts[index])
            guard let back = conflicts[index].max() else {
                exhausted = true
                return false
            }
            conflicts[back].formUnion(conflicts[index])
            conflicts[back].remove(back)
            for later in (back + 1)...index {
                context.answers[later] = nil
                choice[later] = 0
                conflicts[later] = []
            }
            choice[back] += 1
            index = back
        }
        baseline = context.answers
        return true
    }

    /// Adds to `conflicts` the answered questions among `inputs` before `index`, and for
    /// each one skipped, the answers its `when` reads (what decided to skip it), in turn.
    private func blame(_ inputs: [Int], before index: Int, into conflicts: inout Set<Int>) {
        var pending = inputs.filter { $0 < index }
        var seen = Set<Int>()
        while let input = pending.popLast() {
            guard seen.insert(input).inserted else { continue }
            if context.answers[input] != nil {
                conflicts.insert(input)
            } else {
                pending += cone.whenReads[input].filter { $0 < input }
            }
        }
    }

    // MARK: - Reaching a target

    /// Edits the baseline so that `expression` holds at the end of the walk and no red flag
    /// (other than `allowing`) ever holds. On success the edit stays in place (read
    /// `answers` and `changed`) until `undo()`; on failure nothing is changed.
    mutating func reach(_ expression: Expression, allowing redFlag: Int? = nil) -> Bool {
        reach(effort: Self.maxEffortPerTarget, [obligation(expression, holds: true)], allowing: redFlag)
    }

    /// Edits the baseline so that question `index` is asked: its `when` holds and no red
    /// flag holds before it (one may end the walk later). On success the edit stays in
    /// place until `undo()`.
    mutating func reachAsked(_ index: Int) -> Bool {
        guard let when = spec.questions[index].when else { return !baseline.isEmpty }
        return reach(when.expression, before: index)
    }

    /// Edits the baseline so that `expression` holds and no red flag holds before question
    /// `horizon` comes up (one may end the walk from there on). On success the edit stays
    /// in place until `undo()`.
    mutating func reach(_ expression: Expression, before horizon: Int) -> Bool {
        self.horizon = horizon
        defer { self.horizon = nil }
        return reach(effort: Self.maxEffortPerTarget, [obligation(expression, holds: true)], allowing: nil)
    }

    /// Whether no red flag holds anywhere on the edited walk (it is complete).
    mutating func isQuiet() -> Bool {
        effort = Int.max
        return raisedRedFlag() == nil
    }

    /// Edits the baseline so that red flag `redFlag` ends the walk (no other red flag holds
    /// before) at a point where `rule` holds, by question `point` when given. On success the
    /// edit stays in place until `undo()`, and the walk ends at the first point where
    /// `redFlag` holds on `answers`.
    mutating func reachStop(at redFlag: Int, firing rule: Int, by point: Int? = nil) -> Bool {
        reach(effort: Self.maxEffortPerTarget / 4,
            [
                obligation(rule: rule, atStop: true),
                // First: it decides where the walk stops.
                obligation(rule: redFlag, after: point),
            ], allowing: redFlag)
    }

    private mutating func reach(effort: Int, _ obligations: [Obligation], allowing redFlag: Int?) -> Bool {
        guard !baseline.isEmpty else { return false }
        self.effort = effort
        allowed = redFlag
        defer { allowed = nil }
        if obligations.allSatisfy({ met($0) }) { return true }
        if search(obligations, depth: Self.maxDepth) { return true }
        undo()
        return false
    }

    /// The questions whose answer differs from the baseline's, without repeats.
    var changed: [Int] {
        Array(Set(trail.map(\.index))).filter { context.answers[$0] != baseline[$0] }.sorted()
    }

    /// Goes back to the baseline.
    mutating func undo() {
        undo(to: 0)
        pins = [:]
        clearDirty()
    }

    private mutating func undo(to mark: Int) {
        while trail.count > mark {
            let (index, value) = trail.removeLast()
            context.answers[index] = value
        }
    }

    private mutating func set(_ index: Int, _ value: AnswerValue?) {
        guard context.answers[index] != value else { return }
        trail.append((index, context.answers[index]))
        context.answers[index] = value
        for reader in whenReaders[index] { markDirty(reader) }
    }

    private mutating func markDirty(_ index: Int) {
        guard !isDirty[index] else { return }
        isDirty[index] = true
        dirty.append(index)
    }

    /// Decides again, in asking order, whether each question whose `when` reads a changed
    /// answer is asked (a `when` reads only earlier answers, so one pass in order is exact):
    /// a newly asked question takes its pinned answer, else its baseline answer, else one
    /// that raises no red flag.
    private mutating func propagate() {
        while !dirty.isEmpty {
            var position = 0
            for (offset, index) in dirty.enumerated() where index < dirty[position] { position = offset }
            let index = dirty.remove(at: position)
            isDirty[index] = false
            let asked = spec.questions[index].when.map { holds($0.expression) } ?? true
            if !asked {
                set(index, nil)
            } else if let pinned = pins[index] {
                set(index, pinned)
            } else if context.answers[index] == nil {
                set(index, baseline[index] ?? quietAnswer(index))
            }
        }
    }

    /// The first answer to `index` under which no red flag reading it is raised.
    private mutating func quietAnswer(_ index: Int) -> AnswerValue? {
        let values = space.values[index]
        for value in values {
            context.answers[index] = value
            if !cone.redFlagReaders[index].contains(where: { raisedSomewhere($0) }) {
                context.answers[index] = nil
                return value
            }
        }
        context.answers[index] = nil
        return values.first
    }

    /// Pins `value` (`nil`: not asked) on `index`, with the obligation that its `when` agrees.
    private mutating func pin(_ index: Int, _ value: AnswerValue?, _ obligations: inout [Obligation]) {
        pins[index] = .some(value)
        if let when = spec.questions[index].when {
            obligations.append(Obligation(expression: when.expression, holds: value != nil, reads: whenInputs[index]))
            markDirty(index)
        } else {
            set(index, value)  // always asked, so never pinned unasked
        }
    }

    /// Depth-first: propagate, then repair the first failing obligation or raised red flag
    /// by pinning a few answers, and recurse.
    private mutating func search(_ obligations: [Obligation], depth: Int) -> Bool {
        propagate()
        guard effort > 0 else { return false }
        // The latest obligation first: those on `when`s come after what needs them asked.
        if let failing = obligations.last(where: { !met($0) }) {
            guard depth > 0 else { return false }
            return satisfy(failing, obligations, depth: depth)
        }
        guard let raised = raisedRedFlag() else { return true }
        guard depth > 0 else { return false }
        // Another answer to one of the red flag's questions, the latest first.
        for index in ruleInputs[raised].reversed() where pins[index] == nil && context.answers[index] != nil {
            let unasked: [AnswerValue?] = spec.questions[index].when == nil ? [] : [nil]
            for value in space.values[index].map(Optional.some) + unasked where value != context.answers[index] {
                guard effort > 0 else { return false }
                let (mark, saved) = (trail.count, pins)
                var next = obligations
                pin(index, value, &next)
                if search(next, depth: depth - 1) { return true }
                undo(to: mark)
                pins = saved
                clearDirty()
            }
        }
        return false
    }

    /// Tries the combinations of answers to the unpinned questions `obligation` reads that
    /// make it come out right, fewest changes first.
    private mutating func satisfy(_ obligation: Obligation, _ obligations: [Obligation], depth: Int) -> Bool {
        let inputs = obligation.reads.filter { pins[$0] == nil }
        guard !inputs.isEmpty, inputs.count <= Self.maxInputs else { return false }
        for combination in combinations(inputs, obligation) {
            guard effort > 0 else { return false }
            let (mark, saved) = (trail.count, pins)
            var next = obligations
            for (index, value) in combination { pin(index, value, &next) }
            if search(next, depth: depth - 1) { return true }
            undo(to: mark)
            pins = saved
            clearDirty()
        }
        return false
    }

    /// Answers to `inputs` (a question may also be left unasked when it has a `when`) under
    /// which `obligation` comes out right, cheapest first: changing an answer costs 1, and
    /// 2 when it also changes whether the question is asked (its `when` must then change too).
    private mutating func combinations(_ inputs: [Int], _ obligation: Obligation) -> [[(Int, AnswerValue?)]] {
        let choices: [[(value: AnswerValue?, cost: Int)]] = inputs.map { index in
            let current = context.answers[index]
            let askedCost = current == nil && spec.questions[index].when != nil ? 2 : 1
            var values: [(AnswerValue?, Int)] = [(current, 0)]
            for value in space.values[index] where value != current { values.append((value, askedCost)) }
            if current != nil, spec.questions[index].when != nil { values.append((nil, 2)) }
            return values
        }
        let saved = inputs.map { context.answers[$0] }
        defer { for (index, value) in zip(inputs, saved) { context.answers[index] = value } }
        // One combination per set of changed questions first (other values for the same
        // questions fail for the same reasons), then the others while there is room.
        var found: [[(Int, AnswerValue?)]] = []
        var variants: [[(Int, AnswerValue?)]] = []
        var supports = Set<[Int]>()
        var tried = 0
        // By cost: 1, 2, ...
        for budget in 1...(2 * inputs.count) {
            var positions = Array(repeating: 0, count: inputs.count)
            func visit(_ at: Int, _ spent: Int) {
                guard tried < Self.maxCombinations, found.count < Self.maxAlternatives else { return }
                if at == inputs.count {
                    guard spent == budget else { return }
                    tried += 1
                    for (offset, index) in inputs.enumerated() { context.answers[index] = choices[offset][positions[offset]].value }
                    if met(obligation) {
                        let combination = inputs.indices.compactMap { offset in positions[offset] == 0 ? nil : (inputs[offset], choices[offset][positions[offset]].value) }
                        if supports.insert(combination.map(\.0)).inserted {
                            found.append(combination)
                        } else if variants.count < Self.maxAlternatives {
                            variants.append(combination)
                        }
                    }
                    return
                }
                for option in choices[at].indices {
                    let next = spent + choices[at][option].cost
                    guard next <= budget else { continue }
                    positions[at] = option
                    visit(at + 1, next)
                }
                positions[at] = 0
            }
            visit(0, 0)
            if found.count >= Self.maxAlternatives || tried >= Self.maxCombinations { break }
        }
        return Array((found + variants).prefix(Self.maxAlternatives))
    }

    private mutating func clearDirty() {
        for index in dirty { isDirty[index] = false }
        dirty.removeAll()
    }

    /// A red flag (other than `allowing`) that reads a changed answer and holds somewhere
    /// before the point where the allowed red flag ends the walk.
    private mutating func raisedRedFlag() -> Int? {
        let stop = allowed.flatMap { firstRaise($0) } ?? horizon
        var seen = Set<Int>()
        for (index, _) in trail {
            for rule in cone.redFlagReaders[index] where rule != allowed && seen.insert(rule).inserted {
                if raisedSomewhere(rule, before: stop) { return rule }
            }
        }
        return nil
    }
}
