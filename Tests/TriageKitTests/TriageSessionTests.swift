import Testing

@testable import TriageKit

/// A small protocol exercising `when`, red flags, scores, choices and both hit policies.
private func engineProtocol(hitPolicy: String = "collect") throws -> TriageProtocol {
    let yaml = """
        kind: protocol
        id: engine-test
        version: 1.0.0
        title: Engine test
        hit_policy: \(hitPolicy)
        destinations:
          - {id: crisis, category: urgent, name: Crisisdienst}
          - {id: coach, category: welfare, name: Welzijnscoach}
          - {id: schuld, category: welfare, name: Schuldhulp}
          - {id: huisarts, category: medical, name: Huisarts}
        questions:
          - {id: suicide, type: yes_no, text: Suïcidaal?}
          - {id: medisch, type: choice, text: Medische oorzaak?, options: [{id: open, text: Open}, {id: geen, text: Geen}]}
          - {id: meedoen, dimension: meedoen, type: scale, text: Meedoen?}
          - {id: eenzaam, type: yes_no, allow_unknown: true, when: meedoen < 5, text: Eenzaam?}
          - {id: zorgen, type: multiple_choice, text: Zorgen?, options: [{id: geld, text: Geld}, {id: wonen, text: Wonen}]}
          - {id: toestemming, type: yes_no, text: Toestemming?}
        scores:
          - {id: meedoen, dimension: meedoen, method: mean, of: [meedoen]}
        rules:
          - {id: rood, when: suicide, red_flag: true, refer: crisis, priority: 1, reason: Suïcidaal}
          - {id: medisch_eerst, when: medisch == open, refer: huisarts, priority: 2, reason: Eerst medisch}
          - {id: eenzaamheid, when: toestemming and eenzaam, refer: coach, priority: 3, reason: Eenzaam}
          - {id: geldzorgen, when: toestemming and zorgen contains geld, refer: schuld, priority: 2, reason: Geld}
        invariants:
          - {id: rood_urgent, check: red_flag implies decision == urgent, message: Rood is urgent}
          - {id: toestemming_nodig, check: referred_welfare implies toestemming == yes, message: Toestemming}
        """
    let result = ProtocolLoader().load(Array(yaml.utf8), file: "engine.yaml")
    #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
    return try #require(result.value)
}

private func walk(_ session: inout TriageSession, _ answers: [String]) throws {
    for answer in answers { try session.answer(text: answer) }
}

@Suite struct TriageSessionTests {
    @Test func asksQuestionsInOrderAndSkipsByWhen() throws {
        var session = TriageSession(protocol: try engineProtocol())
        #expect(session.nextQuestion?.id == "suicide")
        try walk(&session, ["nee", "2", "7"])
        #expect(session.nextQuestion?.id == "zorgen", "eenzaam is skipped when meedoen >= 5")
        try walk(&session, ["-", "ja"])
        #expect(session.isComplete)
        #expect(session.answer(for: "eenzaam") == nil)
    }

    @Test func wrongAnswerIsATypedErrorAndLeavesTheSessionUnchanged() throws {
        var session = TriageSession(protocol: try engineProtocol())
        try walk(&session, ["nee", "geen"])
        let before = session.progress
        #expect(throws: AnswerError.outOfRange(question: "meedoen", value: 11, min: 0, max: 10)) {
            try session.answer(.number(11))
        }
        #expect(throws: AnswerError.self) { try session.answer(.yesNo(true)) }
        #expect(throws: AnswerError.notWholeNumber(question: "meedoen", value: 4.5)) { try session.answer(.number(4.5)) }
        #expect(session.progress == before)
        #expect(session.nextQuestion?.id == "meedoen")
    }

    @Test func unknownOnlyWhereAllowed() throws {
        var session = TriageSession(protocol: try engineProtocol())
        #expect(throws: AnswerError.unknownNotAllowed(question: "suicide")) { try session.answer(text: "weet niet") }
        try walk(&session, ["nee", "geen", "3"])
        try session.answer(text: "weet niet")
        #expect(session.answer(for: "eenzaam") == .unknown)
    }

    @Test func goBackUndoesTheLastAnswer() throws {
        var session = TriageSession(protocol: try engineProtocol())
        try walk(&session, ["nee", "open"])
        let back = session.goBack()
        #expect(back?.id == "medisch")
        #expect(session.nextQuestion?.id == "medisch")
        #expect(session.answer(for: "medisch") == nil)
        #expect(session.answer(for: "suicide") == .yesNo(false))
    }

    @Test func changingAnAnswerDropsQuestionsNoLongerAskedAndKeepsTheRest() throws {
        var session = TriageSession(protocol: try engineProtocol())
        try walk(&session, ["nee", "geen", "3", "ja", "geld", "ja"])
        #expect(session.isComplete)
        try session.change("meedoen", to: .number(8))
        #expect(session.answer(for: "eenzaam") == nil, "eenzaam is no longer asked")
        #expect(session.answer(for: "zorgen") == .choices(["geld"]), "later answers are kept")
        #expect(session.isComplete)
        #expect(session.answers.map(\.question.id) == ["suicide", "medisch", "meedoen", "zorgen", "toestemming"])
    }

    @Test func changingToARedFlagStopsTheWalkAndDropsLaterAnswers() throws {
        var session = TriageSession(protocol: try engineProtocol())
        try walk(&session, ["nee", "geen", "3", "ja", "geld", "ja"])
        try session.change("suicide", to: .yesNo(true))
        #expect(session.isComplete)
        #expect(session.answers.count == 1)
        let outcome = session.outcome()
        #expect(outcome.decision == .urgent)
        #expect(outcome.referrals.map(\.destination.id) == ["crisis"])
    }

    @Test func redFlagStopsTheWalkImmediately() throws {
        var session = TriageSession(protocol: try engineProtocol())
        try session.answer(text: "ja")
        #expect(session.isComplete)
        #expect(session.nextQuestion == nil)
        let outcome = session.outcome()
        #expect(outcome.decision == .urgent)
        #expect(outcome.urgency == .today)
        #expect(outcome.redFlags.map(\.ruleID) == ["rood"])
        #expect(session.violatedInvariants().isEmpty)
    }

    @Test func collectCombinesDecisionsAndRanksReferrals() throws {
        var session = TriageSession(protocol: try engineProtocol())
        try walk(&session, ["nee", "open", "2", "ja", "geld", "ja"])
        let outcome = session.outcome()
        #expect(outcome.decision == .mixed)
        #expect(outcome.urgency == .soon)
        #expect(outcome.referrals.map(\.destination.id) == ["huisarts", "schuld", "coach"])
        #expect(outcome.trace.map(\.ruleID) == ["medisch_eerst", "eenzaamheid", "geldzorgen"])
        #expect(outcome.trace.allSatisfy { $0.applied })
        #expect(outcome.lowestDimensions == [.meedoen])
        #expect(outcome.scores.first?.value == 2)
    }

    @Test func firstHitPolicyAppliesOnlyTheFirstRule() throws {
        var session = TriageSession(protocol: try engineProtocol(hitPolicy: "first"))
        try walk(&session, ["nee", "open", "2", "ja", "geld", "ja"])
        let outcome = session.outcome()
        #expect(outcome.decision == .medical)
        #expect(outcome.referrals.map(\.destination.id) == ["huisarts"])
        #expect(outcome.trace.filter(\.applied).map(\.ruleID) == ["medisch_eerst"])
        #expect(outcome.trace.count == 3)
    }

    @Test func noRuleMeansNoReferral() throws {
        var session = TriageSession(protocol: try engineProtocol())
        try walk(&session, ["nee", "geen", "8", "-", "nee"])
        let outcome = session.outcome()
        #expect(outcome.decision == Decision.none)
        #expect(outcome.urgency == .none)
        #expect(outcome.referrals.isEmpty)
    }

    @Test func invariantsAreCheckedOnTheOutcome() throws {
        let protocolWithBrokenRule = try engineProtocol()
        var session = TriageSession(protocol: protocolWithBrokenRule)
        try walk(&session, ["nee", "geen", "2", "ja", "geld", "nee"])
        #expect(session.violatedInvariants().isEmpty, "no consent: no welfare referral, invariant holds")
        #expect(session.outcome().referrals.isEmpty)
    }

    @Test func socialMapNamesTheLocalServiceAndUnknownStaysUnknown() throws {
        let map = SocialMap(
            region: "Weert", description: nil,
            services: [Service(id: "punt_welzijn", serves: ["coach"], name: "Punt Welzijn", location: .init(file: "m", line: 1, column: 1))])
        var session = TriageSession(protocol: try engineProtocol(), socialMap: map)
        try walk(&session, ["nee", "geen", "2", "ja", "geld", "ja"])
        let outcome = session.outcome()
        #expect(outcome.region == "Weert")
        #expect(outcome.referrals.first { $0.destination.id == "coach" }?.service?.name == "Punt Welzijn")
        #expect(outcome.referrals.first { $0.destination.id == "schuld" }?.service == nil)
    }

    @Test func sameAnswersGiveByteIdenticalJSON() throws {
        let triageProtocol = try engineProtocol()
        func json() throws -> String {
            var session = TriageSession(protocol: triageProtocol)
            try walk(&session, ["nee", "open", "2", "wn", "1,2", "ja"])
            return OutcomeJSONRenderer(language: "nl").render(session.outcome())
        }
        let first = try json()
        #expect(first == (try json()))
        #expect(first.contains("\"decision\": \"mixed\""))
        #expect(first.contains("\"sha256\": \"\(triageProtocol.contentHash)\""))
    }

    @Test func progressEstimatesWhatRemains() throws {
        var session = TriageSession(protocol: try engineProtocol())
        #expect(session.progress == .init(answered: 0, remaining: 6))
        try walk(&session, ["nee", "geen", "9"])
        #expect(session.progress == .init(answered: 3, remaining: 2))
    }
}

@Suite struct AnswerParserTests {
    private func question(_ type: AnswerType, unknown: Bool = false) -> Question {
        Question(
            id: "q", dimension: nil, text: LocalizedText(["nl": "?"]), help: nil, answerType: type, allowsUnknown: unknown,
            when: nil, location: .init(file: "f", line: 1, column: 1))
    }

    @Test(arguments: [("ja", true), ("J", true), ("yes", true), ("1", true), ("nee", false), ("n", false), ("2", false)])
    func yesNo(input: String, expected: Bool) throws {
        #expect(try AnswerParser.parse(input, for: question(.yesNo)).get() == .yesNo(expected))
    }

    @Test func choicesByNumberOrID() throws {
        let options = ["a", "b", "c"].map { AnswerOption(id: $0, text: LocalizedText(["nl": $0]), location: .init(file: "f", line: 1, column: 1)) }
        #expect(try AnswerParser.parse("2", for: question(.singleChoice(options))).get() == .choice("b"))
        #expect(try AnswerParser.parse("c", for: question(.singleChoice(options))).get() == .choice("c"))
        #expect(try AnswerParser.parse("3, 1", for: question(.multipleChoice(options))).get() == .choices(["a", "c"]))
        #expect(try AnswerParser.parse("-", for: question(.multipleChoice(options))).get() == .choices([]))
        #expect(throws: AnswerError.self) { try AnswerParser.parse("4", for: question(.singleChoice(options))).get() }
    }

    @Test func numbersAcceptACommaAndUnknownNeedsPermission() throws {
        #expect(try AnswerParser.parse("1250,50", for: question(.number(min: 0, max: 10000))).get() == .number(1250.5))
        #expect(throws: AnswerError.unknownNotAllowed(question: "q")) { try AnswerParser.parse("wn", for: question(.scale(min: 0, max: 10))).get() }
        #expect(try AnswerParser.parse("weet niet", for: question(.scale(min: 0, max: 10), unknown: true)).get() == .unknown)
    }
}

@Suite struct FallbackRuleTests {
    private func load() throws -> TriageProtocol {
        let yaml = """
            kind: protocol
            id: fallback
            version: 1
            title: Fallback
            destinations:
              - {id: coach, category: welfare, name: Coach}
            questions:
              - {id: eenzaam, type: yes_no, text: Eenzaam?}
            rules:
              - {id: coach_nodig, when: eenzaam, refer: coach, reason: Eenzaam}
              - {id: niets_nodig, when: "true", decision: none, reason: Geen vraag voor het sociaal domein}
            """
        return try #require(ProtocolLoader().load(Array(yaml.utf8), file: "f.yaml").value)
    }

    @Test func fallbackAppliesOnlyWhenNoOtherRuleFires() throws {
        var lonely = TriageSession(protocol: try load())
        try lonely.answer(text: "ja")
        let referred = lonely.outcome()
        #expect(referred.reasons.map(\.nl) == ["Eenzaam"])
        #expect(referred.trace.first { $0.ruleID == "niets_nodig" }?.applied == false)

        var fine = TriageSession(protocol: try load())
        try fine.answer(text: "nee")
        let none = fine.outcome()
        #expect(none.decision == Decision.none)
        #expect(none.reasons.map(\.nl) == ["Geen vraag voor het sociaal domein"])
    }

    @Test func anOptionNamedLikeANoneWordCanBeChosen() throws {
        let options = ["geen", "geld"].map { AnswerOption(id: $0, text: LocalizedText(["nl": $0]), location: .init(file: "f", line: 1, column: 1)) }
        let question = Question(
            id: "q", dimension: nil, text: LocalizedText(["nl": "?"]), help: nil, answerType: .multipleChoice(options),
            allowsUnknown: false, when: nil, location: .init(file: "f", line: 1, column: 1))
        #expect(try AnswerParser.parse("geen", for: question).get() == .choices(["geen"]))
        #expect(try AnswerParser.parse("-", for: question).get() == .choices([]))
    }
}
