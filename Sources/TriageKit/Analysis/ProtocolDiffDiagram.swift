/// Both versions of a protocol over one `DecisionDiagram`: every reachable pair of walks
/// (one per version, for one patient's answers) and, per version, which rules apply and
/// what the outcome is (decision, urgency, referrals and their order, red flags).
///
/// Each question has one level per version that has it: its answer there, or 0 when that
/// version does not ask it. A patient answers a paired question the same in both versions,
/// so where both ask it the two levels hold the same class. Leaf conditions are evaluated
/// by the engine's `Evaluator`; the walk and the hit policy follow `TriageSession` and
/// `OutcomeBuilder`. `ProtocolDiff` replays every example it reports through the engine.
struct ProtocolDiffDiagram {
    typealias Ref = DecisionDiagram.Ref

    /// The comparison is too big for its budget, or reads something it cannot compile.
    struct TooLarge: Error {}

    /// The comparison ran past its time limit.
    struct OutOfTime: Error {}

    /// One version as the diagram sees it.
    struct Version {
        let spec: TriageProtocol
        /// Per question index: its level.
        let level: [Int]
        /// Per question index: the answers tried (level value `i + 1` is `values[i]`).
        let values: [[AnswerValue]]
        /// Per question index and answer tried: whether this version accepts the answer.
        let accepts: [[Bool]]
        /// Per score: the question indices it combines.
        let scoreMembers: [[Int]]
    }

    /// What one level stands for.
    struct Level {
        /// 0: the old version, 1: the new one.
        var side: Int
        /// The question's index in that version.
        var question: Int
    }

    /// The most leaf evaluations one condition may need.
    static let maxExpansion = 200_000

    private(set) var dd: DecisionDiagram
    let versions: [Version]
    let levels: [Level]
    /// Per version: the combinations that are that version's walk (answered exactly when asked).
    private(set) var walks: [Ref] = []
    /// Both walks, with the same answer wherever both versions ask a paired question.
    private(set) var comparable: Ref = DecisionDiagram.falseRef
    /// Per version and rule: the rule applies (shapes the outcome).
    private(set) var applied: [[Ref]] = []
    /// Per version and rule: the rule's condition holds.
    private(set) var fires: [[Ref]] = []
    private var memo: [String: Ref] = [:]
    private var leaves: [LeafKey: Ref] = [:]

    /// A leaf condition of one version with the questions it can see.
    private struct LeafKey: Hashable {
        var side: Int
        var expression: Expression
        var visible: [Int]
    }

    /// When the comparison must give up.
    let deadline: ContinuousClock.Instant

    /// Throws `OutOfTime` once the deadline has passed (checked between steps, not inside one).
    func checkTime() throws(OutOfTime) {
        if ContinuousClock.now > deadline { throw OutOfTime() }
    }

    init(
        old: TriageProtocol, new: TriageProtocol, pairs: [ProtocolDiffStructure.Pair], values: [[AnswerValue]], budget: Int,
        deadline: ContinuousClock.Instant
    ) {
        self.deadline = deadline
        var levels: [Level] = []
        var levelOf = [[Int](repeating: 0, count: old.questions.count), [Int](repeating: 0, count: new.questions.count)]
        var valuesOf = [[[AnswerValue]](repeating: [], count: old.questions.count), [[AnswerValue]](repeating: [], count: new.questions.count)]
        var sizes: [Int] = []
        for (index, pair) in pairs.enumerated() {
            for (side, question) in [(0, pair.old), (1, pair.new)] {
                guard let question else { continue }
                levelOf[side][question] = levels.count
                valuesOf[side][question] = values[index]
                levels.append(Level(side: side, question: question))
                sizes.append(values[index].count + 1)
            }
        }
        self.levels = levels
        versions = [old, new].enumerated().map { side, spec in
            Version(
                spec: spec, level: levelOf[side], values: valuesOf[side],
                accepts: spec.questions.indices.map { index in
                    valuesOf[side][index].map { (try? TriageSession.validate($0, for: spec.questions[index])) != nil }
                },
                scoreMembers: CompiledProtocol.scoreMembers(of: spec))
        }
        dd = DecisionDiagram(domainSizes: sizes, budget: budget)
    }

    // MARK: - Building

    /// Builds the walks, the rules that apply and the comparable combinations.
    mutating func build(pairs: [ProtocolDiffStructure.Pair]) throws {
        do {
            for side in 0..<2 {
                let version = versions[side]
                fires.append(try version.spec.rules.map { try compile($0.when.expression, side) })
                walks.append(try walk(side))
                applied.append(try appliedRules(side))
            }
            var same = DecisionDiagram.trueRef
            for pair in pairs {
                guard let from = pair.old, let to = pair.new else { continue }
                same = try dd.and(same, agree(versions[0].level[from], versions[1].level[to]))
            }
            comparable = try dd.and(dd.and(walks[0], walks[1]), same)
        } catch is DecisionDiagram.BudgetExceeded {
            throw TooLarge()
        }
    }

    /// The walk of one version: a question is answered (with an answer it accepts) exactly
    /// when no red flag holds on the answers before it and its `when` holds.
    private mutating func walk(_ side: Int) throws -> Ref {
        let version = versions[side]
        let rules = version.spec.rules
        var valid = DecisionDiagram.trueRef
        var alive = DecisionDiagram.trueRef
        // Per red-flag rule: the questions it reads, and its set with the first `visible` of them answered.
        let redFlags = rules.indices.filter { rules[$0].isRedFlag }
        let reads = redFlags.map { rule in reading(rules[rule].when.expression, side).sorted() }
        var seen: [(visible: Int, set: Ref)?] = Array(repeating: nil, count: redFlags.count)
        for (index, question) in version.spec.questions.enumerated() {
            try checkTime()
            var raised = DecisionDiagram.falseRef
            for (position, rule) in redFlags.enumerated() {
                let visible = reads[position].count { $0 < index }
                if seen[position]?.visible != visible {
                    seen[position] = (visible, try compile(rules[rule].when.expression, side, hiddenFrom: index))
                }
                raised = try dd.or(raised, seen[position]?.set ?? DecisionDiagram.falseRef)
            }
            alive = try dd.and(alive, dd.not(raised))
            let when = try question.when.map { try compile($0.expression, side) } ?? DecisionDiagram.trueRef
            let asked = try dd.and(alive, when)
            let accepts = version.accepts[index]
            let answered = try dd.variable(version.level[index]) { $0 != 0 && accepts[$0 - 1] }
            let skipped = try dd.variable(version.level[index]) { $0 == 0 }
            valid = try dd.and(valid, dd.ifThenElse(asked, answered, skipped))
        }
        return valid
    }

    /// The old level `a` and the new level `b` hold the same class where both are answered.
    private mutating func agree(_ a: Int, _ b: Int) throws(DecisionDiagram.BudgetExceeded) -> Ref {
        var children: [Ref] = []
        for value in 0..<dd.domainSizes[a] {
            children.append(value == 0 ? DecisionDiagram.trueRef : try dd.variable(b) { $0 == 0 || $0 == value })
        }
        return try dd.node(level: a, children: children)
    }

    /// Per rule: whether it applies, as `OutcomeBuilder` decides (fallback rules left out:
    /// they decide nothing and refer nowhere).
    private mutating func appliedRules(_ side: Int) throws -> [Ref] {
        let spec = versions[side].spec
        var anyRedFlag = DecisionDiagram.falseRef
        for (index, rule) in spec.rules.enumerated() where rule.isRedFlag { anyRedFlag = try dd.or(anyRedFlag, fires[side][index]) }
        let noRedFlag = try dd.not(anyRedFlag)
        var result: [Ref] = []
        var earlier = DecisionDiagram.falseRef
        for (index, rule) in spec.rules.enumerated() {
            if rule.isRedFlag {
                result.append(fires[side][index])
                continue
            }
            var applies = try dd.and(fires[side][index], noRedFlag)
            if spec.hitPolicy != .collect {
                applies = try dd.and(applies, dd.not(earlier))
                earlier = try dd.or(earlier, fires[side][index])
            }
            result.append(applies)
        }
        return result
    }

    // MARK: - The outcome of one version

    /// The red flag `id` is raised.
    mutating func redFlag(_ side: Int, _ id: String) throws -> Ref {
        var result = DecisionDiagram.falseRef
        for (index, rule) in versions[side].spec.rules.enumerated() where rule.isRedFlag && rule.id == id {
            result = try dd.or(result, fires[side][index])
        }
        return result
    }

    /// Some applied rule refers to `destination`.
    mutating func refers(_ side: Int, _ destination: String) throws -> Ref {
        try cached("refers \(side) \(destination)") { this in
            var result = DecisionDiagram.falseRef
            for (index, rule) in this.versions[side].spec.rules.enumerated() where rule.referTo == destination {
                result = try this.dd.or(result, this.applied[side][index])
            }
            return result
        }
    }

    /// The outcome's decision is `decision` (applied decisions combine as `Decision.combined`).
    mutating func decision(_ side: Int, _ decision: Decision) throws -> Ref {
        func has(_ this: inout ProtocolDiffDiagram, _ wanted: Decision) throws -> Ref {
            var result = DecisionDiagram.falseRef
            for (index, rule) in this.versions[side].spec.rules.enumerated() where rule.decision == wanted {
                result = try this.dd.or(result, this.applied[side][index])
            }
            return result
        }
        return try cached("decision \(side) \(decision.rawValue)") { this in
            let urgent = try has(&this, .urgent)
            let notUrgent = try this.dd.not(urgent)
            let medical = try has(&this, .medical)
            let psychosocial = try has(&this, .psychosocial)
            let mixed = try this.dd.and(notUrgent, this.dd.or(has(&this, .mixed), this.dd.and(medical, psychosocial)))
            let plain = try this.dd.and(notUrgent, this.dd.not(mixed))
            switch decision {
            case .urgent: return urgent
            case .mixed: return mixed
            case .medical: return try this.dd.and(plain, medical)
            case .psychosocial: return try this.dd.and(this.dd.and(plain, this.dd.not(medical)), psychosocial)
            case .none: return try this.dd.and(this.dd.and(plain, this.dd.not(medical)), this.dd.not(psychosocial))
            }
        }
    }

    /// The outcome's urgency is `urgency` (as `OutcomeBuilder` derives it from the decision and referrals).
    mutating func urgency(_ side: Int, _ urgency: Outcome.Urgency) throws -> Ref {
        try cached("urgency \(side) \(urgency.rawValue)") { this in
            var referred = DecisionDiagram.falseRef
            for destination in Set(this.versions[side].spec.rules.compactMap(\.referTo)).sorted() {
                referred = try this.dd.or(referred, this.refers(side, destination))
            }
            switch urgency {
            case .today: return try this.decision(side, .urgent)
            case .soon: return try this.dd.or(this.decision(side, .medical), this.decision(side, .mixed))
            case .routine: return try this.dd.or(this.decision(side, .psychosocial), this.dd.and(this.decision(side, .none), referred))
            case .none: return try this.dd.and(this.decision(side, .none), this.dd.not(referred))
            }
        }
    }

    /// With both referred: `first` is listed before `second` (referrals are ordered by
    /// their best priority, then by the first applied rule naming them).
    mutating func before(_ side: Int, _ first: String, _ second: String) throws -> Ref {
        let rules = versions[side].spec.rules
        let priorities = Set(rules.compactMap { $0.referTo == first || $0.referTo == second ? $0.priority : nil }).sorted()
        var result = DecisionDiagram.falseRef
        for priority in priorities {
            let firstIs = try bestPriority(side, first, is: priority)
            let secondAtMost = try bestPriority(side, second, atMost: priority)
            let secondIs = try bestPriority(side, second, is: priority)
            result = try dd.or(result, dd.and(firstIs, dd.not(secondAtMost)))
            result = try dd.or(result, dd.and(dd.and(firstIs, secondIs), firstNamedBefore(side, first, second)))
        }
        return result
    }

    /// The best (lowest) priority of the applied rules referring to `destination` is at most `priority`.
    private mutating func bestPriority(_ side: Int, _ destination: String, atMost priority: Int) throws -> Ref {
        var result = DecisionDiagram.falseRef
        for (index, rule) in versions[side].spec.rules.enumerated() where rule.referTo == destination && rule.priority <= priority {
            result = try dd.or(result, applied[side][index])
        }
        return result
    }

    private mutating func bestPriority(_ side: Int, _ destination: String, is priority: Int) throws -> Ref {
        try dd.and(bestPriority(side, destination, atMost: priority), dd.not(bestPriority(side, destination, atMost: priority - 1)))
    }

    /// An applied rule refers to `first` before any applied rule refers to `second`.
    private mutating func firstNamedBefore(_ side: Int, _ first: String, _ second: String) throws -> Ref {
        let rules = versions[side].spec.rules
        var result = DecisionDiagram.falseRef
        var secondEarlier = DecisionDiagram.falseRef
        for index in rules.indices {
            if rules[index].referTo == first { result = try dd.or(result, dd.and(applied[side][index], dd.not(secondEarlier))) }
            if rules[index].referTo == second { secondEarlier = try dd.or(secondEarlier, applied[side][index]) }
        }
        return result
    }

    private mutating func cached(_ key: String, _ make: (inout ProtocolDiffDiagram) throws -> Ref) throws -> Ref {
        if let done = memo[key] { return done }
        let result = try make(&self)
        memo[key] = result
        return result
    }

    // MARK: - Sets and examples

    mutating func and(_ a: Ref, _ b: Ref) throws -> Ref { try dd.and(a, b) }
    mutating func or(_ a: Ref, _ b: Ref) throws -> Ref { try dd.or(a, b) }
    mutating func not(_ a: Ref) throws -> Ref { try dd.not(a) }

    /// The number of combinations (answer classes) in `set`.
    func count(_ set: Ref) -> Double { dd.count(set) }

    /// The combination in `set` with the fewest answers (over both versions), as the answers
    /// per version in asking order; `nil` when `set` is empty.
    func shortest(_ set: Ref) -> [[(question: Int, value: AnswerValue)]]? {
        guard let values = dd.cheapest(set, cost: { _, value in value == 0 ? 0 : 1 }) else { return nil }
        var answers: [[(question: Int, value: AnswerValue)]] = [[], []]
        for (level, value) in values.enumerated() where value != 0 {
            let (side, question) = (levels[level].side, levels[level].question)
            answers[side].append((question, versions[side].values[question][value - 1]))
        }
        return answers.map { $0.sorted { $0.question < $1.question } }
    }

    // MARK: - Conditions

    /// The combinations for which `expression` of version `side` holds, with the questions
    /// from index `hiddenFrom` on not yet answered.
    private mutating func compile(_ expression: Expression, _ side: Int, hiddenFrom: Int = Int.max) throws -> Ref {
        switch expression {
        case .boolean(let flag):
            return flag ? DecisionDiagram.trueRef : DecisionDiagram.falseRef
        case .not(let inner):
            return try dd.not(compile(inner, side, hiddenFrom: hiddenFrom))
        case .logical(let op, let a, let b):
            let left = try compile(a, side, hiddenFrom: hiddenFrom)
            let right = try compile(b, side, hiddenFrom: hiddenFrom)
            switch op {
            case .and: return try dd.and(left, right)
            case .or: return try dd.or(left, right)
            case .implies: return try dd.implies(left, right)
            }
        case .call(.any, let arguments):
            var result = DecisionDiagram.falseRef
            for argument in arguments { result = try dd.or(result, compile(argument, side, hiddenFrom: hiddenFrom)) }
            return result
        case .call(.all, let arguments):
            var result = DecisionDiagram.trueRef
            for argument in arguments { result = try dd.and(result, compile(argument, side, hiddenFrom: hiddenFrom)) }
            return result
        case .comparison(let op, .call(.count, let arguments), .number(let constant)) where !countsOptions(arguments, side):
            return try count(arguments, op, constant, side, hiddenFrom)
        case .comparison(let op, .number(let constant), .call(.count, let arguments)) where !countsOptions(arguments, side):
            return try count(arguments, op.flipped, constant, side, hiddenFrom)
        default:
            return try leaf(expression, side, hiddenFrom)
        }
    }

    /// `count(q)` of a multiple-choice question counts options, not conditions.
    private func countsOptions(_ arguments: [Expression], _ side: Int) -> Bool {
        guard arguments.count == 1, case .question(_, let index) = arguments[0] else { return false }
        if case .multipleChoice = versions[side].spec.questions[index].answerType { return true }
        return false
    }

    /// `count(a, b, ...) op constant`: how many of the conditions hold, by dynamic programming.
    private mutating func count(
        _ arguments: [Expression], _ op: ComparisonOperator, _ constant: Double, _ side: Int, _ hiddenFrom: Int
    ) throws -> Ref {
        let conditions = try arguments.map { try compile($0, side, hiddenFrom: hiddenFrom) }
        return try dd.count(of: conditions, op, constant)
    }

    /// The questions `expression` of version `side` reads, directly or through a score.
    private func reading(_ expression: Expression, _ side: Int) -> Set<Int> {
        var read = Set(expression.questionIndices)
        expression.visit { if case .score(_, let index) = $0 { read.formUnion(versions[side].scoreMembers[index]) } }
        return read
    }

    /// A leaf condition, evaluated by the engine's `Evaluator` for every combination of the
    /// answers it reads (directly or through a score) that are not hidden.
    private mutating func leaf(_ expression: Expression, _ side: Int, _ hiddenFrom: Int) throws -> Ref {
        let version = versions[side]
        var readsOutcome = false
        expression.visit { node in
            if case .outcome = node { readsOutcome = true }
            if case .call(.refers, _) = node { readsOutcome = true }
        }
        if readsOutcome { throw TooLarge() }  // rules and `when`s never read the outcome
        let visible = reading(expression, side).filter { $0 < hiddenFrom }
        let key = LeafKey(side: side, expression: expression, visible: visible.sorted())
        if let done = leaves[key] { return done }
        try checkTime()
        let dependencies = visible.sorted { version.level[$0] < version.level[$1] }
        var answers = [AnswerValue?](repeating: nil, count: version.spec.questions.count)
        var evaluations = 0
        func build(_ this: inout ProtocolDiffDiagram, _ position: Int) throws -> Ref {
            if position == dependencies.count {
                evaluations += 1
                guard evaluations <= Self.maxExpansion else { throw TooLarge() }
                let context = SessionContext(triageProtocol: version.spec, questionIndices: version.scoreMembers, answers: answers)
                return Evaluator.holds(expression, in: context) ? DecisionDiagram.trueRef : DecisionDiagram.falseRef
            }
            let question = dependencies[position]
            var children: [Ref] = [try build(&this, position + 1)]
            for value in version.values[question] {
                answers[question] = value
                children.append(try build(&this, position + 1))
            }
            answers[question] = nil
            return try this.dd.node(level: version.level[question], children: children)
        }
        let result = try build(&self, 0)
        leaves[key] = result
        return result
    }
}
