import Testing

@testable import TriageKit

/// Anonymous monitoring: counts per period and destination, and small-cell suppression that a
/// total cannot undo.
@Suite("monitoring report")
struct ReportTests {
    private struct Counter: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    static func referral(
        _ day: String, to destination: String = "welzijnscoach", feedback: [(ReferralStatus, Int)] = [], redFlag: Bool = false,
        adjustment: Adjustment.Reason? = nil, profile: [Dimension: Double] = [:], seed: UInt64 = 1
    ) -> Referral {
        let created = Instant(CivilDate(day)!)
        var generator = Counter(state: seed)
        var referral = Referral(
            code: ReferralCode.generate(prefix: "WOR", using: &generator), createdAt: created, protocolID: "wor",
            protocolVersion: "1", protocolHash: "h", region: nil, destinationID: destination, destinationCategory: .welfare,
            destinationName: destination.uppercased(), serviceID: nil, serviceName: nil, urgency: .routine,
            consentAt: redFlag ? nil : created, feedbackDays: 14, reasons: [.init(ruleID: "r", text: "geheime reden")],
            adjustment: adjustment.map { Adjustment(reason: $0, note: "vrije tekst") }, answers: [],
            history: [.init(status: redFlag ? .actedOn : .requested, at: created)], profile: profile)
        for (status, days) in feedback {
            try? referral.record(.init(status: status, at: created.adding(days: days), note: "notitie"))
        }
        return referral
    }

    @Test("periods are months or quarters, nothing finer; from/to widen to whole periods")
    func periods() {
        let date = CivilDate("2026-11-17")!
        #expect(ReportPeriod(containing: date, by: .month).description == "2026-11")
        #expect(ReportPeriod(containing: date, by: .quarter).description == "2026-Q4")
        #expect(ReportPeriod(containing: CivilDate("2026-02-03")!, by: .month).lastDay == CivilDate("2026-02-28"))
        #expect(ReportPeriod.parse("2026-11", by: .month) == ReportPeriod(containing: date, by: .month))
        #expect(ReportPeriod.parse("2026-Q4", by: .quarter) == ReportPeriod(containing: date, by: .quarter))
        for bad in ["2026-13", "2026-+1", "2026-1", "+026-11", "2026-Q4", "2026-00", "0000-01", "2026-11-01", ""] {
            #expect(ReportPeriod.parse(bad, by: .month) == nil, "\(bad)")
        }
        for bad in ["2026-Q5", "2026-Q0", "2026-11", "2026-Q+"] { #expect(ReportPeriod.parse(bad, by: .quarter) == nil, "\(bad)") }
        let report = ReferralReport(
            referrals: [Self.referral("2026-10-01"), Self.referral("2026-11-30"), Self.referral("2026-12-01")],
            from: CivilDate("2026-10-15"), to: CivilDate("2026-11-02"))
        #expect(report.firstDay == CivilDate("2026-10-01") && report.lastDay == CivilDate("2026-11-30"))
        #expect(report.rows.last?.cell(.made) == .small)
        #expect(Set(report.rows.compactMap(\.period).map(\.description)) == ["2026-10", "2026-11"])
    }

    @Test("counts: made, red flags, feedback in time, furthest status, adjustments and their reasons; median days")
    func aggregation() {
        var referrals: [Referral] = []
        for seed in UInt64(0)..<6 { referrals.append(Self.referral("2026-11-02", feedback: [(.contacted, 3), (.accepted, 5)], seed: seed)) }
        for seed in UInt64(6)..<12 { referrals.append(Self.referral("2026-11-03", feedback: [(.contacted, 20), (.accepted, 21), (.completed, 40)], seed: seed)) }
        for seed in UInt64(12)..<17 { referrals.append(Self.referral("2026-11-04", feedback: [(.unreachable, 2), (.contacted, 6)], adjustment: .patientPrefers, seed: seed)) }
        for seed in UInt64(17)..<22 { referrals.append(Self.referral("2026-11-05", to: "crisisdienst", redFlag: true, adjustment: .clinicalJudgement, seed: seed)) }
        let report = ReferralReport(referrals: referrals, by: .month)
        let coach = try! #require(report.rows.first { $0.period != nil && $0.destinationID == "welzijnscoach" })
        #expect(coach.cell(.made) == .count(17))
        #expect(coach.cell(.feedbackInTime) == .count(11))
        #expect(coach.cell(.accepted) == .count(6))
        #expect(coach.cell(.completed) == .count(6))
        #expect(coach.cell(.unreachable) == .count(0))  // reached later: contacted is further
        #expect(coach.cell(.adjusted) == .count(5))
        #expect(coach.medianDaysToFeedback == .days(3))  // 6×3, 5×2, 6×20 → the 9th of 17 is 3
        let crisis = try! #require(report.rows.first { $0.destinationID == "crisisdienst" })
        #expect(crisis.cell(.redFlag) == .count(5) && crisis.cell(.feedbackInTime) == .count(0))
        #expect(crisis.medianDaysToFeedback == .none)
        let total = try! #require(report.rows.last)
        #expect(total.period == nil && total.destinationID == nil && total.cell(.made) == .count(22))
        let reasons = try! #require(report.adjustmentReasons.last)
        #expect(reasons.cell(.patientPrefers) == .count(5) && reasons.cell(.clinicalJudgement) == .count(5))
        #expect(reasons.cell(.other) == .count(0))
        #expect(ReferralReport.median([1, 2, 3, 4]) == .small)
        #expect(ReferralReport.median([1, 2, 3, 4, 5, 9]) == .days(3.5))
    }

    @Test("1–4 is <5, 0 is shown; a row with one small cell hides the next smallest too")
    func primaryAndComplement() {
        // Row: 3 + 7 + 12 = 22 shown: 3 alone would be 22 − 7 − 12.
        let suppression = SmallCellSuppression(values: [3, 7, 12, 0, 22], sums: [.init(parts: [0, 1, 2, 3], total: 4)])
        #expect(suppression.marks == [.small, .complement, .shown, .shown, .shown])
        // A small total hides itself; zeros are never complements.
        let small = SmallCellSuppression(values: [2, 0, 2], sums: [.init(parts: [0, 1], total: 2)])
        #expect(small.marks == [.small, .shown, .small])
    }

    @Test("a complement in a row spreads to its column, until no sum hides exactly one entry")
    func spreadsUntilStable() {
        // 2×2 with margins:  [3, 9 | 12] / [8, 10 | 18] / [11, 19 | 30].
        // 3 is small; its row hides 9; column 1 hides 8 for 3; column 2 hides 10 for 9.
        let values = [3, 9, 8, 10, 12, 18, 11, 19, 30]
        let sums: [SmallCellSuppression.Sum] = [
            .init(parts: [0, 1], total: 4), .init(parts: [2, 3], total: 5), .init(parts: [6, 7], total: 8),
            .init(parts: [0, 2], total: 6), .init(parts: [1, 3], total: 7), .init(parts: [4, 5], total: 8),
        ]
        let suppression = SmallCellSuppression(values: values, sums: sums)
        #expect((0..<4).allSatisfy(suppression.isHidden))
        #expect((4..<9).allSatisfy { !suppression.isHidden($0) })
        for sum in sums { #expect((sum.parts + [sum.total]).count(where: suppression.isHidden) != 1) }
    }

    @Test("no suppressed count can be worked out from the report's totals")
    func totalsRevealNothing() {
        // November: 12 to the coach, 2 to the crisis service; December: 9 to the coach.
        var referrals: [Referral] = []
        for seed in UInt64(0)..<12 { referrals.append(Self.referral("2026-11-02", seed: seed)) }
        for seed in UInt64(12)..<14 { referrals.append(Self.referral("2026-11-02", to: "crisisdienst", redFlag: true, seed: seed)) }
        for seed in UInt64(14)..<23 { referrals.append(Self.referral("2026-12-02", seed: seed)) }
        let report = ReferralReport(referrals: referrals)
        func made(_ period: String?, _ destination: String?) -> ReferralReport.Cell? {
            report.rows.first { $0.period?.description == period && $0.destinationID == destination }?.cell(.made)
        }
        #expect(made("2026-11", "crisisdienst") == .small)
        #expect(made(nil, "crisisdienst") == .small)
        // November's total would give 14 − 12 = 2: the coach's 12 is hidden as well.
        #expect(made("2026-11", "welzijnscoach") == .complement)
        #expect(made("2026-11", nil) == .count(14))
        // Over all periods, 23 − 21 would give the crisis service's 2 back: the coach's 21 is hidden.
        #expect(made(nil, "welzijnscoach") == .complement)
        #expect(made("2026-12", "welzijnscoach") == .count(9) && made("2026-12", nil) == .count(9))
        #expect(made(nil, nil) == .count(23))
        // What is left: crisis = 14 − coach(Nov) = 23 − coach(all), and coach(all) = coach(Nov) + 9:
        // one unknown short, so the 2 stays anywhere from 1 to 4.
        #expect(report.rows.count(where: { $0.cell(.made) == .small }) == 2)
    }

    @Test("quartiles interpolate between the sorted scores (type 7); fewer than five give <5, none give -")
    func quartiles() {
        #expect(Quartiles.of([5, 1, 4, 2, 3]) == .values(lower: 2, median: 3, upper: 4))
        #expect(Quartiles.of([1, 2, 3, 4, 5, 6, 7, 8]) == .values(lower: 2.75, median: 4.5, upper: 6.25))
        #expect(Quartiles.of([7, 7, 7, 7, .nan, 7]) == .values(lower: 7, median: 7, upper: 7))
        #expect(Quartiles.of([1, 2, 3, 4]) == .small)
        #expect(Quartiles.of([1, 2, 3, 4, .nan]) == .small)
        #expect(Quartiles.of([]) == .none)
        #expect(Quartiles.values(lower: 2.75, median: 4.5, upper: 6.25).description == "2.8 / 4.5 / 6.3")
    }

    @Test("the profile: quartiles only where the group's count is shown and five or more scores exist; else <5, x or -")
    func profileSuppression() {
        // November: 12 to the coach (8 with a profile), 2 to the crisis service; December: 9 to the coach, 3 with a profile.
        var referrals: [Referral] = []
        for seed in UInt64(0)..<12 {
            referrals.append(Self.referral("2026-11-02", profile: seed < 8 ? [.meedoen: Double(seed), .zingeving: 6] : [:], seed: seed))
        }
        for seed in UInt64(12)..<14 { referrals.append(Self.referral("2026-11-02", to: "crisisdienst", profile: [.meedoen: 1], seed: seed)) }
        for seed in UInt64(14)..<23 { referrals.append(Self.referral("2026-12-02", profile: seed < 17 ? [.meedoen: 9] : [:], seed: seed)) }
        let report = ReferralReport(referrals: referrals)
        #expect(report.hasProfile)
        func row(_ period: String?, _ destination: String?) -> ReferralReport.Row? {
            report.rows.first { $0.period?.description == period && $0.destinationID == destination }
        }
        // The crisis service's 2 and the coach's November 12 (its complement) are hidden: so are their scores.
        #expect(row("2026-11", "crisisdienst")?.quartiles(.meedoen) == .hidden)
        #expect(row("2026-11", "welzijnscoach")?.quartiles(.meedoen) == .hidden)
        // November's total shows 14: its 10 scores on meedoen (0…7 and 1, 1) and 8 on zingeving.
        #expect(row("2026-11", nil)?.quartiles(.meedoen) == .values(lower: 1, median: 2.5, upper: 4.75))
        #expect(row("2026-11", nil)?.quartiles(.zingeving) == .values(lower: 6, median: 6, upper: 6))
        #expect(row("2026-11", nil)?.quartiles(.lichaamsfuncties) == Quartiles.none)
        // December shows 9 referrals, but only 3 have a profile.
        #expect(row("2026-12", "welzijnscoach")?.cell(.made) == .count(9))
        #expect(row("2026-12", "welzijnscoach")?.quartiles(.meedoen) == .small)
        // No value of a hidden row, and no quartile over fewer than five, anywhere.
        for row in report.rows where row.cell(.made).shownCount == nil {
            #expect(row.profile.allSatisfy { $0 == .hidden || $0 == .none })
        }
        // A register without profiles: no quartiles at all, and the report says so.
        let without = ReferralReport(referrals: referrals.map { var copy = $0; copy.profile = [:]; return copy })
        #expect(!without.hasProfile && without.rows.allSatisfy(\.profile.isEmpty))
        let text = ReferralReportRenderer(language: "en").text(without).joined(separator: "\n")
        #expect(text.contains("Positive Health profile: no referral in this register has one"))
        #expect(ReferralReportRenderer(language: "en").text(report).joined(separator: "\n").contains("Participation 1 / 2.5 / 4.8"))
    }

    @Test("days to the first feedback: bins and red flags add up to the referrals made, suppressed with them")
    func feedbackBins() {
        var referrals: [Referral] = []
        for seed in UInt64(0)..<6 { referrals.append(Self.referral("2026-11-02", feedback: [(.contacted, 3)], seed: seed)) }
        for seed in UInt64(6)..<8 { referrals.append(Self.referral("2026-11-02", feedback: [(.contacted, 10)], seed: seed)) }
        for seed in UInt64(8)..<14 { referrals.append(Self.referral("2026-11-02", seed: seed)) }
        for seed in UInt64(14)..<19 { referrals.append(Self.referral("2026-11-02", to: "crisisdienst", redFlag: true, seed: seed)) }
        let report = ReferralReport(referrals: referrals)
        let coach = try! #require(report.feedbackDays.first { $0.destinationID == "welzijnscoach" })
        #expect(coach.cell(.days8to14) == .small && coach.cell(.days15to28) == .count(0))
        // Each destination's bins with its red flags and referrals made: never exactly one of them hidden,
        // or 14 − 6 − 6 would give the 2 in the second week back.
        for row in report.feedbackDays {
            let totals = try! #require(report.rows.first { $0.period == nil && $0.destinationID == row.destinationID })
            let line = row.cells + [totals.cell(.redFlag), totals.cell(.made)]
            #expect(line.count { $0.shownCount == nil } != 1, "\(row.destinationID ?? "all")")
        }
        #expect(coach.cells.count(where: { $0.shownCount == nil }) >= 2)
        let crisis = try! #require(report.feedbackDays.first { $0.destinationID == "crisisdienst" })
        #expect(crisis.cells.allSatisfy { $0 == .count(0) })  // red flags are not followed up
    }
}

