import Testing

@testable import TriageKit

/// Number and scale answers: the one decimal reader shared by the prompt and answers files,
/// its refusals (ambiguous, several separators, not plain, too long), `integer: true`, and
/// scales written as `3.0`.
@Suite struct NumberAnswerTests {
    private static let here = TriageKit.SourceLocation(file: "t.yaml", line: 1, column: 1)

    private static func question(_ type: AnswerType, integer: Bool = false, unknown: Bool = false) -> Question {
        Question(
            id: "q", dimension: nil, text: LocalizedText(["nl": "?"]), help: nil, answerType: type,
            allowsUnknown: unknown, when: nil, location: here, integer: integer)
    }

    private static let amount = question(.number(min: 0, max: 1_000_000))
    private static let age = question(.number(min: 0, max: 120), integer: true)

    // MARK: - The decimal reader

    @Test(
        "plain decimals are read, with ',' or '.' as the decimal mark",
        arguments: [
            ("1500", 1500.0), ("2,5", 2.5), ("2.5", 2.5), ("-3", -3), ("+7", 7), ("0,500", 0.5), ("1234,567", 1234.567),
            ("12500,50", 12500.5), ("0.125", 0.125), ("10,0000", 10), ("007", 7), ("99999999999999999999", 1e20),
        ])
    func readsPlainDecimals(text: String, value: Double) {
        #expect(AnswerParser.decimal(text) == .success(value))
    }

    @Test(
        "one separator and three digits after 1–3 digits not starting with 0 is ambiguous",
        arguments: [
            ("10.000", "10000", "10"), ("10,000", "10000", "10"), ("1,500", "1500", "1,5"), ("1.500", "1500", "1.5"),
            ("999.999", "999999", "999.999"), ("-2,050", "-2050", "-2,05"),
        ])
    func refusesAmbiguousThousands(text: String, whole: String, decimal: String) {
        #expect(AnswerParser.decimal(text) == .failure(.ambiguous(whole: whole, decimal: decimal)))
    }

    @Test func refusesSeveralSeparatorsSuggestingThePlainNumber() {
        #expect(AnswerParser.decimal("1.000.000") == .failure(.severalSeparators(suggestion: "1000000")))
        #expect(AnswerParser.decimal("1,000,000") == .failure(.severalSeparators(suggestion: "1000000")))
        #expect(AnswerParser.decimal("1.000,50") == .failure(.severalSeparators(suggestion: "1000,50")))
        #expect(AnswerParser.decimal("-1,000.5") == .failure(.severalSeparators(suggestion: "-1000.5")))
    }

    @Test(
        "exponents, hexadecimal, inf, nan, spaces and stray signs are not plain numbers",
        arguments: ["0x10", "1e3", "1E3", "inf", "nan", "-inf", "1 500", ".5", "5.", "--1", "+-1", "1-", "€10", "10%", "", "-", "١٢"])
    func refusesWhatIsNotPlain(text: String) {
        #expect(AnswerParser.decimal(text) == .failure(.notPlain))
    }

    @Test func boundsTheLength() {
        #expect(AnswerParser.decimal(String(repeating: "1", count: AnswerParser.maxNumberLength)) != .failure(.tooLong))
        #expect(AnswerParser.decimal(String(repeating: "1", count: AnswerParser.maxNumberLength + 1)) == .failure(.tooLong))
        #expect(AnswerParser.decimal(String(repeating: "9", count: 1_000_000)) == .failure(.tooLong))
    }

    // MARK: - Number questions

    @Test("'10.000', '10,000' and '0x10' are refused, not read as 10, 10 and 16 (bug fix)")
    func numberQuestionsRefuseWhatWasMisread() throws {
        for text in ["10.000", "10,000", "0x10", "1e3", "1.000.000", "inf", "nan"] {
            #expect(throws: AnswerError.self, "\(text)") { try AnswerParser.parse(text, for: Self.amount).get() }
        }
        #expect(try AnswerParser.parse("10000", for: Self.amount).get() == .number(10000))
        #expect(try AnswerParser.parse(" 1250,50 ", for: Self.amount).get() == .number(1250.5))
    }

    @Test func theRefusalSaysWhatToWrite() {
        let ambiguous = AnswerError.unreadableNumber(question: "q", input: "10.000", problem: .ambiguous(whole: "10000", decimal: "10"))
        #expect(AnswerParser.parse("10.000", for: Self.amount) == .failure(ambiguous))
        #expect(ambiguous.description.contains("write 10000 (thousands) or 10 (decimal)"))
        #expect(ambiguous.description(in: "nl").contains("schrijf 10000 (duizendtallen) of 10 (decimalen)"))
        guard case .failure(let several) = AnswerParser.parse("1.000.000", for: Self.amount) else {
            Issue.record("1.000.000 was accepted")
            return
        }
        #expect(several.description.contains("write 1000000"))
        guard case .failure(let hex) = AnswerParser.parse("0x10", for: Self.amount) else {
            Issue.record("0x10 was accepted")
            return
        }
        #expect(hex.description.contains("not a plain number"))
        // Text without digits is simply not an answer; the expectation is the hint.
        #expect(
            AnswerParser.parse("inf", for: Self.amount)
                == .failure(.unreadable(question: "q", input: "inf", expected: "a number 0–1000000")))
        // A huge input is shortened in the message.
        guard case .failure(let long) = AnswerParser.parse(String(repeating: "7", count: 5000), for: Self.amount) else {
            Issue.record("a 5000-digit number was accepted")
            return
        }
        #expect(long.description.count < 200)
    }

    @Test func integerQuestionsRefuseFractionsWithAHint() throws {
        var session = TriageSession(protocol: try Self.ageProtocol())
        #expect(throws: AnswerError.notWholeNumber(question: "leeftijd", value: 44.5)) { try session.answer(text: "44,5") }
        #expect(AnswerError.notWholeNumber(question: "leeftijd", value: 44.5).description.contains("write e.g. 45"))
        #expect(throws: AnswerError.notWholeNumber(question: "leeftijd", value: 44.5)) { try session.answer(.number(44.5)) }
        #expect(throws: AnswerError.outOfRange(question: "leeftijd", value: 130, min: 0, max: 120)) { try session.answer(text: "130") }
        #expect(throws: AnswerError.self) { try TriageSession.validate(.number(0.5), for: Self.age) }
        try session.answer(text: "44,0")
        #expect(session.answer(for: "leeftijd") == .number(44))
        #expect(AnswerSheet.expectation(Self.age) == "a whole number 0–120")
        #expect(AnswerParser.expectation(Self.age) == "a whole number 0–120")
    }

    // MARK: - Scales

    @Test("a scale takes 3.0 and 3,0 (as JSON writes it), and refuses 3.5 (bug fix)")
    func scalesTakeIntegralDecimals() throws {
        let scale = Self.question(.scale(min: 0, max: 10))
        #expect(try AnswerParser.parse("3.0", for: scale).get() == .number(3))
        #expect(try AnswerParser.parse("3,0", for: scale).get() == .number(3))
        #expect(throws: AnswerError.notWholeNumber(question: "q", value: 3.5)) { try TriageSession.validate(.number(3.5), for: scale) }
        var session = TriageSession(protocol: try Self.ageProtocol())
        try session.answer(text: "40")
        try session.answer(text: "7.0")
        #expect(session.answer(for: "stemming") == .number(7))
        #expect(throws: AnswerError.notWholeNumber(question: "stemming", value: 7.5)) { try session.change("stemming", to: .number(7.5)) }
    }

    @Test func anAnswersFileWithAScaleOf3Point0IsAccepted() throws {
        let sheet = try #require(
            AnswerSheetLoader().load(Array(#"{"kind": "answers", "answers": {"leeftijd": 40, "stemming": 3.0}}"#.utf8), file: "a.json")
                .value)
        var session = TriageSession(protocol: try Self.ageProtocol())
        #expect(sheet.apply(to: &session).isEmpty)
        #expect(session.answer(for: "stemming") == .number(3))
    }

    // MARK: - integer: true in protocols

    static let ageYAML = """
        kind: protocol
        id: leeftijd
        version: 1
        title: Leeftijd
        questions:
          - id: leeftijd
            type: number
            range: {min: 0, max: 120}
            integer: true
            text: Leeftijd?
          - {id: stemming, type: scale, text: Stemming?}
        rules:
          - {id: jong, when: leeftijd < 18, decision: medical, reason: Jong}
          - {id: anders, when: "true", decision: none, reason: Anders}

        """

    static func ageProtocol() throws -> TriageProtocol {
        try #require(loadInlineProtocol(ageYAML).value)
    }

    @Test func theLoaderReadsIntegerOnNumberQuestions() throws {
        let result = loadInlineProtocol(Self.ageYAML)
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
        #expect(try Self.ageProtocol().questions.map(\.integer) == [true, false])
        let off = loadInlineProtocol(Self.ageYAML.replacing("integer: true", with: "integer: false"))
        #expect(off.value?.questions.first?.integer == false)
    }

    @Test func integerIsRefusedOutsideNumberQuestionsAndMustBeAFlag() {
        let onScale = loadInlineProtocol(
            Self.ageYAML.replacing("- {id: stemming, type: scale, text: Stemming?}", with: "- {id: stemming, type: scale, integer: true, text: Stemming?}"))
        expectFinding(onScale.diagnostics, "unexpected-integer", at: 11, 33, hint: "remove 'integer:'")
        let onYesNo = loadInlineProtocol(
            Self.ageYAML.replacing("- {id: stemming, type: scale, text: Stemming?}", with: "- {id: stemming, type: yes_no, integer: false, text: Stemming?}"))
        expectFinding(onYesNo.diagnostics, "unexpected-integer", at: 11, 34)
        let notAFlag = loadInlineProtocol(Self.ageYAML.replacing("integer: true", with: "integer: heel"))
        expectFinding(notAFlag.diagnostics, "invalid-value", at: 9, 14, message: "'integer' must be true or false, not 'heel'")
        let fractionalRange = loadInlineProtocol(Self.ageYAML.replacing("range: {min: 0, max: 120}", with: "range: {min: 0, max: 120.5}"))
        expectFinding(fractionalRange.diagnostics, "invalid-range", at: 8, 12)
        #expect(onScale.value == nil && onYesNo.value == nil && notAFlag.value == nil && fractionalRange.value == nil)
    }

    @Test func theExhaustiveAnalysisTriesOnlyWholeNumbersForIntegerQuestions() throws {
        let spec = try #require(
            loadInlineProtocol(
                Self.ageYAML.replacing("when: leeftijd < 18,", with: "when: leeftijd > 17.2 and leeftijd < 17.8,")
                    .replacing("- {id: anders,", with: "- {id: anders2, when: leeftijd >= 18, decision: none, reason: A}\n  - {id: anders,")
            ).value)
        // No whole number lies between 17.2 and 17.8, so the rule can never fire.
        let report = ExhaustiveAnalyzer.analyze(spec, options: ExhaustiveAnalyzer.Options())
        #expect(report.diagnostics.contains { $0.code == "dead-rule" && $0.message.contains("'jong'") }, "\(report.diagnostics)")
    }

    @Test("numbers in written answers read back as the same number", arguments: [10.375, 1.5, 1000.5, 0.000_000_15, -2.125, 7, 1e15 + 0.5])
    func writtenNumbersReadBack(value: Double) {
        let text = AnswerParser.text(for: value)
        #expect(AnswerParser.decimal(text) == .success(value), "\(value) written as \(text)")
        // As a counterexample's answers file writes it.
        let wide = Self.question(.number(min: -1e16, max: 1e16))
        #expect((try? AnswerParser.parse(AnswerSheet.written(.number(value), for: wide), for: wide).get()) == .number(value))
    }
}
