import Testing

@testable import TriageKit

// MARK: - Fixtures

/// Question indices in `testScope`.
private enum Q {
    static let stress = 0, mentaal = 1, schuld = 2, oorzaak = 3, domeinen = 4, notitie = 5, plan = 6
}

private func option(_ id: String) -> AnswerOption {
    AnswerOption(id: id, text: LocalizedText(["nl": id]), location: SourceLocation(file: "t", line: 1, column: 1))
}

/// A hand-built scope with a question of every answer type, one score and two destinations.
private func testScope(outcome: Bool = false) -> ExpressionScope {
    ExpressionScope(
        questions: [
            "stress": .init(index: Q.stress, type: .yesNo),
            "pg_mentaal": .init(index: Q.mentaal, type: .scale(min: 0, max: 10)),
            "schuld": .init(index: Q.schuld, type: .number(min: 0, max: 1_000_000)),
            "oorzaak": .init(index: Q.oorzaak, type: .singleChoice(["niet_onderzocht", "bekend", "geen"].map(option))),
            "domeinen": .init(index: Q.domeinen, type: .multipleChoice(["geld", "wonen", "rouw"].map(option))),
            "notitie": .init(index: Q.notitie, type: .text),
            "plan": .init(index: Q.plan, type: .yesNo),
        ],
        scores: ["meedoen": 0],
        destinations: ["coach", "crisis"],
        allowsOutcome: outcome)
}

/// Offsets become columns on line 1 (column = offset + 1), so expectations read like an editor.
private func check(_ text: String, outcome: Bool = false) -> (expression: Expression?, diagnostics: [Diagnostic]) {
    TypeChecker.check(text, scope: testScope(outcome: outcome)) { SourceLocation(file: "c", line: 1, column: $0 + 1) }
}

private func parse(_ text: String) -> SyntaxTree? {
    if case .success(let tree) = Parser.parse(text) { return tree }
    return nil
}

private func parseFailure(_ text: String) -> Parser.Failure? {
    if case .failure(let failure) = Parser.parse(text) { return failure }
    return nil
}

/// How deep a syntax tree nests, computed without recursion.
private func depth(_ tree: SyntaxTree) -> Int {
    var stack = [(tree, 1)]
    var deepest = 0
    while let (node, level) = stack.popLast() {
        deepest = max(deepest, level)
        switch node {
        case .not(let inner, _): stack.append((inner, level + 1))
        case .logical(_, let a, let b, _), .comparison(_, let a, let b, _), .contains(let a, let b, _):
            stack.append((a, level + 1))
            stack.append((b, level + 1))
        case .membership(let subject, let list, _, _):
            stack.append((subject, level + 1))
            stack += list.map { ($0, level + 1) }
        case .call(_, let arguments, _): stack += arguments.map { ($0, level + 1) }
        case .number, .boolean, .name, .member: break
        }
    }
    return deepest
}

/// An evaluation context with answers, scores and an outcome set by each test.
private struct TestContext: EvaluationContext {
    var answers: [Int: AnswerValue] = [:]
    var scores: [Int: Double] = [:]
    var outcomeDecision: Decision? = nil
    var outcomeRedFlag = false
    var outcomeDestinations: [Destination] = []

    var outcome: OutcomeFacts? {
        outcomeDecision.map { OutcomeFacts(decision: $0, redFlag: outcomeRedFlag, destinations: outcomeDestinations) }
    }

    func answer(at index: Int) -> AnswerValue? { answers[index] }
    func score(at index: Int) -> Double? { scores[index] }
}

private func destination(_ id: String, _ category: Destination.Category, consent: Bool) -> Destination {
    Destination(
        id: id, category: category, name: LocalizedText(["nl": id]), requiresConsent: consent,
        location: SourceLocation(file: "t", line: 1, column: 1))
}

/// Checks `text` (which must be valid) and evaluates it in `context`.
private func holds(_ text: String, _ context: TestContext, outcome: Bool = false) -> Bool? {
    let checked = check(text, outcome: outcome)
    guard let expression = checked.expression, checked.diagnostics.isEmpty else { return nil }
    return Evaluator.holds(expression, in: context)
}

// MARK: - Lexer

@Suite struct ExpressionLexerTests {
    private func kinds(_ text: String) -> [Token.Kind]? {
        guard case .success(let tokens) = Lexer.tokens(text) else { return nil }
        return tokens.map(\.kind)
    }

    @Test func splitsAComparisonWithOffsets() throws {
        let tokens = try Lexer.tokens("stress == yes and pg_mentaal >= 7").get()
        #expect(
            tokens.map(\.kind) == [
                .identifier("stress"), .symbol(.equal), .identifier("yes"), .keyword(.and), .identifier("pg_mentaal"),
                .symbol(.greaterOrEqual), .number(7), .end,
            ])
        #expect(tokens.map(\.offset) == [0, 7, 10, 14, 18, 29, 32, 33])
    }

    @Test func recognisesEveryKeywordAndSymbol() {
        #expect(
            kinds("and or not implies in contains true false")
                == [
                    .keyword(.and), .keyword(.or), .keyword(.not), .keyword(.implies), .keyword(.in),
                    .keyword(.contains), .keyword(.true), .keyword(.false), .end,
                ])
        #expect(
            kinds("== != < <= > >= ( ) [ ] , .")
                == [
                    .symbol(.equal), .symbol(.notEqual), .symbol(.less), .symbol(.lessOrEqual), .symbol(.greater),
                    .symbol(.greaterOrEqual), .symbol(.leftParen), .symbol(.rightParen), .symbol(.leftBracket),
                    .symbol(.rightBracket), .symbol(.comma), .symbol(.dot), .end,
                ])
        // Without spaces, two-character operators still win over one-character ones.
        #expect(kinds("a<=b") == [.identifier("a"), .symbol(.lessOrEqual), .identifier("b"), .end])
    }

    @Test func readsIdentifiersNumbersAndMembers() {
        #expect(kinds("pg-mentaal_2") == [.identifier("pg-mentaal_2"), .end])
        #expect(kinds("AND") == [.identifier("AND"), .end], "keywords are lower case")
        #expect(kinds("2.5") == [.number(2.5), .end])
        #expect(kinds("q>-1") == [.identifier("q"), .symbol(.greater), .number(-1), .end])
        #expect(kinds("1.x") == [.number(1), .symbol(.dot), .identifier("x"), .end])
        #expect(kinds("score.meedoen") == [.identifier("score"), .symbol(.dot), .identifier("meedoen"), .end])
        #expect(kinds(" \t\n\r") == [.end])
    }

    @Test func offsetsCountCharactersNotBytes() throws {
        let tokens = try Lexer.tokens("café == é").get()
        #expect(tokens.map(\.offset) == [0, 5, 8, 9])
        #expect(tokens.first?.kind == .identifier("café"))
    }

    @Test(arguments: [
        ("a = b", 2, "write '==' to compare"),
        ("a && b", 2, "write 'and'"),
        ("a || b", 2, "write 'or'"),
        ("!a", 0, "write 'not', or '!=' for 'is not'"),
        ("q == \"ja\"", 5, "option ids and words like yes/no are written without quotes"),
        ("café = 1", 5, "write '==' to compare"),
    ])
    func rejectsUnexpectedCharactersWithAHint(text: String, offset: Int, hint: String) {
        guard case .failure(let failure) = Lexer.tokens(text) else {
            Issue.record("'\(text)' should not lex")
            return
        }
        #expect(failure.offset == offset)
        #expect(failure.hint == hint)
        #expect(failure.message.hasPrefix("unexpected character"))
    }

    @Test func rejectsNumbersTooLongToBeExact() {
        guard case .failure(let failure) = Lexer.tokens("x > 1234567890123456") else {
            Issue.record("a 16-digit number should be refused")
            return
        }
        #expect(failure.offset == 4)
        #expect(failure.message == "'1234567890123456' is not a usable number")
        #expect(kinds("123456789012345") == [.number(123_456_789_012_345), .end])
    }
}

// MARK: - Parser

@Suite struct ExpressionParserTests {
    private func name(_ word: String, _ offset: Int) -> SyntaxTree { .name(word, offset: offset) }

    @Test func andBindsTighterThanOr() {
        #expect(
            parse("a or b and c")
                == .logical(.or, name("a", 0), .logical(.and, name("b", 5), name("c", 11), offset: 7), offset: 2))
        #expect(
            parse("a and b or c")
                == .logical(.or, .logical(.and, name("a", 0), name("b", 6), offset: 2), name("c", 11), offset: 8))
    }

    @Test func impliesBindsLoosestAndGroupsToTheRight() {
        #expect(
            parse("a implies b or c")
                == .logical(.implies, name("a", 0), .logical(.or, name("b", 10), name("c", 15), offset: 12), offset: 2))
        #expect(
            parse("a implies b implies c")
                == .logical(
                    .implies, name("a", 0), .logical(.implies, name("b", 10), name("c", 20), offset: 12), offset: 2))
    }

    @Test func notBindsTighterThanAndButLooserThanComparison() {
        #expect(parse("not a and b") == .logical(.and, .not(name("a", 4), offset: 0), name("b", 10), offset: 6))
        #expect(
            parse("not a == b") == .not(.comparison(.equal, name("a", 4), name("b", 9), offset: 6), offset: 0))
        #expect(parse("not not a") == .not(.not(name("a", 8), offset: 4), offset: 0))
    }

    @Test func shortChainsGroupToTheLeft() {
        #expect(
            parse("a and b and c")
                == .logical(.and, .logical(.and, name("a", 0), name("b", 6), offset: 2), name("c", 12), offset: 8))
    }

    @Test func parenthesesOverridePrecedence() {
        #expect(
            parse("(a or b) and c")
                == .logical(.and, .logical(.or, name("a", 1), name("b", 6), offset: 3), name("c", 13), offset: 9))
    }

    @Test func parsesMembershipContainsListsCallsAndScores() {
        #expect(
            parse("q in [x, y]") == .membership(name("q", 0), [name("x", 6), name("y", 9)], negated: false, offset: 2))
        #expect(parse("q not in [x]") == .membership(name("q", 0), [name("x", 10)], negated: true, offset: 2))
        #expect(parse("q in [1, 2.5]") == .membership(name("q", 0), [.number(1, offset: 6), .number(2.5, offset: 9)], negated: false, offset: 2))
        #expect(parse("d contains geld") == .contains(name("d", 0), name("geld", 11), offset: 2))
        #expect(
            parse("count(a, b) >= 2")
                == .comparison(
                    .greaterOrEqual, .call("count", [name("a", 6), name("b", 9)], offset: 0), .number(2, offset: 15),
                    offset: 12))
        #expect(parse("f()") == .call("f", [], offset: 0))
        #expect(
            parse("score.meedoen < 5")
                == .comparison(.less, .member("score", "meedoen", offset: 0), .number(5, offset: 16), offset: 14))
        #expect(parse("true") == .boolean(true, offset: 0))
        #expect(parse("false or a") == .logical(.or, .boolean(false, offset: 0), name("a", 9), offset: 6))
        #expect(
            parse("any(a and b, c)")
                == .call("any", [.logical(.and, name("a", 4), name("b", 10), offset: 6), name("c", 13)], offset: 0))
    }

    @Test(arguments: [
        ("", 0, "the condition is empty"),
        ("   ", 0, "the condition is empty"),
        ("a ==", 4, "the condition ends too early; expected a question id, a number or '('"),
        ("a b", 2, "unexpected 'b'; expected 'and', 'or' or the end of the condition"),
        ("a == b == c", 7, "unexpected '=='; expected 'and', 'or' or the end of the condition"),
        ("(a and b", 8, "the condition ends too early; expected ')'"),
        ("q in x", 5, "unexpected 'x'; expected '[' to start a list"),
        ("q in [a, ]", 9, "unexpected ']'; expected a question id, a number or '('"),
        ("q in [a b]", 8, "unexpected 'b'; expected ']'"),
        ("score.", 6, "the condition ends too early; expected a name after '.'"),
        ("score.7", 6, "unexpected '7'; expected a name after '.'"),
        ("a and", 5, "the condition ends too early; expected a question id, a number or '('"),
        ("== a", 0, "unexpected '=='; expected a question id, a number or '('"),
        ("count(a,", 8, "the condition ends too early; expected a question id, a number or '('"),
        ("a implies", 9, "the condition ends too early; expected a question id, a number or '('"),
        ("q not [x]", 2, "unexpected 'not'; expected 'and', 'or' or the end of the condition"),
    ])
    func reportsSyntaxErrorsAtTheirOffset(text: String, offset: Int, message: String) {
        let failure = parseFailure(text)
        #expect(failure?.offset == offset)
        #expect(failure?.message == message)
    }

    @Test func missingListHintSaysHowToWriteOne() {
        #expect(parseFailure("q in x")?.hint == "write the values as a list: [a, b]")
    }

    @Test func acceptsNestingUpToTheLimit() {
        let text = String(repeating: "(", count: 40) + "a" + String(repeating: ")", count: 40)
        #expect(parse(text) == name("a", 40))
        #expect(parse(String(repeating: "not ", count: 40) + "a") != nil)
    }

    @Test(arguments: [
        ("10,000 parentheses", String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)),
        ("10,000 nots", String(repeating: "not ", count: 10_000) + "a"),
        ("10,000 calls", String(repeating: "any(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)),
        ("10,000 implies", Array(repeating: "a", count: 10_001).joined(separator: " implies ")),
        ("unclosed parentheses", String(repeating: "(", count: 10_000)),
    ])
    func deepNestingFailsCleanly(label: String, text: String) {
        let failure = parseFailure(text)
        #expect(failure?.message == "the condition is nested more than \(Parser.maxDepth) levels deep")
        #expect(failure?.hint == "split it into simpler rules")
        let checked = check(text)
        #expect(checked.expression == nil)
        #expect(checked.diagnostics.map(\.code) == ["expression-too-deep"])
    }

    /// Regression: long flat chains used to build a tree as deep as the chain, and checking
    /// 10,000 `and`s (a 60 KB condition, within the YAML scalar limit) overflowed the stack.
    @Test(arguments: [" and ", " or "])
    func longFlatChainsStayShallow(joiner: String) throws {
        let text = Array(repeating: "stress", count: 10_000).joined(separator: joiner)
        let tree = try #require(parse(text))
        #expect(depth(tree) <= 15)
        let checked = check(text)
        #expect(checked.diagnostics.isEmpty)
        let expression = try #require(checked.expression)
        #expect(expression.questionIndices.count == 10_000)
        #expect(Evaluator.holds(expression, in: TestContext(answers: [Q.stress: .yesNo(true)])))
        #expect(!Evaluator.holds(expression, in: TestContext(answers: [Q.stress: .yesNo(false)])))
    }

    @Test func operatorOffsetsSurviveBalancing() {
        // Four terms: the root joins (a and b) with (c and d) at the middle operator.
        #expect(
            parse("a and b and c and d")
                == .logical(
                    .and, .logical(.and, name("a", 0), name("b", 6), offset: 2),
                    .logical(.and, name("c", 12), name("d", 18), offset: 14), offset: 8))
    }
}

// MARK: - Type checker

/// One expected diagnostic of the type checker.
struct CheckerCase: Sendable, CustomTestStringConvertible {
    var text: String
    var code: String
    var column: Int
    var outcome = false
    var message: String? = nil
    var hint: String? = nil

    var testDescription: String { "\(code): \(text)" }
}

@Suite struct ExpressionTypeCheckerTests {
    static let cases: [CheckerCase] = [
        CheckerCase(
            text: "stress == 7", code: "type-mismatch", column: 11,
            message: "question 'stress' is compared with 7 but is a yes/no question",
            hint: "compare with yes or no, or make it a scale question"),
        CheckerCase(
            text: "stress == misschien", code: "type-mismatch", column: 11,
            message: "question 'stress' is a yes/no question, so it is compared with yes or no, not 'misschien'"),
        CheckerCase(text: "stress < yes", code: "type-mismatch", column: 8),
        CheckerCase(text: "stress == pg_mentaal", code: "type-mismatch", column: 11),
        CheckerCase(text: "stress in [yes]", code: "type-mismatch", column: 8, hint: "use '== yes' or '== no'"),
        CheckerCase(text: "stress contains geld", code: "type-mismatch", column: 8),
        CheckerCase(
            text: "pg_mentaal", code: "type-mismatch", column: 1,
            message: "this is a number, but a condition must be true or false", hint: "compare it, e.g. '>= 7'"),
        CheckerCase(text: "pg_mentaal == stress", code: "type-mismatch", column: 15),
        CheckerCase(text: "pg_mentaal in [1, geen]", code: "type-mismatch", column: 19),
        CheckerCase(text: "oorzaak", code: "type-mismatch", column: 1, hint: "compare it with an option, e.g. '== niet_onderzocht'"),
        CheckerCase(text: "oorzaak < geen", code: "type-mismatch", column: 9),
        CheckerCase(text: "oorzaak == 3", code: "type-mismatch", column: 12),
        CheckerCase(text: "oorzaak == score.meedoen", code: "type-mismatch", column: 12),
        CheckerCase(text: "domeinen", code: "type-mismatch", column: 1, hint: "write 'contains geld'"),
        CheckerCase(text: "domeinen == geld", code: "type-mismatch", column: 10, hint: "write 'domeinen contains <option>'"),
        CheckerCase(text: "yes", code: "type-mismatch", column: 1),
        CheckerCase(text: "yes == no", code: "type-mismatch", column: 1),
        CheckerCase(text: "stress and 5", code: "type-mismatch", column: 12),
        CheckerCase(text: "count(stress, plan)", code: "type-mismatch", column: 1),
        CheckerCase(text: "decision < urgent", code: "type-mismatch", column: 10, outcome: true),
        CheckerCase(
            text: "stres == yes", code: "unknown-question", column: 1, message: "there is no question 'stres'",
            hint: "did you mean 'stress'?"),
        CheckerCase(text: "xyzzy", code: "unknown-question", column: 1, hint: "check the id under 'questions:'"),
        // Regression: two bare words used to swap sides forever and overflow the stack.
        CheckerCase(text: "foo == bar", code: "unknown-question", column: 1),
        CheckerCase(text: "answered(plam)", code: "unknown-question", column: 10, hint: "did you mean 'plan'?"),
        CheckerCase(
            text: "oorzaak == geeen", code: "unknown-option", column: 12,
            message: "'geeen' is not an option of question 'oorzaak'", hint: "did you mean 'geen'?"),
        CheckerCase(text: "domeinen contains gled", code: "unknown-option", column: 19, hint: "did you mean 'geld'?"),
        CheckerCase(text: "oorzaak in [geen, xyz]", code: "unknown-option", column: 19, hint: "options: niet_onderzocht, bekend, geen"),
        CheckerCase(text: "decision == urgnt", code: "unknown-value", column: 13, outcome: true, hint: "did you mean 'urgent'?"),
        CheckerCase(
            text: "score.medoen < 5", code: "unknown-score", column: 7, message: "there is no score 'medoen'",
            hint: "did you mean 'meedoen'?"),
        CheckerCase(text: "stress.x", code: "unknown-name", column: 1, hint: "scores are written score.<id>"),
        CheckerCase(
            text: "cuont(stress, plan) > 1", code: "unknown-function", column: 1, message: "there is no function 'cuont'",
            hint: "did you mean 'count'?"),
        CheckerCase(text: "any()", code: "wrong-argument-count", column: 1, message: "any() needs at least one argument"),
        CheckerCase(text: "answered()", code: "wrong-argument-count", column: 1),
        CheckerCase(text: "answered(stress, plan)", code: "wrong-argument-count", column: 1),
        CheckerCase(text: "unknown(score.meedoen)", code: "wrong-argument-count", column: 1),
        CheckerCase(text: "refers(coach, crisis)", code: "wrong-argument-count", column: 1, outcome: true),
        CheckerCase(
            text: "notitie == ja", code: "text-in-condition", column: 1,
            message: "question 'notitie' takes free text, which conditions cannot test",
            hint: "make it a choice question, or test answered(notitie)"),
        CheckerCase(
            text: "stress and red_flag", code: "outcome-outside-invariant", column: 12,
            message: "'red_flag' describes the outcome and can only be used in invariants"),
        CheckerCase(text: "decision == urgent", code: "outcome-outside-invariant", column: 1),
        CheckerCase(text: "urgent == decision", code: "outcome-outside-invariant", column: 11),
        CheckerCase(text: "refers(coach)", code: "outcome-outside-invariant", column: 1),
        CheckerCase(
            text: "red_flag implies refers(coahc)", code: "unknown-destination", column: 25, outcome: true,
            message: "there is no destination 'coahc'", hint: "did you mean 'coach'?"),
        CheckerCase(text: "stress ==", code: "expression-syntax", column: 10),
        CheckerCase(text: "stress = yes", code: "expression-syntax", column: 8, hint: "write '==' to compare"),
    ]

    @Test(arguments: ExpressionTypeCheckerTests.cases)
    func reportsEachMistake(_ item: CheckerCase) throws {
        let checked = check(item.text, outcome: item.outcome)
        #expect(checked.expression == nil)
        let diagnostic = try #require(checked.diagnostics.first)
        #expect(checked.diagnostics.count == 1, "\(checked.diagnostics)")
        #expect(diagnostic.code == item.code)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location == SourceLocation(file: "c", line: 1, column: item.column))
        if let message = item.message { #expect(diagnostic.message == message) }
        if let hint = item.hint { #expect(diagnostic.hint == hint) }
    }

    @Test func reportsEveryMistakeInOneCondition() {
        let checked = check("stres == yes and oorzak == geen or score.x > 1")
        #expect(checked.diagnostics.map(\.code) == ["unknown-question", "unknown-question", "unknown-score"])
        #expect(checked.diagnostics.map(\.location.column) == [1, 18, 42])
    }

    @Test func resolvesNamesToIndices() {
        #expect(
            check("stress == yes").expression
                == .comparison(.equal, .question(id: "stress", index: Q.stress), .boolean(true)))
        // A word on the left reads the same as on the right, and Dutch ja/nee work too.
        #expect(
            check("nee == plan").expression == .comparison(.equal, .question(id: "plan", index: Q.plan), .boolean(false)))
        #expect(
            check("geen == oorzaak").expression
                == .comparison(.equal, .question(id: "oorzaak", index: Q.oorzaak), .symbol("geen")))
        #expect(check("score.meedoen <= 3").expression == .comparison(.lessOrEqual, .score(id: "meedoen", index: 0), .number(3)))
        #expect(
            check("count(domeinen) >= 2").expression
                == .comparison(.greaterOrEqual, .call(.count, [.question(id: "domeinen", index: Q.domeinen)]), .number(2)))
        #expect(check("answered(notitie)").expression == .call(.answered, [.question(id: "notitie", index: Q.notitie)]))
        #expect(check("stress == plan").expression != nil)
    }

    @Test(arguments: [
        "stress", "not stress", "stress == ja", "plan != no", "pg_mentaal >= 7 and schuld > 10000",
        "oorzaak in [geen, bekend]", "oorzaak not in [geen]", "domeinen contains geld", "domeinen in [geld, rouw]",
        "count(stress, plan, pg_mentaal < 5) >= 2", "any(stress, plan)", "all(stress, plan)", "unknown(plan)",
        "asked(plan) implies answered(plan)", "pg_mentaal in [0, 1, 2]", "true", "score.meedoen < 5.5",
    ])
    func acceptsValidConditions(_ text: String) {
        let checked = check(text)
        #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics)")
        #expect(checked.expression != nil)
    }

    @Test(arguments: [
        "red_flag implies (decision == urgent and referred_urgent)", "referred_welfare implies stress == no",
        "decision in [medical, mixed]", "refers(coach) implies referred_needing_consent", "not referred",
        "referred_medical or decision != none",
    ])
    func acceptsOutcomePropertiesInInvariants(_ text: String) {
        let checked = check(text, outcome: true)
        #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics)")
        #expect(check(text).diagnostics.map(\.code).contains("outcome-outside-invariant"))
    }

    @Test func questionsShadowOutcomeWords() {
        var scope = testScope()
        scope.questions["decision"] = .init(index: 7, type: .yesNo)
        let checked = TypeChecker.check("decision == yes", scope: scope) { SourceLocation(file: "c", line: 1, column: $0 + 1) }
        #expect(checked.diagnostics.isEmpty)
        #expect(checked.expression == .comparison(.equal, .question(id: "decision", index: 7), .boolean(true)))
    }
}

// MARK: - Evaluator

@Suite struct ExpressionEvaluatorTests {
    @Test func missingAnswersMakeComparisonsFalse() {
        let none = TestContext()
        for text in ["pg_mentaal < 5", "pg_mentaal >= 5", "pg_mentaal != 5", "stress == no", "stress != yes", "oorzaak == geen",
            "oorzaak != geen", "oorzaak in [geen]", "oorzaak not in [geen]", "domeinen contains geld", "domeinen not in [geld]",
            "score.meedoen <= 3", "stress", "plan == stress"]
        {
            #expect(holds(text, none) == false, "\(text)")
        }
        // A missing yes/no answer counts as "no" where a yes/no value is needed.
        #expect(holds("not stress", none) == true)
        #expect(holds("count(domeinen) == 0", none) == true)
    }

    @Test func weetNietBehavesLikeAMissingAnswer() {
        let context = TestContext(answers: [Q.plan: .unknown, Q.mentaal: .unknown])
        #expect(holds("plan != no", context) == false)
        #expect(holds("plan == yes", context) == false)
        #expect(holds("not (plan == no)", context) == true)
        #expect(holds("pg_mentaal < 11", context) == false)
        #expect(holds("unknown(plan)", context) == true)
        #expect(holds("answered(plan)", context) == false)
        #expect(holds("asked(plan)", context) == true)
        #expect(holds("plan != no or unknown(plan)", context) == true)
    }

    @Test func answeredUnknownAndAskedDistinguishTheThreeStates() {
        let answered = TestContext(answers: [Q.plan: .yesNo(false), Q.notitie: .text("iets")])
        #expect(holds("answered(plan)", answered) == true)
        #expect(holds("unknown(plan)", answered) == false)
        #expect(holds("asked(plan)", answered) == true)
        #expect(holds("answered(notitie)", answered) == true)
        let notAsked = TestContext()
        #expect(holds("answered(plan)", notAsked) == false)
        #expect(holds("unknown(plan)", notAsked) == false)
        #expect(holds("asked(plan)", notAsked) == false)
    }

    @Test func comparesNumbersScalesAndScores() {
        let context = TestContext(answers: [Q.mentaal: .number(4), Q.schuld: .number(12_500)], scores: [0: 2.5])
        #expect(holds("pg_mentaal < 5", context) == true)
        #expect(holds("pg_mentaal <= 4 and pg_mentaal >= 4 and pg_mentaal == 4", context) == true)
        #expect(holds("pg_mentaal > 4 or pg_mentaal != 4", context) == false)
        #expect(holds("schuld >= 10000", context) == true)
        #expect(holds("pg_mentaal in [1, 4]", context) == true)
        #expect(holds("pg_mentaal not in [1, 4]", context) == false)
        #expect(holds("score.meedoen <= 3", context) == true)
        #expect(holds("score.meedoen > 2.5", context) == false)
        #expect(holds("-1 < pg_mentaal", context) == true)
    }

    @Test func yesNoAndChoiceAnswers() {
        let context = TestContext(answers: [Q.stress: .yesNo(true), Q.plan: .yesNo(false), Q.oorzaak: .choice("geen")])
        #expect(holds("stress", context) == true)
        #expect(holds("stress == ja and plan == nee", context) == true)
        #expect(holds("stress == plan", context) == false)
        #expect(holds("stress != plan", context) == true)
        #expect(holds("oorzaak == geen", context) == true)
        #expect(holds("oorzaak != geen", context) == false)
        #expect(holds("oorzaak in [bekend, geen]", context) == true)
        #expect(holds("oorzaak not in [bekend, geen]", context) == false)
        #expect(holds("oorzaak not in [bekend]", context) == true)
    }

    @Test func multipleChoiceContainsInAndCount() throws {
        let context = TestContext(answers: [Q.domeinen: .choices(["geld", "rouw"])])
        #expect(holds("domeinen contains geld", context) == true)
        #expect(holds("domeinen contains wonen", context) == false)
        #expect(holds("domeinen in [wonen, rouw]", context) == true)
        #expect(holds("domeinen in [wonen]", context) == false)
        #expect(holds("domeinen not in [wonen]", context) == true)
        #expect(holds("count(domeinen) == 2", context) == true)
        let count = try #require(check("count(domeinen)").diagnostics.first)
        #expect(count.code == "type-mismatch", "a count is a number, not a condition")
        let empty = TestContext(answers: [Q.domeinen: .choices([])])
        #expect(holds("count(domeinen) == 0", empty) == true)
        #expect(holds("domeinen contains geld", empty) == false)
    }

    @Test(arguments: [(false, false, true), (false, true, true), (true, false, false), (true, true, true)])
    func impliesFollowsItsTruthTable(stress: Bool, plan: Bool, expected: Bool) {
        let context = TestContext(answers: [Q.stress: .yesNo(stress), Q.plan: .yesNo(plan)])
        #expect(holds("stress implies plan", context) == expected)
    }

    @Test func anyAllAndCount() throws {
        let context = TestContext(answers: [Q.stress: .yesNo(true), Q.plan: .yesNo(false), Q.mentaal: .number(3)])
        #expect(holds("any(stress, plan)", context) == true)
        #expect(holds("any(plan, pg_mentaal > 5)", context) == false)
        #expect(holds("all(stress, plan)", context) == false)
        #expect(holds("all(stress, pg_mentaal < 5)", context) == true)
        #expect(holds("count(stress, plan, pg_mentaal < 5) == 2", context) == true)
        let count = try #require(check("count(stress, plan, pg_mentaal < 5) >= 0").expression)
        guard case .comparison(_, let counted, _) = count else {
            Issue.record("expected a comparison, got \(count)")
            return
        }
        #expect(Evaluator.number(counted, in: context) == 2)
        #expect(Evaluator.number(.score(id: "meedoen", index: 0), in: context) == nil)
    }

    @Test func outcomePropertiesInInvariants() {
        let urgent = TestContext(
            outcomeDecision: .urgent, outcomeRedFlag: true,
            outcomeDestinations: [destination("crisis", .urgent, consent: false)])
        #expect(holds("red_flag implies (decision == urgent and referred_urgent)", urgent, outcome: true) == true)
        #expect(holds("referred and not referred_welfare and not referred_medical", urgent, outcome: true) == true)
        #expect(holds("refers(crisis) and not refers(coach)", urgent, outcome: true) == true)
        #expect(holds("referred_needing_consent", urgent, outcome: true) == false)
        #expect(holds("decision in [medical, mixed]", urgent, outcome: true) == false)

        let welfare = TestContext(
            answers: [Q.stress: .yesNo(false)], outcomeDecision: .psychosocial,
            outcomeDestinations: [destination("coach", .welfare, consent: true)])
        #expect(holds("red_flag", welfare, outcome: true) == false)
        #expect(holds("referred_welfare and referred_needing_consent and refers(coach)", welfare, outcome: true) == true)
        #expect(holds("referred_welfare implies stress == yes", welfare, outcome: true) == false)
        #expect(holds("decision != urgent", welfare, outcome: true) == true)

        let medical = TestContext(
            outcomeDecision: .mixed, outcomeDestinations: [destination("poh", .medical, consent: true)])
        #expect(holds("referred_medical and decision in [medical, mixed]", medical, outcome: true) == true)

        // Without an outcome decision, comparisons with it are false, like any missing value.
        let undecided = TestContext()
        #expect(holds("decision == none", undecided, outcome: true) == false)
        #expect(holds("decision != none", undecided, outcome: true) == false)
        #expect(holds("not referred", undecided, outcome: true) == true)
    }
}
