/// The checks of the exhaustive analysis (`ExhaustiveAnalyzer`), each documented by small
/// protocols that trigger it and protocols that do not.
///
/// Like SwiftLint's rule examples, the examples are the specification: one parameterized
/// test loads every example and checks that a triggering one reports the check's code (and,
/// for invariants, exactly the expected counterexample) and a non-triggering one does not.
package struct ExhaustiveCheck: Sendable {
    /// A protocol that shows the check.
    package struct Example: Sendable, CustomStringConvertible {
        /// What the example shows.
        package var name: String
        /// A complete `kind: protocol` file.
        package var yaml: String
        /// For `invariant-violated`: the expected counterexample, as the answers file's
        /// `question: answer` lines in asking order.
        package var counterexample: [String]?

        package var description: String { name }
    }

    /// The stable diagnostic code.
    package var code: String
    /// How serious a finding is.
    package var severity: Diagnostic.Severity
    /// What the check finds, in one sentence.
    package var summary: String
    /// Protocols for which the check must report `code`.
    package var triggeringExamples: [Example]
    /// Protocols for which it must not.
    package var nonTriggeringExamples: [Example]

    /// Every check, in the order `triage validate` documents them.
    package static let all: [ExhaustiveCheck] = [
        noDecision, ruleConflict, deadRule, unreachableQuestion, shadowedRule, invariantViolated, analysisIncomplete,
    ]

    // MARK: - The checks

    package static let noDecision = ExhaustiveCheck(
        code: "no-decision", severity: .warning,
        summary: "Some complete path makes no rule fire, so the outcome has no decision; 'decision: none' must be explicit.",
        triggeringExamples: [
            Example(
                name: "stress: nee fires nothing",
                yaml: protocolYAML(
                    questions: yesNo("stress"),
                    rules: rule("stress_coach", when: "stress", refer: "welzijnscoach")))
        ],
        nonTriggeringExamples: [
            Example(
                name: "an explicit rule for no stress",
                yaml: protocolYAML(
                    questions: yesNo("stress"),
                    rules: rule("stress_coach", when: "stress", refer: "welzijnscoach")
                        + rule("geen_zorgen", when: "not stress", decision: "none"))),
            Example(
                name: "a last catch-all rule",
                yaml: protocolYAML(
                    questions: yesNo("stress"),
                    rules: rule("stress_coach", when: "stress", refer: "welzijnscoach")
                        + rule("anders", when: "true", decision: "none"))),
        ])

    package static let ruleConflict = ExhaustiveCheck(
        code: "rule-conflict", severity: .error,
        summary: "Under hit_policy unique, two rules can fire for the same answers.",
        triggeringExamples: [
            Example(
                name: "stress and somber both yes",
                yaml: protocolYAML(
                    hitPolicy: "unique", questions: yesNo("stress") + yesNo("somber"),
                    rules: rule("stress_coach", when: "stress", refer: "welzijnscoach")
                        + rule("somber_huisarts", when: "somber", refer: "huisarts")
                        + rule("anders", when: "not stress and not somber", decision: "none")))
        ],
        nonTriggeringExamples: [
            Example(
                name: "conditions exclude each other",
                yaml: protocolYAML(
                    hitPolicy: "unique", questions: yesNo("stress") + yesNo("somber"),
                    rules: rule("stress_coach", when: "stress and not somber", refer: "welzijnscoach")
                        + rule("somber_huisarts", when: "somber", refer: "huisarts")
                        + rule("anders", when: "not stress and not somber", decision: "none"))),
            Example(
                name: "collect combines overlapping rules",
                yaml: protocolYAML(
                    hitPolicy: "collect", questions: yesNo("stress") + yesNo("somber"),
                    rules: rule("stress_coach", when: "stress", refer: "welzijnscoach")
                        + rule("somber_huisarts", when: "somber", refer: "huisarts"))),
        ])

    package static let deadRule = ExhaustiveCheck(
        code: "dead-rule", severity: .warning,
        summary: "A rule never fires on any reachable path, or fires only together with a red flag that overrules it.",
        triggeringExamples: [
            Example(
                name: "a contradiction between intervals",
                yaml: protocolYAML(
                    questions: scale("pg_meedoen"),
                    rules: rule("nooit", when: "pg_meedoen < 5 and pg_meedoen > 7", refer: "welzijnscoach"))),
            Example(
                name: "a question is only asked when the rule's other half is false",
                yaml: protocolYAML(
                    questions: scale("pg_meedoen") + yesNo("eenzaam", when: "pg_meedoen < 5"),
                    rules: rule("eenzaam_coach", when: "eenzaam and pg_meedoen >= 5", refer: "welzijnscoach"))),
            Example(
                name: "only together with a red flag",
                yaml: protocolYAML(
                    questions: yesNo("suicidaal"),
                    rules: rule("crisis", when: "suicidaal", refer: "crisisdienst", redFlag: true)
                        + rule("poh", when: "suicidaal", refer: "huisarts"))),
        ],
        nonTriggeringExamples: [
            Example(
                name: "the rule reads the question where it is asked",
                yaml: protocolYAML(
                    questions: scale("pg_meedoen") + yesNo("eenzaam", when: "pg_meedoen < 5"),
                    rules: rule("eenzaam_coach", when: "eenzaam and pg_meedoen <= 4", refer: "welzijnscoach")))
        ])

    package static let unreachableQuestion = ExhaustiveCheck(
        code: "unreachable-question", severity: .warning,
        summary: "A question is never asked: its 'when' never holds where it is reached, or a red flag always ends the walk first.",
        triggeringExamples: [
            Example(
                name: "a 'when' outside the scale",
                yaml: protocolYAML(
                    questions: scale("pg_meedoen") + yesNo("eenzaam", when: "pg_meedoen > 10"),
                    rules: rule("eenzaam_coach", when: "eenzaam", refer: "welzijnscoach"))),
            Example(
                name: "a follow-up question after a red flag",
                yaml: protocolYAML(
                    questions: yesNo("suicidaal") + yesNo("plan", when: "suicidaal"),
                    rules: rule("crisis", when: "suicidaal", refer: "crisisdienst", redFlag: true)
                        + rule("plan_bekend", when: "plan", refer: "huisarts"))),
        ],
        nonTriggeringExamples: [
            Example(
                name: "a 'when' that holds for low scores",
                yaml: protocolYAML(
                    questions: scale("pg_meedoen") + yesNo("eenzaam", when: "pg_meedoen < 5"),
                    rules: rule("eenzaam_coach", when: "eenzaam", refer: "welzijnscoach")))
        ])

    package static let shadowedRule = ExhaustiveCheck(
        code: "shadowed-rule", severity: .warning,
        summary: "Under hit_policy first, a rule fires only when an earlier rule fires too, so it is never applied.",
        triggeringExamples: [
            Example(
                name: "a narrower rule below a wider one",
                yaml: protocolYAML(
                    hitPolicy: "first", questions: scale("pg_mentaal"),
                    rules: rule("somber", when: "pg_mentaal < 5", refer: "welzijnscoach")
                        + rule("zeer_somber", when: "pg_mentaal < 3", refer: "huisarts")))
        ],
        nonTriggeringExamples: [
            Example(
                name: "the narrower rule first",
                yaml: protocolYAML(
                    hitPolicy: "first", questions: scale("pg_mentaal"),
                    rules: rule("zeer_somber", when: "pg_mentaal < 3", refer: "huisarts")
                        + rule("somber", when: "pg_mentaal < 5", refer: "welzijnscoach")))
        ])

    package static let invariantViolated = ExhaustiveCheck(
        code: "invariant-violated", severity: .error,
        summary: "A declared invariant fails on the outcome of some path; the shortest counterexample is given as an answers file.",
        triggeringExamples: [
            Example(
                name: "a welfare referral without consent",
                yaml: protocolYAML(
                    questions: yesNo("somber") + yesNo("toestemming", when: "somber"),
                    rules: rule("somber_coach", when: "somber", refer: "welzijnscoach"),
                    invariants: invariant("toestemming", "referred_welfare implies toestemming == yes")),
                counterexample: ["somber: ja", "toestemming: nee"]),
            Example(
                name: "'!= no' is false for weet niet",
                yaml: protocolYAML(
                    questions: yesNo("suicidaal") + yesNo("plan", when: "suicidaal", allowUnknown: true),
                    rules: rule("crisis", when: "suicidaal and plan != no", refer: "crisisdienst", redFlag: true)
                        + rule("poh", when: "suicidaal and plan == no", refer: "huisarts"),
                    invariants: invariant("suicidaal_opgevolgd", "suicidaal implies (red_flag or referred_medical)")),
                counterexample: ["suicidaal: ja", "plan: weet niet"]),
            Example(
                name: "the boundary between two cut points",
                yaml: protocolYAML(
                    questions: scale("pg_mentaal"),
                    rules: rule("crisis", when: "pg_mentaal <= 1", refer: "crisisdienst", redFlag: true)
                        + rule("somber", when: "pg_mentaal < 5", refer: "welzijnscoach"),
                    invariants: invariant("zeer_laag_urgent", "pg_mentaal < 3 implies referred_urgent")),
                counterexample: ["pg_mentaal: 2"]),
            Example(
                name: "a mean of two scales",
                yaml: protocolYAML(
                    questions: scale("a") + scale("b"),
                    scores: "  - id: gemiddeld\n    method: mean\n    of: [a, b]\n",
                    rules: rule("beide_laag", when: "a < 4 and b < 4", refer: "crisisdienst", redFlag: true),
                    invariants: invariant("laag_gemiddelde_urgent", "score.gemiddeld < 4 implies red_flag")),
                counterexample: ["a: 0", "b: 4"]),
        ],
        nonTriggeringExamples: [
            Example(
                name: "the rule asks for consent",
                yaml: protocolYAML(
                    questions: yesNo("somber") + yesNo("toestemming", when: "somber"),
                    rules: rule("somber_coach", when: "somber and toestemming", refer: "welzijnscoach"),
                    invariants: invariant("toestemming", "referred_welfare implies toestemming == yes"))),
            Example(
                name: "weet niet handled explicitly",
                yaml: protocolYAML(
                    questions: yesNo("suicidaal") + yesNo("plan", when: "suicidaal", allowUnknown: true),
                    rules: rule("crisis", when: "suicidaal and (plan == yes or unknown(plan))", refer: "crisisdienst", redFlag: true)
                        + rule("poh", when: "suicidaal and plan == no", refer: "huisarts"),
                    invariants: invariant("suicidaal_opgevolgd", "suicidaal implies (red_flag or referred_medical)"))),
            Example(
                name: "a red flag is urgent",
                yaml: protocolYAML(
                    questions: scale("pg_mentaal"),
                    rules: rule("crisis", when: "pg_mentaal < 3", refer: "crisisdienst", redFlag: true)
                        + rule("somber", when: "pg_mentaal < 5", refer: "welzijnscoach"),
                    invariants: invariant("rode_vlag_urgent", "red_flag implies (decision == urgent and referred_urgent)")
                        + invariant("zeer_laag_urgent", "pg_mentaal < 3 implies referred_urgent"))),
        ])

    package static let analysisIncomplete = ExhaustiveCheck(
        code: "analysis-incomplete", severity: .warning,
        summary: "A check was not proved within the time budget (reported at its rule, question or invariant), or number answers are summed so only values near the constants are tried and 'never' findings are left out.",
        triggeringExamples: [
            Example(
                name: "a sum of two number questions",
                yaml: protocolYAML(
                    questions: number("schulden") + number("achterstand"),
                    scores: "  - id: totaal\n    method: sum\n    of: [schulden, achterstand]\n",
                    rules: rule("hoog", when: "score.totaal >= 10000", refer: "welzijnscoach")))
        ],
        nonTriggeringExamples: [
            Example(
                name: "a sum of two scales (every value is tried)",
                yaml: protocolYAML(
                    questions: scale("a") + scale("b"),
                    scores: "  - id: totaal\n    method: sum\n    of: [a, b]\n",
                    rules: rule("laag", when: "score.totaal < 8", refer: "welzijnscoach"))),
            Example(
                name: "one number question compared with constants",
                yaml: protocolYAML(
                    questions: number("schulden"),
                    rules: rule("hoog", when: "schulden >= 10000", refer: "welzijnscoach"))),
        ])

    // MARK: - Building example protocols

    /// A complete protocol with three destinations (welzijnscoach, huisarts, crisisdienst).
    package static func protocolYAML(
        hitPolicy: String = "collect", questions: String, scores: String = "", rules: String, invariants: String = ""
    ) -> String {
        var text = """
            kind: protocol
            id: voorbeeld
            version: 1.0.0
            title: Voorbeeld
            hit_policy: \(hitPolicy)
            destinations:
              - id: welzijnscoach
                category: welfare
                name: Welzijnscoach
              - id: huisarts
                category: medical
                name: Huisarts
              - id: crisisdienst
                category: urgent
                name: Crisisdienst
            questions:

            """
        text += questions
        if !scores.isEmpty { text += "scores:\n" + scores }
        text += "rules:\n" + rules
        if !invariants.isEmpty { text += "invariants:\n" + invariants }
        return text
    }

    static func yesNo(_ id: String, when: String? = nil, allowUnknown: Bool = false) -> String {
        question(id, type: "yes_no", when: when, extra: allowUnknown ? "    allow_unknown: true\n" : "")
    }

    static func scale(_ id: String, when: String? = nil) -> String {
        question(id, type: "scale", when: when)
    }

    static func number(_ id: String) -> String {
        question(id, type: "number", when: nil, extra: "    range: {min: 0, max: 1000000}\n")
    }

    static func question(_ id: String, type: String, when: String?, extra: String = "") -> String {
        var text = "  - id: \(id)\n    type: \(type)\n    text: Vraag \(id)?\n"
        if let when { text += "    when: \"\(when)\"\n" }
        return text + extra
    }

    static func rule(
        _ id: String, when: String, refer: String? = nil, decision: String? = nil, redFlag: Bool = false
    ) -> String {
        var text = "  - id: \(id)\n    when: \"\(when)\"\n    reason: Reden \(id).\n"
        if let refer { text += "    refer: \(refer)\n" }
        if let decision { text += "    decision: \(decision)\n" }
        if redFlag { text += "    red_flag: true\n" }
        return text
    }

    static func invariant(_ id: String, _ check: String) -> String {
        "  - id: \(id)\n    check: \"\(check)\"\n    message: Invariant \(id).\n"
    }
}
