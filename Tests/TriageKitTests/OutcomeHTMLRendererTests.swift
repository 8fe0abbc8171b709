import Foundation
import Testing

@testable import TriageKit

/// A small protocol with the six dimensions (one of them behind a `when` that never holds, so
/// it is never asked), a red flag, a referral needing consent and a free-text wish; `title`,
/// `reason` and the texts can be replaced by hostile ones.
private func webProtocol(title: String = "Spinnenweb", reason: String = "Eenzaam; de welzijnscoach helpt.") -> String {
    """
    kind: protocol
    id: web
    version: 1.2.3
    languages: [nl, en]
    title: {nl: "\(title)", en: "Spider web"}
    destinations:
      - {id: crisisdienst, category: urgent, name: {nl: Crisisdienst, en: Crisis service}}
      - {id: welzijnscoach, category: welfare, name: {nl: "Welzijnscoach", en: Wellbeing coach}, consent_required: true}
    questions:
      - {id: gevaar, type: yes_no, text: {nl: Gevaar?, en: Danger?}}
      - {id: lichaam, type: number, range: {min: -100, max: 100}, text: {nl: Lichaam?, en: Body?}}
      - {id: mentaal, type: scale, text: {nl: Mentaal?, en: Mental?}}
      - {id: zin, type: scale, when: mentaal > 10, text: {nl: Zin?, en: Meaning?}}
      - {id: kwaliteit, type: scale, text: {nl: Kwaliteit?, en: Quality?}}
      - {id: meedoen, type: scale, text: {nl: Meedoen?, en: Participation?}}
      - {id: dagelijks, type: scale, text: {nl: Dagelijks?, en: Daily?}}
      - {id: wens, type: text, text: {nl: "Wat wilt u?", en: "What do you want?"}}
    scores:
      - {id: lichaamsfuncties, dimension: lichaamsfuncties, method: sum, of: [lichaam]}
      - {id: mentaal_welbevinden, dimension: mentaal_welbevinden, method: mean, of: [mentaal]}
      - {id: zingeving, dimension: zingeving, method: mean, of: [zin]}
      - {id: kwaliteit_van_leven, dimension: kwaliteit_van_leven, method: mean, of: [kwaliteit]}
      - {id: meedoen, dimension: meedoen, method: mean, of: [meedoen]}
      - {id: dagelijks_functioneren, dimension: dagelijks_functioneren, method: mean, of: [dagelijks]}
    rules:
      - {id: acuut, when: gevaar, red_flag: true, refer: crisisdienst, priority: 1, reason: {nl: "Acuut gevaar.", en: "Acute danger."},
         action: {nl: "Bel nu de crisisdienst.", en: "Call the crisis service now."}}
      - {id: eenzaam, when: score.meedoen < 5, refer: welzijnscoach, priority: 1, reason: {nl: "\(reason)", en: "Lonely."}}

    """
}

private let webMap = """
    kind: social_map
    region: Testdorp
    services:
      - id: welzijn
        serves: [welzijnscoach]
        name: Welzijn Testdorp
        contact: coach wijk Noord
        phone: "0495-123 456 (placeholder)"
        email: coach@welzijn.example
        channel: email

    """

/// The outcome of the web protocol for the given answers, and the protocol.
private func makeOutcome(
    _ answers: [AnswerValue], protocolText: String = webProtocol(), mapText: String? = webMap
) throws -> (Outcome, TriageProtocol) {
    let loaded = ProtocolLoader().load(Array(protocolText.utf8), file: "web.yaml")
    let triageProtocol = try #require(loaded.value, "\(loaded.diagnostics)")
    let map = try mapText.map { try #require(SocialMapLoader().load(Array($0.utf8), file: "map.yaml").value) }
    var session = TriageSession(protocol: triageProtocol, socialMap: map)
    for answer in answers { try session.answer(answer) }
    return (session.outcome(), triageProtocol)
}

/// No danger, body 7, mental 6 (so `zin` is never asked), quality 5, participation 3, daily 8, a wish.
private let lonely: [AnswerValue] = [
    .yesNo(false), .number(7), .number(6), .number(5), .number(3), .number(8), .text("Een wandelgroep"),
]

@Suite("HTML page of an outcome")
struct OutcomeHTMLRendererTests {
    @Test("a complete, self-contained page: doctype, language, charset, viewport, title, print styles", arguments: ["nl", "en"])
    func structure(_ language: String) throws {
        let (outcome, triageProtocol) = try makeOutcome(lonely)
        let html = OutcomeHTMLRenderer(language: language).render(outcome, protocol: triageProtocol)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language)\">\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
        #expect(html.contains("<title>"))
        #expect(html.contains("@media print") && html.contains("@page { size: A4;"))
        #expect(html.hasSuffix("</html>\n"))
        // Nothing is loaded from elsewhere, and nothing runs.
        for forbidden in ["<script", "<link", "<img", "<iframe", "@import", "url(http", "src=", "@font-face", "javascript:"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
        let english = language == "en"
        #expect(html.contains(english ? "Decision: psychosocial" : "Besluit: psychosociaal"))
        #expect(html.contains(english ? "<h1 id=\"decision\">Advice: " : "<h1 id=\"decision\">Advies: "))
        #expect(html.contains(english ? "contact within about two weeks" : "contact binnen ongeveer twee weken"))
        #expect(html.contains(english ? "version 1.2.3" : "versie 1.2.3"))
        #expect(html.contains("Welzijn Testdorp"))
        #expect(html.contains(#"<a href="tel:0495123456">0495-123 456 (placeholder)</a>"#))
        #expect(html.contains(#"<a href="mailto:coach@welzijn.example">coach@welzijn.example</a>"#))
        #expect(html.contains(english ? "Only with the patient&#39;s consent." : "Alleen met toestemming van de patiënt."))
        #expect(html.contains(english ? "Lonely." : "Eenzaam; de welzijnscoach helpt."))
        #expect(html.contains("“Een wandelgroep”"))
        #expect(
            html.contains(
                english
                    ? "This advice supports your clinical judgement; it does not replace it."
                    : "Dit advies ondersteunt uw klinisch oordeel en vervangt het niet."))
        // The figure: an SVG image with a title and description, a caption, and the table.
        #expect(html.contains(#"<figure class="health" aria-labelledby="web-caption">"#))
        #expect(html.contains(#"role="img" aria-labelledby="web-title web-description""#))
        #expect(html.contains(#"<title id="web-title">"#) && html.contains(#"<desc id="web-description">"#))
        #expect(html.contains("<figcaption id=\"web-caption\">") && html.contains("<caption>"))
        #expect(html.components(separatedBy: #"<tr><th scope="row">"#).count == 7)
        #expect(!html.contains("RODE VLAG") && !html.contains("RED FLAG"))
    }

    @Test("the six axes in iPH order, clockwise from the top, in the figure and in the table")
    func iPHOrder() throws {
        let (outcome, triageProtocol) = try makeOutcome(lonely)
        let html = OutcomeHTMLRenderer(language: "nl").render(outcome, protocol: triageProtocol)
        let names = ["Lichaamsfuncties", "Mentaal", "Zingeving", "Kwaliteit", "Meedoen", "Dagelijks"]
        for part in [html.components(separatedBy: "</svg>")[0], html.components(separatedBy: "<tbody>")[1]] {
            let positions = names.map { part.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        }
        #expect(SpiderWebChart.iPHOrder == Dimension.allCases)
    }

    @Test("a dimension without a value is a gap marked 'niet gevraagd', never a 0")
    func missingDimension() throws {
        let (outcome, triageProtocol) = try makeOutcome(lonely)
        let axes = SpiderWebChart.axes(of: outcome)
        #expect(axes.map(\.value) == [7, 6, nil, 5, 3, 8])
        let html = OutcomeHTMLRenderer(language: "nl").render(outcome, protocol: triageProtocol)
        #expect(html.contains(#"<tr><th scope="row">Zingeving</th><td class="number"><em>niet gevraagd</em></td>"#))
        #expect(html.contains("Zingeving niet gevraagd"), "the description says so")
        #expect(html.contains(#"stroke-dasharray="6 5""#), "the axis is dashed")
        let svg = html.components(separatedBy: "</svg>")[0]
        // Five values, five markers; the shape is wedges (M centre L a L b Z), none through zingeving.
        #expect(svg.components(separatedBy: "<circle").count - 1 == 5)
        #expect(svg.contains("M 320,236 L "), "wedges from the centre")
        #expect(!svg.contains(" Z\" fill=\"none\""), "the outline is not closed across the gap")
        // Meedoen 3 is low.
        #expect(html.contains(#"<tr><th scope="row">Meedoen</th><td class="number">3</td><td>laag</td></tr>"#))
    }

    @Test("all six answered: one closed polygon")
    func closedShape() throws {
        var (outcome, triageProtocol) = try makeOutcome(lonely)
        outcome.scores[2].value = 4
        let svg = OutcomeHTMLRenderer().render(outcome, protocol: triageProtocol).components(separatedBy: "</svg>")[0]
        #expect(svg.components(separatedBy: "<circle").count - 1 == 6)
        #expect(!svg.contains("stroke-dasharray"))
        #expect(svg.contains(#" Z" fill="url(#web-hatch)""#))
    }

    @Test("a red flag: prominent, in words and an icon, with the action; the questions stopped, so no web")
    func redFlag() throws {
        let (outcome, triageProtocol) = try makeOutcome([.yesNo(true)])
        let html = OutcomeHTMLRenderer(language: "nl").render(outcome, protocol: triageProtocol)
        #expect(html.contains(#"<section class="redflag""#))
        #expect(html.contains(#"<span aria-hidden="true">⚠ </span>RODE VLAG</h2>"#))
        #expect(html.contains("<p><strong>Nu:</strong> Bel nu de crisisdienst.</p>"))
        #expect(html.contains("Besluit: urgent"))
        #expect(html.contains("De zes dimensies zijn niet gevraagd."))
        #expect(!html.contains("<svg"))
        #expect(html.contains("Lokale contactpersoon onbekend"), "the map has no crisis service")
    }

    @Test("a protocol without dimension scores has no Positive Health section")
    func noDimensions() throws {
        let yaml = """
            kind: protocol
            id: plain
            version: 1.0.0
            languages: [nl]
            title: {nl: Zonder web}
            destinations:
              - {id: welzijnscoach, category: welfare, name: {nl: Welzijnscoach}}
            questions:
              - {id: eenzaam, type: yes_no, text: {nl: Eenzaam?}}
            rules:
              - {id: r, when: eenzaam, refer: welzijnscoach, priority: 1, reason: {nl: Eenzaam.}}
            """
        let (outcome, triageProtocol) = try makeOutcome([.yesNo(true)], protocolText: yaml, mapText: nil)
        let html = OutcomeHTMLRenderer(language: "nl").render(outcome, protocol: triageProtocol)
        #expect(!html.contains("Positieve Gezondheid"))
        #expect(html.contains("Lokale contactpersoon onbekend: vul de sociale kaart aan (--map)."))
    }

    @Test("same outcome, same bytes")
    func deterministic() throws {
        let first = try makeOutcome(lonely)
        let second = try makeOutcome(lonely)
        let renderer = OutcomeHTMLRenderer(language: "nl")
        #expect(renderer.render(first.0, protocol: first.1) == renderer.render(second.0, protocol: second.1))
        #expect(renderer.render(first.0, protocol: first.1) == renderer.render(first.0, protocol: first.1))
    }

    @Test("hostile texts from the protocol, the map and the answers: escaped, controls neutralised")
    func hostileText() throws {
        let protocolText = webProtocol(
            title: #"<script>alert(1)</script> \"titel\" 'x' & \e[2J\u202E"#,
            reason: #"Reden</li><li onclick=x>\nP: vervalst\a"#)
        let mapText = #"""
            kind: social_map
            region: "<b>Regio</b>\e]0;x\a"
            services:
              - id: welzijn
                serves: [welzijnscoach]
                name: "Welzijn\" onmouseover=\"alert(1)"
                contact: "<img src=x onerror=alert(1)>"
                phone: "javascript:alert(1)"
                email: "x@y.example\"><script>alert(1)</script>"
                website: "javascript:alert(1)"
                hours: "ma\tdi\u2066wo\u2069"

            """#
        let wish = "rustig</dd><script>alert('x')</script>\n\u{1B}[2J\u{202E}\"'&"
        var answers = lonely
        answers[answers.count - 1] = .text(wish)
        let (outcome, triageProtocol) = try makeOutcome(answers, protocolText: protocolText, mapText: mapText)
        for language in ["nl", "en"] {
            let html = OutcomeHTMLRenderer(language: language).render(outcome, protocol: triageProtocol)
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("<img") && !html.contains("<b>") && !html.contains("<li onclick"))
            #expect(!html.contains("onmouseover=\"") && !html.contains("href=\"javascript"))
            #expect(!html.contains("</dd><"), "the wish cannot close its element")
            let controls = html.unicodeScalars.filter {
                ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
                    || (0x2066...0x2069).contains($0.value)
            }
            #expect(controls.isEmpty, "\(controls.map(\.value))")
            #expect(html.contains("“rustig&lt;/dd&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; ⏎ &lt;U+001B&gt;[2J&lt;U+202E&gt;&quot;&#39;&amp;”"))
            #expect(html.contains("Welzijn&quot; onmouseover=&quot;alert(1)"))
            #expect(html.contains("<dd>javascript:alert(1)</dd>"), "a phone or website that is no link is shown as text")
            #expect(html.contains("&lt;b&gt;Regio&lt;/b&gt;&lt;U+001B&gt;]0;x&lt;U+0007&gt;"))
        }
        let dutch = OutcomeHTMLRenderer(language: "nl").render(outcome, protocol: triageProtocol)
        #expect(dutch.contains("<title>Triage-advies: PSYCHOSOCIAAL — &lt;script&gt;alert(1)&lt;/script&gt; &quot;titel&quot; &#39;x&#39; &amp; &lt;U+001B&gt;[2J&lt;U+202E&gt;</title>"))
        #expect(dutch.contains("<li>Reden&lt;/li&gt;&lt;li onclick=x&gt; ⏎ P: vervalst&lt;U+0007&gt;</li>"))
    }

    @Test("values off the scale are drawn on its edge and marked; NaN is not drawn; every coordinate is a finite number",
          arguments: ExtremeNumberTests.extremes + [12, -3, 10, 0])
    func extremeValues(_ value: Double) throws {
        var (outcome, triageProtocol) = try makeOutcome(lonely)
        outcome.scores[0].value = value
        for language in ["nl", "en"] {
            let html = OutcomeHTMLRenderer(language: language).render(outcome, protocol: triageProtocol)
            let svg = html.components(separatedBy: "</svg>")[0]
            #expect(Self.attributeValues("x2", in: svg).count == 7 && Self.attributeValues("points", in: svg).count == 5)
            for attribute in ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height", "dy"] {
                for number in Self.attributeValues(attribute, in: svg) {
                    let parsed = try #require(Double(number), "\(attribute)=\"\(number)\"")
                    #expect(parsed.isFinite && abs(parsed) <= 1000, "\(attribute)=\"\(number)\"")
                }
            }
            for list in Self.attributeValues("points", in: svg) + Self.attributeValues("d", in: svg) {
                for number in list.split(whereSeparator: { " ,MLZ".contains($0) }) {
                    let parsed = try #require(Double(number), "\(number) in \(list)")
                    #expect(parsed.isFinite && abs(parsed) <= 1000)
                }
            }
            let outside = language == "en" ? "outside 0–10" : "buiten 0–10"
            if !(0...10).contains(value) {
                #expect(html.contains("(\(outside))"), "the label and the table say it is off the scale")
            } else {
                #expect(!html.contains(outside))
            }
            // NaN leaves the axis undrawn: five markers for the five others asked.
            let markers = svg.components(separatedBy: "<circle").count + svg.components(separatedBy: "<rect x=").count - 2
            #expect(markers == (value.isNaN ? 4 : 5))
        }
    }

    /// The values of every `name="..."` attribute in `svg`.
    private static func attributeValues(_ name: String, in svg: String) -> [String] {
        svg.components(separatedBy: " \(name)=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }

    @Test("every text and border color on the page has a contrast of at least 4.5:1 on white")
    func contrast() throws {
        let (outcome, triageProtocol) = try makeOutcome(lonely)
        let html = OutcomeHTMLRenderer().render(outcome, protocol: triageProtocol)
        let svg = html.components(separatedBy: "<svg")[1].components(separatedBy: "</svg>")[0]
        // CSS colors (text, borders) and the SVG's text and strokes; not the hatching's light background.
        func hexes(after marker: String, in text: String) -> [String] {
            text.components(separatedBy: marker).dropFirst().map { String($0.prefix(6)) }
        }
        var colors = hexes(after: "color: #", in: html)
        colors += hexes(after: "fill=\"#", in: svg).filter { $0 != "dce8f7" && $0 != "ffffff" }
        colors += hexes(after: "stroke=\"#", in: svg).filter { $0 != "ffffff" }
        #expect(colors.count > 10)
        for color in Set(colors) {
            let ratio = try #require(Self.contrastOnWhite(color), "#\(color)")
            #expect(ratio >= 4.5, "#\(color): \(ratio):1")
        }
    }

    /// WCAG 2 contrast ratio of a `rrggbb` color against white.
    private static func contrastOnWhite(_ hex: String) -> Double? {
        guard hex.count == 6, let value = Int(hex, radix: 16) else { return nil }
        func linear(_ channel: Int) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance: Double = 0.2126 * linear(value >> 16) + 0.7152 * linear(value >> 8 & 0xFF) + 0.0722 * linear(value & 0xFF)
        return 1.05 / (luminance + 0.05)
    }

    @Test("HTML escaping of the five characters; other text untouched")
    func escape() {
        #expect(HTMLText.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTMLText.escape("Zoë — ‘quotes’ 👩‍⚕️") == "Zoë — ‘quotes’ 👩‍⚕️")
        #expect(HTMLText.escape("&amp;") == "&amp;amp;")
        #expect(HTMLText.field("a\n<b>\u{1B}") == "a ⏎ &lt;b&gt;&lt;U+001B&gt;")
    }

    @Test("links only for what is plainly a phone number, an e-mail address or a web address")
    func links() {
        #expect(OutcomeHTMLRenderer.telephoneLink("0495-123 456 (placeholder)") == "tel:0495123456")
        #expect(OutcomeHTMLRenderer.telephoneLink("+31 6 1234 5678") == "tel:+31612345678")
        #expect(OutcomeHTMLRenderer.telephoneLink("113 of 0800-0113 (gratis)") == "tel:113")
        #expect(OutcomeHTMLRenderer.telephoneLink("(0495) 12 34 56") == "tel:0495123456")
        #expect(OutcomeHTMLRenderer.telephoneLink("javascript:alert(1)") == nil)
        #expect(OutcomeHTMLRenderer.telephoneLink("12") == nil)
        #expect(OutcomeHTMLRenderer.mailLink("coach@welzijn.example") == "mailto:coach@welzijn.example")
        #expect(OutcomeHTMLRenderer.mailLink("a@b.example?subject=x") == nil)
        #expect(OutcomeHTMLRenderer.mailLink("a@b@c.example") == nil)
        #expect(OutcomeHTMLRenderer.mailLink("x@y\"><script>") == nil)
        #expect(OutcomeHTMLRenderer.webLink("https://www.113.nl") == "https://www.113.nl")
        #expect(OutcomeHTMLRenderer.webLink("javascript:alert(1)") == nil)
        #expect(OutcomeHTMLRenderer.webLink("https://x.example/\"onclick") == nil)
        #expect(OutcomeHTMLRenderer.webLink("data:text/html,<b>") == nil)
    }
}
