/// The exhaustive analysis done symbolically: every condition becomes a `DecisionDiagram`
/// over the answers an `AnswerSpace` tries, the walk (a question's `when`, a red flag ends
/// the questions) becomes the set of valid complete paths, and every check is a question
/// of whether a set is empty — with its cheapest member (fewest answers) as counterexample.
///
/// Conditions are never re-implemented: each leaf condition (a comparison, a `contains`, an
/// `unknown(q)`, a score) is evaluated by the engine's own `Evaluator` on the values it
/// reads, and only `and`, `or`, `not`, `any`, `all`, `count(...)` and the outcome's parts
/// (which rules apply, as `OutcomeBuilder` decides) are built from diagrams.
struct SymbolicAnalysis {
    /// A condition the symbolic analysis does not handle; the enumerating walk takes over.
    struct Unsupported: Error {}

    typealias Ref = DecisionDiagram.Ref

    let spec: TriageProtocol
    let space: AnswerSpace
    private var dd: DecisionDiagram
    private let scoreMembers: [[Int]]
    private var fires: [Ref] = []
    private var anyRedFlag: Ref = DecisionDiagram.falseRef
    private var applied: [Ref] = []
    private var outcomeCache: [String: Ref] = [:]

    /// The most answer combinations one leaf condition is expanded over.
    static let maxExpansion = 200_000

    init(spec: TriageProtocol, space: AnswerSpace, budget: Int) {
        self.spec = spec
        self.space = space
        dd = DecisionDiagram(domainSizes: space.values.map { $0.count + 1 }, budget: budget)
        var positions: [String: Int] = [:]
        for (index, question) in spec.questions.enumerated() where positions[question.id] == nil {
            positions[question.id] = index
        }
        scoreMembers = spec.scores.map { $0.questionIDs.compactMap { positions[$0] } }
    }

    /// Runs every check; `nil` when the diagram outgrew its budget or a condition is not supported.
    static func run(_ spec: TriageProtocol, space: AnswerSpace, budget: Int) -> ExhaustiveFindings? {
        var analysis = SymbolicAnalysis(spec: spec, space: space, budget: budget)
        return try? analysis.findings()
    }

    // MARK: - The checks

    private mutating func findings() throws -> ExhaustiveFindings {
        let rules = spec.rules
        fires = try rules.map { try compile($0.when.expression) }
        for (index, rule) in rules.enumerated() where rule.isRedFlag { anyRedFlag = try dd.or(anyRedFlag, fires[index]) }
        let noRedFlag = try dd.not(anyRedFlag)
        applied = try appliedRules(noRedFlag: noRedFlag)

        // The valid complete paths: a question is answered exactly when the walk asks it.
        var valid = DecisionDiagram.trueRef
        var alive = DecisionDiagram.trueRef
        var aliveAt: [Ref] = []
        var askedAt: [Ref] = []
        for (index, question) in spec.questions.enumerated() {
            // What the red flags see when this question comes up: no answers from here on.
            var raised = DecisionDiagram.falseRef
            var memo: [Ref: Ref] = [:]
            for (ruleIndex, rule) in rules.enumerated() where rule.isRedFlag {
                raised = try dd.or(raised, dd.unaskedFrom(index, fires[ruleIndex], memo: &memo))
            }
            alive = try dd.and(alive, dd.not(raised))
            aliveAt.append(alive)
            let when = try question.when.map { try compile($0.expression) } ?? DecisionDiagram.trueRef
            let asked = try dd.and(alive, when)
            askedAt.append(asked)
            let answered = try dd.variable(index) { $0 != 0 }
            valid = try dd.and(valid, dd.ifThenElse(asked, answered, dd.not(answered)))
        }

        var result = ExhaustiveFindings(spec: spec)
        result.paths = dd.count(valid)
        for index in spec.questions.indices {
            result.asked[index] = try dd.and(valid, askedAt[index]) != DecisionDiagram.falseRef
            result.reached[index] = try dd.and(valid, aliveAt[index]) != DecisionDiagram.falseRef
        }
        let base = try dd.and(valid, noRedFlag)
        var firedAlone: [Ref] = []
        var anyFires = DecisionDiagram.falseRef
        for index in rules.indices {
            anyFires = try dd.or(anyFires, fires[index])
            result.fired[index] = try dd.and(valid, fires[index]) != DecisionDiagram.falseRef
            let alone = try dd.and(base, fires[index])
            firedAlone.append(alone)
            result.firedWithoutRedFlag[index] = alone != DecisionDiagram.falseRef
            if spec.hitPolicy == .first, !rules[index].isRedFlag {
                result.appliedFirst[index] = try dd.and(valid, applied[index]) != DecisionDiagram.falseRef
                if result.firedWithoutRedFlag[index], !result.appliedFirst[index], let path = cheapest(alone) {
                    result.shadowedBy[index] = firstEarlierRule(before: index, on: path)
                }
            }
        }
        let undecided = try dd.and(valid, dd.not(anyFires))
        result.noDecision = cheapest(undecided)
        if spec.hitPolicy == .unique {
            let plain = rules.indices.filter { !rules[$0].isRedFlag }
            for (offset, a) in plain.enumerated() where firedAlone[a] != DecisionDiagram.falseRef {
                for b in plain[(offset + 1)...] {
                    let together = try dd.and(firedAlone[a], fires[b])
                    if let path = cheapest(together) {
                        result.conflicts[ExhaustiveFindings.Pair(first: a, second: b)] = path
                    }
                }
            }
        }
        for (index, invariant) in spec.invariants.enumerated() {
            let holds = try compile(invariant.condition.expression)
            let violating = try dd.and(valid, dd.not(holds))
            result.violations[index] = cheapest(violating)
        }
        return result
    }

    /// The path in `set` with the fewest answers, as (question, answer) in asking order.
    /// (Call it with a computed `set`, never with `dd` operations as argument: `self` is
    /// captured before the arguments are evaluated.)
    private func cheapest(_ set: Ref) -> ExhaustiveFindings.Path? {
        guard let values = dd.cheapest(set, cost: { _, value in value == 0 ? 0 : 1 }) else { return nil }
        return values.enumerated().compactMap { index, value in value == 0 ? nil : (index, space.values[index][value - 1]) }
    }

    private func firstEarlierRule(before index: Int, on path: ExhaustiveFindings.Path) -> Int? {
        var answers = [AnswerValue?](repeating: nil, count: spec.questions.count)
        for (question, value) in path { answers[question] = value }
        let context = SessionContext(triageProtocol: spec, questionIndices: scoreMembers, answers: answers)
        return (0..<index).first { !spec.rules[$0].isRedFlag && Evaluator.holds(spec.rules[$0].when.expression, in: context) }
    }

    // MARK: - The outcome, as OutcomeBuilder builds it

    /// Whether each rule is applied: red flags whenever they fire; other rules when no red
    /// flag fires and, under first and unique, no earlier rule fires.
    private mutating func appliedRules(noRedFlag: Ref) throws -> [Ref] {
        var result: [Ref] = []
        var earlier = DecisionDiagram.falseRef
        for (index, rule) in spec.rules.enumerated() {
            if rule.isRedFlag {
                result.append(fires[index])
                continue
            }
            var applies = try dd.and(fires[index], noRedFlag)
            if spec.hitPolicy != .collect {
                applies = try dd.and(applies, dd.not(earlier))
                earlier = try dd.or(earlier, fires[index])
            }
            result.append(applies)
        }
        return result
    }

    /// Some applied rule refers to a destination that satisfies `include`.
    private mutating func refers(_ key: String, _ include: (Destination) -> Bool) throws -> Ref {
        if let done = outcomeCache["refers:" + key] { return done }
        var result = DecisionDiagram.falseRef
        for (index, rule) in spec.rules.enumerated() {
            guard let target = rule.referTo, let destination = spec.destination(target), include(destination) else { continue }
            result = try dd.or(result, applied[index])
        }
        outcomeCache["refers:" + key] = result
        return result
    }

    /// The outcome's decision is `decision` (applied decisions combine as `Decision.combined`).
    private mutating func decisionIs(_ decision: Decision) throws -> Ref {
        if let done = outcomeCache["decision:" + decision.rawValue] { return done }
        func has(_ wanted: Decision) throws -> Ref {
            var result = DecisionDiagram.falseRef
            for (index, rule) in spec.rules.enumerated() where rule.decision == wanted {
                result = try dd.or(result, applied[index])
            }
            return result
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
        case .redFlag: return anyRedFlag
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
        var result = DecisionDiagram.falseRef
        for (held, set) in exactly.enumerated() where op.holds(Double(held), constant) { result = try dd.or(result, set) }
        return result
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
        var answers = [AnswerValue?](repeating: nil, count: spec.questions.count)
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
