import Testing

@testable import TriageKit

/// The compiled protocol is shared by copies of a session, a changed protocol is compiled anew,
/// and the outcome's trace built on first read is the trace the outcome always had.
@Suite struct CompiledProtocolTests {
    static let yaml = """
        kind: protocol
        id: plan-test
        version: 1.0.0
        title: Plan test
        destinations:
          - {id: coach, category: welfare, name: Coach}
          - {id: huisarts, category: medical, name: Huisarts}
        questions:
          - {id: eenzaam, type: yes_no, text: Eenzaam?}
          - {id: moe, type: yes_no, text: Moe?}
        rules:
          - {id: eenzaamheid, when: eenzaam, refer: coach, priority: 2, reason: Eenzaam}
          - {id: moeheid, when: moe, refer: huisarts, priority: 1, reason: Moe}
          - {id: samen, when: eenzaam and moe, refer: coach, priority: 3, reason: Beide}
        """

    static func load() throws -> TriageProtocol {
        try #require(ProtocolLoader().load(Array(yaml.utf8), file: "plan.yaml").value)
    }

    static func outcome(_ spec: TriageProtocol, _ answers: [Bool]) throws -> Outcome {
        var session = TriageSession(protocol: spec)
        for answer in answers { try session.answer(.yesNo(answer)) }
        #expect(session.isComplete)
        return session.outcome()
    }

    @Test func copiesOfASessionShareItsCompiledProtocol() throws {
        let spec = try Self.load()
        let fresh = TriageSession(protocol: spec)
        var first = fresh
        var second = fresh
        try first.answer(.yesNo(true))
        try first.answer(.yesNo(false))
        try second.answer(.yesNo(false))
        try second.answer(.yesNo(true))
        #expect(first.outcome().referrals.map(\.destination.id) == ["coach"])
        #expect(second.outcome().referrals.map(\.destination.id) == ["huisarts"])
        #expect(fresh.answers.isEmpty && fresh.nextQuestion?.id == "eenzaam", "copies leave the fresh session as it was")
    }

    @Test func aChangedProtocolIsCompiledAnew() throws {
        var spec = try Self.load()
        #expect(try Self.outcome(spec, [true, true]).referrals.map(\.destination.id) == ["huisarts", "coach"])
        spec.hitPolicy = .first
        #expect(try Self.outcome(spec, [true, true]).referrals.map(\.destination.id) == ["coach"])
        spec.rules[0].priority = 9
        spec.hitPolicy = .collect
        #expect(try Self.outcome(spec, [true, false]).referrals.map(\.priority) == [9])
        spec.questions[1].when = spec.rules[0].when
        var session = TriageSession(protocol: spec)
        try session.answer(.yesNo(false))
        #expect(session.isComplete, "moe is asked only when eenzaam now")
    }

    @Test func aSessionsProtocolMakesAnEqualSession() throws {
        let spec = try Self.load()
        var session = TriageSession(protocol: spec)
        try session.answer(.yesNo(true))
        var again = TriageSession(protocol: session.triageProtocol)
        try again.answer(.yesNo(true))
        try session.answer(.yesNo(true))
        try again.answer(.yesNo(true))
        #expect(session.outcome() == again.outcome())
        #expect(session.triageProtocol == spec)
    }

    @Test func theTraceIsBuiltWhenReadAndCanBeSet() throws {
        let spec = try Self.load()
        let outcome = try Self.outcome(spec, [true, true])
        #expect(outcome.trace.map(\.ruleID) == ["eenzaamheid", "moeheid", "samen"])
        #expect(outcome.trace.allSatisfy { $0.fired && $0.applied && $0.note == nil })
        #expect(outcome.trace.first?.inputs.map(\.questionID) == ["eenzaam"])
        #expect(outcome.evaluations.map(\.ruleID) == ["eenzaamheid", "moeheid", "samen"])
        var changed = outcome
        changed.trace = []
        #expect(changed.trace.isEmpty)
        #expect(changed.evaluations == outcome.evaluations)
        #expect(changed != outcome)
        changed.trace = outcome.trace
        #expect(changed == outcome)
        #expect(changed.hashValue == outcome.hashValue)
        let other = try Self.outcome(spec, [true, true])
        #expect(other == outcome)
        let fewer = try Self.outcome(spec, [true, false])
        #expect(fewer != outcome)
        #expect(fewer.trace.map(\.ruleID) == ["eenzaamheid"])
        #expect(fewer.evaluations.map(\.fired) == [true, false, false])
    }
}
