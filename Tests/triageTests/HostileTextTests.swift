import Foundation
import Testing

/// Scalars that must never reach an output raw: C0 controls other than the line feeds the
/// output itself writes, DEL, C1 controls, bidi controls, and the Unicode line separators.
func rawControls(_ text: String) -> [String] {
    text.unicodeScalars.filter { scalar in
        let value = scalar.value
        return (value < 0x20 && value != 0x0A) || (0x7F...0x9F).contains(value) || (0x2028...0x202E).contains(value)
            || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F || value == 0x061C
    }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
}

/// Every string field of every file kind carries escaped control characters (YAML double-quoted
/// escapes): line breaks that would forge a line of the note, ESC sequences that would clear the
/// screen or set the clipboard, BEL, NUL, and bidi overrides.
enum HostileFiles {
    static let protocolText = #"""
        kind: protocol
        id: hostile
        version: 1.0.0
        languages: [nl, en]
        title: {nl: "Titel\e]0;pwned\a", en: "Title\e[2J"}
        hit_policy: collect
        destinations:
          - id: crisisdienst
            category: urgent
            name: {nl: "Crisis\u202Edienst", en: "Crisis\u202Eservice"}
          - id: welzijnscoach
            category: welfare
            name: {nl: "Welzijns\ncoach\rP: vervalst", en: "Coach\e[31m"}
        questions:
          - id: gevaar
            type: yes_no
            text: {nl: "Gevaar?\a\0", en: "Danger?\u2066x\u2069"}
            help: {nl: "Hulp\e[2Jtekst\nS: vervalst", en: "Help\e[2J"}
          - id: eenzaam
            type: yes_no
            text: {nl: "Eenzaam?\r\nO: vervalst", en: "Lonely?"}
          - id: keuze
            type: choice
            text: {nl: "Keuze\x7f\x9b", en: "Choice"}
            options:
              - id: a
                text: {nl: "Optie\u202Ea", en: "Option a"}
              - id: b
                text: {nl: "Optie\nb", en: "Option b"}
          - id: wens
            type: text
            text: {nl: "Wens?\L", en: "Wish?"}
        rules:
          - id: acuut
            when: gevaar
            red_flag: true
            refer: crisisdienst
            priority: 1
            reason: {nl: "Acuut\nE: vervalst", en: "Acute"}
            action: {nl: "Bel\e[2J 113\NP: vervalst", en: "Call 113"}
          - id: eenzaamheid
            when: eenzaam and keuze == a
            refer: welzijnscoach
            priority: 2
            reason: {nl: "Eenzaam\PP: vervalst", en: "Lonely"}

        """#

    static let mapText = #"""
        kind: social_map
        region: "Regio\e[2J"
        services:
          - id: welzijn
            serves: [welzijnscoach]
            name: "Welzijn\e[H\e[2J"
            contact: "Coach\nP: vervalst"
            phone: "\u202E0100-123"
            email: "coach@x.example\e]52;c;ZXZpbA==\a"
            hours: "ma\tdi\rwo"
          - id: crisis
            serves: [crisisdienst]
            name: "Crisis\u2067dienst"
            phone: "113\0"

        """#

    static let answersText = #"""
        kind: answers
        protocol: hostile
        answers:
          gevaar: nee
          eenzaam: ja
          keuze: a
          wens: "rustig\nP: Rode vlag: suïcidaliteit. Verwezen naar crisisdienst.\e[2J\u202E"

        """#

    static let forgedWish = "rustig\nP: Rode vlag: suïcidaliteit. Verwezen naar crisisdienst.\u{1B}[2J\u{202E}"
}

@Suite("untrusted text never reaches an output raw")
struct HostileTextTests {
    private func scratch() throws -> (ScratchDirectory, protocolPath: String, map: String, answers: String) {
        let scratch = try ScratchDirectory()
        let protocolPath = try scratch.write("hostile.yaml", HostileFiles.protocolText)
        let map = try scratch.write("hostile-map.yaml", HostileFiles.mapText)
        let answers = try scratch.write("hostile-answers.yaml", HostileFiles.answersText)
        return (scratch, protocolPath, map, answers)
    }

    @Test("the hostile files load: the reader passes the escapes (so the renderers must neutralise them)")
    func filesLoad() throws {
        let (dir, protocolPath, map, answers) = try scratch()
        defer { dir.remove() }
        let run = try triage(["validate", protocolPath, map, answers])
        #expect(run.status == 0, "\(run.standardOutput)")
        #expect(rawControls(run.standardOutput + run.standardError).isEmpty)
    }

    @Test("terminal text, note (S/O/E/P), letter and --explain: no raw controls, no forged lines", arguments: ["nl", "en"])
    func scriptedOutputs(_ language: String) throws {
        let (dir, protocolPath, map, answers) = try scratch()
        defer { dir.remove() }
        for format in ["text", "note"] {
            let run = try triage(
                ["run", protocolPath, "--map", map, "--answers", answers, "--format", format, "--explain", "--lang", language,
                 "--color", "never"])
            #expect(run.status == 0, "\(run.standardError)")
            let output = run.standardOutput + run.standardError
            #expect(rawControls(output).isEmpty, "\(format): \(rawControls(output))")
            #expect(output.contains("⏎"), "line breaks inside a field are shown, not executed")
            #expect(output.contains("<U+202E>") || output.contains("<U+001B>"))
            let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            if format == "note" {
                for prefix in ["S: ", "O: ", "E: ", "P: "] {
                    #expect(lines.count { $0.hasPrefix(prefix) } == 1, "\(prefix) in \(run.standardOutput)")
                }
                // The wish is quoted in its own field, in the S line and in the letter.
                #expect(run.standardOutput.contains("“rustig ⏎ P: Rode vlag: suïcidaliteit. Verwezen naar crisisdienst.<U+001B>[2J<U+202E>”"))
                #expect(!lines.contains { $0.hasPrefix("P: Rode vlag") })
                let letterStart = try #require(lines.firstIndex { $0.hasPrefix("--- ") })
                #expect(lines[letterStart].contains("Coach ⏎ P: vervalst"), "\(lines[letterStart])")
            } else {
                #expect(!lines.contains { $0.hasPrefix("P: ") || $0.hasPrefix("E: ") })
            }
        }
    }

    @Test("the HTML page: no raw controls, line breaks inside a field shown, not executed", arguments: ["nl", "en"])
    func html(_ language: String) throws {
        let (dir, protocolPath, map, answers) = try scratch()
        defer { dir.remove() }
        let run = try triage(
            ["run", protocolPath, "--map", map, "--answers", answers, "--format", "html", "--explain", "--lang", language])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(rawControls(run.standardOutput + run.standardError).isEmpty, "\(rawControls(run.standardOutput))")
        #expect(run.standardOutput.hasPrefix("<!DOCTYPE html>") && run.standardOutput.hasSuffix("</html>\n"), "the trace goes to stderr")
        #expect(run.standardOutput.contains("“rustig ⏎ P: Rode vlag: suïcidaliteit. Verwezen naar crisisdienst.&lt;U+001B&gt;[2J&lt;U+202E&gt;”"))
        #expect(run.standardOutput.contains("Welzijn&lt;U+001B&gt;[H&lt;U+001B&gt;[2J"))
    }

    @Test("JSON escapes every control and bidi character and keeps the text exact")
    func json() throws {
        let (dir, protocolPath, map, answers) = try scratch()
        defer { dir.remove() }
        let run = try triage(["run", protocolPath, "--map", map, "--answers", answers, "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(rawControls(run.standardOutput).isEmpty, "\(rawControls(run.standardOutput))")
        #expect(run.standardOutput.contains(#"\u001b[2J\u202e"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let answered = try #require(object["answers"] as? [String: Any])
        #expect(answered["wens"] as? String == HostileFiles.forgedWish)
    }

    @Test("the interactive walk and its review (prompts on standard error): no raw controls")
    func walkAndReview() throws {
        let (dir, protocolPath, map, _) = try scratch()
        defer { dir.remove() }
        // '?' for help, gevaar nee, eenzaam ja, keuze 1, a wish; then a bad review choice, then Enter.
        let run = try triage(
            ["run", protocolPath, "--map", map, "--color", "never"], input: "?\nnee\nja\n1\nrustig\u{1B}[2J\n99\n\n",
            environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(rawControls(run.standardError + run.standardOutput).isEmpty, "\(rawControls(run.standardError))")
        #expect(run.standardError.contains("Hulp<U+001B>[2Jtekst ⏎ S: vervalst"), "\(run.standardError)")
        #expect(run.standardError.contains("“rustig<U+001B>[2J”"), "the review quotes free text")
    }

    @Test("diagnostics: values quoted from input and file names are neutralised")
    func diagnostics() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let bad = try dir.write(
            "bad.yaml", HostileFiles.protocolText.replacingOccurrences(of: "type: yes_no\n    text: {nl: \"Eenzaam", with: "type: \"ja\\e[2J\\n\"\n    text: {nl: \"Eenzaam"))
        let run = try triage(["validate", bad, dir.path + "/no\u{1B}[2Jsuch\nfile.yaml"])
        #expect(run.status == 1)
        #expect(rawControls(run.standardOutput + run.standardError).isEmpty, "\(run.standardOutput)")
        #expect(run.standardOutput.contains("'ja<U+001B>[2J ⏎ ' is not an answer type"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("no<U+001B>[2Jsuch ⏎ file.yaml"), "\(run.standardOutput)")
    }

    @Test("graph labels (dot and mermaid): no raw controls", arguments: ["dot", "mermaid"])
    func graph(_ format: String) throws {
        let (dir, protocolPath, _, _) = try scratch()
        defer { dir.remove() }
        let run = try triage(["graph", protocolPath, "--format", format])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(rawControls(run.standardOutput).isEmpty, "\(rawControls(run.standardOutput))")
    }
}

@Suite("walk messages")
struct WalkMessageTests {
    @Test("a review with no answers does not offer 'Kies 1–0'")
    func emptyReview() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let file = try dir.write(
            "e.yaml",
            """
            kind: protocol
            id: e
            version: 1.0.0
            languages: [nl]
            title: {nl: E}
            destinations:
              - {id: welzijnscoach, category: welfare, name: {nl: Welzijnscoach}}
            questions:
              - {id: a, type: yes_no, when: "false", text: {nl: A?}}
            rules:
              - {id: r, when: "not asked(a)", refer: welzijnscoach, priority: 1, reason: {nl: R.}}
            """)
        let run = try triage(["run", file, "--color", "never"], input: "1\n\n", environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(!run.standardError.contains("1–0"))
        #expect(run.standardError.contains("Er zijn geen antwoorden om te wijzigen"))
    }
}

@Suite("the walk as a GP lives it")
struct WalkFlowTests {
    private func environment(columns: Int) -> [String: String] {
        CLIFixture.environment(lang: "nl_NL.UTF-8", extra: ["COLUMNS": String(columns)])
    }

    @Test("the review is in conversation order: a follow-up added by a change stands after its parent")
    func reviewOrder() throws {
        // gevaar nee, oorzaak geen, stemming 8 (so eenzaam is not asked), zorgen none, toestemming ja;
        // review: change 3 (stemming) to 2, which asks eenzaam: ja; then confirm.
        let run = try triage(
            ["run", CLIFixture.walk, "--color", "never"], input: "nee\n2\n8\n-\nja\n3\n2\nja\n\n",
            environment: environment(columns: 100))
        #expect(run.status == 0, "\(run.standardError)")
        let reviews = run.standardError.components(separatedBy: "Controleer de antwoorden:")
        let last = try #require(reviews.last)
        let lines = last.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains(". ") }.map(String.init)
        #expect(lines.count == 6, "\(lines)")
        #expect(lines[2].hasPrefix("  3. Stemming van 0 tot 10? — 2"), "\(lines)")
        #expect(lines[3].hasPrefix("  4. Voelt de patiënt zich eenzaam? — ja"), "\(lines)")
    }

    @Test("a review at 60 columns: one line per answer, none longer than the screen")
    func reviewFits() throws {
        let run = try triage(
            ["run", CLIFixture.walk, "--color", "never"], input: "nee\n2\n3\nja\n1,2,3\n12500\nja\n\n",
            environment: environment(columns: 60))
        #expect(run.status == 0, "\(run.standardError)")
        let review = try #require(run.standardError.components(separatedBy: "Controleer de antwoorden:").last)
        let lines = review.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains(". ") }
        #expect(lines.count == 7)
        for line in lines { #expect(line.count <= 60, "\(line)") }
    }

    @Test("after '<' the previous answer is shown and Enter keeps it")
    func backKeepsTheAnswer() throws {
        // gevaar nee, oorzaak 2, then '<' back to oorzaak: Enter keeps 'geen'.
        let run = try triage(
            ["run", CLIFixture.walk, "--color", "never", "--format", "json"], input: "nee\n2\n<\n\n8\n-\nja\n\n",
            environment: environment(columns: 80))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("Enter = houd: Geen medische verklaring"), "\(run.standardError)")
        #expect(run.standardOutput.contains("\"oorzaak\": \"geen\""))
    }

    @Test("an answer hint matches the options on screen, weet niet included")
    func hintsMatchTheOptions() throws {
        // eenzaam (yes/no with weet niet) gets 'x'; then a choice without weet niet gets '5'.
        let run = try triage(
            ["run", CLIFixture.walk, "--color", "never"], input: "nee\n5\n2\n3\nx\n", environment: environment(columns: 200))
        #expect(run.standardError.contains("verwacht: een keuzenummer 1–2\n"), "\(run.standardError)")
        #expect(run.standardError.contains("verwacht: ja, nee of weet niet (1, 2 of 3)"), "\(run.standardError)")
    }

    @Test("the first screen names the protocol and the keys; progress says 'van ongeveer'")
    func firstScreen() throws {
        let run = try triage(["run", CLIFixture.walk], input: "", environment: environment(columns: 80))
        #expect(run.status == 130)
        #expect(run.standardError.hasPrefix("CLI-testprotocol\n(cli-fixture 1.0.0)\n"))
        #expect(run.standardError.contains("? = uitleg, < = terug"))
        #expect(run.standardError.contains("[vraag 1 van ongeveer 7]"))
    }
}

@Suite("adjusting the advice in the walk")
struct AdjustInWalkTests {
    @Test("a: drop a route, add one, keep the urgency, reason 'other' with words; the note records advice and decision")
    func adjust() throws {
        // The social consult; then a: drop 1 (Schuldhulpverlening), add none, urgency as advised,
        // reason 4 (anders) with words; then n for the note.
        let input = "nee\n2\n3\nja\n1\n500\nja\n\na\n1\n\n\n4\npatiënt heeft al een bewindvoerder\nn\n"
        let run = try triage(
            ["run", CLIFixture.walk, "--map", CLIFixture.map, "--color", "never"], input: input,
            environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("Routes in het advies:\n  1. Schuldhulpverlening\n  2. Welzijnscoach"), "\(run.standardError)")
        let adjusted = try #require(run.standardOutput.components(separatedBy: "\n\nAdvies: ").last)
        #expect(adjusted.hasPrefix("Welzijnscoach — contact binnen ongeveer twee weken\nAangepast door de huisarts"), "\(adjusted)")
        #expect(run.standardOutput.contains("E: Triage cli-fixture 1.0.0"))
        #expect(run.standardOutput.contains("niet gevolgd: Schuldhulpverlening; reden: anders — “patiënt heeft al een bewindvoerder”"), "\(run.standardOutput)")
    }
}

@Suite("untrusted text in scenario files and machine formats")
struct HostileScenarioTests {
    @Test("a scenario's title and values with escapes: test, validate (text, json, sarif) print no raw controls")
    func scenarioFile() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let file = try dir.write(
            "h.tests.yaml",
            #"""
            kind: scenarios
            protocol: walk.yaml
            scenarios:
              - title: "Vrouw\e[2J\nFAIL vervalst\u202E"
                answers: {gevaar: "nee\a", oorzaak: geen, stemming: 8, zorgen: [], toestemming: ja}
                expect:
                  decision: medical
            """#)
        let test = try triage(["test", file, "--color", "never"])
        #expect(test.status == 1)
        #expect(rawControls(test.standardOutput + test.standardError).isEmpty, "\(rawControls(test.standardOutput + test.standardError))")
        #expect(test.standardOutput.contains("Vrouw<U+001B>[2J ⏎ FAIL vervalst<U+202E>"), "\(test.standardOutput)")
        #expect(!test.standardOutput.split(separator: "\n").contains { $0.hasPrefix("FAIL") })
        for format in ["text", "json", "sarif"] {
            let validate = try triage(["validate", file, "--format", format, "--color", "never"])
            #expect(validate.status == 1, "\(format)")
            #expect(rawControls(validate.standardOutput).isEmpty, "\(format): \(rawControls(validate.standardOutput))")
        }
    }
}
