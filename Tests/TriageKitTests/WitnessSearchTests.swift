import Testing

@testable import TriageKit

/// The witness search of the exhaustive analysis: a baseline walk found past a red flag a
/// greedy walk runs into, witnesses that are edits of it, rules shown firing where a red
/// flag ends the walk, and what is truly dead behind red flags still reported dead.
struct WitnessSearchTests {
    static func protocolYAML(questions: String, rules: String) -> String {
        """
        kind: protocol
        id: voorbeeld
        version: 1.0.0
        title: Voorbeeld
        hit_policy: collect
        destinations:
          - {id: coach, category: welfare, name: Coach}
          - {id: crisis, category: urgent, name: Crisis}
        questions:
        \(questions)
        rules:
        \(rules)
        """
    }

    static func spec(_ yaml: String) throws -> TriageProtocol {
        let loaded = ExhaustiveAnalyzerTests.load(yaml)
        return try #require(loaded.value, "does not load: \(loaded.diagnostics)")
    }

    /// Text questions are always answered once asked, so `q0 and answered(q3)` holds after q3
    /// whenever q0 is ja: a walk that answers ja first (it raises nothing yet) is stuck at q3.
    static let trap = protocolYAML(
        questions: """
              - {id: q0, type: yes_no, text: Eerste?}
              - {id: q1, type: yes_no, text: Tweede?}
              - {id: q2, type: yes_no, text: Derde?, when: not q1}
              - {id: q3, type: text, text: Toelichting?}
          """,
        rules: """
              - {id: rood, when: "q0 and answered(q3)", red_flag: true, refer: crisis, reason: Rood.}
              - {id: doel, when: "q2 and not q0", refer: coach, reason: Doel.}
              - {id: rest, when: "true", decision: none, reason: Geen.}
          """)

    @Test func theBaselineGoesBackPastAnAnswerThatMakesARedFlagUnavoidable() throws {
        let spec = try Self.spec(Self.trap)
        var search = WitnessSearch(spec: spec, space: AnswerSpace(spec), cone: ConeOfInfluence(spec))
        let found = search.findBaseline(maxSteps: 1_000, deadline: .now + .seconds(10))
        #expect(found)
        #expect(search.baseline[0] == .yesNo(false))
        #expect(search.baseline[3] != nil)
        // The target rule needs q2, which only q1 = nee asks (the baseline answers ja): an edit of the baseline.
        let target = try #require(spec.rules.firstIndex { $0.id == "doel" })
        let reached = search.reach(spec.rules[target].when.expression)
        #expect(reached)
        #expect(search.baseline[1] == .yesNo(true) && search.baseline[2] == nil)
        #expect(search.answers[1] == .yesNo(false) && search.answers[2] == .yesNo(true))
        #expect(search.changed == [1, 2])
        search.undo()
        #expect(search.answers == search.baseline)
    }

    /// Only a = ja, b = ja, c = nee makes no rule fire; a = nee skips b and settles `eerst` there.
    static func undecided(_ extraRules: String = "") -> String {
        protocolYAML(
            questions: """
                  - {id: a, type: yes_no, text: A?}
                  - {id: b, type: yes_no, text: B?, when: a}
                  - {id: c, type: yes_no, text: C?}
              """,
            rules: """
                  - {id: eerst, when: "a and not b", refer: coach, reason: Een.}
                  - {id: twee, when: "not a and c", refer: coach, reason: Twee.}
                  - {id: drie, when: "a and b and c", refer: coach, reason: Drie.}
                  - {id: vier, when: "not c and not a", refer: coach, reason: Vier.}
              """ + (extraRules.isEmpty ? "" : "\n" + extraRules))
    }

    @Test func aWalkOnWhichNoRuleFiresIsFoundBySearch() throws {
        let spec = try Self.spec(Self.undecided())
        var search = WitnessSearch(spec: spec, space: AnswerSpace(spec), cone: ConeOfInfluence(spec))
        let found = search.findBaseline(maxSteps: 1_000, deadline: .now + .seconds(10), noRuleFires: true)
        #expect(found)
        #expect(search.baseline == [.yesNo(true), .yesNo(true), .yesNo(false)])
        var session = TriageSession(protocol: spec)
        for answer in search.baseline.compactMap({ $0 }) { try session.answer(answer) }
        #expect(session.isComplete && session.outcome().trace.isEmpty)
        let report = ExhaustiveAnalyzer.analyze(spec)
        #expect(report.diagnostics.contains { $0.code == "no-decision" })

        let total = try Self.spec(Self.undecided("    - {id: vijf, when: \"a and b and not c\", refer: coach, reason: Vijf.}"))
        var none = WitnessSearch(spec: total, space: AnswerSpace(total), cone: ConeOfInfluence(total))
        let foundNone = none.findBaseline(maxSteps: 1_000, deadline: .now + .seconds(10), noRuleFires: true)
        #expect(!foundNone)
        #expect(none.exhausted)  // every walk tried: a proof that some rule always fires
        #expect(!ExhaustiveAnalyzer.analyze(total).diagnostics.contains { $0.code == "no-decision" || $0.code == "analysis-incomplete" })
    }

    @Test func theAnalysisAgreesWithEveryPathOnTheTrap() throws {
        let spec = try Self.spec(Self.trap)
        #expect(ExhaustiveAnalyzerTests.expectAgreesWithReplay(spec))
        let report = ExhaustiveAnalyzer.analyze(spec)
        #expect(report.isComplete)
        #expect(!report.diagnostics.contains { $0.code == "dead-rule" || $0.code == "unreachable-question" }, "\(report.diagnostics)")
    }

    /// q1 is asked only after q0 = ja, but then the red flag has ended the walk.
    static let deadBehindRedFlag = protocolYAML(
        questions: """
              - {id: q0, type: yes_no, text: Eerste?}
              - {id: q1, type: yes_no, text: Tweede?, when: q0}
              - {id: q2, type: yes_no, text: Derde?}
              - {id: q3, type: text, text: Toelichting?}
          """,
        rules: """
              - {id: rood, when: "q0", red_flag: true, refer: crisis, reason: Rood.}
              - {id: dood, when: "q1 and q2", refer: coach, reason: Dood.}
              - {id: alleen_met_rood, when: "q0 and not answered(q3)", refer: coach, reason: Alleen met rood.}
              - {id: rest, when: "true", decision: none, reason: Geen.}
          """)

    @Test func whatIsDeadBehindARedFlagIsReportedDeadWithoutACounterexample() throws {
        let spec = try Self.spec(Self.deadBehindRedFlag)
        #expect(ExhaustiveAnalyzerTests.expectAgreesWithReplay(spec))
        let report = ExhaustiveAnalyzer.analyze(spec)
        #expect(report.isComplete)
        #expect(report.counterexamples.isEmpty)
        let messages = report.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("question 'q1' is never asked") }, "\(messages)")
        #expect(messages.contains { $0.contains("rule 'dood' never fires") }, "\(messages)")
        // It fires where the red flag ends the walk before q3: shown by a stopped walk, so not "never".
        #expect(messages.contains { $0.contains("rule 'alleen_met_rood' only fires together with a red flag") }, "\(messages)")
    }

    /// `laat` needs the walk to end before q2, but the only red flag can hold only once q3
    /// is answered: proved dead from where red flags can end the walk, though no red flag
    /// reads its questions.
    @Test func aRuleNeedingAStopWhereNoRedFlagCanEndTheWalkIsDead() throws {
        let spec = try Self.spec(
            Self.protocolYAML(
                questions: """
                      - {id: q0, type: yes_no, text: Eerste?}
                      - {id: q1, type: yes_no, text: Tweede?}
                      - {id: q2, type: text, text: Toelichting?}
                      - {id: q3, type: yes_no, text: Vierde?}
                  """,
                rules: """
                      - {id: rood, when: "q1 and q3", red_flag: true, refer: crisis, reason: Rood.}
                      - {id: laat, when: "q0 and not answered(q2)", refer: coach, reason: Laat.}
                      - {id: rest, when: "true", decision: none, reason: Geen.}
                  """))
        #expect(ExhaustiveAnalyzerTests.expectAgreesWithReplay(spec))
        let report = ExhaustiveAnalyzer.analyze(spec, options: .init(timeLimit: 10, maxNodes: 2_000))
        #expect(report.isComplete, "\(report.diagnostics)")
        #expect(report.diagnostics.contains { $0.message.contains("rule 'laat' never fires") }, "\(report.diagnostics)")
    }

    /// The same shapes at a size where every check must be decided locally: a chain of
    /// questions between the red flag's questions and the target, repeated.
    @Test func manyTrapsInOneProtocolAreAllDecided() throws {
        var questions = ""
        var rules = ""
        for block in 0..<40 {
            let q = (0..<4).map { "b\(block)q\($0)" }
            questions += "      - {id: \(q[0]), type: yes_no, text: Eerste?}\n"
            questions += "      - {id: \(q[1]), type: yes_no, text: Tweede?}\n"
            questions += "      - {id: \(q[2]), type: yes_no, text: Derde?, when: not \(q[1])}\n"
            questions += "      - {id: \(q[3]), type: text, text: Toelichting?}\n"
            rules += "      - {id: rood\(block), when: \"\(q[0]) and answered(\(q[3]))\", red_flag: true, refer: crisis, reason: Rood.}\n"
            rules += "      - {id: doel\(block), when: \"\(q[2]) and not \(q[0])\", refer: coach, reason: Doel.}\n"
        }
        rules += "      - {id: rest, when: \"true\", decision: none, reason: Geen.}\n"
        let spec = try Self.spec(Self.protocolYAML(questions: questions, rules: rules))
        var options = ExhaustiveAnalyzer.Options()
        options.checkWitnesses = true
        let report = ExhaustiveAnalyzer.analyze(spec, options: options)
        #expect(report.isComplete, "\(report.diagnostics)")
        #expect(!report.diagnostics.contains { $0.code == "dead-rule" || $0.code == "unreachable-question" }, "\(report.diagnostics)")
        #expect(!report.diagnostics.contains { $0.message.contains("disagree") })
    }

    /// A search on `spec` with its baseline found.
    static func searchWithBaseline(_ spec: TriageProtocol) -> WitnessSearch? {
        var search = WitnessSearch(spec: spec, space: AnswerSpace(spec), cone: ConeOfInfluence(spec))
        return search.findBaseline(maxSteps: 1_000, deadline: .now + .seconds(10)) ? search : nil
    }

    /// The rules a real session fires when given `answers` in order (until it ends).
    static func firedOnReplay(_ spec: TriageProtocol, _ answers: [AnswerValue?]) throws -> Set<String> {
        var session = TriageSession(protocol: spec)
        for answer in answers.compactMap({ $0 }) where !session.isComplete { try session.answer(answer) }
        #expect(session.isComplete)
        return Set(session.outcome().trace.map(\.ruleID))
    }

    /// q1 is asked after q0 = ja; the red flag then ends the walk only at q2, after it.
    static let redFlagLater = protocolYAML(
        questions: """
              - {id: q0, type: yes_no, text: Eerste?}
              - {id: q1, type: yes_no, text: Tweede?, when: q0}
              - {id: q2, type: text, text: Toelichting?}
          """,
        rules: """
              - {id: rood, when: "q0 and answered(q2)", red_flag: true, refer: crisis, reason: Rood.}
              - {id: met_rood, when: "q1", refer: coach, reason: Met rood.}
              - {id: rest, when: "true", decision: none, reason: Geen.}
          """)

    @Test func aQuestionOrRuleBeforeARedFlagThatEndsTheWalkLaterIsReached() throws {
        let spec = try Self.spec(Self.redFlagLater)
        var search = try #require(Self.searchWithBaseline(spec))
        #expect(search.baseline[0] == .yesNo(false) && search.baseline[1] == nil)
        // Asked: the red flag holds only from q2 on.
        let asked = search.reachAsked(1)
        #expect(asked)
        #expect(search.answers[0] == .yesNo(true))
        let quiet = search.isQuiet()
        #expect(!quiet)
        search.undo()
        // Without that allowance no edit reaches it: the red flag holds at the end of every such walk.
        let reachedWithoutAllowance = search.reach(spec.questions[1].when!.expression)
        #expect(!reachedWithoutAllowance)
        let rule = try #require(spec.rules.firstIndex { $0.id == "met_rood" })
        let fired = search.reach(spec.rules[rule].when.expression, before: 1)
        #expect(fired)
        #expect(try Self.firedOnReplay(spec, search.answers) == ["rood", "met_rood", "rest"])
        search.undo()
        let report = ExhaustiveAnalyzer.analyze(spec)
        #expect(report.isComplete)
        #expect(report.diagnostics.contains { $0.message.contains("rule 'met_rood' only fires together with a red flag") }, "\(report.diagnostics)")
        #expect(!report.diagnostics.contains { $0.code == "unreachable-question" })
    }

    /// `laat` needs the walk to end before q2 with q0 = ja; the red flag can end it after q1
    /// (q0 and q1 ja) or after q3.
    static let stopInAWindow = protocolYAML(
        questions: """
              - {id: q0, type: yes_no, text: Eerste?}
              - {id: q1, type: yes_no, text: Tweede?}
              - {id: q2, type: text, text: Toelichting?}
              - {id: q3, type: yes_no, text: Vierde?}
          """,
        rules: """
              - {id: rood, when: "count(q0, q1, q3) >= 2", red_flag: true, refer: crisis, reason: Rood.}
              - {id: laat, when: "not answered(q2) and q0", refer: coach, reason: Laat.}
              - {id: rest, when: "true", decision: none, reason: Geen.}
          """)

    @Test func whereARuleCanHoldDependsOnHowManyOfItsQuestionsAreAnswered() throws {
        let spec = try Self.spec(Self.stopInAWindow)
        var search = WitnessSearch(spec: spec, space: AnswerSpace(spec), cone: ConeOfInfluence(spec))
        let rule = try #require(spec.rules.firstIndex { $0.id == "laat" })
        // Its questions are q0 and q2: none answered (q0 not yet), q0 only (ja), both (q2 answered).
        let ruleSegments = search.holdsWithAnswersUpTo(rule)
        #expect(ruleSegments == [false, true, false])
        let redFlag = try #require(spec.rules.firstIndex { $0.id == "rood" })
        let redFlagSegments = search.holdsWithAnswersUpTo(redFlag)
        #expect(redFlagSegments == [false, false, true, true])
    }

    @Test func aStopIsReachedByTheGivenPoint() throws {
        let spec = try Self.spec(Self.stopInAWindow)
        var search = try #require(Self.searchWithBaseline(spec))
        let (rule, redFlag) = try (#require(spec.rules.firstIndex { $0.id == "laat" }), #require(spec.rules.firstIndex { $0.id == "rood" }))
        let stopped = search.reachStop(at: redFlag, firing: rule, by: 1)
        #expect(stopped)
        #expect(search.answers[0] == .yesNo(true) && search.answers[1] == .yesNo(true))
        #expect(try Self.firedOnReplay(spec, search.answers) == ["rood", "laat", "rest"])
        search.undo()
        #expect(search.answers == search.baseline)
        let report = ExhaustiveAnalyzer.analyze(spec)
        #expect(report.diagnostics.contains { $0.message.contains("rule 'laat' only fires together with a red flag") }, "\(report.diagnostics)")
    }

    /// `doel` holds with m = geld and s = 5 (and then q0 = nee, against the red flag); the
    /// many answers to c look as cheap, but c is never asked (its `when` never holds).
    @Test func aChangeThatNeedsAQuestionAskedCostsMoreAndEachSetOfChangesIsTriedOnce() throws {
        let spec = try Self.spec(
            Self.protocolYAML(
                questions: """
                      - {id: q0, type: yes_no, text: Eerste?}
                      - {id: m, type: multiple_choice, text: Zorgen?, options: [{id: geld, text: Geld}, {id: wonen, text: Wonen}, {id: rouw, text: Rouw}, {id: werk, text: Werk}]}
                      - {id: s, type: scale, range: {min: 1, max: 5}, text: Hoeveel?}
                      - {id: c, type: multiple_choice, text: Welke?, options: [{id: a, text: A}, {id: b, text: B}, {id: c, text: C}, {id: d, text: D}], when: q0 and not q0}
                  """,
                rules: """
                      - {id: rood, when: "s == 5 and q0", red_flag: true, refer: crisis, reason: Rood.}
                      - {id: doel, when: "m contains geld and (s == 5 or count(c) >= 2)", refer: coach, reason: Doel.}
                      - {id: andere, when: "m contains wonen or m contains rouw or c contains a or c contains b or c contains c", refer: coach, reason: Andere.}
                      - {id: rest, when: "true", decision: none, reason: Geen.}
                  """))
        var search = try #require(Self.searchWithBaseline(spec))
        let rule = try #require(spec.rules.firstIndex { $0.id == "doel" })
        let firesOnBaseline = search.fires(rule)
        #expect(!firesOnBaseline)
        let reached = search.reach(spec.rules[rule].when.expression)
        #expect(reached)
        #expect(search.baseline[0] == .yesNo(true) && search.baseline[2] != .number(5))
        #expect(search.answers[0] == .yesNo(false) && search.answers[2] == .number(5) && search.answers[3] == nil)
    }

    /// q0 = ja (tried first) skips q1, and then either answer to q2 makes a rule fire: the
    /// failure reads only the skipped q1, so the search must go back to q0, which decided
    /// to skip it. q0 = nee, q1 = nee is a walk on which no rule fires.
    @Test func aFailureOnASkippedQuestionBlamesWhatSkippedIt() throws {
        let spec = try Self.spec(
            Self.protocolYAML(
                questions: """
                      - {id: q0, type: yes_no, text: Eerste?}
                      - {id: q1, type: yes_no, text: Tweede?, when: not q0}
                      - {id: q2, type: yes_no, text: Derde?}
                  """,
                rules: """
                      - {id: een, when: "q1", refer: coach, reason: Een.}
                      - {id: twee, when: "not answered(q1) and q2", refer: coach, reason: Twee.}
                      - {id: drie, when: "not answered(q1) and not q2", refer: coach, reason: Drie.}
                  """))
        var search = WitnessSearch(spec: spec, space: AnswerSpace(spec), cone: ConeOfInfluence(spec))
        let found = search.findBaseline(maxSteps: 1_000, deadline: .now + .seconds(10), noRuleFires: true)
        #expect(found && !search.exhausted)
        #expect(search.baseline[0] == .yesNo(false) && search.baseline[1] == .yesNo(false))
        #expect(try Self.firedOnReplay(spec, search.baseline).isEmpty)
        let report = ExhaustiveAnalyzer.analyze(spec)
        #expect(report.diagnostics.contains { $0.code == "no-decision" }, "\(report.diagnostics)")
    }

    /// `not q0` holds before q0 is answered: every walk ends before the first question.
    @Test func aRedFlagBeforeTheFirstQuestionDecidesEveryCheckOnTheEmptyWalk() throws {
        let yaml = Self.protocolYAML(
            questions: """
                  - {id: q0, type: yes_no, text: Eerste?}
                  - {id: q1, type: yes_no, text: Tweede?, when: q0}
              """,
            rules: """
                  - {id: rood, when: "not q0", red_flag: true, refer: crisis, reason: Rood.}
                  - {id: zonder, when: "not answered(q1)", refer: coach, reason: Zonder.}
                  - {id: met, when: "q1", refer: coach, reason: Met.}
              """) + """

            invariants:
              - id: nooit_coach
                check: not refers(coach)
                message: Nooit de coach.
              - id: rood_is_urgent
                check: red_flag implies decision == urgent
                message: Rood is urgent.
              - id: nooit_rood
                check: not red_flag
                message: Nooit rood.
            """
        let spec = try Self.spec(yaml)
        #expect(ExhaustiveAnalyzerTests.expectAgreesWithReplay(spec))
        let report = ExhaustiveAnalyzer.analyze(spec)
        #expect(report.isComplete)
        let messages = report.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("question 'q0' is never asked: a red flag always ends the questions before it") }, "\(messages)")
        #expect(messages.contains { $0.contains("rule 'zonder' only fires together with a red flag") }, "\(messages)")
        #expect(messages.contains { $0.contains("rule 'met' never fires") }, "\(messages)")
        // The red flag overrules the coach, so the first two invariants hold on the one walk;
        // the third fails there, shown with no answers at all.
        #expect(report.counterexamples.map(\.invariantID) == ["nooit_rood"], "\(report.diagnostics)")
        #expect(report.counterexamples.first?.answers.isEmpty == true)
    }
}
