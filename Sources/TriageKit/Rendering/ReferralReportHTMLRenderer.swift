/// A monitoring report as one self-contained, printable HTML page: referrals per period and
/// destination, the time to the first feedback, and the Positieve Gezondheid profile at
/// referral, each as an inline SVG chart with a title, a description and a table of the same
/// numbers as its text alternative, then every count of the report in tables.
///
/// The page loads nothing and runs nothing: its Content-Security-Policy allows only its own
/// style sheet (by hash). A hidden count is never drawn as a bar (that would give its size
/// away): the chart writes `<5`, `x` or `≥N` where the bar would be, and the scale comes from
/// shown counts only. It prints on A4 in black and white. Same report, same bytes.
package struct ReferralReportHTMLRenderer: Sendable {
    /// `nl` or `en`.
    package let language: String

    /// Creates a renderer for `language`.
    package init(language: String) {
        self.language = language
    }

    private func t(_ dutch: String, _ english: String) -> String { language == "en" ? english : dutch }

    /// The page for `report`.
    package func render(_ report: ReferralReport) -> String {
        let text = ReferralReportRenderer(language: language)
        let heading = text.text(report).first ?? ""
        var body: [String] = []
        body.append("<header>")
        body.append(#"<p class="kicker">\#(t("Monitoring verwijzingen", "Referral monitoring"))</p>"#)
        body.append("<h1>\(HTMLText.field(heading))</h1>")
        let method = t(
            "Anoniem: <5 = 1 tot 4 verwijzingen; x = verborgen zodat een <5 niet uit een totaal terug te rekenen is; 0 wordt getoond. Een verborgen aantal krijgt nooit een staaf.",
            "Anonymous: <5 = 1 to 4 referrals; x = hidden so that a <5 cannot be worked out from a total; 0 is shown. A hidden count never gets a bar.")
        body.append(#"<p class="method">\#(HTMLText.escape(method))</p>"#)
        if report.combinedExports > 0 { body.append(#"<p class="method">\#(HTMLText.escape(text.combinedNote(report)))</p>"#) }
        body.append("</header>")

        let destinations = report.rows.filter { $0.period == nil }
        let periods = report.rows.compactMap(\.period).reduce(into: [ReportPeriod]()) { if !$0.contains($1) { $0.append($1) } }
        if periods.isEmpty {
            body.append(#"<p class="note">\#(t("Geen verwijzingen in deze periode.", "No referrals in this period."))</p>"#)
        } else {
            body.append(contentsOf: referralsSection(report, destinations: destinations, periods: periods))
            body.append(contentsOf: feedbackSection(report))
            body.append(contentsOf: profileSection(report, text: text, destinations: destinations))
            body.append(contentsOf: allCountsSection(report))
        }
        body.append("<footer><p>")
        body.append(
            HTMLText.escape(t(
                "Gemaakt met triage report. Geen codes, geen vrije tekst, geen datum fijner dan de periode. Weigering van toestemming staat niet in het register en wordt dus niet geteld.",
                "Made with triage report. No codes, no free text, no date finer than the period. Consent refused is not in the register, so it is not counted.")))
        body.append("</p></footer>")

        return HTMLPage.document(language: language, title: HTMLText.field(heading), style: Self.style, body: body.joined(separator: "\n"))
    }

    // MARK: - Sections

    private func name(_ row: ReferralReport.Row) -> String {
        row.destinationName ?? row.destinationID ?? t("alle bestemmingen", "all destinations")
    }

    private func referralsSection(_ report: ReferralReport, destinations: [ReferralReport.Row], periods: [ReportPeriod]) -> [String] {
        let panels = destinations.map { total in
            BarChart.Panel(
                label: name(total),
                bars: periods.map { period in
                    let cell = report.rows.first { $0.period == period && $0.destinationID == total.destinationID }?.cell(.made) ?? .count(0)
                    return (period.description, cell)
                })
        }
        let chart = BarChart(panels: panels, language: language)
        var out = [
            #"<section aria-labelledby="per-period"><h2 id="per-period">\#(t("Verwijzingen per periode en bestemming", "Referrals per period and destination"))</h2>"#,
            #"<figure aria-labelledby="per-period-caption">"#,
            chart.svg(id: "per-period", title: t("Verwijzingen per periode, per bestemming", "Referrals per period, per destination")),
            #"<figcaption id="per-period-caption">\#(t("Eén strook per bestemming, de laatste voor alle samen; een staaf per periode. Dezelfde aantallen staan in de tabel.", "One strip per destination, the last for all together; one bar per period. The table holds the same counts."))</figcaption>"#,
            "<table>", "<caption>\(t("Verwezen", "Referred"))</caption>",
            "<thead><tr><th scope=\"col\">\(t("Periode", "Period"))</th>"
                + destinations.map { #"<th scope="col" class="number">\#(HTMLText.field(name($0)))</th>"# }.joined() + "</tr></thead>",
            "<tbody>",
        ]
        for period in periods as [ReportPeriod?] + [nil] {
            let cells = destinations.map { total in
                report.rows.first { $0.period == period && $0.destinationID == total.destinationID }?.cell(.made) ?? .count(0)
            }
            out.append(
                #"<tr><th scope="row">\#(period?.description ?? t("alle perioden", "all periods"))</th>"#
                    + cells.map { #"<td class="number">\#(HTMLText.escape($0.description))</td>"# }.joined() + "</tr>")
        }
        out.append(contentsOf: ["</tbody>", "</table>", "</figure>", "</section>"])
        return out
    }

    private func feedbackSection(_ report: ReferralReport) -> [String] {
        let bins = ReferralReport.FeedbackBin.allCases
        let panels = report.feedbackDays.map { row in
            BarChart.Panel(
                label: row.destinationName ?? row.destinationID ?? t("alle bestemmingen", "all destinations"),
                bars: bins.map { ($0.text(in: language), row.cell($0)) })
        }
        let chart = BarChart(panels: panels, language: language)
        var out = [
            #"<section aria-labelledby="feedback"><h2 id="feedback">\#(t("Tijd tot de eerste terugkoppeling", "Time to the first feedback"))</h2>"#,
            #"<figure aria-labelledby="feedback-caption">"#,
            chart.svg(id: "feedback", title: t("Verwijzingen naar dagen tot de eerste terugkoppeling", "Referrals by days to the first feedback")),
            #"<figcaption id="feedback-caption">\#(t("Alle perioden samen; rode vlaggen (direct gehandeld) tellen niet mee.", "All periods together; red flags (acted on at once) are not counted."))</figcaption>"#,
            "<table>", "<caption>\(t("Dagen tot de eerste terugkoppeling", "Days to the first feedback"))</caption>",
            "<thead><tr><th scope=\"col\">\(t("Bestemming", "Destination"))</th>"
                + bins.map { #"<th scope="col" class="number">\#(HTMLText.escape($0.text(in: language)))</th>"# }.joined() + "</tr></thead>",
            "<tbody>",
        ]
        for row in report.feedbackDays {
            let label = row.destinationName ?? row.destinationID ?? t("alle bestemmingen", "all destinations")
            out.append(
                #"<tr><th scope="row">\#(HTMLText.field(label))</th>"#
                    + bins.map { #"<td class="number">\#(HTMLText.escape(row.cell($0).description))</td>"# }.joined() + "</tr>")
        }
        out.append(contentsOf: ["</tbody>", "</table>", "</figure>", "</section>"])
        return out
    }

    private func profileSection(_ report: ReferralReport, text: ReferralReportRenderer, destinations: [ReferralReport.Row]) -> [String] {
        var out = [
            #"<section aria-labelledby="profile"><h2 id="profile">\#(t("Profiel Positieve Gezondheid bij verwijzing", "Positive Health profile at referral"))</h2>"#,
            #"<p class="note">\#(HTMLText.escape(text.profileNote(report)))</p>"#,
        ]
        guard report.hasProfile else { return out + ["</section>"] }
        for (index, row) in destinations.enumerated() {
            let chart = ProfileChart(quartiles: Dimension.allCases.map { ($0, row.quartiles($0)) }, language: language)
            let id = "profile-\(index + 1)"
            out.append(#"<figure aria-labelledby="\#(id)-caption">"#)
            out.append(chart.svg(id: id, title: t("Profiel bij verwijzing", "Profile at referral") + ": " + name(row)))
            out.append(
                #"<figcaption id="\#(id)-caption">\#(HTMLText.field(name(row))) · \#(t("alle perioden; balk van eerste tot derde kwartiel, streep op de mediaan (0–10)", "all periods; bar from first to third quartile, stroke at the median (0–10)"))</figcaption>"#)
            out.append("<table><caption>\(HTMLText.field(name(row)))</caption>")
            out.append(
                #"<thead><tr><th scope="col">\#(t("Dimensie", "Dimension"))</th><th scope="col" class="number">Q1</th><th scope="col" class="number">\#(t("mediaan", "median"))</th><th scope="col" class="number">Q3</th></tr></thead><tbody>"#)
            for dimension in Dimension.allCases {
                let values: [String]
                switch row.quartiles(dimension) {
                case .values(let lower, let median, let upper): values = [lower, median, upper].map(Quartiles.text)
                case let other: values = Array(repeating: other.description, count: 3)
                }
                out.append(
                    #"<tr><th scope="row">\#(HTMLText.escape(dimension.name(in: language)))</th>"#
                        + values.map { #"<td class="number">\#(HTMLText.escape($0))</td>"# }.joined() + "</tr>")
            }
            out.append(contentsOf: ["</tbody></table>", "</figure>"])
        }
        return out + ["</section>"]
    }

    private func allCountsSection(_ report: ReferralReport) -> [String] {
        let measures = ReferralReport.Measure.allCases
        var out = [
            #"<section aria-labelledby="all"><h2 id="all">\#(t("Alle aantallen", "All counts"))</h2>"#,
            #"<div class="wide"><table class="all">"#,
            "<thead><tr><th scope=\"col\">\(t("Periode", "Period"))</th><th scope=\"col\">\(t("Bestemming", "Destination"))</th>"
                + measures.map { #"<th scope="col" class="number">\#(HTMLText.escape($0.text(in: language)))</th>"# }.joined()
                + #"<th scope="col" class="number">\#(t("mediaan dagen tot terugkoppeling", "median days to feedback"))</th></tr></thead>"#,
            "<tbody>",
        ]
        for row in report.rows {
            let total = row.period == nil || row.destinationID == nil ? #" class="total""# : ""
            out.append(
                "<tr\(total)><td>\(row.period?.description ?? t("alle perioden", "all periods"))</td><td>\(HTMLText.field(name(row)))</td>"
                    + measures.map { #"<td class="number">\#(HTMLText.escape(row.cell($0).description))</td>"# }.joined()
                    + #"<td class="number">\#(HTMLText.escape(row.medianDaysToFeedback.description))</td></tr>"#)
        }
        out.append(contentsOf: ["</tbody>", "</table></div>"])
        let reasons = Adjustment.Reason.allCases
        out.append(#"<table><caption>\#(t("Redenen van aanpassing van het advies", "Reasons of adjustment of the advice"))</caption>"#)
        out.append(
            "<thead><tr><th scope=\"col\">\(t("Periode", "Period"))</th>"
                + reasons.map { #"<th scope="col" class="number">\#(HTMLText.escape($0.text(in: language)))</th>"# }.joined() + "</tr></thead><tbody>")
        for row in report.adjustmentReasons {
            out.append(
                #"<tr><th scope="row">\#(row.period?.description ?? t("alle perioden", "all periods"))</th>"#
                    + reasons.map { #"<td class="number">\#(HTMLText.escape(row.cell($0).description))</td>"# }.joined() + "</tr>")
        }
        out.append(contentsOf: ["</tbody></table>", "</section>"])
        return out
    }

    /// The page's style: system fonts, readable from 320 px up, A4 in black and white when printed.
    static let style = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #ffffff; color: #1a1a1a;
          font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem 1rem 2rem; }
        h1 { font-size: 1.5rem; line-height: 1.2; margin: 0 0 .4rem; }
        h2 { font-size: 1.2rem; margin: 1.6rem 0 .4rem; border-bottom: 2px solid #1a1a1a; }
        .kicker { margin: 0; font-size: .85rem; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; }
        .method, .note, figcaption { color: #4d4d4d; font-size: .9rem; margin: .3rem 0; }
        .note { font-style: italic; }
        figure { margin: .6rem 0 1.2rem; }
        svg.chart { display: block; width: 100%; height: auto; max-width: 56rem; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; }
        caption { text-align: left; font-weight: 600; padding: 0 0 .3rem; }
        th, td { border: 1px solid #767676; padding: .2rem .45rem; text-align: left; vertical-align: top; }
        .number { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: 600; }
        .wide { overflow-x: auto; }
        table.all { font-size: .85rem; }
        footer { margin-top: 1.6rem; padding-top: .6rem; border-top: 2px solid #1a1a1a; font-size: .85rem; }
        @page { size: A4; margin: 14mm; }
        @media print {
          body { font-size: 9.5pt; }
          main { max-width: none; padding: 0; }
          .wide { overflow: visible; }
          table.all { font-size: 7.5pt; }
          figure, table, tr { break-inside: avoid; }
          h2 { break-after: avoid; }
        }
        """
}
