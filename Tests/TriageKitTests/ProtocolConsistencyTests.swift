import Testing

@testable import TriageKit

@Suite struct ProtocolConsistencyTests {
    @Test func reportsDuplicateIDsAtTheSecondDefinition() {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            destinations:
              - id: coach
                category: welfare
                name: Coach
              - id: coach
                category: welfare
                name: Coach 2
            questions:
              - id: stress
                type: yes_no
                text: Stress?
              - id: stress
                type: choice
                text: Nog eens?
                options:
                  - id: a
                    text: A
                  - id: a
                    text: A2
            rules:
              - id: r
                when: stress
                refer: coach
                reason: R
              - id: r
                when: stress
                decision: none
                reason: R
            invariants:
              - id: i
                check: red_flag implies decision == urgent
                message: I
              - id: i
                check: not red_flag or referred_urgent
                message: I
            """)
        #expect(result.value == nil)
        let d = result.diagnostics
        expectFinding(
            d, "duplicate-id", at: 16, 5, message: "question 'stress' is defined twice; the first is at line 13",
            hint: "give each question its own id")
        expectFinding(d, "duplicate-id", at: 9, 5, message: "destination 'coach' is defined twice; the first is at line 6")
        expectFinding(d, "duplicate-id", at: 22, 9, message: "option 'a' is defined twice; the first is at line 20")
        expectFinding(d, "duplicate-id", at: 29, 5, message: "rule 'r' is defined twice; the first is at line 25")
        expectFinding(d, "duplicate-id", at: 37, 5, message: "invariant 'i' is defined twice; the first is at line 34")
        #expect(d.filter { $0.code == "duplicate-id" }.count == 5)
    }

    @Test func reportsReferralsToUnknownDestinations() {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            destinations:
              - id: coach
                category: welfare
                name: Coach
            questions:
              - id: stress
                type: yes_no
                text: Stress?
            rules:
              - id: met_besluit
                when: stress
                decision: psychosocial
                refer: coahc
                reason: R
              - id: zonder_besluit
                when: stress
                refer: caoch
                reason: R
            """)
        #expect(result.value == nil)
        let d = result.diagnostics
        expectFinding(
            d, "unknown-destination", at: 17, 12, message: "rule 'met_besluit' refers to 'coahc', which is not a destination",
            hint: "did you mean 'coach'?")
        // Regression: without a decision the rule was silently dropped and the protocol loaded.
        expectFinding(d, "unknown-destination", at: 21, 12, hint: "did you mean 'coach'?")
        expectFinding(d, "unused-destination", at: 6, 5, severity: .warning)
    }

    @Test func checksWhatScoresCombine() {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            questions:
              - id: stress
                type: yes_no
                text: Stress?
              - id: cijfer
                type: scale
                text: Cijfer?
            scores:
              - id: gemiddeld
                method: mean
                of: [stress, cijfer]
              - id: telling
                method: count
                of:
                  - cijfer
                  - onbekend
              - id: leeg
                method: sum
                of: []
            rules:
              - id: r
                when: score.gemiddeld > 5 and score.telling > 1 and score.leeg > 0
                decision: none
                reason: R
            """)
        #expect(result.value == nil)
        let d = result.diagnostics
        expectFinding(
            d, "type-mismatch", at: 15, 10, message: "score 'gemiddeld' takes the mean of 'stress', a yes_no question",
            hint: "mean works on scale and number questions; use count for yes/no")
        expectFinding(
            d, "type-mismatch", at: 19, 9, hint: "count works on yes_no and multiple_choice questions")
        expectFinding(d, "unknown-question", at: 20, 9, message: "score 'telling' uses 'onbekend', which is not a question")
        expectFinding(d, "empty-score", at: 23, 5, message: "score 'leeg' combines no questions")
        #expect(d.filter { $0.code == "type-mismatch" }.count == 2)
    }

    @Test func conditionsMayOnlyLookAtEarlierQuestions() {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            questions:
              - id: eerste
                type: yes_no
                when: tweede == yes
                text: Eerste?
              - id: tweede
                type: yes_no
                when: not tweede
                text: Tweede?
              - id: derde
                type: yes_no
                when: score.later > 2
                text: Derde?
              - id: vierde
                type: scale
                when: eerste and tweede
                text: Vierde?
            scores:
              - id: later
                method: sum
                of: [vierde]
            rules:
              - id: r
                when: eerste or tweede or derde
                decision: none
                reason: R
            """)
        #expect(result.value == nil)
        let d = result.diagnostics
        expectFinding(
            d, "question-order", at: 8, 11, message: "question 'eerste' depends on 'tweede', which is asked later",
            hint: "move 'tweede' above 'eerste', or change the condition")
        expectFinding(d, "question-order", at: 12, 11, message: "question 'tweede' depends on its own answer in 'when'")
        expectFinding(
            d, "question-order", at: 16, 11,
            message: "question 'derde' depends on score 'later', which uses 'vierde', asked later")
        // Looking back is fine.
        #expect(d.filter { $0.code == "question-order" }.count == 3)
    }

    @Test func warnsAboutUnusedQuestionsAndDestinations() throws {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: Test
            destinations:
              - id: coach
                category: welfare
                name: Coach
              - id: nergens
                category: medical
                name: Nergens
            questions:
              - id: stress
                type: yes_no
                text: Stress?
              - id: vergeten
                type: yes_no
                text: Vergeten?
              - id: notitie
                type: text
                text: Notitie
              - id: cijfer
                type: scale
                text: Cijfer?
              - id: eerder
                type: yes_no
                text: Eerder?
              - id: later
                type: yes_no
                when: eerder
                text: Later?
            scores:
              - id: s
                method: mean
                of: [cijfer]
            rules:
              - id: r
                when: stress or later
                refer: coach
                reason: R
            """)
        let d = result.diagnostics
        expectFinding(
            d, "unused-question", at: 16, 5, severity: .warning,
            message: "question 'vergeten' is not used by any rule, score or condition")
        expectFinding(
            d, "unused-destination", at: 9, 5, severity: .warning, message: "no rule refers to destination 'nergens'",
            hint: "add a rule with 'refer: nergens', or remove it")
        #expect(d.count == 2, "text questions, scored questions and questions used in 'when' are used: \(d)")
        #expect(try #require(result.value).questions.count == 6, "warnings do not stop a protocol from loading")
    }

    @Test func dutchIsAlwaysRequiredAndEnglishOnceDeclared() {
        let d = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            languages: [nl, en]
            title: {nl: Test, en: Test}
            questions:
              - id: stress
                type: choice
                text: {en: Stress?}
                options:
                  - id: ja
                    text: {nl: Ja}
                  - id: nee
                    text: {nl: Nee, en: No}
            rules:
              - id: r
                when: stress == ja
                decision: none
                reason: Reden
            """
        ).diagnostics
        expectFinding(
            d, "missing-translation", at: 7, 5, message: "question 'stress' has no 'nl' text",
            hint: "every text needs Dutch (nl)")
        expectFinding(
            d, "missing-translation", at: 11, 9, message: "option 'ja' of 'stress' has no 'en' text",
            hint: "the protocol declares 'en' under 'languages'; add it, or remove the language")
        expectFinding(d, "missing-translation", at: 16, 5, message: "the reason of rule 'r' has no 'en' text")
        #expect(d.filter { $0.code == "missing-translation" }.count == 3, "\(d)")
    }

    @Test func englishIsOptionalButMustBeDeclaredWhenUsed() throws {
        let result = loadInlineProtocol(
            """
            kind: protocol
            id: test
            version: 1
            title: {nl: Test, en: Test}
            questions:
              - id: stress
                type: yes_no
                text: {nl: Stress?}
            rules:
              - id: r
                when: stress
                decision: none
                reason: {nl: Reden, en: Reason}
            """)
        let d = result.diagnostics
        expectFinding(
            d, "undeclared-language", at: 1, 1, severity: .warning,
            message: "the title has a 'en' text, but 'en' is not in 'languages'")
        expectFinding(d, "undeclared-language", at: 10, 5, severity: .warning)
        #expect(!d.contains { $0.code == "missing-translation" })
        #expect(d.count == 2, "\(d)")
        #expect(try #require(result.value).languages == ["nl"])
    }
}
