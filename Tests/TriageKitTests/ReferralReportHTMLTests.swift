import Testing

@testable import TriageKit

/// The monitoring page as text: self-contained under a strict policy, and no hidden count ever
/// drawn as a bar or a quartile box.
@Suite("HTML page of a monitoring report")
struct ReferralReportHTMLTests {
    /// November: 12 to the coach, 2 to the crisis service (both hidden); December: 9 to the coach.
    private static let report: ReferralReport = {
        var referrals: [Referral] = []
        for seed in UInt64(0)..<12 { referrals.append(ReportTests.referral("2026-11-02", profile: [.meedoen: Double(seed % 10)], seed: seed)) }
        for seed in UInt64(12)..<14 {
            referrals.append(ReportTests.referral("2026-11-02", to: "crisis<dienst>", redFlag: true, profile: [.meedoen: 1], seed: seed))
        }
        for seed in UInt64(14)..<23 { referrals.append(ReportTests.referral("2026-12-02", profile: [.meedoen: 8], seed: seed)) }
        return ReferralReport(referrals: referrals)
    }()

    /// The text of the `index`-th `<svg …>…</svg>` of `page`.
    private func svg(_ page: String, _ index: Int) throws -> Substring {
        let parts = page.components(separatedBy: "<svg ")
        try #require(parts.count > index + 1)
        return parts[index + 1].prefix { $0 != "\u{0}" }.split(separator: "</svg>", maxSplits: 1).first ?? ""
    }

    @Test("a bar for every shown count above 0, none for <5, x or 0; the mark written instead")
    func noBarForAHiddenCount() throws {
        let page = ReferralReportHTMLRenderer(language: "nl").render(Self.report)
        let chart = try svg(page, 0)
        let panels = Self.report.rows.filter { $0.period == nil }.map { total in
            Self.report.rows.filter { $0.period != nil && $0.destinationID == total.destinationID }.map { $0.cell(.made) }
        }
        let cells = panels.flatMap { $0 }
        let bars = chart.components(separatedBy: #"<rect "#).count - 1
        #expect(bars == cells.count { ($0.shownCount ?? 0) > 0 })
        #expect(chart.components(separatedBy: #"class="hidden-count">&lt;5<"#).count - 1 == cells.count { $0 == .small })
        #expect(chart.components(separatedBy: #"class="hidden-count">x<"#).count - 1 == cells.count { $0 == .complement })
        #expect(cells.contains(.small) && cells.contains(.complement))
        // A hidden count never sets a scale: the tallest bar is a shown count.
        #expect(chart.contains(#"height="96""#))
        // The profile: a quartile box only where there are quartiles.
        let profiles = page.components(separatedBy: #"<figure aria-labelledby="profile-"#).count - 1
        #expect(profiles == 3)
        let boxes = page.components(separatedBy: ##"fill="#dce8f7""##).count - 1
        let rows = Self.report.rows.filter { $0.period == nil }
        #expect(boxes == rows.flatMap(\.profile).count { if case .values = $0 { true } else { false } })
    }

    @Test("self-contained: a strict CSP whose hash is the style's, nothing external, names escaped, text alternatives")
    func selfContained() throws {
        let page = ReferralReportHTMLRenderer(language: "en").render(Self.report)
        let style = try #require(page.split(separator: "<style>").last?.split(separator: "</style>").first)
        let hash = Base64.encode(SHA256.digest(Array(style.utf8)))
        #expect(page.contains(#"content="default-src 'none'; style-src 'sha256-\#(hash)'"#))
        // The SVG namespace is a name, not an address; nothing else may point anywhere.
        let withoutNamespace = page.replacing(#"xmlns="http://www.w3.org/2000/svg""#, with: "")
        for external in ["http:", "https:", "//", "<script", "<link", "<img", "url(", "@import", " style=\"", "href"] {
            #expect(!withoutNamespace.contains(external), "\(external)")
        }
        #expect(page.contains("CRISIS&lt;DIENST&gt;") && !page.contains("CRISIS<DIENST>"))
        let charts = page.components(separatedBy: "<svg ").count - 1
        #expect(charts == 5)  // per period, feedback, three profiles
        #expect(page.components(separatedBy: #"role="img" aria-labelledby="#).count - 1 == charts)
        #expect(page.components(separatedBy: "<desc id=").count - 1 == charts)
        #expect(page.contains("@media print") && page.contains("@page { size: A4"))
        #expect(ReferralReportHTMLRenderer(language: "en").render(Self.report) == page)
    }
}
