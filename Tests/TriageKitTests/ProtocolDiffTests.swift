import Testing

@testable import TriageKit

/// `ProtocolDiff`: planted changes are found with examples that reproduce on both versions,
/// and on small protocols the kinds of change found equal those of a brute-force replay of
/// every combination of answers through `TriageSession` (independent of the diagram).
struct ProtocolDiffTests {
    static let base = """
        kind: protocol
        id: stemming
        version: 1
        title: Stemming
        destinations:
          - {id: crisisdienst, category: urgent, name: Crisisdienst}
          - {id: poh_ggz, category: medical, name: POH-GGZ}
          - {id: welzijnscoach, category: welfare, name: Welzijnscoach}
        questions:
          - {id: suicidaal, type: yes_no, text: Suïcidale gedachten?}
          - {id: plezier, type: scale, range: {min: 0, max: 3}, text: Weinig plezier?}
          - {id: somber, type: scale, range: {min: 0, max: 3}, text: Somber?}
          - {id: eenzaam, type: yes_no, allow_unknown: true, text: Eenzaam?}
          - {id: woning, type: choice, text: Woning?, options: [{id: eigen, text: Eigen}, {id: huur, text: Huur}, {id: dakloos, text: Dakloos}]}
        scores:
          - {id: phq2, method: sum, of: [plezier, somber]}
        rules:
          - {id: crisis, when: suicidaal, red_flag: true, refer: crisisdienst, reason: Crisis}
          - {id: depressie, when: score.phq2 >= 3, refer: poh_ggz, priority: 2, reason: PHQ-2}
          - {id: eenzaamheid, when: eenzaam, refer: welzijnscoach, priority: 3, reason: Eenzaam}
          - {id: dakloos, when: woning == dakloos, refer: welzijnscoach, priority: 1, reason: Dakloos}
          - {id: niets, when: "true", decision: none, reason: Niets nodig}
        """

    static func load(_ yaml: String, file: String = "v.yaml") throws -> TriageProtocol {
        let result = ProtocolLoader().load(Array(yaml.utf8), file: file)
        return try #require(result.value, "\(result.diagnostics)")
    }

    static func changed(_ from: String, _ to: String, in yaml: String = base) -> String {
        precondition(yaml.contains(from), "the fixture has '\(from)'")
        return yaml.replacingOccurrences(of: from, with: to)
    }

    /// Compares, checks every example replays to its change on both versions, and checks
    /// the kinds found against the brute-force replay.
    /// The outcome of a fresh session given an example's answers file, read as `triage run
    /// --answers` reads it: the file, not the values it was written from.
    static func replay(_ file: String, on spec: TriageProtocol) -> Outcome? {
        guard let sheet = AnswerSheetLoader().load(Array(file.utf8), file: "example.yaml").value else { return nil }
        if let id = sheet.protocolID, id != spec.id { return nil }
        var session = TriageSession(protocol: spec)
        let findings = sheet.apply(to: &session)
        guard !findings.containsErrors, session.isComplete else { return nil }
        return session.outcome()
    }

    static func compare(_ oldYAML: String, _ newYAML: String, renames: [String: String] = [:]) throws -> ProtocolDiffReport {
        let (old, new) = (try load(oldYAML, file: "old.yaml"), try load(newYAML, file: "new.yaml"))
        let report = ProtocolDiff.compare(old: old, new: new)
        #expect(report.isComplete, "\(report.incomplete)")
        for change in report.changes {
            #expect(change.example.reproduced, "\(change.kind.summary)")
            #expect(change.classCount >= 1)
            let oldFile = try #require(change.example.files.first { $0.sides.contains(.old) })
            let newFile = try #require(change.example.files.first { $0.sides.contains(.new) })
            let before = try #require(Self.replay(oldFile.text, on: old), "\(oldFile.text)")
            let after = try #require(Self.replay(newFile.text, on: new), "\(newFile.text)")
            #expect(change.kind.holds(old: before, new: after), "\(change.kind.summary)")
        }
        let expected = BruteForce(old: old, new: new, renames: renames).kinds()
        #expect(Set(report.changes.map(\.kind)) == expected)
        return report
    }

    @Test func identicalVersionsHaveNoOutcomeChanges() throws {
        let report = try Self.compare(Self.base, Self.base)
        #expect(report.changes.isEmpty)
        #expect(report.structure.isEmpty)
        #expect(report.changedClassCount == 0)
        #expect(report.classCount > 1)
    }

    @Test func aRaisedThresholdDropsTheReferralAtExactlyTheBoundary() throws {
        let report = try Self.compare(Self.base, Self.changed("score.phq2 >= 3", "score.phq2 >= 4"))
        let dropped = try #require(report.changes.first { $0.kind == .referralDropped("poh_ggz") })
        #expect(!report.changes.contains { $0.kind == .referralAdded("poh_ggz") })
        // The example sits on the boundary: the two answers add up to 3.
        let answers = Dictionary(uniqueKeysWithValues: dropped.example.newAnswers.map { ($0.questionID, $0.answer) })
        if case .number(let a) = answers["plezier"], case .number(let b) = answers["somber"] {
            #expect(a + b == 3)
        } else {
            Issue.record("the example answers plezier and somber: \(answers)")
        }
        let difference = try #require(dropped.example.ruleDifferences.first { $0.ruleID == "depressie" })
        #expect(difference.appliesIn == .old)
        #expect(difference.otherCondition == "score.phq2 >= 4")
        #expect(difference.inputs.contains("score.phq2 = 3"))
        #expect(report.structure.contains { $0.subject == .rule && $0.change == .changed && $0.id == "depressie" })
    }

    @Test func aLoweredThresholdAddsTheReferral() throws {
        let report = try Self.compare(Self.base, Self.changed("score.phq2 >= 3", "score.phq2 > 1"))
        #expect(report.changes.contains { $0.kind == .referralAdded("poh_ggz") })
        #expect(report.changes.contains { $0.kind == .decision(.none, .medical) })
    }

    @Test func aSwappedPriorityChangesTheReferralOrder() throws {
        let report = try Self.compare(Self.base, Self.changed("priority: 2, reason: PHQ-2", "priority: 4, reason: PHQ-2"))
        #expect(report.changes.map(\.kind) == [.referralOrder(earlier: "welzijnscoach", later: "poh_ggz")])
    }

    @Test func aRemovedRuleIsSummarisedAndItsReferralsDrop() throws {
        let report = try Self.compare(
            Self.base, Self.changed("  - {id: eenzaamheid, when: eenzaam, refer: welzijnscoach, priority: 3, reason: Eenzaam}\n", ""))
        #expect(report.structure.contains { $0.subject == .rule && $0.change == .removed && $0.id == "eenzaamheid" })
        #expect(report.changes.contains { $0.kind == .referralDropped("welzijnscoach") })
        #expect(report.changes.contains { $0.kind == .decision(.psychosocial, .none) })
        #expect(report.changes.contains { $0.kind == .urgency(.routine, .none) })
        // The shortest example: no red flag, no depression, lonely, not homeless.
        let dropped = try #require(report.changes.first { $0.kind == .referralDropped("welzijnscoach") })
        #expect(dropped.example.files.count == 1)
        #expect(dropped.example.files[0].text.contains("eenzaam: ja"))
    }

    @Test func anAddedQuestionMapsEveryOldClassToTheNewOnesAndNeedsAFilePerVersion() throws {
        var newer = Self.changed(
            "  - {id: woning, type: choice",
            "  - {id: schulden, type: yes_no, text: Schulden?}\n  - {id: woning, type: choice")
        newer = Self.changed(
            "  - {id: niets,", "  - {id: schuldhulp_nodig, when: schulden, refer: schuldhulp, priority: 2, reason: Schulden}\n  - {id: niets,",
            in: newer)
        newer = Self.changed(
            "  - {id: welzijnscoach, category: welfare, name: Welzijnscoach}",
            "  - {id: welzijnscoach, category: welfare, name: Welzijnscoach}\n  - {id: schuldhulp, category: welfare, name: Schuldhulp}",
            in: newer)
        let report = try Self.compare(Self.base, newer)
        #expect(report.structure.contains { $0.subject == .question && $0.change == .added && $0.id == "schulden" })
        #expect(report.structure.contains { $0.subject == .rule && $0.change == .added && $0.id == "schuldhulp_nodig" })
        #expect(report.structure.contains { $0.subject == .destination && $0.change == .added && $0.id == "schuldhulp" })
        let added = try #require(report.changes.first { $0.kind == .referralAdded("schuldhulp") })
        // The old version does not know 'schulden', so one answers file would not run on it.
        #expect(added.example.files.map(\.sides) == [[.old], [.new]])
        #expect(!added.example.files[0].text.contains("schulden"))
        #expect(added.example.files[1].text.contains("schulden: ja"))
        // Every old class without a red flag maps to two new ones (schulden ja or nee); only
        // the ones with ja change.
        #expect(report.changedClassCount == added.classCount)
        #expect(added.classCount * 2 < report.classCount)
    }

    @Test func aRenamedQuestionIsPairedAndChangesNoOutcome() throws {
        let renamed = Self.changed("when: eenzaam,", "when: alleen,", in: Self.changed("{id: eenzaam,", "{id: alleen,"))
        let report = try Self.compare(Self.base, renamed, renames: ["eenzaam": "alleen"])
        #expect(report.changes.isEmpty)
        #expect(report.structure.contains { $0.subject == .question && $0.change == .renamed && $0.detail == "eenzaam → alleen" })
    }

    @Test func anAddedOptionIsComparedWhereTheOldVersionDoesNotAskIt() throws {
        let newer = Self.changed(
            "  - {id: dakloos, when: woning == dakloos,", "  - {id: dakloos, when: \"woning in [dakloos, opvang]\",",
            in: Self.changed("{id: dakloos, text: Dakloos}]", "{id: dakloos, text: Dakloos}, {id: opvang, text: Opvang}]"))
        let report = try Self.compare(Self.base, newer)
        #expect(report.structure.contains { $0.subject == .question && $0.detail.hasPrefix("options added: opvang") })
        #expect(report.changes.isEmpty)
    }

    @Test func aChangedRedFlagIsReported() throws {
        let report = try Self.compare(Self.base, Self.changed("when: suicidaal, red_flag: true", "when: suicidaal and somber >= 1, red_flag: true"))
        #expect(report.changes.contains { $0.kind == .redFlagDropped("crisis") })
        #expect(report.changes.contains { $0.kind == .decision(.urgent, .none) })
    }

    @Test func aChangedWhenChangesWhoIsAsked() throws {
        let report = try Self.compare(
            Self.base, Self.changed("{id: eenzaam, type: yes_no,", "{id: eenzaam, type: yes_no, when: somber >= 1,"))
        #expect(report.structure.contains { $0.id == "eenzaam" && $0.detail == "when (always) → somber >= 1" })
        let dropped = try #require(report.changes.first { $0.kind == .referralDropped("welzijnscoach") })
        // Lonely but never asked in the new version: the old file answers it, the new walk skips it.
        #expect(dropped.example.files.count == 1)
        #expect(dropped.example.files[0].text.contains("somber: 0"))
        #expect(dropped.example.files[0].text.contains("eenzaam: ja"))
    }

    @Test func reorderedRulesUnderHitPolicyFirst() throws {
        let first = Self.changed("title: Stemming\n", "title: Stemming\nhit_policy: first\n")
        let depressie = "  - {id: depressie, when: score.phq2 >= 3, refer: poh_ggz, priority: 2, reason: PHQ-2}\n"
        let eenzaamheid = "  - {id: eenzaamheid, when: eenzaam, refer: welzijnscoach, priority: 3, reason: Eenzaam}\n"
        let swapped = Self.changed(depressie + eenzaamheid, eenzaamheid + depressie, in: first)
        let report = try Self.compare(first, swapped)
        #expect(report.structure.contains { $0.subject == .protocol && $0.detail.hasPrefix("rules reordered") })
        #expect(report.changes.contains { $0.kind == .referralDropped("poh_ggz") })
        #expect(report.changes.contains { $0.kind == .referralAdded("welzijnscoach") })
    }

    @Test func aTinyBudgetSaysNotFullyCompared() throws {
        let (old, new) = (try Self.load(Self.base), try Self.load(Self.changed("score.phq2 >= 3", "score.phq2 >= 4")))
        let report = ProtocolDiff.compare(old: old, new: new, options: .init(maxNodes: 10))
        #expect(!report.isComplete)
        #expect(report.incomplete.contains { $0.contains("more than 10 decision-diagram nodes") })
        #expect(report.changes.isEmpty)
    }

    @Test func noTimeSaysNotFullyCompared() throws {
        let spec = try Self.load(Self.base)
        let report = ProtocolDiff.compare(old: spec, new: spec, options: .init(timeLimit: 0))
        #expect(report.incomplete.contains { $0.contains("longer than its time limit of 0 s") })
        #expect(report.changes.isEmpty)
    }

    @Test func theShippedProtocolsAgreeWithThemselves() throws {
        for name in ["welzijn-op-recept", "geldzorgen", "jeugd"] {
            let path = #filePath.replacingOccurrences(of: "Tests/TriageKitTests/ProtocolDiffTests.swift", with: "Protocols/\(name).yaml")
            guard case .success(let bytes) = SourceFile.read(path) else {
                Issue.record("cannot read \(path)")
                continue
            }
            let spec = try #require(ProtocolLoader().load(bytes, file: path).value)
            let report = ProtocolDiff.compare(old: spec, new: spec)
            #expect(report.isComplete && report.changes.isEmpty, "\(name): \(report.incomplete) \(report.changes.map(\.kind.summary))")
        }
    }
}

/// Every combination of answers to the questions of both versions (small protocols only),
/// walked through `TriageSession` on each version; the kinds of outcome change seen.
struct BruteForce {
    let old: TriageProtocol
    let new: TriageProtocol
    /// Old question id -> new question id, for renamed questions.
    let renames: [String: String]

    func kinds() -> Set<OutcomeChange.Kind> {
        var keys: [String] = []
        var domains: [String: [AnswerValue]] = [:]
        for (spec, rename) in [(new, [String: String]()), (old, renames)] {
            for question in spec.questions {
                let key = rename[question.id] ?? question.id
                if domains[key] == nil { keys.append(key) }
                domains[key, default: []].append(contentsOf: Self.domain(question).filter { !(domains[key] ?? []).contains($0) })
            }
        }
        var result = Set<OutcomeChange.Kind>()
        var assignment: [String: AnswerValue] = [:]
        func visit(_ position: Int) {
            if position == keys.count {
                guard let before = outcome(old, assignment, rename: renames), let after = outcome(new, assignment, rename: [:]) else { return }
                result.formUnion(Self.kinds(before, after))
                return
            }
            for value in domains[keys[position]] ?? [] {
                assignment[keys[position]] = value
                visit(position + 1)
            }
        }
        visit(0)
        return result
    }

    /// The outcome of walking `spec` with these answers; `nil` when it rejects one.
    private func outcome(_ spec: TriageProtocol, _ answers: [String: AnswerValue], rename: [String: String]) -> Outcome? {
        var session = TriageSession(protocol: spec)
        while let question = session.nextQuestion {
            guard let value = answers[rename[question.id] ?? question.id], (try? session.answer(value)) != nil else { return nil }
        }
        return session.outcome()
    }

    private static func domain(_ question: Question) -> [AnswerValue] {
        var values: [AnswerValue]
        switch question.answerType {
        case .yesNo: values = [.yesNo(true), .yesNo(false)]
        case .singleChoice(let options): values = options.map { .choice($0.id) }
        case .scale(let low, let high): values = (low...high).map { .number(Double($0)) }
        default: values = []
        }
        return values + (question.allowsUnknown ? [.unknown] : [])
    }

    /// Every kind of change between two outcomes, read off the outcomes themselves.
    static func kinds(_ before: Outcome, _ after: Outcome) -> Set<OutcomeChange.Kind> {
        var result = Set<OutcomeChange.Kind>()
        let (flagsBefore, flagsAfter) = (Set(before.redFlags.map(\.ruleID)), Set(after.redFlags.map(\.ruleID)))
        for id in flagsAfter.subtracting(flagsBefore) { result.insert(.redFlagRaised(id)) }
        for id in flagsBefore.subtracting(flagsAfter) { result.insert(.redFlagDropped(id)) }
        if before.decision != after.decision { result.insert(.decision(before.decision, after.decision)) }
        if before.urgency != after.urgency { result.insert(.urgency(before.urgency, after.urgency)) }
        let (listBefore, listAfter) = (before.referrals.map(\.destination.id), after.referrals.map(\.destination.id))
        for id in listAfter where !listBefore.contains(id) { result.insert(.referralAdded(id)) }
        for id in listBefore where !listAfter.contains(id) { result.insert(.referralDropped(id)) }
        for a in listAfter {
            for b in listAfter where a != b {
                if let i = listAfter.firstIndex(of: a), let j = listAfter.firstIndex(of: b), i < j,
                    let k = listBefore.firstIndex(of: a), let l = listBefore.firstIndex(of: b), l < k
                {
                    result.insert(.referralOrder(earlier: a, later: b))
                }
            }
        }
        return result
    }
}
