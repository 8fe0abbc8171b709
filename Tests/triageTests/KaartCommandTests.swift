import Foundation
import Testing

/// The shipped Weert map, and an environment with a fixed day and width.
private let weert = CLIFixture.repositoryRoot + "/Examples/sociale-kaart/weert.yaml"

private func environment(lang: String = "nl_NL.UTF-8", columns: Int? = nil, today: String = "2026-12-01") -> [String: String] {
    var extra = ["TRIAGE_TODAY": today]
    if let columns { extra["COLUMNS"] = String(columns) }
    return CLIFixture.environment(lang: lang, extra: extra)
}

/// A social map with an out-of-date contact and a fallback, for the walk fixture.
private let staleMap = """
    kind: social_map
    region: Testdorp
    services:
      - id: welzijn_testdorp
        serves: [welzijnscoach]
        name: Welzijn Testdorp
        contact: {nl: Coach Jansen (rol), en: Coach Jansen (role)}
        phone: 0100-123456
        email: coach@welzijn-testdorp.example
        channel: email
        checked: 2024-02-29
        fallback: amw_testdorp
      - id: amw_testdorp
        serves: [maatschappelijk_werk]
        name: Maatschappelijk Werk Testdorp
        phone: 0100-654321
      - id: crisis_testdorp
        serves: [crisisdienst]
        name: Crisisdienst Testregio
        phone: 0100-999999
        channel: phone
        checked: 2026-01-10
        valid_until: 2026-06-30

    """

@Suite("triage kaart and the social map's freshness")
struct KaartCommandTests {
    @Test("schulden, eenzaam and mantelzorg on the Weert map find their services, grouped by route")
    func searches() throws {
        let debts = try triage(["kaart", weert, "schulden"], environment: environment())
        #expect(debts.status == 0, "\(debts.standardError)")
        #expect(debts.standardOutput.hasPrefix("Sociale kaart Weert · “schulden” · 1 dienst\n"))
        #expect(debts.standardOutput.contains("\nSchuldhulpverlening\n  Gemeente Weert, schuldhulpverlening\n"))
        #expect(debts.standardOutput.contains("schuldhulp.weert@example.org"))

        let lonely = try triage(["kaart", weert, "Eenzaam", "--protocol", CLIFixture.repositoryRoot + "/Protocols/welzijn-op-recept.yaml"], environment: environment())
        #expect(lonely.status == 0, "\(lonely.standardError)")
        #expect(lonely.standardOutput.contains("\nWelzijnscoach (Welzijn op Recept)\n  Punt Welzijn\n"))
        #expect(lonely.standardOutput.contains("Bij afwezigheid: Algemeen Maatschappelijk Werk Weert"))

        let carers = try triage(["kaart", weert, "mantelzorg"], environment: environment())
        #expect(carers.status == 0)
        #expect(carers.standardOutput.contains("\nMantelzorgondersteuning\n  Punt Welzijn\n"))
        #expect(carers.standardOutput.contains("Gemeente Weert, afdeling Wmo"))
        #expect(!carers.standardOutput.contains("Schuldhulp"))
    }

    @Test("nothing found: exit 1 with the words and suggestions from the map's keywords")
    func nothingFound() throws {
        let run = try triage(["kaart", weert, "schlden"], environment: environment())
        #expect(run.status == 1)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.hasPrefix("Niets gevonden voor “schlden” op de sociale kaart van Weert; probeer: schulden,"), "\(run.standardError)")
        let english = try triage(["kaart", weert, "qqq"], environment: environment(lang: "en_GB.UTF-8"))
        #expect(english.status == 1)
        #expect(english.standardError.hasPrefix("Nothing found for “qqq” on the social map of Weert; try: "))
        let route = try triage(["kaart", weert, "--destination", "schuldhulp_verlening"], environment: environment())
        #expect(route.status == 1)
        #expect(route.standardError.replacingOccurrences(of: "\n  ", with: " ").contains("bedoelt u “schuldhulpverlening”?"), "\(route.standardError)")
        let json = try triage(["kaart", weert, "qqq", "--format", "json"], environment: environment())
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect((object["routes"] as? [Any])?.isEmpty == true)
        #expect((object["suggestions"] as? [String])?.count == 5)
    }

    @Test("COLUMNS=60: no line over 60 columns, no e-mail address, URL or phone number cut")
    func sixtyColumns() throws {
        let run = try triage(["kaart", weert], environment: environment(columns: 60))
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count > 50)
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(lines.filter { $0.count > 60 })")
        let map = try String(contentsOfFile: weert, encoding: .utf8)
        for key in ["email: ", "website: ", "phone: "] {
            for line in map.split(separator: "\n") where line.hasPrefix("    " + key) {
                let value = line.dropFirst(4 + key.count).replacingOccurrences(of: "\"", with: "")
                #expect(run.standardOutput.contains(value), "'\(value)' is cut")
            }
        }
        // Wider and narrower terminals work too.
        for columns in [20, 40, 200] {
            let other = try triage(["kaart", weert, "eenzaam"], environment: environment(columns: columns))
            #expect(other.status == 0)
            #expect(other.standardOutput.contains("welzijn-op-recept.weert@example.org\n"))
        }
        // Without COLUMNS (and not a terminal): 80.
        let plain = try triage(["kaart", weert], environment: environment())
        #expect(plain.standardOutput.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(plain.standardOutput.split(separator: "\n").contains { $0.count > 60 })
    }

    @Test("--lang en: English texts and labels, no 'nl / en' texts, no Dutch-only labels")
    func english() throws {
        let run = try triage(["kaart", weert, "--lang", "en"], environment: environment())
        #expect(run.status == 0)
        let text = run.standardOutput
        #expect(text.hasPrefix("Social map Weert · 15 services\n"))
        for dutch in ["dag en nacht", " / day", "Telefoon:", "Bereikbaar:", "Bij afwezigheid", "sociaal werker", "(rol)", "zie hierboven"] {
            #expect(!text.contains(dutch), "\(dutch)")
        }
        #expect(text.contains("Hours:          day and night"))
        #expect(text.contains("If unavailable: Algemeen Maatschappelijk Werk Weert"))
        // The language follows LANG when --lang is not given.
        let byEnvironment = try triage(["kaart", weert, "eenzaam"], environment: environment(lang: "en_US.UTF-8"))
        #expect(byEnvironment.standardOutput.hasPrefix("Social map Weert"))
    }

    @Test("--destination, --format json, and a bad map or language")
    func optionsAndErrors() throws {
        let one = try triage(["kaart", weert, "--destination", "mantelzorgondersteuning"], environment: environment())
        #expect(one.status == 0)
        #expect(one.standardOutput.contains("\nMantelzorgondersteuning\n  Punt Welzijn\n"))
        #expect(!one.standardOutput.contains("Schuldhulp"))
        let json = try triage(["kaart", weert, "schulden", "--format", "json", "--lang", "en"], environment: environment())
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "triage-kaart/1")
        let service = try #require(((object["routes"] as? [[String: Any]])?.first?["services"] as? [[String: Any]])?.first)
        #expect(service["id"] as? String == "schuldhulp_weert")
        #expect(service["contact"] as? String == "debt counsellor (role)")
        #expect(service["outdated"] as? Bool == false)
        #expect(try triage(["kaart", weert, "--lang", "de"], environment: environment()).status == 64)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let broken = try scratch.write("broken.yaml", "kind: social_map\nregion: X\nservices:\n  - {id: a, serves: [x], name: A, checked: 2026-02-30}\n")
        let run = try triage(["kaart", broken], environment: environment())
        #expect(run.status == 1)
        #expect(run.standardError.contains("broken.yaml:4:44: error: '2026-02-30' in 'checked' is not a date"), "\(run.standardError)")
        let badDay = try triage(["kaart", weert], environment: environment(today: "2026-13-01"))
        #expect(badDay.status == 64)
        #expect(badDay.standardError.contains("TRIAGE_TODAY='2026-13-01' is not a date"))
    }

    @Test("out-of-date contacts are marked in kaart and in run --map; validate warns at the date")
    func freshness() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let map = try scratch.write("stale.yaml", staleMap)
        let kaart = try triage(["kaart", map], environment: environment(today: "2026-07-01"))
        #expect(kaart.status == 0)
        #expect(kaart.standardOutput.contains("Let op:          gegevens mogelijk verouderd, gecontroleerd 2024-02-29"), "\(kaart.standardOutput)")
        #expect(kaart.standardOutput.contains("geldig tot 2026-06-30"))

        let consult = "nee\n2\n4\nja\n1,3\n12500,50\nj\n\n"
        let run = try triage(["run", scratch.path + "/walk.yaml", "--map", map, "--lang", "nl"], input: consult, environment: environment(today: "2026-07-01"))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(
            run.standardOutput.contains(
                "Coach Jansen (rol) · 0100-123456 · coach@welzijn-testdorp.example · per e-mail (gegevens mogelijk verouderd, gecontroleerd 2024-02-29)\n     bij afwezigheid: Maatschappelijk Werk Testdorp, 0100-654321\n"
            ), "\(run.standardOutput)")
        let english = try triage(["run", scratch.path + "/walk.yaml", "--map", map, "--lang", "en"], input: consult, environment: environment(today: "2026-07-01"))
        #expect(english.standardOutput.contains("Coach Jansen (role) · 0100-123456"))
        #expect(english.standardOutput.contains("(details may be out of date, checked 2024-02-29)\n     if unavailable: Maatschappelijk Werk Testdorp"))
        let fresh = try triage(["run", scratch.path + "/walk.yaml", "--map", map, "--lang", "nl"], input: consult, environment: environment(today: "2024-06-01"))
        #expect(!fresh.standardOutput.contains("verouderd"))

        let validate = try triage(["validate", map], environment: environment(today: "2026-07-01"))
        #expect(validate.status == 0, "warnings only")
        let findings = validate.standardOutput.split(separator: "\n").filter { $0.contains(": warning: ") }
        #expect(findings.count == 2, "\(validate.standardOutput)")
        #expect(findings[0].hasSuffix("stale.yaml:11:14: warning: the details of service 'welzijn_testdorp' were last checked on 2024-02-29, more than a year ago [map-stale]"))
        #expect(findings[1].hasSuffix("stale.yaml:23:18: warning: the details of service 'crisis_testdorp' were valid until 2026-06-30; today is 2026-07-01 [map-expired]"))
        #expect(try triage(["validate", "--strict", map], environment: environment(today: "2026-07-01")).status == 1)
        #expect(try triage(["validate", map], environment: environment(today: "2026-01-11")).standardOutput.contains("(0 errors, 1 warning)"))
    }

    @Test("the shipped maps, protocols and answers validate clean, and their scenarios pass")
    func shippedFilesStayClean() throws {
        let root = CLIFixture.repositoryRoot
        let files = try ["Protocols", "Examples/sociale-kaart", "Examples/answers"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder).filter { $0.hasSuffix(".yaml") }.map { root + "/" + folder + "/" + $0 }
        }
        let validate = try triage(["validate"] + files, environment: environment())
        #expect(validate.status == 0)
        #expect(validate.standardOutput.hasSuffix("checked: ok (0 errors, 0 warnings)\n"), "\(validate.standardOutput)")
    }

    @Test("hostile map texts never reach the terminal raw")
    func hostileMap() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let map = try scratch.write("hostile-map.yaml", HostileFiles.mapText)
        for arguments in [["kaart", map], ["kaart", map, "welzijn\u{1B}[2J"], ["kaart", map, "--lang", "en"], ["kaart", map, "--destination", "x\u{1B}[2J"]] {
            let run = try triage(arguments, environment: environment(columns: 40))
            #expect(rawControls(run.standardOutput + run.standardError).isEmpty, "\(arguments): \(rawControls(run.standardOutput + run.standardError))")
        }
        let json = try triage(["kaart", map, "--format", "json"], environment: environment())
        #expect(json.status == 0)
        #expect(rawControls(json.standardOutput).isEmpty)
        #expect(json.standardOutput.contains(#"\u001b[H\u001b[2J"#))
    }
}
