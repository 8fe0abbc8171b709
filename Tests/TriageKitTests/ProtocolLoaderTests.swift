import Testing

@testable import TriageKit

/// Loads a protocol written inline in a test, as file `t.yaml`.
func loadInlineProtocol(_ yaml: String) -> LoadResult<TriageProtocol> {
    ProtocolLoader().load(Array(yaml.utf8), file: "t.yaml")
}

/// Expects a finding with exactly this code at this line and column, and returns it.
@discardableResult
func expectFinding(
    _ diagnostics: [Diagnostic], _ code: String, at line: Int, _ column: Int, severity: Diagnostic.Severity = .error,
    message: String? = nil, hint: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Diagnostic? {
    let match = diagnostics.first { $0.code == code && $0.location.line == line && $0.location.column == column }
    #expect(
        match != nil,
        "expected [\(code)] at \(line):\(column); found \(diagnostics.map { "\($0.location.line):\($0.location.column) [\($0.code)]" })",
        sourceLocation: sourceLocation)
    guard let match else { return nil }
    #expect(match.severity == severity, sourceLocation: sourceLocation)
    #expect(match.location.file == "t.yaml", sourceLocation: sourceLocation)
    if let message { #expect(match.message == message, sourceLocation: sourceLocation) }
    if let hint { #expect(match.hint == hint, sourceLocation: sourceLocation) }
    return match
}

@Suite struct ProtocolLoaderTests {
    @Test func loadsAValidProtocolKeepingScalarsAsStringsAndFillingDefaults() throws {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 010
            title: yes
            destinations:
              - id: coach
                category: welfare
                name: Coach
              - id: poh
                category: medical
                name: POH
              - id: crisis
                category: urgent
                name: Crisis
            questions:
              - id: stress
                type: yes_no
                text: Stress?
              - id: oorzaak
                type: choice
                text: Oorzaak?
                options:
                  - id: no
                    text: Nee
                  - id: on
                    text: Aan
            rules:
              - id: naar_coach
                when: stress and oorzaak == no
                refer: coach
                reason: Stress.
              - id: naar_poh
                when: oorzaak == on
                refer: poh
                reason: POH.
              - id: naar_crisis
                when: not stress
                refer: crisis
                reason: Crisis.
              - id: alarm
                when: stress
                red_flag: yes
                refer: coach
                reason: Alarm.
              - id: niets
                when: not stress
                decision: none
                priority: 9
                reason: Niets.
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let spec = try #require(result.value)
        #expect(spec.id == "test")
        #expect(spec.version == "010")
        #expect(spec.title.translations == ["nl": "yes"])
        #expect(spec.hitPolicy == .collect)
        #expect(spec.languages == ["nl"])
        #expect(spec.question("oorzaak")?.answerType.options.map(\.id) == ["no", "on"])
        #expect(
            spec.rules.first?.when.expression
                == .logical(
                    .and, .question(id: "stress", index: 0),
                    .comparison(.equal, .question(id: "oorzaak", index: 1), .symbol("no"))))
        #expect(spec.destinations.map(\.requiresConsent) == [true, false, false])
        #expect(spec.rules.map(\.decision) == [.psychosocial, .medical, .urgent, .urgent, Decision.none])
        #expect(spec.rules.map(\.isRedFlag) == [false, false, false, true, false])
        #expect(spec.rules.map(\.priority) == [5, 5, 5, 5, 9])
        #expect(spec.rules.first?.referLocation == SourceLocation(file: "t.yaml", line: 30, column: 12))
        #expect(spec.questions.map(\.location.line) == [16, 19])
    }

    @Test func explicitValuesOverrideDefaults() throws {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            hit_policy: first
            destinations:
              - id: coach
                category: welfare
                name: Coach
                consent_required: no
              - id: poh
                category: medical
                name: POH
                consent_required: true
            questions:
              - id: stress
                type: yes_no
                allow_unknown: ja
                text: Stress?
            rules:
              - id: a
                when: stress
                refer: coach
                decision: mixed
                reason: A
              - id: b
                when: not stress
                refer: poh
                reason: B
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let spec = try #require(result.value)
        #expect(spec.hitPolicy == .first)
        #expect(spec.destinations.map(\.requiresConsent) == [false, true])
        #expect(spec.rules.map(\.decision) == [.mixed, .medical])
        #expect(spec.questions.first?.allowsUnknown == true)
    }

    @Test func reportsUnknownKeysWithADidYouMeanHint() {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            titel: Test
            questions:
              - id: stress
                type: yes_no
                txt: Stress?
                colour: red
            rules:
              - id: r
                when: stress
                decison: none
                reason: R
            """)
        #expect(result.value == nil)
        let d = result.diagnostics
        expectFinding(d, "unknown-key", at: 4, 1, message: "unknown key 'titel' in the protocol", hint: "did you mean 'title'?")
        expectFinding(d, "missing-key", at: 1, 1, message: "the protocol has no 'title'", hint: "add 'title:'")
        expectFinding(d, "unknown-key", at: 8, 5, hint: "did you mean 'text'?")
        expectFinding(
            d, "unknown-key", at: 9, 5,
            hint: "allowed keys: id, dimension, text, label, help, type, options, range, allow_unknown, integer, when")
        expectFinding(d, "missing-key", at: 6, 5, message: "a question has no 'text'")
        expectFinding(d, "unknown-key", at: 13, 5, hint: "did you mean 'decision'?")
        expectFinding(d, "rule-without-effect", at: 11, 5, hint: "add 'decision:', 'refer:' or 'red_flag: true'")
        #expect(d == d.sortedByLocation(), "findings come sorted by location")
    }

    @Test func reportsMissingKeysAtTheMappingThatLacksThem() {
        let d = loadInlineProtocol(
            """
            kind: protocol
            id: test
            title: Test
            questions:
              - id: stress
                text: Stress?
            rules:
              - id: r
                when: 1 < 2
                decision: none
            destinations:
              - id: coach
                name: Coach
            """
        ).diagnostics
        expectFinding(d, "missing-key", at: 1, 1, message: "the protocol has no 'version'")
        expectFinding(d, "missing-key", at: 5, 5, message: "a question has no 'type'", hint: "add 'type:'")
        expectFinding(d, "missing-key", at: 8, 5, message: "a rule has no 'reason'")
        expectFinding(d, "missing-key", at: 12, 5, message: "a destination has no 'category'")
    }

    @Test func reportsWrongShapes() {
        let d = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: [Test]
            questions:
              - stress
              - id: oorzaak
                type: choice
                text: Oorzaak?
                options: geen
              - id: hulp
                type: yes_no
                text: {nl: [a, b]}
            rules: none
            """
        ).diagnostics
        expectFinding(d, "wrong-shape", at: 4, 8, message: "'title' must be a text or a mapping of languages (nl:, en:)")
        expectFinding(
            d, "wrong-shape", at: 6, 5, message: "a question must be a mapping (key: value pairs), not a single value")
        expectFinding(d, "wrong-shape", at: 10, 14)
        expectFinding(d, "missing-options", at: 8, 5)
        expectFinding(d, "wrong-shape", at: 13, 16, message: "'text.nl' must be a single value, not a list")
        expectFinding(d, "wrong-shape", at: 14, 8)
    }

    @Test func aRootThatIsNotAMappingIsAWrongShape() {
        let result = loadInlineProtocol("- kind\n- protocol\n")
        #expect(result.value == nil)
        expectFinding(result.diagnostics, "wrong-shape", at: 1, 1)
    }

    @Test func reportsInvalidIDs() {
        let d = loadInlineProtocol(
            """
            kind: protocol
            id: Test Protocol
            version: 1
            title: Test
            destinations:
              - id: Coach
                category: welfare
                name: Coach
            questions:
              - id: 2stress
                type: yes_no
                text: Stress?
              - id: ok
                type: yes_no
                text: OK?
            rules:
              - id: r-1
                when: ok
                decision: none
                reason: R
              - id: r2
                when: ok
                refer: Coach
                reason: R
            """
        ).diagnostics
        expectFinding(d, "invalid-id", at: 2, 5, message: "'Test Protocol' is not a valid protocol id")
        let hint = "ids are lower_snake_case: a lowercase letter, then lowercase letters, digits or '_'"
        expectFinding(d, "invalid-id", at: 6, 9, hint: hint)
        expectFinding(d, "invalid-id", at: 10, 9, message: "'2stress' is not a valid id")
        expectFinding(d, "invalid-id", at: 17, 9)
        expectFinding(d, "invalid-id", at: 23, 12)
        // A referral that is merely misspelt is not also "a rule without effect".
        #expect(!d.contains { $0.code == "rule-without-effect" })
    }

    @Test func checksAnswerTypes() {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            questions:
              - id: keuze
                type: choice
                text: Keuze?
              - id: meer
                type: multiple_choice
                options: []
                text: Meer?
              - id: bedrag
                type: number
                text: Bedrag?
              - id: omgekeerd
                type: number
                range: {min: 10, max: 0}
                text: Omgekeerd?
              - id: schaal
                type: scale
                range: {min: 0, max: 1e300}
                text: Schaal?
              - id: half
                type: scale
                range: {min: 0.5, max: 10}
                text: Half?
              - id: janee
                type: yes_no
                options:
                  - id: ja
                    text: Ja
                range: {min: 0, max: 1}
                text: Ja of nee?
              - id: soort
                type: yesno
                text: Soort?
              - id: leeg
                type: number
                range: {min: 0}
                text: Leeg?
            rules:
              - id: r
                when: janee
                decision: none
                reason: R
            """)
        #expect(result.value == nil)
        let d = result.diagnostics
        expectFinding(
            d, "missing-options", at: 7, 5, message: "question 'keuze' is a choice question but has no options",
            hint: "add 'options:' with at least two options")
        expectFinding(d, "missing-options", at: 10, 5)
        expectFinding(
            d, "missing-range", at: 14, 5, message: "number question 'bedrag' has no range",
            hint: "add 'range: {min: 0, max: 120}'")
        expectFinding(d, "invalid-range", at: 18, 12, message: "the range's min (10.0) must be below its max (0.0)")
        // Regression: a huge scale bound used to crash converting to Int; a fraction was silently truncated.
        expectFinding(d, "invalid-range", at: 22, 12, hint: "ranges lie within ±1000000000 (a billion); use a smaller unit")
        expectFinding(d, "invalid-range", at: 26, 12)
        expectFinding(d, "unexpected-options", at: 30, 5, message: "question 'janee' has options but is a yes_no question")
        expectFinding(d, "unexpected-range", at: 33, 5)
        expectFinding(d, "invalid-value", at: 36, 11, message: "'yesno' is not an answer type", hint: "did you mean 'yes_no'?")
        expectFinding(d, "missing-key", at: 40, 12, message: "a range has no 'max'")
        // Regression: a range that is present but invalid is not also reported as missing.
        let missingRanges = d.filter { $0.code == "missing-range" }.map(\.location.line)
        #expect(missingRanges == [14])
    }

    @Test func acceptsScaleAndNumberRanges() throws {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            questions:
              - id: cijfer
                type: scale
                text: Cijfer?
              - id: pijn
                type: scale
                range: {min: 1, max: 5}
                text: Pijn?
              - id: bedrag
                type: number
                range: {min: -10.5, max: 1e6}
                text: Bedrag?
            rules:
              - id: r
                when: cijfer < 5 or pijn > 3 or bedrag >= 0.5
                decision: none
                reason: R
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let spec = try #require(result.value)
        #expect(spec.questions.map(\.answerType) == [.scale(min: 0, max: 10), .scale(min: 1, max: 5), .number(min: -10.5, max: 1e6)])
    }

    @Test func redFlagsMustBeUrgentAndRulesNeedAnEffect() {
        let d = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            questions:
              - id: stress
                type: yes_no
                text: Stress?
            rules:
              - id: alarm
                when: stress
                red_flag: true
                decision: medical
                reason: Alarm.
              - id: leeg
                when: stress
                red_flag: false
                reason: Leeg.
              - id: echt_alarm
                when: stress
                red_flag: true
                reason: Echt alarm.
            """
        ).diagnostics
        expectFinding(
            d, "red-flag-not-urgent", at: 13, 5, message: "rule 'alarm' raises a red flag but decides 'medical'",
            hint: "a red flag always means decision: urgent")
        expectFinding(d, "rule-without-effect", at: 15, 5, message: "rule 'leeg' has no decision, referral or red flag")
        #expect(d.filter { $0.severity == .error }.count == 2, "\(d)")
    }

    @Test func reportsInvalidValuesOfTypedFields() {
        let d = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            hit_policy: colect
            destinations:
              - id: coach
                category: welzijn
                name: Coach
            questions:
              - id: stress
                type: yes_no
                dimension: mentaal
                allow_unknown: 1
                text: Stress?
            rules:
              - id: r
                when: stress
                red_flag: maybe
                decision: none
                priority: 12
                reason: R
              - id: s
                when: stress
                decision: none
                priority: hoog
                reason: S
            """
        ).diagnostics
        expectFinding(d, "invalid-value", at: 5, 13, hint: "did you mean 'collect'? (allowed: collect, first, unique)")
        expectFinding(d, "invalid-value", at: 8, 15, message: "'welzijn' is not a valid category")
        expectFinding(d, "invalid-value", at: 13, 16)
        expectFinding(d, "invalid-value", at: 14, 20, message: "'allow_unknown' must be true or false, not '1'")
        expectFinding(d, "invalid-value", at: 19, 15)
        expectFinding(d, "invalid-value", at: 21, 15, message: "'priority' must be 1 (most important) to 9")
        expectFinding(d, "invalid-value", at: 26, 15, message: "'priority' must be a whole number, not 'hoog'")
    }

    @Test func checksLanguages() {
        let d = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            languages: [en, fr]
            title: {en: Test, de: Test}
            questions:
              - id: stress
                type: yes_no
                text: {en: Stress?}
            rules:
              - id: r
                when: stress
                decision: none
                reason: {en: R}
            """
        ).diagnostics
        expectFinding(d, "unknown-language", at: 4, 17, message: "'fr' is not a supported language")
        expectFinding(d, "missing-dutch", at: 4, 1, hint: "write languages: [nl, en]")
        expectFinding(
            d, "unknown-language", at: 5, 19, message: "'de' is not a supported language in 'title'", hint: "use nl or en")
    }

    /// Regression: a text written as an empty mapping used to pass without any Dutch text.
    @Test func anEmptyTextIsMissingItsTranslation() {
        let d = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: {}
            questions:
              - id: stress
                type: yes_no
                text: {}
            rules:
              - id: r
                when: stress
                decision: none
                reason: R
            """
        ).diagnostics
        expectFinding(d, "missing-translation", at: 4, 8, message: "'title' has no text")
        expectFinding(d, "missing-translation", at: 8, 11)
    }

    /// Regression: errors inside multi-line and block-scalar conditions used to point at the
    /// wrong line and column (the text was counted as if it stood on the key's line).
    @Test func locatesErrorsInsideConditionsInEveryScalarStyle() {
        let d = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            questions:
              - id: stress
                type: yes_no
                text: Stress?
            rules:
              - id: plain
                when: stress and bogus1
                decision: none
                reason: R
              - id: quoted
                when: "stress and bogus2"
                decision: none
                reason: R
              - id: folded
                when: >
                  stress and
                  bogus3
                decision: none
                reason: R
              - id: literal
                when: |
                  stress and
                    bogus4
                decision: none
                reason: R
              - id: multiline
                when: stress and
                  bogus5
                decision: none
                reason: R
              - id: single
                when: 'stress ==  7'
                decision: none
                reason: R
              - id: syntax
                when: stress and
                  (stress or
                decision: none
                reason: R
            """
        ).diagnostics
        expectFinding(d, "unknown-question", at: 11, 22, message: "there is no question 'bogus1'")
        expectFinding(d, "unknown-question", at: 15, 23)
        expectFinding(d, "unknown-question", at: 21, 7)
        expectFinding(d, "unknown-question", at: 27, 9)
        expectFinding(d, "unknown-question", at: 32, 7)
        expectFinding(d, "type-mismatch", at: 36, 23, message: "question 'stress' is compared with 7 but is a yes/no question")
        // The end of the condition is right after its last character.
        expectFinding(d, "expression-syntax", at: 41, 17,
            message: "the condition ends too early; expected a question id, a number or '('")
    }

    @Test func theShippedProtocolLoadsWithoutErrors() throws {
        let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        let path = root + "/Protocols/welzijn-op-recept.yaml"
        let bytes = try SourceFile.read(path).get()
        let result = ProtocolLoader().load(bytes, file: path)
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
        let spec = try #require(result.value)
        #expect(spec.id == "welzijn-op-recept")
        #expect(spec.languages == ["nl", "en"])
        #expect(!spec.questions.isEmpty && !spec.rules.isEmpty && !spec.invariants.isEmpty)
        #expect(spec.rules.contains { $0.isRedFlag })
        #expect(spec.rules.filter(\.isRedFlag).allSatisfy { $0.decision == .urgent })
    }
}
