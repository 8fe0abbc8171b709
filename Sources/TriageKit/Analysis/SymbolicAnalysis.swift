/// The exhaustive analysis of one check, done symbolically over the check's cone of
/// influence: every condition becomes a `DecisionDiagram` over the answers an `AnswerSpace`
/// tries, the walk (a question's `when`, a red flag ends the questions) over the cone's
/// questions becomes the set of valid paths, and the check is a question of whether a set
/// is empty — with its cheapest member (fewest answers) as counterexample.
///
/// Conditions are never re-implemented: each leaf condition (a comparison, a `contains`, an
/// `unknown(q)`, a score) is evaluated by the engine's own `Evaluator` on the values it
/// reads, and only `and`, `or`, `not`, `any`, `all`, `count(...)` and the outcome's parts
/// (which rules apply, as `OutcomeBuilder` decides) are built from diagrams.
struct SymbolicAnalysis {
    /// A condition the symbolic analysis does not handle.
    struct Unsupported: Error {}

    typealias Ref = DecisionDiagram.Ref

    /// How much of the protocol's meaning the diagram models.
    enum Mode {
        /// The walk over the cone, red flags included: exact.
        case exact
        /// The walk over the cone as if no red flag ever fired: the paths without a red flag
        /// are among these, so a set empty here is empty on them, and a member is a
        /// candidate to try in a `WitnessWalk`.
        case ignoringRedFlags
        /// The walk over the cone where the walk may end before any question (as a red flag
        /// would end it), and must end where one of the modelled red flags holds (by default
        /// none): a superset of the valid paths, so a set empty here is empty for real.
        case stopAnywhere
        /// Whether a rule fires is a free variable: a superset of the reachable outcomes,
        /// so a property that holds here holds for real.
        case abstractRules
    }

    let spec: TriageProtocol
    let space: AnswerSpace
    let mode: Mode
    /// The questions whose walk is modelled, in asking order.
    private(set) var cone: [Int]
    /// The questions red flags read (closed under `when`), in every cone: the walk's exact
    /// form caches what they decide and shares it between cones.
    private let redFlagQuestions: [Int]
    private let isRedFlagQuestion: Set<Int>
    /// The red-flag rules modelled: all of them, or (for a superset of the walks) some.
    private let redFlagRules: [Int]
    private var aliveCache: [Int: Ref] = [:]
    private var askedCache: [Int: Ref] = [:]
    private var termCache: [Int: Ref] = [:]
    private var checkpoints: [(position: Int, alive: Ref)] = []
    private var redFlagWalk: Ref?
    private var countCache: [[Expression]: [Ref]] = [:]
    private var whenCache: [Int: Ref] = [:]
    private(set) var dd: DecisionDiagram
    private let scoreMembers: [[Int]]
    private var fireCache: [Int: Ref] = [:]
    private var appliedCache: [Int: Ref] = [:]
    private var outcomeCache: [String: Ref] = [:]
    private var redFlagCache: Ref?
    private var walk: (valid: Ref, asked: [Int: Ref], alive: [Int: Ref])?
    /// The answers a leaf condition is evaluated on (all `nil` between leaves).
    private var scratch: [AnswerValue?] = []

    /// For `abstractRules`: per rule, the rule whose free variable it takes. Under collect
    /// only whether some rule of each effect (red flag or not, decision, destination) fires
    /// reaches the outcome, so one variable per effect is exact; otherwise each rule its own.
    private let abstractVariable: [Int]

    /// For `stopAnywhere`: the points where some red flag can end the walk (-1: before the
    /// first question, `i`: just after question `i`), when known; a walk then ends only there.
    var stopPoints: [Int]?

    /// The most answer combinations one leaf condition is expanded over.
    static let maxExpansion = 200_000

    init(
        spec: TriageProtocol, space: AnswerSpace, scoreMembers: [[Int]], cone: [Int], mode: Mode, budget: Int,
        deadline: ContinuousClock.Instant?, redFlagQuestions: [Int] = [], redFlagRules: [Int]? = nil
    ) {
        let modelled = mode == .exact || mode == .abstractRules
        self.redFlagRules = redFlagRules ?? (modelled ? spec.rules.indices.filter { spec.rules[$0].isRedFlag } : [])
        self.spec = spec
        self.space = space
        self.mode = mode
        self.cone = cone
        self.scoreMembers = scoreMembers
        self.redFlagQuestions = redFlagQuestions
        isRedFlagQuestion = Set(redFlagQuestions)
        var domains = space.domainSizes
        if mode == .abstractRules { domains += Array(repeating: 2, count: spec.rules.count) }
        if mode == .abstractRules && spec.hitPolicy == .collect {
            struct Effect: Hashable {
                var isRedFlag: Bool
                var decision: Decision
                var referTo: String?
            }
            var first: [Effect: Int] = [:]
            abstractVariable = spec.rules.indices.map { rule in
                let effect = Effect(isRedFlag: spec.rules[rule].isRedFlag, decision: spec.rules[rule].decision, referTo: spec.rules[rule].referTo)
                if let earlier = first[effect] { return earlier }
                first[effect] = rule
                return rule
            }
        } else {
            abstractVariable = Array(spec.rules.indices)
        }
        dd = DecisionDiagram(domainSizes: domains, budget: budget, deadline: deadline)
    }

    /// Where the `when` of question `index` holds (always, without one).
    private mutating func whenHolds(_ index: Int) throws -> Ref {
        if let done = whenCache[index] { return done }
        let result = try spec.questions[index].when.map { try compile($0.expression) } ?? DecisionDiagram.trueRef
        whenCache[index] = result
        return result
    }

    /// Where question `index` takes the `value`-th answer the `AnswerSpace` tries (from 1;
    /// 0: not asked). Tests use it to pin one path.
    mutating func answer(_ index: Int, is value: Int) throws -> Ref {
        try dd.variable(index) { $0 == value }
    }

    /// `set` as seen just before question `index` is answered (later questions not answered yet).
    mutating func before(_ index: Int, _ set: Ref) throws -> Ref {
        var memo: [Ref: Ref] = [:]
        return try dd.unaskedFrom(index, set, memo: &memo)
    }

    /// Both sets.
    mutating func and(_ a: Ref, _ b: Ref) throws -> Ref { try dd.and(a, b) }
    /// Everything outside the set.
    mutating func not(_ a: Ref) throws -> Ref { try dd.not(a) }

    // MARK: - The walk over the cone

    /// Where `rule` fires.
    mutating func fires(_ rule: Int) throws -> Ref {
        if let done = fireCache[rule] { return done }
        let result =
            mode == .abstractRules
            ? try dd.variable(spec.questions.count + abstractVariable[rule]) { $0 == 1 }
            : try compile(spec.rules[rule].when.expression)
        fireCache[rule] = result
        return result
    }

    /// Where some red-flag rule fires (never, when red flags are ignored).
    mutating func anyRedFlag() throws -> Ref {
        if let done = redFlagCache { return done }
        var result = DecisionDiagram.falseRef
        if mode != .ignoringRedFlags {
            result = try union(redFlagRules.map { try fires($0) })
        }
        redFlagCache = result
        return result
    }

    /// The valid paths over the cone: a question is answered exactly when the walk asks it
    /// (its `when` holds and no red flag has ended the walk). All paths for `abstractRules`.
    mutating func valid() throws -> Ref {
        if mode == .exact {
            if let walk { return walk.valid }
            let valid = try validExact()
            walk = (valid, [:], [:])
            return valid
        }
        return try buildWalk().valid
    }

    /// Where question `index` (in the cone) is asked.
    mutating func asked(_ index: Int) throws -> Ref {
        if mode == .exact { return try askedExact(index) }
        return try buildWalk().asked[index] ?? DecisionDiagram.falseRef
    }

    /// Where no red flag has ended the walk when question `index` (in the cone) comes up.
    mutating func alive(_ index: Int) throws -> Ref {
        if mode == .exact { return try aliveExact(index) }
        return try buildWalk().alive[index] ?? DecisionDiagram.falseRef
    }

    /// When building must stop from now on.
    mutating func stop(at deadline: ContinuousClock.Instant) { dd.deadline = deadline }

    /// Models the walk over `questions` from now on (a cone that holds the red flags'
    /// questions); what is known of each question is kept.
    mutating func focus(on questions: [Int]) {
        cone = questions
        walk = nil
    }

    // MARK: - The exact walk, shared between cones

    /// No red flag holds at any point of the walk up to question `index`. The walk checks
    /// the red flags before every question; their value changes only where they read, so
    /// the points to check are the start, just after each question they read, and `index`.
    private mutating func aliveExact(_ index: Int) throws -> Ref {
        if let done = aliveCache[index] { return done }
        let redFlag = try anyRedFlag()
        if checkpoints.isEmpty {
            var memo: [Ref: Ref] = [:]
            checkpoints.append((0, try dd.not(dd.unaskedFrom(0, redFlag, memo: &memo))))
        }
        // Extend the running conjunction over the points before `index`.
        var next = checkpoints.count - 1
        while next < redFlagQuestions.count, redFlagQuestions[next] + 1 <= index {
            let position = redFlagQuestions[next] + 1
            var memo: [Ref: Ref] = [:]
            let raised = try dd.unaskedFrom(position, redFlag, memo: &memo)
            checkpoints.append((position, try dd.and(checkpoints[checkpoints.count - 1].alive, dd.not(raised))))
            next += 1
        }
        let last = checkpoints.last { $0.position <= index } ?? checkpoints[0]
        var memo: [Ref: Ref] = [:]
        let result = try dd.and(last.alive, dd.not(dd.unaskedFrom(index, redFlag, memo: &memo)))
        aliveCache[index] = result
        return result
    }

    private mutating func askedExact(_ index: Int) throws -> Ref {
        if let done = askedCache[index] { return done }
        let when = try whenHolds(index)
        let result = try dd.and(aliveExact(index), when)
        askedCache[index] = result
        return result
    }

    /// Question `index` is answered exactly when it is asked.
    private mutating func term(_ index: Int) throws -> Ref {
        if let done = termCache[index] { return done }
        let asked = try askedExact(index)
        let answered = try dd.variable(index) { $0 != 0 }
        let result = try dd.ifThenElse(asked, answered, dd.not(answered))
        termCache[index] = result
        return result
    }

    /// The exact valid paths over the cone: the red flags' questions (built once), then the rest.
    private mutating func validExact() throws -> Ref {
        if redFlagWalk == nil {
            var valid = DecisionDiagram.trueRef
            for index in redFlagQuestions.reversed() { valid = try dd.and(valid, term(index)) }
            redFlagWalk = valid
        }
        var valid = redFlagWalk ?? DecisionDiagram.trueRef
        for index in cone.reversed() where !isRedFlagQuestion.contains(index) { valid = try dd.and(valid, term(index)) }
        return valid
    }

    private mutating func buildWalk() throws -> (valid: Ref, asked: [Int: Ref], alive: [Int: Ref]) {
        if let walk { return walk }
        var valid = DecisionDiagram.trueRef
        var asked: [Int: Ref] = [:]
        var aliveAt: [Int: Ref] = [:]
        if mode == .stopAnywhere {
            var stopped = DecisionDiagram.falseRef
            let redFlag = try anyRedFlag()
            // Per cone question so far: where it is the last one answered; and where none is.
            var lastAnswered: [(index: Int, set: Ref)] = []
            var noneAnswered = DecisionDiagram.trueRef
            for index in cone {
                aliveAt[index] = try dd.not(stopped)
                let when = try whenHolds(index)
                asked[index] = try dd.and(dd.not(stopped), when)
                let answered = try dd.variable(index) { $0 != 0 }
                // Once stopped nothing is answered; before, a question is answered only when its `when` holds.
                valid = try dd.and(valid, dd.ifThenElse(stopped, dd.not(answered), dd.implies(answered, when)))
                if redFlag != DecisionDiagram.falseRef {
                    // A modelled red flag that holds on the answers before this question ends the walk.
                    var memo: [Ref: Ref] = [:]
                    let raised = try dd.unaskedFrom(index, redFlag, memo: &memo)
                    valid = try dd.and(valid, dd.not(dd.and(raised, answered)))
                }
                if let points = stopPoints {
                    // The walk ends before this question (asked, not answered) only at a stop point
                    // after the last cone question answered: the questions between are not asked.
                    func stopBetween(_ from: Int) -> Bool { points.contains { $0 >= from && $0 < index } }
                    var allowed = stopBetween(-1) ? noneAnswered : DecisionDiagram.falseRef
                    for last in lastAnswered where stopBetween(last.index) { allowed = try dd.or(allowed, last.set) }
                    let endsHere = try dd.and(dd.and(dd.not(stopped), when), dd.not(answered))
                    valid = try dd.and(valid, dd.implies(endsHere, allowed))
                    let unanswered = try dd.not(answered)
                    for position in lastAnswered.indices { lastAnswered[position].set = try dd.and(lastAnswered[position].set, unanswered) }
                    lastAnswered.append((index, answered))
                    noneAnswered = try dd.and(noneAnswered, unanswered)
                }
                stopped = try dd.or(stopped, dd.and(when, dd.not(answered)))
            }
        } else if mode == .ignoringRedFlags {
            for index in cone {
                aliveAt[index] = DecisionDiagram.trueRef
                let when = try whenHolds(index)
                asked[index] = when
                let answered = try dd.variable(index) { $0 != 0 }
                valid = try dd.and(valid, dd.ifThenElse(when, answered, dd.not(answered)))
            }
        }
        walk = (valid, asked, aliveAt)
        return (valid, asked, aliveAt)
    }

    /// The path in `set` with the fewest answers, as (question, answer) in asking order.
    /// (Call it with a computed `set`, never with `dd` operations as argument: `self` is
    /// captured before the arguments are evaluated.)
    func cheapest(_ set: Ref) -> ExhaustiveFindings.Path? {
        guard let values = dd.cheapest(set, cost: { level, value in value == 0 || level >= space.values.count ? 0 : 1 }) else {
            return nil
        }
        return values.prefix(space.values.count).enumerated().compactMap { index, value in
            value == 0 ? nil : (index, space.values[index][value - 1])
        }
    }

    // MARK: - The outcome, as OutcomeBuilder builds it

    /// Whether `rule` is applied: a red flag whenever it fires; another rule when no red
    /// flag fires and, under first and unique, no earlier rule fires.
    mutating func applied(_ rule: Int) throws -> Ref {
        if let done = appliedCache[rule] { return done }
        var result = try fires(rule)
        if !spec.rules[rule].isRedFlag {
            result = try dd.and(result, dd.not(anyRedFlag()))
            if spec.hitPolicy != .collect {
                for earlier in 0..<rule where !spec.rules[earlier].isRedFlag {
                    result = try dd.and(result, dd.not(fires(earlier)))
                }
            }
        }
        appliedCache[rule] = result
        return result
    }

    /// Where some rule of `rules` is applied. Under collect the rules that are not red flags
    /// are applied exactly where they fire and no red flag does, so their union is taken
    /// once, not per rule.
    private mutating func anyApplied(_ rules: [Int]) throws -> Ref {
        guard spec.hitPolicy == .collect else { return try union(rules.map { try applied($0) }) }
        let redFlags = try union(rules.filter { spec.rules[$0].isRedFlag }.map { try fires($0) })
        let others = try union(rules.filter { !spec.rules[$0].isRedFlag }.map { try fires($0) })
        if others == DecisionDiagram.falseRef { return redFlags }
        return try dd.or(redFlags, dd.and(others, dd.not(anyRedFlag())))
    }

    /// The union of `sets`, joined as a balanced tree: joining one at a time into a growing
    /// union costs time quadratic in the number of rules.
    private mutating func union(_ sets: [Ref]) throws -> Ref {
        var layer = sets
        while layer.count > 1 {
            var next: [Ref] = []
            next.reserveCapacity((layer.count + 1) / 2)
            for start in stride(from: 0, to: layer.count, by: 2) {
                next.append(start + 1 < layer.count ? try dd.or(layer[start], layer[start + 1]) : layer[start])
            }
            layer = next
        }
        return layer.first ?? DecisionDiagram.falseRef
    }

    /// Some applied rule refers to a destination that satisfies `include`.
    private mutating func refers(_ key: String, _ include: (Destination) -> Bool) throws -> Ref {
        if let done = outcomeCache["refers:" + key] { return done }
        let result = try anyApplied(
            spec.rules.indices.filter { index in
                guard let target = spec.rules[index].referTo, let destination = spec.destination(target) else { return false }
                return include(destination)
            })
        outcomeCache["refers:" + key] = result
        return result
    }

    /// The outcome's decision is `decision` (applied decisions combine as `Decision.combined`).
    private mutating func decisionIs(_ decision: Decision) throws -> Ref {
        if let done = outcomeCache["decision:" + decision.rawValue] { return done }
        func has(_ wanted: Decision) throws -> Ref {
            try anyApplied(spec.rules.indices.filter { spec.rules[$0].decision == wanted })
        }
        let urgent = try has(.urgent)
        let notUrgent = try dd.not(urgent)
        let mixed = try dd.and(notUrgent, dd.or(has(.mixed), dd.and(has(.medical), has(.psychosocial))))
        let notMixed = try dd.not(mixed)
        let medical = try dd.and(dd.and(notUrgent, notMixed), has(.medical))
        let psychosocial = try dd.and(dd.and(dd.and(notUrgent, notMixed), dd.not(has(.medical))), has(.psychosocial))
        let none = try dd.not(dd.or(dd.or(urgent, mixed), dd.or(medical, psychosocial)))
        let all: [Decision: Ref] = [.urgent: urgent, .mixed: mixed, .medical: medical, .psychosocial: psychosocial, .none: none]
        for (key, value) in all { outcomeCache["decision:" + key.rawValue] = value }
        return all[decision] ?? DecisionDiagram.falseRef
    }

    private mutating func outcomeProperty(_ property: Expression.OutcomeProperty) throws -> Ref {
        switch property {
        case .decision: throw Unsupported()
        case .redFlag: return try anyRedFlag()
        case .referred: return try refers("any") { _ in true }
        case .referredWelfare: return try refers("welfare") { $0.category == .welfare }
        case .referredMedical: return try refers("medical") { $0.category == .medical }
        case .referredUrgent: return try refers("urgent") { $0.category == .urgent }
        case .referredNeedingConsent: return try refers("consent") { $0.requiresConsent }
        }
    }

    // MARK: - Conditions

    /// The set of combinations for which `expression` holds.
    mutating func compile(_ expression: Expression) throws -> Ref {
        switch expression {
        case .boolean(let flag):
            return flag ? DecisionDiagram.trueRef : DecisionDiagram.falseRef
        case .not(let inner):
            return try dd.not(compile(inner))
        case .logical(let op, let a, let b):
            let (left, right) = (try compile(a), try compile(b))
            switch op {
            case .and: return try dd.and(left, right)
            case .or: return try dd.or(left, right)
            case .implies: return try dd.implies(left, right)
            }
        case .call(.any, let arguments):
            var result = DecisionDiagram.falseRef
            for argument in arguments { result = try dd.or(result, compile(argument)) }
            return result
        case .call(.all, let arguments):
            var result = DecisionDiagram.trueRef
            for argument in arguments { result = try dd.and(result, compile(argument)) }
            return result
        case .comparison(let op, .call(.count, let arguments), .number(let constant)) where !countsOptions(arguments):
            return try count(arguments, op, constant)
        case .comparison(let op, .number(let constant), .call(.count, let arguments)) where !countsOptions(arguments):
            return try count(arguments, op.flipped, constant)
        case .outcome(let property):
            return try outcomeProperty(property)
        case .call(.refers, let arguments):
            guard case .symbol(let id) = arguments.first else { throw Unsupported() }
            return try refers("id:" + id) { $0.id == id }
        case .comparison(let op, .outcome(.decision), .symbol(let word)),
            .comparison(let op, .symbol(let word), .outcome(.decision)):
            guard let decision = Decision(rawValue: word) else { throw Unsupported() }
            let equal = try decisionIs(decision)
            switch op {
            case .equal: return equal
            case .notEqual: return try dd.not(equal)
            default: throw Unsupported()
            }
        case .membership(.outcome(.decision), let items, let negated):
            var found = DecisionDiagram.falseRef
            for case .symbol(let word) in items {
                guard let decision = Decision(rawValue: word) else { throw Unsupported() }
                found = try dd.or(found, decisionIs(decision))
            }
            return negated ? try dd.not(found) : found
        default:
            var readsOutcome = false
            expression.visit { node in
                if case .outcome = node { readsOutcome = true }
                if case .call(.refers, _) = node { readsOutcome = true }
            }
            if readsOutcome { throw Unsupported() }
            return try leaf(expression)
        }
    }

    /// `count(q)` of a multiple-choice question counts options, not conditions.
    private func countsOptions(_ arguments: [Expression]) -> Bool {
        guard arguments.count == 1, case .question(_, let index) = arguments[0] else { return false }
        if case .multipleChoice = spec.questions[index].answerType { return true }
        return false
    }

    /// `count(a, b, ...) op constant`: how many of the conditions hold, by dynamic programming.
    private mutating func count(_ arguments: [Expression], _ op: ComparisonOperator, _ constant: Double) throws -> Ref {
        let exactly = try countClasses(arguments)
        var result = DecisionDiagram.falseRef
        for (held, set) in exactly.enumerated() where op.holds(Double(held), constant) { result = try dd.or(result, set) }
        return result
    }

    /// Per number `j`: where exactly `j` of the conditions hold (kept: rules often count the same ones).
    private mutating func countClasses(_ arguments: [Expression]) throws -> [Ref] {
        if let done = countCache[arguments] { return done }
        let conditions = try arguments.map { try compile($0) }
        // exactly[j]: exactly j of the conditions from i on hold.
        var exactly = [DecisionDiagram.trueRef]
        for condition in conditions.reversed() {
            var next: [Ref] = []
            let notCondition = try dd.not(condition)
            for held in 0...exactly.count {
                let without = held < exactly.count ? try dd.and(notCondition, exactly[held]) : DecisionDiagram.falseRef
                let with = held > 0 ? try dd.and(condition, exactly[held - 1]) : DecisionDiagram.falseRef
                next.append(try dd.or(without, with))
            }
            exactly = next
        }
        countCache[arguments] = exactly
        return exactly
    }

    /// A leaf condition, evaluated by the engine's `Evaluator` for every combination of the
    /// answers it reads; combinations that agree on what it reads (the answers it compares,
    /// and the running total, count, minimum and maximum of each score) share one node.
    private mutating func leaf(_ expression: Expression) throws -> Ref {
        let direct = Set(expression.questionIndices)
        var scores = Set<Int>()
        expression.visit { if case .score(_, let index) = $0 { scores.insert(index) } }
        let scoreList = scores.sorted()
        let dependencies = direct.union(scoreList.flatMap { scoreMembers[$0] }).sorted()
        // One array for every leaf (a large protocol has many), handed back with its entries cleared.
        var answers = scratch.isEmpty ? [AnswerValue?](repeating: nil, count: spec.questions.count) : scratch
        scratch = []
        defer {
            for index in dependencies { answers[index] = nil }
            scratch = answers
        }
        var memo: [LeafKey: Ref] = [:]
        var expansions = 0

        func build(_ position: Int) throws -> Ref {
            if position == dependencies.count {
                let context = SessionContext(triageProtocol: spec, questionIndices: scoreMembers, answers: answers)
                return Evaluator.holds(expression, in: context) ? DecisionDiagram.trueRef : DecisionDiagram.falseRef
            }
            let key = LeafKey(
                position: position,
                values: dependencies[..<position].filter { direct.contains($0) }.map { answers[$0] },
                totals: scoreList.map { ScoreTotal(scoreMembers[$0].map { answers[$0] }) })
            if let done = memo[key] { return done }
            expansions += 1
            guard expansions <= Self.maxExpansion else { throw Unsupported() }
            let level = dependencies[position]
            var children: [Ref] = [try build(position + 1)]
            for value in space.values[level] {
                answers[level] = value
                children.append(try build(position + 1))
            }
            answers[level] = nil
            let result = try dd.node(level: level, children: children)
            memo[key] = result
            return result
        }
        return try build(0)
    }

    private struct LeafKey: Hashable {
        var position: Int
        var values: [AnswerValue?]
        var totals: [ScoreTotal]
    }

    /// What a score can still become: the total, how many values, the smallest and largest,
    /// and whether any yes/no or multiple-choice answer was given (see `SessionContext.score`).
    private struct ScoreTotal: Hashable {
        var sum = 0.0
        var count = 0
        var low = Double.infinity
        var high = -Double.infinity
        var answeredAny = false

        init(_ answers: [AnswerValue?]) {
            for answer in answers {
                switch answer {
                case .number(let value): add(value)
                case .yesNo(let flag):
                    answeredAny = true
                    if flag { add(1) }
                case .choices(let chosen):
                    answeredAny = true
                    for _ in chosen { add(1) }
                default: break
                }
            }
        }

        private mutating func add(_ value: Double) {
            sum += value
            count += 1
            low = min(low, value)
            high = max(high, value)
        }
    }
}
