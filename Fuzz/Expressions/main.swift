// libFuzzer target for the condition language: lexer, parser, type checker and both
// evaluators. Built by Fuzz/run.sh against the whole library (every source file of the
// TriageKit target).
//
// The input bytes are a condition. It is checked against the scope of a fixed protocol with a
// question of every answer type (once as a rule condition, once as an invariant) and every
// checked expression is evaluated against fixed answer sets. It is then compiled as the
// protocol's only rule, and the engine's compiled form (`ConditionMachine`) must mean exactly
// what the tree evaluator (`Evaluator`) means over fixed and pseudo-random answers. It traps
// when a contract is broken.

@testable import TriageKit

/// The protocol whose questions, scores and destinations conditions may name.
private let base: TriageProtocol = {
    let yaml = """
        kind: protocol
        id: fuzz
        version: 1.0.0
        title: Fuzz
        destinations:
          - {id: coach, category: welfare, name: Coach}
          - {id: crisis, category: urgent, name: Crisis}
        questions:
          - {id: stress, type: yes_no, allow_unknown: true, text: Stress?}
          - {id: pg_mentaal, type: scale, range: {min: 0, max: 10}, text: Cijfer?}
          - {id: schuld, type: number, range: {min: 0, max: 1000000}, allow_unknown: true, text: Schuld?}
          - id: oorzaak
            type: choice
            allow_unknown: true
            text: Oorzaak?
            options: [{id: niet_onderzocht, text: N}, {id: bekend, text: B}, {id: geen, text: G}]
          - id: domeinen
            type: multiple_choice
            allow_unknown: true
            text: Domeinen?
            options: [{id: geld, text: G}, {id: wonen, text: W}, {id: rouw, text: R}]
          - {id: notitie, type: text, allow_unknown: true, text: Notitie?}
          - {id: plan, type: yes_no, text: Plan?}
        scores:
          - {id: meedoen, method: mean, of: [pg_mentaal, schuld]}
          - {id: zorgen, method: count, of: [stress, domeinen, plan]}
        rules:
          - {id: r, when: "true", refer: coach, priority: 1, reason: R}

        """
    let loaded = ProtocolLoader().load(Array(yaml.utf8), file: "fuzz.yaml")
    guard let spec = loaded.value, !loaded.diagnostics.containsErrors else { fatalError("fixed protocol: \(loaded.diagnostics)") }
    return spec
}()

private let questionCount = base.questions.count

/// The names of `base`, as `ProtocolLoader` gives them to conditions.
private let ruleScope: ExpressionScope = {
    var scope = ExpressionScope(questions: [:], scores: [:], destinations: Set(base.destinations.map(\.id)), allowsOutcome: false)
    for (index, question) in base.questions.enumerated() { scope.questions[question.id] = .init(index: index, type: question.answerType) }
    for (index, score) in base.scores.enumerated() { scope.scores[score.id] = index }
    return scope
}()

private let invariantScope: ExpressionScope = {
    var scope = ruleScope
    scope.allowsOutcome = true
    return scope
}()

private let codes: Set<String> = [
    "expression-syntax", "expression-too-deep", "type-mismatch", "unknown-question", "unknown-option", "unknown-value",
    "unknown-score", "unknown-name", "unknown-function", "wrong-argument-count", "text-in-condition",
    "outcome-outside-invariant", "unknown-destination",
]

private struct FixedContext: EvaluationContext {
    var answers: [AnswerValue?]
    var scores: [Double?]
    var outcomeDecision: Decision?
    var outcomeRedFlag: Bool
    var outcomeDestinations: [Destination]

    func answer(at index: Int) -> AnswerValue? {
        guard answers.indices.contains(index) else { fatalError("answer index \(index) out of range") }
        return answers[index]
    }

    func score(at index: Int) -> Double? {
        guard scores.indices.contains(index) else { fatalError("score index \(index) out of range") }
        return scores[index]
    }
}

private let here = SourceLocation(file: "fuzz", line: 1, column: 1)

/// Everything answered; nothing answered; "weet niet" and edge values.
private let contexts = [
    FixedContext(
        answers: [.yesNo(true), .number(4), .number(12_500), .choice("geen"), .choices(["geld", "rouw"]), .text("x"), .yesNo(false)],
        scores: [2.5, 2], outcomeDecision: .urgent, outcomeRedFlag: true,
        outcomeDestinations: [Destination(id: "crisis", category: .urgent, name: LocalizedText(["nl": "c"]), requiresConsent: false, location: here)]),
    FixedContext(
        answers: Array(repeating: nil, count: questionCount), scores: [nil, nil], outcomeDecision: nil, outcomeRedFlag: false,
        outcomeDestinations: []),
    FixedContext(
        answers: [.unknown, .number(0), .unknown, .unknown, .choices([]), .unknown, .yesNo(true)],
        scores: [-1, 0], outcomeDecision: .psychosocial, outcomeRedFlag: false,
        outcomeDestinations: [Destination(id: "coach", category: .welfare, name: LocalizedText(["nl": "w"]), requiresConsent: true, location: here)]),
]

/// Answer states for comparing the two evaluators: those of `contexts`, and pseudo-random ones
/// (any question answered or not, "weet niet", edge values, repeated options), each with the
/// engine's codes for it. The same every run, so that the fuzzer stays deterministic.
private let answerStates: [(values: [AnswerValue?], codes: [AnswerCode], answered: [Outcome.AnsweredQuestion])] = {
    var random = SplitMix(state: 8)
    var states = contexts.map(\.answers)
    for _ in 0..<16 {
        states.append(base.questions.map { random.below(4) == 0 ? nil : random.answer(for: $0) })
    }
    let plan = base.sessionPlan
    return states.map { state in
        var values: [AnswerValue?] = []
        var codes: [AnswerCode] = []
        var answered: [Outcome.AnsweredQuestion] = []
        for (index, value) in state.enumerated() {
            guard let value, var code = try? plan.code(for: value, at: index) else {
                values.append(nil)
                codes.append(.none)
                continue
            }
            code.position = UInt32(answered.count)
            answered.append(Outcome.AnsweredQuestion(questionID: base.questions[index].id, answer: value))
            values.append(value)
            codes.append(code)
        }
        return (values, codes, answered)
    }
}()

/// Traps unless `expression`, compiled as the only rule of `base`, holds for exactly the answer
/// states where `Evaluator` says it does (with scores computed on demand and computed once).
private func compiledAgrees(_ expression: Expression, _ text: String) {
    var spec = base
    spec.rules = [
        Rule(
            id: "r", when: Condition(source: text, expression: expression, location: here), isRedFlag: false,
            decision: .psychosocial, referTo: "coach", referLocation: nil, priority: 1, reason: LocalizedText(["nl": "R"]),
            action: nil, location: here)
    ]
    let plan = spec.sessionPlan
    let root = plan.ruleRoots[0]
    for state in answerStates {
        let expected = Evaluator.holds(expression, in: plan.context(state.values))
        state.codes.withUnsafeBufferPointer { codes in
            state.answered.withUnsafeBufferPointer { answered in
                let live = plan.liveMachine(codes, answered).holds(root)
                let scores = (0..<spec.scores.count).map { plan.score($0, codes) }
                let fixed = scores.withUnsafeBufferPointer {
                    ConditionMachine(plan: plan, codes: codes, scores: FixedScores(values: $0), answered: answered).holds(root)
                }
                if live != expected || fixed != expected {
                    fatalError("compiled condition says \(live) (live scores), \(fixed) (fixed scores), Evaluator \(expected): \(text) with \(state.values)")
                }
            }
        }
    }
    withExtendedLifetime(spec) {}
}

private func check(_ text: String, scope: ExpressionScope) {
    let length = text.unicodeScalars.count
    let checked = TypeChecker.check(text, scope: scope) { offset in
        if offset < 0 || offset > length { fatalError("offset \(offset) outside a condition of \(length) characters") }
        return SourceLocation(file: "fuzz", line: 1, column: offset + 1)
    }
    if (checked.expression == nil) == checked.diagnostics.isEmpty {
        fatalError("an expression must come without diagnostics, and no expression with at least one: \(checked.diagnostics)")
    }
    for diagnostic in checked.diagnostics {
        if !codes.contains(diagnostic.code) { fatalError("unknown code: \(diagnostic)") }
        if diagnostic.severity != .error { fatalError("not an error: \(diagnostic)") }
    }
    guard let expression = checked.expression else { return }
    for index in expression.questionIndices where !(0..<questionCount).contains(index) {
        fatalError("question index \(index) out of range")
    }
    for context in contexts {
        let holds = Evaluator.holds(expression, in: context)
        if Evaluator.holds(.not(expression), in: context) == holds { fatalError("'not' does not negate: \(text)") }
        if Evaluator.holds(expression, in: context) != holds { fatalError("not deterministic: \(text)") }
        _ = Evaluator.number(expression, in: context)
    }
    compiledAgrees(expression, text)
    // Checking is deterministic too.
    let again = TypeChecker.check(text, scope: scope) { SourceLocation(file: "fuzz", line: 1, column: $0 + 1) }
    if again.expression != checked.expression || again.diagnostics != checked.diagnostics {
        fatalError("checking is not deterministic: \(text)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    check(text, scope: ruleScope)
    check(text, scope: invariantScope)
    return 0
}

/// Seeded pseudo-random numbers and answers of every kind a caller might give.
private struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func answer(for question: Question) -> AnswerValue {
        if question.allowsUnknown, below(6) == 0 { return .unknown }
        switch question.answerType {
        case .yesNo: return .yesNo(below(2) == 0)
        case .singleChoice(let options): return .choice(options[below(options.count)].id)
        case .multipleChoice(let options):
            var chosen = options.filter { _ in below(3) == 0 }.map(\.id)
            if below(4) == 0, let first = chosen.first { chosen.append(first) }  // a repeat is accepted
            if below(4) == 0 { chosen.reverse() }
            return .choices(chosen)
        case .scale(let low, let high): return .number(Double(low + below(high - low + 1)))
        case .number(let low, let high):
            switch below(4) {
            case 0: return .number(low)
            case 1: return .number(high)
            case 2: return .number(low + (high - low) * Double(below(1000)) / 1000)
            default: return .number(Double(below(100)) + low)
            }
        case .text: return .text(["", "iets"][below(2)])
        }
    }
}
