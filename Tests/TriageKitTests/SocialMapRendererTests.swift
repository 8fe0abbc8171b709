import Foundation
import Testing

@testable import TriageKit

/// `SocialMapRenderer` (triage kaart): grouped by route, every field, wrapped to any width.
@Suite struct SocialMapRendererTests {
    @Test("kaart text: grouped by route, every field, fallback, out-of-date mark, within 60 columns")
    func textAtSixtyColumns() throws {
        let search = SocialMapSearch(map: try SocialMapFixture.map())
        let routes = search.routes(matching: [])
        let text = SocialMapRenderer(language: "nl", width: 60, today: SocialMapFixture.today).render(routes, of: search, terms: [])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Sociale kaart Testdorp · 2 diensten")
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(text)")
        for value in ["welzijnscoach.wijk-noord@welzijn-testdorp.example", "https://www.welzijn-testdorp.example/welzijn-op-recept", "0100-123 456"] {
            #expect(lines.contains { $0.contains(value) }, "\(value) is cut: \(text)")
        }
        #expect(text.contains("\nWelzijnscoach\n  Stichting Welzijn Testdorp\n    Welzijn op Recept en steun voor mantelzorgers.\n"))
        #expect(text.contains("    Contact:         welzijnscoach wijk Noord (rol)\n"))
        #expect(text.contains("    Bereikbaar:      dinsdag en donderdag, 9-12 uur\n"))
        #expect(text.contains("    Bij afwezigheid: Maatschappelijk Werk Testdorp,\n                     0100-777 888\n"))
        #expect(text.contains("    Let op:          gegevens mogelijk verouderd,\n                     gecontroleerd 2024-01-10\n"))
        // Too long for the value column: on the next line, less indented, still within 60.
        #expect(text.contains("    Website:\n      https://www.welzijn-testdorp.example/welzijn-op-recept\n"))
        #expect(text.contains("    E-mail:\n      welzijnscoach.wijk-noord@welzijn-testdorp.example\n"))
        #expect(text.contains("    Ook voor:        Mantelzorgondersteuning\n"))
        #expect(text.contains("Mantelzorgondersteuning\n  Stichting Welzijn Testdorp (zie hierboven)\n"))
        #expect(text.contains("gegevens mogelijk verouderd, geldig tot\n                     2026-03-31, gecontroleerd 2026-01-10\n"))
        // Hanging indent: a wrapped value continues under the value column.
        let wrapped = try #require(lines.firstIndex { $0.hasPrefix("    Let op:") })
        #expect(lines[wrapped + 1].hasPrefix(String(repeating: " ", count: 21)))
        // Without today, no marks.
        let undated = SocialMapRenderer(language: "nl", width: 60).render(routes, of: search, terms: [])
        #expect(!undated.contains("verouderd"))
    }

    @Test("kaart text in English: English texts and labels, no Dutch-and-English side by side")
    func english() throws {
        let search = SocialMapSearch(map: try SocialMapFixture.map())
        let text = SocialMapRenderer(language: "en", width: 100, today: SocialMapFixture.today).render(search.routes(matching: ["eenzaam"]), of: search, terms: ["eenzaam"])
        #expect(text.hasPrefix("Social map Testdorp · “eenzaam” · 1 service\n"))
        #expect(text.contains("Contact:        wellbeing coach North district (role)"))
        #expect(text.contains("Hours:          Tuesday and Thursday, 9am-12pm"))
        #expect(text.contains("If unavailable: Maatschappelijk Werk Testdorp, 0100-777 888"))
        #expect(text.contains("Note:           details may be out of date, checked 2024-01-10"))
        #expect(!text.contains("welzijnscoach wijk Noord") && !text.contains("dinsdag"))
    }

    @Test("every width, down to 1: all values shown whole, no crash", arguments: [1, 10, 19, 20, 30, 40, 60, 80, 200])
    func anyWidth(_ width: Int) throws {
        let search = SocialMapSearch(map: try SocialMapFixture.map())
        let text = SocialMapRenderer(language: "nl", width: width, today: SocialMapFixture.today).render(search.routes(matching: []), of: search, terms: [])
        let words = Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        #expect(words.contains("welzijnscoach.wijk-noord@welzijn-testdorp.example"))
        #expect(words.contains("https://www.welzijn-testdorp.example/welzijn-op-recept"))
        if width >= 60 { #expect(text.split(separator: "\n").allSatisfy { $0.count <= width }, "\(text)") }
    }

    @Test("nothing found: the words, the map, and suggestions; an unknown route gets a did-you-mean")
    func nothingFound() throws {
        let map = try SocialMapFixture.map()
        let renderer = SocialMapRenderer(language: "nl", width: 200)
        #expect(
            renderer.nothingFound(on: map, terms: ["xyz"], destination: nil, suggestions: ["eenzaam", "mantelzorg"])
                == "Niets gevonden voor “xyz” op de sociale kaart van Testdorp; probeer: eenzaam, mantelzorg.\n")
        #expect(
            renderer.nothingFound(on: map, terms: [], destination: "welzijnscoah", suggestions: [])
                == "Route “welzijnscoah” staat niet op de sociale kaart van Testdorp; bedoelt u “welzijnscoach”?\n")
        #expect(
            SocialMapRenderer(language: "en", width: 200).nothingFound(on: map, terms: ["q"], destination: "welzijnscoach", suggestions: [])
                == "Nothing found for “q” on route welzijnscoach on the social map of Testdorp; try another word.\n")
        #expect(renderer.nothingFound(on: map, terms: [], destination: "zzz", suggestions: []).contains("routes op de kaart: welzijnscoach, mantelzorgondersteuning, maatschappelijk_werk."))
    }

    @Test("kaart JSON: texts in the chosen language, dates, fallback, outdated, suggestions")
    func json() throws {
        let search = SocialMapSearch(map: try SocialMapFixture.map())
        let document = SocialMapRenderer(language: "en", width: 80, today: SocialMapFixture.today)
            .json(search.routes(matching: ["mantelzorg"]), of: search, terms: ["mantelzorg"], destination: nil, suggestions: [])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document.serialized().utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "triage-kaart/1")
        #expect(object["today"] as? String == "2026-06-01")
        let routes = try #require(object["routes"] as? [[String: Any]])
        #expect(routes.map { $0["destination"] as? String } == ["mantelzorgondersteuning"])
        let service = try #require((routes[0]["services"] as? [[String: Any]])?.first)
        #expect(service["contact"] as? String == "wellbeing coach North district (role)")
        #expect(service["hours"] as? String == "Tuesday and Thursday, 9am-12pm")
        #expect(service["serves"] as? [String] == ["welzijnscoach", "mantelzorgondersteuning"])
        #expect(service["checked"] as? String == "2024-01-10")
        #expect(service["outdated"] as? Bool == true)
        #expect((service["fallback"] as? [String: Any])?["id"] as? String == "amw")
        #expect(service["keywords"] as? [String] == ["eenzaam", "mantelzorg"])
    }
}
