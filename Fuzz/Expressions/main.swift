// libFuzzer target for the condition language: lexer, parser, type checker and evaluator.
// Built by Fuzz/run.sh against the whole library (every source file of the TriageKit target).
//
// The input bytes are a condition. It is checked against a fixed scope with a question of
// every answer type (once as a rule condition, once as an invariant) and every checked
// expression is evaluated against fixed answer sets. It traps when a contract is broken.

@testable import TriageKit

private func option(_ id: String) -> AnswerOption {
    AnswerOption(id: id, text: LocalizedText(["nl": id]), location: SourceLocation(file: "fuzz", line: 1, column: 1))
}

private let questionCount = 7

private let ruleScope = ExpressionScope(
    questions: [
        "stress": .init(index: 0, type: .yesNo),
        "pg_mentaal": .init(index: 1, type: .scale(min: 0, max: 10)),
        "schuld": .init(index: 2, type: .number(min: 0, max: 1_000_000)),
        "oorzaak": .init(index: 3, type: .singleChoice(["niet_onderzocht", "bekend", "geen"].map(option))),
        "domeinen": .init(index: 4, type: .multipleChoice(["geld", "wonen", "rouw"].map(option))),
        "notitie": .init(index: 5, type: .text),
        "plan": .init(index: 6, type: .yesNo),
    ],
    scores: ["meedoen": 0, "zorgen": 1],
    destinations: ["coach", "crisis"],
    allowsOutcome: false)

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
