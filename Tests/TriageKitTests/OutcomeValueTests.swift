import Testing

@testable import TriageKit

/// Exact values in the outcome: the order and priority of referrals, and what each score
/// method computes from known answers.
@Suite struct OutcomeValueTests {
    /// Answers the questions in the order they are asked.
    private func outcome(_ yaml: String, _ answers: [String]) throws -> Outcome {
        let triageProtocol = try #require(ProtocolLoader().load(Array(yaml.utf8), file: "p.yaml").value)
        var session = TriageSession(protocol: triageProtocol)
        for answer in answers { try session.answer(text: answer) }
        #expect(session.isComplete)
        return session.outcome()
    }

    private static let referralYAML = """
        kind: protocol
        id: volgorde
        version: 1
        title: Volgorde
        destinations:
          - {id: welzijnscoach, category: welfare, name: Welzijnscoach}
          - {id: schuldhulp, category: welfare, name: Schuldhulp}
          - {id: wijkteam, category: welfare, name: Wijkteam}
        questions:
          - {id: eenzaam, type: yes_no, text: Eenzaam?}
          - {id: schulden, type: yes_no, text: Schulden?}
          - {id: acuut, type: yes_no, text: Acuut?}
          - {id: buurt, type: yes_no, text: Buurt?}
        rules:
          - {id: coach_eenzaam, when: eenzaam, refer: welzijnscoach, priority: 5, reason: Eenzaam.}
          - {id: schuld, when: schulden, refer: schuldhulp, priority: 3, reason: Schulden.}
          - {id: coach_acuut, when: acuut, refer: welzijnscoach, priority: 1, reason: Acuut.}
          - {id: wijk, when: buurt, refer: wijkteam, priority: 3, reason: Buurt.}
        """

    @Test func referralsAreOrderedByPriorityThenByTheFirstRuleToNameThem() throws {
        // welzijnscoach 5, schuldhulp 3, wijkteam 3: the two 3s keep their rule order.
        let outcome = try outcome(Self.referralYAML, ["ja", "ja", "nee", "ja"])
        #expect(outcome.referrals.map(\.destination.id) == ["schuldhulp", "wijkteam", "welzijnscoach"])
        #expect(outcome.referrals.map(\.priority) == [3, 3, 5])
        #expect(outcome.reasons.map(\.nl) == ["Schulden.", "Buurt.", "Eenzaam."])
    }

    @Test func aDestinationReferredBySeveralRulesTakesTheirMostImportantPriority() throws {
        // welzijnscoach by priority 5 and priority 1: the group is 1 (the min), so it comes
        // before schuldhulp (3); taking the max (5) would put it last.
        let outcome = try outcome(Self.referralYAML, ["ja", "ja", "ja", "nee"])
        #expect(outcome.referrals.map(\.destination.id) == ["welzijnscoach", "schuldhulp"])
        #expect(outcome.referrals.map(\.priority) == [1, 3])
        let coach = try #require(outcome.referrals.first)
        #expect(coach.ruleIDs == ["coach_eenzaam", "coach_acuut"])
        #expect(coach.reasons.map(\.nl) == ["Eenzaam.", "Acuut."])
        #expect(outcome.reasons.map(\.nl) == ["Acuut.", "Schulden.", "Eenzaam."])
    }

    private static let scoreYAML = """
        kind: protocol
        id: scores
        version: 1
        title: Scores
        destinations:
          - {id: welzijnscoach, category: welfare, name: Welzijnscoach}
        questions:
          - {id: a, type: scale, allow_unknown: true, text: A?}
          - {id: b, type: scale, allow_unknown: true, text: B?}
          - {id: c, type: scale, allow_unknown: true, text: C?}
          - {id: ja_een, type: yes_no, allow_unknown: true, text: Een?}
          - {id: ja_twee, type: yes_no, text: Twee?}
          - id: zorgen
            type: multiple_choice
            text: Zorgen?
            options:
              - {id: geld, text: Geld}
              - {id: wonen, text: Wonen}
              - {id: werk, text: Werk}
        scores:
          - {id: gemiddeld, method: mean, of: [a, b, c]}
          - {id: laagste, method: min, of: [a, b, c]}
          - {id: hoogste, method: max, of: [a, b, c]}
          - {id: totaal, method: sum, of: [a, b, c]}
          - {id: aantal_ja, method: count, of: [ja_een, ja_twee]}
          - {id: aantal_zorgen, method: count, of: [zorgen]}
          - {id: alles, method: count, of: [ja_een, ja_twee, zorgen]}
        rules:
          - {id: altijd, when: score.gemiddeld < 11, refer: welzijnscoach, reason: Altijd.}
        """

    private func scores(_ answers: [String]) throws -> [String: Double?] {
        let outcome = try outcome(Self.scoreYAML, answers)
        return Dictionary(uniqueKeysWithValues: outcome.scores.map { ($0.id, $0.value) })
    }

    @Test func scoreMethodsOnKnownAnswers() throws {
        let values = try scores(["3", "6", "weet niet", "ja", "nee", "geld, werk"])
        // "weet niet" is left out: the mean of 3 and 6 is 4.5 (not 3, as if it were 0).
        #expect(values["gemiddeld"] == 4.5)
        #expect(values["laagste"] == 3)
        #expect(values["hoogste"] == 6)
        #expect(values["totaal"] == 9)
        #expect(values["aantal_ja"] == 1)
        #expect(values["aantal_zorgen"] == 2)
        #expect(values["alles"] == 3)
    }

    @Test func scoreMethodsOnThreeAnswers() throws {
        let values = try scores(["2", "9", "4", "ja", "ja", "geen"])
        #expect(values["gemiddeld"] == 5)
        #expect(values["laagste"] == 2)
        #expect(values["hoogste"] == 9)
        #expect(values["totaal"] == 15)
        #expect(values["aantal_ja"] == 2)
        #expect(values["aantal_zorgen"] == 0)
        #expect(values["alles"] == 2)
    }

    @Test func onlyWeetNietGivesNoValue() throws {
        let values = try scores(["weet niet", "weet niet", "weet niet", "weet niet", "nee", "wonen"])
        for id in ["gemiddeld", "laagste", "hoogste", "totaal"] {
            #expect(values[id] == .some(nil), "\(id)")
        }
        #expect(values["aantal_ja"] == 0)
        #expect(values["aantal_zorgen"] == 1)
        #expect(values["alles"] == 1)
    }
}
