import Testing

@testable import TriageKit

/// Loading social maps: localized texts, keywords, dates, fallbacks, and the freshness warnings.
@Suite struct SocialMapLoaderTests {
    private func load(_ services: String, description: String = "") -> LoadResult<SocialMap> {
        SocialMapLoader().load(Array("kind: social_map\nregion: Testdorp\n\(description)services:\n\(services)".utf8), file: "m.yaml")
    }

    /// "line:column code" of each diagnostic.
    private func findings(_ result: LoadResult<SocialMap>) -> [String] {
        result.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.code)" }
    }

    private func date(_ text: String) throws -> CivilDate { try #require(CivilDate(text)) }

    @Test("contact, hours and description may be plain text (Dutch) or {nl, en}")
    func localizedFields() throws {
        let result = load(
            """
              - id: a
                serves: [welzijnscoach]
                name: Punt Welzijn
                contact: {nl: sociaal werker (rol), en: social worker (role)}
                hours: dag en nacht
                description:
                  nl: Welzijn op Recept.
                  en: Social prescribing.

            """)
        let service = try #require(result.value?.services.first, "\(result.diagnostics)")
        #expect(service.contact?.text(in: "en") == "social worker (role)")
        #expect(service.contact?.text(in: "nl") == "sociaal werker (rol)")
        #expect(service.hours?.text(in: "en") == "dag en nacht", "a plain text is Dutch, shown when there is no English")
        #expect(service.hours?.languages == ["nl"])
        #expect(service.description?.text(in: "en") == "Social prescribing.")
        #expect(result.diagnostics.isEmpty)
    }

    @Test("a mapping of languages needs the Dutch text; unknown languages are errors")
    func dutchIsRequired() {
        let result = load(
            """
              - {id: a, serves: [x], name: A, contact: {en: coach}, hours: {nl: ma, de: Mo}}

            """, description: "description: {en: Only English}\n")
        #expect(findings(result) == ["3:14 missing-translation", "5:44 missing-translation", "5:73 unknown-language"])
        #expect(result.value == nil)
    }

    @Test("keywords: a list, one word, or per language")
    func keywords() throws {
        let result = load(
            """
              - {id: a, serves: [x], name: A, keywords: [schulden, geldzorgen]}
              - {id: b, serves: [x], name: B, keywords: eenzaam}
              - {id: c, serves: [x], name: C, keywords: {nl: [rouw, verlies], en: grief}}
              - {id: d, serves: [x], name: D}

            """)
        let services = try #require(result.value?.services, "\(result.diagnostics)")
        #expect(services[0].keywords == [.init("schulden"), .init("geldzorgen")])
        #expect(services[1].keywords == [.init("eenzaam")])
        #expect(services[2].keywords == [.init("rouw", language: "nl"), .init("verlies", language: "nl"), .init("grief", language: "en")])
        #expect(services[2].keywords(in: "en") == ["grief"])
        #expect(services[0].keywords(in: "en") == ["schulden", "geldzorgen"])
        #expect(services[3].keywords.isEmpty)
        let bad = load("  - {id: a, serves: [x], name: A, keywords: {fr: [dettes]}}\n  - {id: b, serves: [x], name: B, keywords: [[a]]}\n")
        #expect(findings(bad) == ["4:46 unknown-language", "5:46 wrong-shape"])
    }

    @Test("checked and valid_until: strict YYYY-MM-DD, real dates, errors at the value")
    func dates() throws {
        let good = load("  - {id: a, serves: [x], name: A, checked: 2024-02-29, valid_until: \"2027-12-31\"}\n")
        let service = try #require(good.value?.services.first, "\(good.diagnostics)")
        #expect(service.checked == (try date("2024-02-29")))
        #expect(service.validUntil == (try date("2027-12-31")))
        #expect(service.checkedLocation?.column == 44)
        let bad = load(
            """
              - {id: a, serves: [x], name: A, checked: 2026-02-29}
              - {id: b, serves: [x], name: B, checked: 2026-3-1}
              - {id: c, serves: [x], name: C, valid_until: 2026-13-01}
              - {id: d, serves: [x], name: D, valid_until: [2026-01-01]}

            """)
        #expect(findings(bad) == ["4:44 invalid-date", "5:44 invalid-date", "6:48 invalid-date", "7:48 wrong-shape"])
        let message = try #require(bad.diagnostics.first)
        #expect(message.message == "'2026-02-29' in 'checked' is not a date: February 2026 has 28 days, not 29")
        #expect(message.hint == "write the date as YYYY-MM-DD, e.g. 2026-03-01")
        #expect(bad.value == nil)
    }

    @Test("fallback: another service of the map; unknown, self and cycles are errors at the fallback")
    func fallbacks() throws {
        let good = load(
            """
              - {id: a, serves: [x], name: A, fallback: b}
              - {id: b, serves: [x], name: B, phone: 0100-1, fallback: c}
              - {id: c, serves: [x], name: C}

            """)
        let map = try #require(good.value, "\(good.diagnostics)")
        #expect(map.fallback(for: map.services[0])?.id == "b")
        #expect(map.fallback(for: map.services[1])?.id == "c")
        #expect(map.fallback(for: map.services[2]) == nil)
        let bad = load(
            """
              - {id: a, serves: [x], name: A, fallback: b}
              - {id: b, serves: [x], name: B, fallback: c}
              - {id: c, serves: [x], name: C, fallback: a}
              - {id: d, serves: [x], name: D, fallback: d}
              - {id: e, serves: [x], name: E, fallback: punt_welzjn}
              - {id: punt_welzijn, serves: [x], name: P, fallback: e}
              - {id: f, serves: [x], name: F, fallback: g}
              - {id: g, serves: [x], name: G, fallback: f}
              - {id: h, serves: [x], name: H, fallback: f}

            """)
        #expect(
            findings(bad) == [
                "4:45 fallback-cycle", "7:45 fallback-self", "8:45 unknown-service", "10:45 fallback-cycle",
            ])
        #expect(bad.diagnostics[0].message == "the fallbacks of services 'a' → 'b' → 'c' → 'a' go round in a circle")
        #expect(bad.diagnostics[2].hint == "did you mean 'punt_welzijn'?")
        #expect(bad.diagnostics[3].message.contains("'f' → 'g' → 'f'"))
        #expect(bad.value == nil)
    }

    @Test("a long chain of fallbacks is walked once; one long circle is one error; hints for the first wrong ids only")
    func longChains() {
        let count = 10_000
        func chain(closing: Bool) -> String {
            (0..<count).map { index in
                let next = index + 1 < count ? "s\(index + 1)" : (closing ? "s0" : nil)
                return "  - {id: s\(index), serves: [x], name: S\(index)\(next.map { ", fallback: \($0)" } ?? "")}\n"
            }.joined()
        }
        #expect(load(chain(closing: false)).diagnostics.isEmpty)
        let circle = load(chain(closing: true))
        #expect(findings(circle) == ["4:47 fallback-cycle"])
        #expect(circle.diagnostics.first?.message.hasSuffix("'s9999' → 's0' go round in a circle") == true)
        let wrong = load((0..<100).map { "  - {id: s\($0), serves: [x], name: S, fallback: t\($0)}\n" }.joined())
        #expect(wrong.diagnostics.count == 100)
        #expect(wrong.diagnostics.prefix(20).allSatisfy { $0.hint?.hasPrefix("did you mean") == true })
        #expect(wrong.diagnostics.dropFirst(20).allSatisfy { $0.hint == "use the id of a service on this map" })
    }

    @Test("freshness: stale more than a year after checked, expired after valid_until")
    func freshness() throws {
        let service = Service(
            id: "a", serves: ["x"], name: "A", checked: try date("2024-02-29"), location: .init(file: "m", line: 1, column: 1))
        #expect(service.freshness(on: try date("2025-02-28")) == .current)
        #expect(service.freshness(on: try date("2025-03-01")) == .stale(checked: try date("2024-02-29")))
        var expiring = service
        expiring.validUntil = try date("2024-12-31")
        #expect(expiring.freshness(on: try date("2024-12-31")) == .current)
        #expect(expiring.freshness(on: try date("2025-01-01")) == .expired(validUntil: try date("2024-12-31")))
        #expect(expiring.freshness(on: try date("2025-01-01")).isOutdated)
        let undated = Service(id: "b", serves: ["x"], name: "B", location: .init(file: "m", line: 1, column: 1))
        #expect(undated.freshness(on: try date("2099-01-01")) == .current)
    }

    @Test("validate with today: map-stale, map-expired and map-checked-in-future at the date; without today nothing")
    func freshnessWarnings() throws {
        let text = """
            kind: social_map
            region: Testdorp
            services:
              - id: oud
                serves: [x]
                name: Oud
                checked: 2024-01-10
              - id: verlopen
                serves: [x]
                name: Verlopen
                checked: 2026-01-10
                valid_until: 2026-06-30
              - id: toekomst
                serves: [x]
                name: Toekomst
                checked: 2062-01-10
              - id: vers
                serves: [x]
                name: Vers
                checked: 2026-01-10

            """
        let today = try date("2026-07-01")
        let diagnostics = DocumentValidator(today: today).validate(Array(text.utf8), file: "m.yaml").diagnostics
        #expect(diagnostics.map { "\($0.location.line):\($0.location.column) \($0.code)" } == [
            "7:14 map-stale", "12:18 map-expired", "16:14 map-checked-in-future",
        ])
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
        #expect(diagnostics[0].message == "the details of service 'oud' were last checked on 2024-01-10, more than a year ago")
        #expect(diagnostics[0].hint == "check the contact details with Oud, then set 'checked: 2026-07-01'")
        #expect(DocumentValidator().validate(Array(text.utf8), file: "m.yaml").diagnostics.isEmpty)
    }

    @Test("the shipped maps load, are checked in 2026, and have keywords and fallbacks")
    func shippedMaps() throws {
        for region in ["weert", "vlissingen", "amsterdam-zuidoost"] {
            let path = ReadmeExample.packageRoot + "/Examples/sociale-kaart/\(region).yaml"
            let validated = DocumentValidator(today: try date("2026-12-01")).validate(path: path)
            #expect(validated.diagnostics.isEmpty, "\(region): \(validated.diagnostics)")
            let map = try #require(SocialMapLoader().load(path: path).value)
            #expect(map.services.allSatisfy { $0.checked?.year == 2026 }, "\(region)")
            #expect(map.services.contains { $0.fallback != nil }, "\(region)")
            #expect(map.services.filter { $0.keywords.isEmpty }.isEmpty, "\(region)")
            // No "nl / en" texts: English output never shows Dutch and English side by side.
            for service in map.services {
                for text in [service.contact, service.hours, service.description].compactMap({ $0 }) {
                    #expect(!text.nl.contains(" / day"), "\(region) \(service.id)")
                    #expect(!text.nl.contains("/ medical"), "\(region) \(service.id)")
                }
            }
        }
    }
}
