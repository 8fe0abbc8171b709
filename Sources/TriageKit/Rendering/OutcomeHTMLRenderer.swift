/// Renders an outcome as one self-contained, printable HTML page: the decision and how soon,
/// red flags, where to refer with the local contact, why, the patient's own words, and the six
/// dimensions of Positieve Gezondheid as the spider web the patient knows from the iPH
/// dialogue tool, with a table of the scores as its text alternative.
///
/// The page loads nothing (no fonts, images, scripts or style sheets from elsewhere; its
/// Content-Security-Policy forbids it, see `HTMLPage`), needs no JavaScript, reads at phone
/// width, prints on A4 in black and white (meaning is carried by words, borders, dashes and
/// hatching, never by color alone; text contrast is at least 4.5:1), and holds no patient
/// identifiers. Every text from a protocol, a social map or an answer is neutralised and
/// HTML-escaped. Same outcome, same bytes.
public struct OutcomeHTMLRenderer: Sendable {
    /// `nl` or `en`.
    package var language: String

    /// Creates a renderer.
    public init(language: Language = .dutch) {
        self.init(language: language.code)
    }

    /// Creates a renderer for the language with this code.
    package init(language: String) {
        self.language = language
    }

    /// The page for `outcome` of `triageProtocol`.
    public func render(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> String {
        let t = Labels(language: language)
        let decision = t.decision(outcome.decision)
        let protocolTitle = text(triageProtocol.title)
        var body: [String] = []

        body.append(#"<header class="protocol">"#)
        body.append(#"<p class="kicker">\#(t("Triage-advies", "Triage advice"))</p>"#)
        var protocolLine = "\(protocolTitle) · \(t("versie", "version")) \(HTMLText.field(outcome.protocolVersion))"
        if let region = outcome.region { protocolLine += " · \(t("sociale kaart", "social map")) \(HTMLText.field(region))" }
        body.append(#"<p class="source">\#(protocolLine)</p>"#)
        body.append("</header>")

        let urgentMark = outcome.decision == .urgent ? #"<span aria-hidden="true">⚠ </span>"# : ""
        body.append(#"<section class="decision decision-\#(outcome.decision.rawValue)" aria-labelledby="decision">"#)
        body.append(#"<h1 id="decision">\#(urgentMark)\#(HTMLText.escape(t.headline(outcome)))</h1>"#)
        body.append(#"<p class="urgency">\#(t("Besluit", "Decision")): \#(decision.lowercased())</p>"#)
        if let adjusted = t.adjustment(outcome, protocol: triageProtocol) {
            body.append(#"<p class="adjustment">\#(HTMLText.escape(adjusted))</p>"#)
        }
        for note in t.notes(outcome) { body.append(#"<p class="protocol-note"><strong>\#(HTMLText.escape(note))</strong></p>"#) }
        body.append("</section>")

        for (index, flag) in outcome.redFlags.enumerated() {
            body.append(#"<section class="redflag" aria-labelledby="redflag-\#(index + 1)">"#)
            body.append(#"<h2 id="redflag-\#(index + 1)"><span aria-hidden="true">⚠ </span>\#(t("RODE VLAG", "RED FLAG"))</h2>"#)
            body.append("<p>\(text(flag.reason))</p>")
            if let action = flag.action { body.append("<p><strong>\(t("Nu", "Now")):</strong> \(text(action))</p>") }
            body.append("</section>")
        }

        if !outcome.referrals.isEmpty {
            body.append(#"<section aria-labelledby="referrals"><h2 id="referrals">\#(t("Verwijs naar", "Refer to"))</h2>"#)
            body.append(#"<ol class="referrals">"#)
            let consentGiven = t.consentGiven(outcome, protocol: triageProtocol)
            for referral in outcome.referrals { body.append(contentsOf: self.referral(referral, t, consentGiven: consentGiven)) }
            body.append("</ol></section>")
        }

        if outcome.redFlags.isEmpty, !outcome.reasons.isEmpty {
            body.append(#"<section aria-labelledby="reasons"><h2 id="reasons">\#(t("Waarom", "Why"))</h2><ul>"#)
            for reason in outcome.reasons { body.append("<li>\(text(reason))</li>") }
            body.append("</ul></section>")
        }

        let words = patientWords(outcome, triageProtocol)
        if !words.isEmpty {
            body.append(
                #"<section aria-labelledby="words"><h2 id="words">\#(t("In de woorden van de patiënt", "In the patient's words"))</h2><dl class="words">"#)
            body.append(contentsOf: words)
            body.append("</dl></section>")
        }

        body.append(contentsOf: positiveHealth(outcome, t))

        body.append(#"<footer>"#)
        body.append(#"<p class="disclaimer"><strong>\#(HTMLText.escape(t.disclaimer))</strong></p>"#)
        if outcome.scores.contains(where: { $0.dimension != nil }) {
            body.append(
                "<p>"
                    + t(
                        "Positieve Gezondheid: model van Machteld Huber, Institute for Positive Health (iPH). Het spinnenweb is een hulpmiddel voor het gesprek, geen meetinstrument.",
                        "Positive Health: the model of Machteld Huber, Institute for Positive Health (iPH). The spider web is a tool for the conversation, not a measuring instrument.")
                    + "</p>")
        }
        body.append("</footer>")

        return HTMLPage.document(
            language: language, title: "\(t("Triage-advies", "Triage advice")): \(decision) — \(protocolTitle)", style: Self.style,
            body: body.joined(separator: "\n"))
    }

    /// One referral: destination, local service, contact details (phone and e-mail as links),
    /// and whether the patient must consent.
    private func referral(_ referral: Outcome.Referral, _ t: Labels, consentGiven: Bool) -> [String] {
        var out = ["<li>"]
        let service = referral.service.map { #" <span class="service">— \#(HTMLText.field($0.name))</span>"# } ?? ""
        out.append("<h3>\(text(referral.destination.name))\(service)</h3>")
        if let service = referral.service {
            var rows: [(String, String)] = []
            if let contact = service.contact { rows.append((t("Contact", "Contact"), text(contact))) }
            if let phone = service.phone { rows.append((t("Telefoon", "Phone"), link(phone, href: Self.telephoneLink(phone)))) }
            if let email = service.email { rows.append((t("E-mail", "E-mail"), link(email, href: Self.mailLink(email)))) }
            if let channel = service.channel { rows.append((t("Verwijzen", "Refer"), HTMLText.escape(t.channel(channel)))) }
            if let hours = service.hours { rows.append((t("Bereikbaar", "Hours"), text(hours))) }
            if let address = service.address { rows.append((t("Adres", "Address"), HTMLText.field(address))) }
            if let website = service.website { rows.append((t("Website", "Website"), link(website, href: Self.webLink(website)))) }
            if rows.isEmpty {
                out.append(#"<p class="note">\#(HTMLText.escape(t.noContactDetails))</p>"#)
            } else {
                out.append(#"<dl class="contact">"#)
                for (label, value) in rows { out.append("<dt>\(label)</dt><dd>\(value)</dd>") }
                out.append("</dl>")
            }
        } else {
            out.append(#"<p class="note">\#(HTMLText.escape(t.unknownContact))</p>"#)
        }
        let consent =
            !referral.destination.requiresConsent
            ? t("Geen toestemming van de patiënt vereist.", "The patient's consent is not required.")
            : consentGiven ? t("gegeven.", "given.") : t.onlyWithConsent
        out.append(#"<p class="consent"><strong>\#(t("Toestemming", "Consent")):</strong> \#(HTMLText.escape(consent))</p>"#)
        out.append("</li>")
        return out
    }

    /// The free-text answers (what matters to the patient, what they want), each under its question.
    private func patientWords(_ outcome: Outcome, _ triageProtocol: TriageProtocol) -> [String] {
        outcome.answers.compactMap { answer in
            guard case .text(let words)? = answer.answer, !words.isEmpty else { return nil }
            let question = triageProtocol.question(answer.questionID).map { text($0.text) } ?? HTMLText.field(answer.questionID)
            return "<dt>\(question)</dt><dd>\(HTMLText.escape(UntrustedText.quoted(words)))</dd>"
        }
    }

    /// The spider web and its table, when the protocol scores the dimensions; a line saying
    /// they were not asked when none has a value (a red flag stopped the questions first).
    private func positiveHealth(_ outcome: Outcome, _ t: Labels) -> [String] {
        guard outcome.scores.contains(where: { $0.dimension != nil }) else { return [] }
        let heading = t("Positieve Gezondheid", "Positive Health")
        let chart = SpiderWebChart(axes: SpiderWebChart.axes(of: outcome), labels: t)
        guard chart.axes.contains(where: { $0.value != nil }) else {
            return [
                #"<section aria-labelledby="health"><h2 id="health">\#(heading)</h2>"#,
                #"<p class="note">\#(t("De zes dimensies zijn niet gevraagd.", "The six dimensions were not asked."))</p></section>"#,
            ]
        }
        var out = [
            #"<section aria-labelledby="health"><h2 id="health">\#(heading)</h2>"#,
            #"<figure class="health" aria-labelledby="web-caption">"#,
            chart.svg(titleID: "web-title", descriptionID: "web-description"),
            #"<figcaption id="web-caption">"#
                + t(
                    "Het spinnenweb van Positieve Gezondheid: zes dimensies, elk 0–10 (10 is buitenste ring). Het gearceerde vlak is hoe de patiënt zichzelf scoort.",
                    "The Positive Health spider web: six dimensions, each 0–10 (10 is the outer ring). The hatched area is how the patient rates themselves.")
                + "</figcaption>",
            "<table>",
            "<caption>\(t("Scores per dimensie (0–10)", "Scores per dimension (0–10)"))</caption>",
            #"<thead><tr><th scope="col">\#(t("Dimensie", "Dimension"))</th><th scope="col" class="number">\#(t("Score", "Score"))</th><th scope="col">\#(t("Opmerking", "Remark"))</th></tr></thead>"#,
            "<tbody>",
        ]
        for axis in chart.axes {
            let value = HTMLText.escape(chart.valueText(axis))
            let remark = HTMLText.escape(chart.remark(axis) ?? "")
            let valueCell = axis.value == nil ? #"<td class="number"><em>\#(value)</em></td>"# : #"<td class="number">\#(value)</td>"#
            out.append(
                #"<tr><th scope="row">\#(HTMLText.escape(axis.dimension.name(in: language)))</th>\#(valueCell)<td>\#(remark)</td></tr>"#)
        }
        out.append(contentsOf: ["</tbody>", "</table>", "</figure>", "</section>"])
        return out
    }

    private func text(_ localized: LocalizedText) -> String { HTMLText.escape(localized.shown(in: language)) }

    /// `shown` as safe text, inside a link when `href` is one.
    private func link(_ shown: String, href: String?) -> String {
        guard let href else { return HTMLText.field(shown) }
        return #"<a href="\#(HTMLText.escape(href))">\#(HTMLText.field(shown))</a>"#
    }

    /// A `tel:` link for the first number in a phone field as written on a social map
    /// ("0495-123 456 (placeholder)", "+31 6 1234 5678", "113 of 0800-0113"): its digits and a
    /// leading plus; none without at least three digits.
    static func telephoneLink(_ phone: String) -> String? {
        let trimmed = phone.drop { $0 == " " }
        let number = trimmed.dropFirst(trimmed.first == "+" ? 1 : 0).prefix { $0.isASCII && ($0.isNumber || " -.()".contains($0)) }
        let digits = number.filter(\.isNumber)
        guard digits.count >= 3, digits.count <= 20 else { return nil }
        return "tel:" + (trimmed.first == "+" ? "+" : "") + digits
    }

    /// A `mailto:` link for a plain address (one `@`, letters, digits and `. _ % + -` only);
    /// anything else is shown as text, so no map can smuggle in headers or a script.
    static func mailLink(_ email: String) -> String? {
        let allowed = email.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "@._%+-".unicodeScalars.contains(scalar))
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard allowed, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 254 else { return nil }
        return "mailto:" + email
    }

    /// A link for an `http(s)://` address without spaces, quotes or angle brackets; none for
    /// anything else (`javascript:`, `data:`, ...).
    static func webLink(_ website: String) -> String? {
        let lowercased = website.lowercased()
        guard lowercased.hasPrefix("https://") || lowercased.hasPrefix("http://"), website.count <= 2000 else { return nil }
        let safe = website.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && !"\"'<>\\`".unicodeScalars.contains(scalar)
        }
        return safe ? website : nil
    }

    /// The page's style: system fonts, readable from 320 px up, A4 when printed.
    static let style = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; background: #ffffff; color: #1a1a1a;
          font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        main { max-width: 46rem; margin: 0 auto; padding: 1rem 1rem 2rem; }
        h1 { font-size: 1.6rem; line-height: 1.2; margin: 0; }
        h2 { font-size: 1.2rem; margin: 1.4rem 0 .4rem; }
        h3 { font-size: 1.05rem; margin: 0 0 .3rem; }
        p { margin: .3rem 0; }
        a { color: #0b4f9c; }
        .protocol .kicker { margin: 0; font-size: .85rem; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; }
        .protocol .source { margin: 0 0 .8rem; color: #4d4d4d; font-size: .9rem; }
        .decision { border: 2px solid #1a1a1a; border-left-width: 12px; padding: .6rem .9rem; }
        .decision-urgent { border-color: #a30000; }
        .decision-urgent h1 { color: #a30000; }
        .decision-medical, .decision-mixed { border-color: #7a4b00; }
        .decision-psychosocial { border-color: #0b4f9c; }
        .decision-none { border-color: #1e6b32; }
        .urgency { font-size: 1.1rem; font-weight: 600; margin: .2rem 0 0; }
        .redflag { margin: 1rem 0; padding: .6rem .9rem; border: 6px double #a30000; background: #fff3f3; }
        .redflag h2 { margin: 0 0 .3rem; color: #a30000; font-size: 1.25rem; letter-spacing: .04em; }
        .referrals { padding-left: 1.4rem; margin: 0; }
        .referrals > li { margin: 0 0 .9rem; padding-left: .2rem; }
        .service { font-weight: 400; }
        dl { margin: .2rem 0; }
        .contact { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .1rem .8rem; }
        .contact dt { font-weight: 600; }
        .contact dd { margin: 0; overflow-wrap: anywhere; }
        .words dt { font-weight: 600; }
        .words dd { margin: 0 0 .5rem; font-style: italic; }
        .note, .consent { color: #1a1a1a; }
        .note { font-style: italic; }
        figure.health { margin: .5rem 0 0; }
        svg.web { display: block; width: 100%; max-width: 40rem; height: auto; margin: 0 auto; }
        figcaption { font-size: .9rem; color: #4d4d4d; margin: .4rem 0 .8rem; }
        table { border-collapse: collapse; width: 100%; max-width: 34rem; }
        caption { text-align: left; font-weight: 600; padding: 0 0 .3rem; }
        th, td { border: 1px solid #767676; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        .number { text-align: right; font-variant-numeric: tabular-nums; }
        footer { margin-top: 1.6rem; padding-top: .6rem; border-top: 2px solid #1a1a1a; font-size: .9rem; }
        .disclaimer { font-size: 1rem; }
        @media (max-width: 30rem) {
          main { padding: .75rem .75rem 1.5rem; }
          h1 { font-size: 1.35rem; }
          .decision, .redflag { padding: .5rem .65rem; }
          svg.web .labels { font-size: 21px; }
        }
        @page { size: A4; margin: 15mm; }
        @media print {
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          a { color: #1a1a1a; }
          .redflag { background: none; }
          .decision-urgent h1, .redflag h2 { color: #1a1a1a; }
          section, figure, li, table { break-inside: avoid; }
          svg.web { max-width: 12cm; }
        }
        """
}
