import Testing

@testable import TriageKit

@Suite struct UntrustedTextTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("a\nb", "a ⏎ b"),
        ("a\r\nb", "a ⏎ b"),
        ("a\rb", "a ⏎ b"),
        ("a\u{0B}\u{0C}b", "a ⏎ b"),
        ("a\u{85}b\u{2028}c\u{2029}d", "a ⏎ b ⏎ c ⏎ d"),
        ("folded text\n", "folded text"),
        ("\n  lead", "lead"),
        ("tab\there", "tab here"),
        ("\u{1B}[2J", "<U+001B>[2J"),
        ("bell\u{07}nul\u{00}", "bell<U+0007>nul<U+0000>"),
        ("del\u{7F}csi\u{9B}", "del<U+007F>csi<U+009B>"),
        ("\u{202E}evil\u{202C}", "<U+202E>evil<U+202C>"),
        ("\u{2066}iso\u{2069}\u{200E}\u{200F}\u{061C}", "<U+2066>iso<U+2069><U+200E><U+200F><U+061C>"),
        ("Zoë — ‘quotes’ 👩‍⚕️", "Zoë — ‘quotes’ 👩‍⚕️"),
    ])
    func field(_ input: String, _ expected: String) {
        #expect(UntrustedText.field(input) == expected)
        #expect(UntrustedText.isSafe(UntrustedText.field(input)))
    }

    @Test func quotedFreeTextCannotStartALine() {
        let forged = "rustig\nP: Rode vlag: suïcidaliteit. Verwezen naar crisisdienst."
        #expect(UntrustedText.quoted(forged) == "“rustig ⏎ P: Rode vlag: suïcidaliteit. Verwezen naar crisisdienst.”")
        #expect(!UntrustedText.quoted(forged).contains("\n"))
    }
}

/// No numeric conversion in any renderer may trap, whatever the `Double`.
@Suite struct ExtremeNumberTests {
    static let extremes: [Double] = [
        .infinity, -.infinity, .nan, 1e308, -1e308, 9.3e18, -9.3e18, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0,
    ]

    @Test(arguments: extremes)
    func formatting(_ value: Double) {
        let text = Expression.format(value)
        #expect(!text.isEmpty)
        #expect(OutcomeTextRenderer.bar(value).count == 10)
        let json = JSONValue.number(value).serialized()
        if value.isFinite { #expect(json != "null") } else { #expect(json == "null") }
        #expect(!json.contains("inf") && !json.contains("nan"))
    }

    @Test(arguments: extremes)
    func everyRendererIsTotal(_ value: Double) throws {
        let yaml = """
            kind: protocol
            id: extreme
            version: 1.0.0
            languages: [nl]
            title: {nl: Extreem}
            destinations:
              - {id: welzijnscoach, category: welfare, name: {nl: Welzijnscoach}}
            questions:
              - {id: bedrag, type: number, range: {min: 0, max: 1000}, text: {nl: Bedrag?}}
            scores:
              - {id: meedoen, dimension: meedoen, method: sum, of: [bedrag]}
            rules:
              - {id: r, when: score.meedoen > 5, refer: welzijnscoach, priority: 1, reason: {nl: Reden.}}
            """
        let triageProtocol = try #require(ProtocolLoader().load(Array(yaml.utf8), file: "extreme.yaml").value)
        var session = TriageSession(protocol: triageProtocol)
        try session.answer(.number(500))
        var outcome = session.outcome()
        outcome.scores[0].value = value
        for language in ["nl", "en"] {
            let text = OutcomeTextRenderer(language: language).render(outcome, protocol: triageProtocol)
            #expect(text.contains("meedoen") || text.contains("Meedoen") || text.contains("Participation"))
            if value.isFinite, !(0...10).contains(value) { #expect(text.contains("0–10")) }
            _ = OutcomeNoteRenderer(language: language).render(outcome, protocol: triageProtocol)
            let html = OutcomeHTMLRenderer(language: language).render(outcome, protocol: triageProtocol)
            #expect(!html.contains("nan") && !html.contains("inf\"") && !html.contains("=\"∞"))
            let json = OutcomeJSONRenderer(language: language).render(outcome)
            #expect(!json.contains("inf") && !json.contains("nan"))
        }
    }
}

@Suite struct LoadFindingTests {
    private func load(_ body: String) -> [Diagnostic] {
        let yaml = """
            kind: protocol
            id: p
            version: 1.0.0
            languages: [nl]
            title: {nl: P}
            destinations:
              - {id: welzijnscoach, category: welfare, name: {nl: Welzijnscoach}}

            """ + body
        return ProtocolLoader().load(Array(yaml.utf8), file: "p.yaml").diagnostics
    }

    @Test func aDimensionScoreThatCanLeaveZeroToTenIsAWarning() {
        let findings = load(
            """
            questions:
              - {id: a, type: scale, text: {nl: A?}}
              - {id: b, type: scale, text: {nl: B?}}
            scores:
              - {id: som, dimension: meedoen, method: sum, of: [a, b]}
              - {id: gemiddeld, dimension: zingeving, method: mean, of: [a, b]}
            rules:
              - {id: r, when: score.som > 5 and score.gemiddeld > 1, refer: welzijnscoach, priority: 1, reason: {nl: R.}}
            """)
        let ranges = findings.filter { $0.code == "dimension-score-range" }
        #expect(ranges.count == 1)
        #expect(ranges.first?.message.contains("'som'") == true)
        #expect(ranges.first?.message.contains("from 0 to 20") == true)
        #expect(ranges.first?.location.line == 12)
    }

    @Test func noUnusedWarningsAfterAnError() {
        // The rule with a broken condition is skipped; the question it reads and the destination
        // it refers to must not then look unused in a cascade of warnings.
        let findings = load(
            """
            questions:
              - {id: a, type: yes_no, text: {nl: A?}}
            rules:
              - {id: r, when: "a and", refer: welzijnscoach, priority: 1, reason: {nl: R.}}
            """)
        #expect(findings.containsErrors)
        #expect(!findings.contains { $0.code == "unused-question" || $0.code == "unused-destination" })
    }
}

@Suite struct SocialMapCascadeTests {
    @Test func aMapWhoseServicesAllHaveErrorsIsNotAlsoCalledEmpty() {
        let yaml = "kind: social_map\nregion: X\nservices:\n  - {id: a, name: A}\n  - {id: b, serves: [welzijnscoach]}\n"
        let findings = SocialMapLoader().load(Array(yaml.utf8), file: "m.yaml").diagnostics
        #expect(findings.containsErrors)
        #expect(!findings.contains { $0.code == "empty-social-map" }, "\(findings)")
        let empty = SocialMapLoader().load(Array("kind: social_map\nregion: X\nservices: []\n".utf8), file: "m.yaml").diagnostics
        #expect(empty.contains { $0.code == "empty-social-map" })
    }
}
