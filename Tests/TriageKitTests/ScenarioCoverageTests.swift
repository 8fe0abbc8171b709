import Testing

@testable import TriageKit

/// `triage test --coverage` and the full evaluation list behind `triage run --explain`.
@Suite struct ScenarioCoverageTests {
    static let yaml = """
        kind: protocol
        id: dekking
        version: 1
        title: Dekking
        destinations:
          - {id: crisis, category: urgent, name: Crisisdienst}
          - {id: coach, category: welfare, name: Welzijnscoach}
          - {id: huisarts, category: medical, name: Huisarts}
        questions:
          - {id: gevaar, type: yes_no, text: Gevaar?}
          - {id: stemming, type: scale, text: Stemming?}
          - {id: eenzaam, when: stemming < 5, type: yes_no, text: Eenzaam?}
          - {id: toestemming, type: yes_no, text: Toestemming?}
        scores:
          - {id: stemming, method: mean, of: [stemming]}
        rules:
          - {id: gevaar_nu, when: gevaar, red_flag: true, refer: crisis, reason: Gevaar.}
          - {id: eenzaamheid, when: toestemming and eenzaam, refer: coach, reason: Eenzaam.}
          - {id: somber, when: score.stemming <= 2, refer: huisarts, reason: Somber.}

        """

    static func load() throws -> TriageProtocol {
        let result = ProtocolLoader().load(Array(yaml.utf8), file: "dekking.yaml")
        return try #require(result.value, "\(result.diagnostics)")
    }

    static func outcome(_ spec: TriageProtocol, _ answers: [AnswerValue]) throws -> Outcome {
        var session = TriageSession(protocol: spec)
        for answer in answers { try session.answer(answer) }
        #expect(session.isComplete)
        return session.outcome()
    }

    /// A red flag; a walk that skips `eenzaam`; a walk that asks it and fires two rules.
    static func outcomes(_ spec: TriageProtocol) throws -> (redFlag: Outcome, skipped: Outcome, asked: Outcome) {
        (
            try outcome(spec, [.yesNo(true)]),
            try outcome(spec, [.yesNo(false), .number(7), .yesNo(true)]),
            try outcome(spec, [.yesNo(false), .number(2), .yesNo(true), .yesNo(true)])
        )
    }

    @Test func fullCoverageWhenEveryItemAndBothBranchesAreReached() throws {
        let spec = try Self.load()
        let runs = try Self.outcomes(spec)
        let coverage = ScenarioCoverage(protocol: spec, outcomes: [runs.redFlag, runs.skipped, runs.asked])
        #expect(coverage.questions.missed.isEmpty && coverage.questions.total == 4)
        #expect(coverage.rules.covered == ["gevaar_nu", "eenzaamheid", "somber"])
        #expect(coverage.routes.percent == 100)
        #expect(coverage.branches.covered == ["eenzaam: when true", "eenzaam: when false"])
        #expect(coverage.lowestPercent == 100)
        #expect(coverage.outcomeCount == 3)
    }

    @Test func listsWhatWasNeverCoveredAndReportsTheLowestFigure() throws {
        let spec = try Self.load()
        let runs = try Self.outcomes(spec)
        let partial = ScenarioCoverage(protocol: spec, outcomes: [runs.redFlag, runs.asked])
        #expect(partial.branches.missed == ["eenzaam: when false"])
        #expect(partial.branches.percent == 50)
        #expect(partial.lowestPercent == 50)
        let redFlagOnly = ScenarioCoverage(protocol: spec, outcomes: [runs.redFlag])
        #expect(redFlagOnly.questions.covered == ["gevaar"])
        #expect(redFlagOnly.questions.percent == 25)
        #expect(redFlagOnly.routes.missed == ["coach", "huisarts"])
        // The walk stopped at the red flag, so neither branch of eenzaam was taken.
        #expect(redFlagOnly.branches.covered.isEmpty)
        #expect(redFlagOnly.lowestPercent == 0)
        #expect(ScenarioCoverage(protocol: spec, outcomes: []).rules.percent == 0)
    }

    @Test func tellsWhichWayAWhenWent() throws {
        let spec = try Self.load()
        let runs = try Self.outcomes(spec)
        #expect(ScenarioCoverage.whenBranch(of: "eenzaam", outcome: runs.asked) == true)
        #expect(ScenarioCoverage.whenBranch(of: "eenzaam", outcome: runs.skipped) == false)
        #expect(ScenarioCoverage.whenBranch(of: "eenzaam", outcome: runs.redFlag) == nil)
        #expect(ScenarioCoverage.whenBranch(of: "bestaat_niet", outcome: runs.asked) == nil)
    }

    @Test func theWalkSaysWhichQuestionsItPassed() throws {
        let spec = try Self.load()
        var session = TriageSession(protocol: spec)
        try session.answer(.yesNo(false))
        try session.answer(.number(7))
        // Mid-walk: `eenzaam` is passed, `toestemming` is next, not yet passed.
        #expect(session.outcome().skippedQuestionIDs == ["eenzaam"])
        try session.change("stemming", to: .number(2))
        #expect(session.outcome().skippedQuestionIDs.isEmpty)
        try session.answer(.yesNo(true))
        try session.change("gevaar", to: .yesNo(true))
        // The red flag ends the walk at its first question: nothing after it is passed.
        #expect(session.isComplete)
        #expect(session.outcome().skippedQuestionIDs.isEmpty)
        #expect(ScenarioCoverage.whenBranch(of: "eenzaam", outcome: session.outcome()) == nil)
    }

    @Test func evaluationsListEveryRuleWithTheValuesItSaw() throws {
        let spec = try Self.load()
        let runs = try Self.outcomes(spec)
        let skipped = runs.skipped
        #expect(skipped.trace.isEmpty)
        #expect(skipped.evaluations.map(\.ruleID) == ["gevaar_nu", "eenzaamheid", "somber"])
        #expect(skipped.evaluations.allSatisfy { !$0.fired && !$0.applied })
        let lonely = try #require(skipped.evaluations.first { $0.ruleID == "eenzaamheid" })
        #expect(lonely.inputs.map(\.questionID) == ["eenzaam", "toestemming"])
        #expect(lonely.inputs.map(\.answer) == [nil, .yesNo(true)])
        let low = try #require(skipped.evaluations.first { $0.ruleID == "somber" })
        #expect(low.scoreInputs.map(\.id) == ["stemming"])
        #expect(low.scoreInputs.first?.value == 7)
        // The trace stays the fired rules only; evaluations add the ones that did not fire.
        let asked = runs.asked
        #expect(asked.trace.map(\.ruleID) == ["eenzaamheid", "somber"])
        #expect(asked.evaluations.filter(\.fired).map(\.ruleID) == asked.trace.map(\.ruleID))
        #expect(runs.redFlag.evaluations.first?.applied == true)
    }
}
