// libFuzzer target for the condition language: lexer, parser, type checker and both
// evaluators. Built by Fuzz/run.sh against the whole library (every source file of the
// TriageKit target).
//
// The input bytes are a condition. It is checked against the scope of `fixedProtocol`
// (Fuzz/Shared), which has a question of every answer type, once as a rule condition and once
// as an invariant, and every checked expression is evaluated against fixed answer sets. It is
// then compiled as the protocol's only rule, and the engine's compiled form (`ConditionMachine`)
// must mean exactly what the tree evaluator (`Evaluator`) means over a spread of answer states.
// It traps when a contract is broken.

@testable import TriageKit

private let questionCount = fixedProtocol.questions.count

/// The names of `fixedProtocol`, as `ProtocolLoader` gives them to conditions.
private let ruleScope: ExpressionScope = {
    var scope = ExpressionScope(questions: [:], scores: [:], destinations: Set(fixedProtocol.destinations.map(\.id)), allowsOutcome: false)
    for (index, question) in fixedProtocol.questions.enumerated() { scope.questions[question.id] = .init(index: index, type: question.answerType) }
    for (index, score) in fixedProtocol.scores.enumerated() { scope.scores[score.id] = index }
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

    var outcome: OutcomeFacts? {
        outcomeDecision.map { OutcomeFacts(decision: $0, redFlag: outcomeRedFlag, destinations: outcomeDestinations) }
    }

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

/// Answer states for comparing the two evaluators: those of `contexts`, and 24 that combine the
/// `candidates` of every question in different ways, each with the engine's codes for it.
private let answerStates: [(values: [AnswerValue?], codes: [AnswerCode], answered: [Outcome.AnsweredQuestion])] = {
    let candidates = fixedProtocol.questions.map(candidates(for:))
    var states = contexts.map(\.answers)
    for state in 0..<24 {
        states.append(candidates.enumerated().map { index, list in list[(state * (2 * index + 1) + index) % list.count] })
    }
    let plan = CompiledProtocol(fixedProtocol)
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
            answered.append(Outcome.AnsweredQuestion(questionID: fixedProtocol.questions[index].id, answer: value))
            values.append(value)
            codes.append(code)
        }
        return (values, codes, answered)
    }
}()

/// Traps unless `expression`, compiled as the only rule of `fixedProtocol`, holds for exactly the answer
/// states where `Evaluator` says it does (with scores computed on demand and computed once).
private func compiledAgrees(_ expression: Expression, _ text: String) {
    var spec = fixedProtocol
    spec.rules = [
        Rule(
            id: "r", when: Condition(source: text, expression: expression, location: here), isRedFlag: false,
            decision: .psychosocial, referTo: "coach", referLocation: nil, priority: 1, reason: LocalizedText(["nl": "R"]),
            action: nil, location: here)
    ]
    let plan = CompiledProtocol(spec)
    let general = CompiledProtocol(spec, fusing: false)
    let root = plan.ruleRoots[0]
    for state in answerStates {
        let context = SessionContext(triageProtocol: spec, questionIndices: plan.scoreQuestions, answers: state.values)
        let expected = Evaluator.holds(expression, in: context)
        state.codes.withUnsafeBufferPointer { codes in
            state.answered.withUnsafeBufferPointer { answered in
                let live = plan.liveMachine(codes, answered).holds(root)
                if general.liveMachine(codes, answered).holds(general.ruleRoots[0]) != live {
                    fatalError("the fused and the general compiled forms differ: \(text) with \(state.values)")
                }
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

/// Answers worth trying for `question`: none, "weet niet" where allowed, edge and middle
/// values, and empty, repeated and reordered choices.
private func candidates(for question: Question) -> [AnswerValue?] {
    var list: [AnswerValue?] = [nil]
    if question.allowsUnknown { list.append(.unknown) }
    switch question.answerType {
    case .yesNo: list += [.yesNo(true), .yesNo(false)]
    case .singleChoice(let options): list += options.map { .choice($0.id) }
    case .multipleChoice(let options):
        let ids = options.map(\.id)
        list += [.choices([]), .choices(Array(ids.prefix(1))), .choices(ids), .choices(ids.reversed() + ids.prefix(1))]
    case .scale(let low, let high): list += [low, (low + high) / 2, high].map { .number(Double($0)) }
    case .number(let low, let high): list += [low, low + 0.5, (low + high) / 2, high].map { .number($0) }
    case .text: list += [.text(""), .text("iets")]
    }
    return list
}
