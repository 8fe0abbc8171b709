import Foundation
import Testing

/// Paths of the fixtures the CLI tests use (Tests/triageTests/Fixtures), independent of the
/// shipped protocols so these tests keep passing when `Protocols/` changes.
enum CLIFixture {
    /// Tests/triageTests/Fixtures.
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures").path
    /// The repository root.
    static let repositoryRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A fixture's absolute path.
    static func path(_ name: String) -> String { directory + "/" + name }

    /// The walk protocol: red flag, `when`, choice, multiple choice, scale, number, allow_unknown.
    static let walk = path("walk.yaml")
    /// A social map serving `welzijnscoach` and `crisisdienst` (not `schuldhulpverlening`).
    static let map = path("map.yaml")

    /// An environment with the language fixed by `LANG` (no `LC_ALL`/`LC_MESSAGES`) and no `NO_COLOR`.
    static func environment(lang: String = "en_US.UTF-8", extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"] { environment[name] = nil }
        environment["LANG"] = lang
        environment.merge(extra) { $1 }
        return environment
    }
}

/// The result of one run of the `triage` binary.
struct CLIRun {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs the built `triage` with `arguments`, `input` on standard input, and `environment`
/// (default: `LANG=en_US.UTF-8`), through the shared `TriageProcess` helper.
func triage(
    _ arguments: [String], input: String = "", environment: [String: String] = CLIFixture.environment(),
    directory: String? = nil
) throws -> CLIRun {
    let result = try TriageProcess.run(
        arguments, stdin: Array(input.utf8), environment: environment, currentDirectory: directory, timeout: 30)
    return CLIRun(status: result.status, standardOutput: result.stdout, standardError: result.stderr)
}

/// The consult used by several tests, as typed by a GP: no danger, no medical explanation,
/// mood 4, lonely, money and grief, debts "12500,50", consent; Enter confirms the review.
private let socialConsult = "nee\n2\n4\nja\n1,3\n12500,50\nj\n\n"

private func json(_ text: String) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(value as? [String: Any])
}

@Suite("triage run")
struct RunCommandTests {
    // MARK: - The piped walk

    @Test("piped answers (ja, n, 2, 1,3, -, wn, 12500,50): result on stdout, prompts on stderr")
    func pipedWalk() throws {
        let run = try triage(["run", CLIFixture.walk, "--map", CLIFixture.map], input: socialConsult)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("Advice: Debt counselling + Wellbeing coach — contact within about two weeks\n"))
        #expect(run.standardOutput.contains("Debt counselling"))
        #expect(run.standardOutput.contains("Wellbeing coach — Welzijn Testdorp"))
        #expect(!run.standardOutput.contains("Is there acute danger?"))
        #expect(!run.standardOutput.contains("Review the answers"))
        #expect(run.standardError.contains("[question 1 of about 7] Mental well-being\nIs there acute danger?\n  1) yes   2) no"))
        #expect(run.standardError.hasPrefix("CLI test protocol\n(cli-fixture 1.0.0)\n"))
        #expect(run.standardError.contains("Review the answers:"))
        #expect(run.standardError.contains("6. How large are the debts in euros? — 12500.5"))
        #expect(run.standardError.contains("5. What are the worries about? — Money, Grief"))
        #expect(!run.standardError.contains("Advice:"))
    }

    @Test("`wn` answers weet niet, `-` chooses no option, `n` is no")
    func unknownAndNone() throws {
        let run = try triage(["run", CLIFixture.walk, "--format", "json"], input: "n\n2\n3\nwn\n-\nja\n\n")
        #expect(run.status == 0, "\(run.standardError)")
        let answers = try #require(try json(run.standardOutput)["answers"] as? [String: Any])
        #expect(answers["gevaar"] as? String == "no")
        #expect(answers["eenzaam"] as? String == "unknown")
        #expect((answers["zorgen"] as? [Any])?.isEmpty == true)
        #expect(answers["schulden"] == nil)
    }

    @Test("a bad answer re-prompts with the reason and the session goes on")
    func badAnswerReprompts() throws {
        let run = try triage(["run", CLIFixture.walk, "--format", "json"], input: "misschien\nnee\n7\n2\n11\nwn\n8\n-\nja\n\n")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("Not understood: 'misschien' is not an answer here; expected ja or nee"))
        #expect(run.standardError.contains("Not understood: '7' is not an answer here; expected an option number 1–2"))
        #expect(run.standardError.contains("Not understood: 11 is outside the range of 'stemming' (0–10)"))
        #expect(run.standardError.contains("Not understood: 'stemming' cannot be answered with 'weet niet'"))
        let answers = try #require(try json(run.standardOutput)["answers"] as? [String: Any])
        #expect(answers["gevaar"] as? String == "no")
        #expect(answers["oorzaak"] as? String == "geen")
        #expect(answers["stemming"] as? Int == 8)
    }

    @Test("`?` prints the question's help (or says there is none)")
    func questionMarkShowsHelp() throws {
        let run = try triage(["run", CLIFixture.walk], input: "?\nnee\n?\n")
        #expect(run.standardError.contains("Ask directly; HELPTEXT-DANGER."))
        #expect(run.standardError.contains("No further help for this question."))
        let dutch = try triage(["run", CLIFixture.walk], input: "?\n", environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(dutch.standardError.contains("Vraag het direct; HULPTEKST-GEVAAR."))
    }

    @Test("`<` goes back, and the new answer is the one that counts")
    func backAndReanswer() throws {
        let run = try triage(["run", CLIFixture.walk, "--format", "json"], input: "nee\n1\n<\n2\n7\n-\nja\n\n")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("Back to: Is there a medical explanation?"))
        let outcome = try json(run.standardOutput)
        #expect((outcome["answers"] as? [String: Any])?["oorzaak"] as? String == "geen")
        #expect(outcome["decision"] as? String == "none")
        let first = try triage(["run", CLIFixture.walk], input: "<\n")
        #expect(first.standardError.contains("This is the first question."))
    }

    // MARK: - The review

    @Test("review: a number changes that answer")
    func reviewChangesAnAnswer() throws {
        // Confirmed as answered: no referral. Changed in the review: answer 2 becomes
        // "not yet examined", so the outcome is medical.
        let run = try triage(
            ["run", CLIFixture.walk, "--format", "json"], input: "nee\n2\n8\n-\nja\n2\n1\n\n")
        #expect(run.status == 0, "\(run.standardError)")
        let outcome = try json(run.standardOutput)
        #expect(outcome["decision"] as? String == "medical")
        #expect((outcome["answers"] as? [String: Any])?["oorzaak"] as? String == "niet_onderzocht")
        #expect(run.standardError.components(separatedBy: "Review the answers:").count == 3)
        #expect(run.standardError.contains("2. Is there a medical explanation? — Not yet examined"))
    }

    @Test("review: a change that makes a later question no longer asked drops its answer")
    func reviewChangeDropsQuestion() throws {
        // Mood 4 asks "lonely?"; changing mood to 7 in the review drops that answer.
        let run = try triage(
            ["run", CLIFixture.walk, "--format", "json"], input: "nee\n2\n4\nja\n1\n12500\nja\n3\n7\n\n")
        #expect(run.status == 0, "\(run.standardError)")
        let outcome = try json(run.standardOutput)
        let answers = try #require(outcome["answers"] as? [String: Any])
        #expect(answers["eenzaam"] == nil)
        #expect(answers["stemming"] as? Int == 7)
        #expect(answers["schulden"] as? Int == 12500)
        let referrals = (outcome["referrals"] as? [[String: Any]])?.compactMap { $0["destination"] as? String }
        #expect(referrals == ["schuldhulpverlening"])
        let secondReview = try #require(run.standardError.components(separatedBy: "Review the answers:").last)
        #expect(!secondReview.contains("Does the patient feel lonely?"))
        #expect(secondReview.contains("3. Mood from 0 to 10? — 7"))
    }

    @Test("review: a change that makes a new question apply asks it before the next review")
    func reviewChangeAsksNewQuestion() throws {
        let run = try triage(
            ["run", CLIFixture.walk, "--format", "json"], input: "nee\n2\n8\n-\nja\n3\n2\nja\n\n")
        #expect(run.status == 0, "\(run.standardError)")
        let answers = try #require(try json(run.standardOutput)["answers"] as? [String: Any])
        #expect(answers["eenzaam"] as? String == "yes")
        #expect(try json(run.standardOutput)["decision"] as? String == "psychosocial")
    }

    @Test("changing an answer in the review shows which answer, not a walk progress past the end (bug fix)")
    func reviewChangeHeader() throws {
        let run = try triage(["run", CLIFixture.walk], input: "nee\n2\n4\nja\n1\n12500\nja\n3\n7\n\n")
        #expect(run.status == 0)
        #expect(run.standardError.contains("[change 3] Mental well-being\nMood from 0 to 10?"))
        #expect(!run.standardError.contains("[8/7]"))
    }

    // MARK: - Aborting

    @Test("end of input before the recommendation: exit 130, nothing on stdout", arguments: ["", "nee\n2\n", "nee\n2\n8\n-\nja\n"])
    func endOfInputAborts(input: String) throws {
        let run = try triage(["run", CLIFixture.walk], input: input)
        #expect(run.status == 130)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.hasSuffix("session aborted, nothing saved\n"))
    }

    // MARK: - --answers

    @Test("--answers (YAML and JSON) gives byte-identical JSON to the piped walk")
    func answersMatchPipedWalk() throws {
        let piped = try triage(["run", CLIFixture.walk, "--map", CLIFixture.map, "--format", "json"], input: socialConsult)
        #expect(piped.status == 0, "\(piped.standardError)")
        for file in ["answers/walk-social.yaml", "answers/walk-social.json"] {
            let scripted = try triage(
                ["run", CLIFixture.walk, "--map", CLIFixture.map, "--format", "json", "--answers", CLIFixture.path(file)])
            #expect(scripted.status == 0, "\(file): \(scripted.standardError)")
            #expect(scripted.standardOutput == piped.standardOutput, "\(file)")
            #expect(scripted.standardError.isEmpty, "\(file): no prompts with --answers")
        }
    }

    @Test("JSON answers files may answer yes/no questions with true and false (bug fix)")
    func jsonBooleans() throws {
        let run = try triage(["run", CLIFixture.walk, "--format", "json", "--answers", CLIFixture.path("answers/walk-social.json")])
        #expect(run.status == 0, "\(run.standardError)")
        let answers = try #require(try json(run.standardOutput)["answers"] as? [String: Any])
        #expect(answers["gevaar"] as? String == "no")
        #expect(answers["eenzaam"] as? String == "yes")
    }

    @Test(
        "--answers errors: exit 1 with file:line:col",
        arguments: [
            ("walk-missing.yaml", #"walk-missing\.yaml:4:3: error: no answer for question 'stemming', which is asked here \[missing-answer\]"#),
            ("walk-unknown-id.yaml", #"walk-unknown-id\.yaml:8:3: error: 'toestmming' is not a question of protocol 'cli-fixture' \[unknown-question\]\n    hint: did you mean 'toestemming'\?"#),
            ("walk-invalid.yaml", #"walk-invalid\.yaml:6:13: error: 11 is outside the range of 'stemming' \(0–10\) \[invalid-answer\]"#),
            ("other-protocol.yaml", #"other-protocol\.yaml:\d+:\d+: error: these answers are for protocol 'een-ander-protocol', not 'cli-fixture' \[wrong-protocol\]"#),
        ])
    func answersErrors(file: String, pattern: String) throws {
        let run = try triage(["run", CLIFixture.walk, "--answers", CLIFixture.path("answers/" + file)])
        #expect(run.status == 1)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains(try Regex(pattern)), "\(run.standardError)")
    }

    @Test("--answers findings are reported in file order (bug fix)")
    func answersFindingsSorted() throws {
        let run = try triage(["run", CLIFixture.walk, "--answers", CLIFixture.path("answers/walk-typo.yaml")])
        #expect(run.status == 1)
        let locations = run.standardError.split(separator: "\n").filter { $0.contains(": error: ") }
            .map { $0.split(separator: ": error: ").first.map(String.init) ?? "" }
        #expect(locations.count == 2)
        #expect(locations.first?.hasSuffix("walk-typo.yaml:6:3") == true, "missing 'oorzaak' (line 6) first")
        #expect(locations.last?.hasSuffix("walk-typo.yaml:7:3") == true, "then the misspelt 'oorzak' (line 7)")
        #expect(run.standardError.contains("hint: did you mean 'oorzaak'?"))
    }

    // MARK: - Formats

    @Test("--format json is deterministic and parses")
    func jsonDeterministic() throws {
        let arguments = ["run", CLIFixture.walk, "--map", CLIFixture.map, "--format", "json"]
        let first = try triage(arguments, input: socialConsult)
        let second = try triage(arguments, input: socialConsult)
        #expect(first.status == 0)
        #expect(first.standardOutput == second.standardOutput)
        let outcome = try json(first.standardOutput)
        #expect(outcome["decision"] as? String == "psychosocial")
        #expect(outcome["urgency"] as? String == "routine")
        #expect((outcome["protocol"] as? [String: Any])?["id"] as? String == "cli-fixture")
        #expect((outcome["protocol"] as? [String: Any])?["sha256"] as? String != nil)
        let referrals = (outcome["referrals"] as? [[String: Any]])?.compactMap { $0["destination"] as? String }
        #expect(referrals == ["schuldhulpverlening", "welzijnscoach"])
        #expect((outcome["trace"] as? [Any])?.isEmpty == false)
    }

    @Test("--format json --explain: stdout stays valid JSON, the readable trace goes to stderr (bug fix)")
    func jsonWithExplain() throws {
        let run = try triage(
            ["run", CLIFixture.walk, "--format", "json", "--explain", "--answers", CLIFixture.path("answers/walk-social.yaml")])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try json(run.standardOutput)["decision"] as? String == "psychosocial")
        #expect(run.standardError.contains("eenzaamheid"))
        let plain = try triage(["run", CLIFixture.walk, "--format", "json", "--answers", CLIFixture.path("answers/walk-social.yaml")])
        #expect(run.standardOutput == plain.standardOutput, "--explain does not change the JSON")
    }

    @Test("--format note: S/O/E/P lines and the terugkoppeling")
    func noteFormat() throws {
        let run = try triage(
            ["run", CLIFixture.walk, "--map", CLIFixture.map, "--format", "note", "--lang", "nl"], input: socialConsult)
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for prefix in ["S: ", "O: ", "E: ", "P: "] {
            #expect(lines.contains { $0.hasPrefix(prefix) }, "a line starting with \(prefix)")
        }
        #expect(run.standardOutput.contains("terugkoppeling"))
        #expect(run.standardOutput.contains("Verwijsbericht aan Coach Jansen <coach@welzijn-testdorp.example>"))
        #expect(run.standardOutput.contains("E: Triage cli-fixture 1.0.0: psychosociaal; geen rode vlaggen"))
    }

    @Test("--map names the local service; a destination without one says the contact is unknown")
    func socialMap() throws {
        let run = try triage(["run", CLIFixture.walk, "--map", CLIFixture.map], input: socialConsult)
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("Wellbeing coach — Welzijn Testdorp"))
        #expect(run.standardOutput.contains("Coach Jansen · 0100-123456 · coach@welzijn-testdorp.example"))
        // schuldhulpverlening is not on the map.
        #expect(run.standardOutput.contains("1. Debt counselling\n     Local contact unknown"))
        let structured = try triage(["run", CLIFixture.walk, "--map", CLIFixture.map, "--format", "json"], input: socialConsult)
        let outcome = try json(structured.standardOutput)
        #expect(outcome["region"] as? String == "Testdorp")
        let referrals = try #require(outcome["referrals"] as? [[String: Any]])
        #expect(referrals.first?["service"] is NSNull)
        #expect((referrals.last?["service"] as? [String: Any])?["name"] as? String == "Welzijn Testdorp")
    }

    // MARK: - --output

    @Test("--output writes mode 0600 and never overwrites")
    func outputFile() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "triage-output-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/advies.json"
        let arguments = ["run", CLIFixture.walk, "--format", "json", "--output", file]
        let run = try triage(arguments, input: socialConsult)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("written to \(file)"))
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(try json(written)["decision"] as? String == "psychosocial")

        try "keep me".write(toFile: file, atomically: false, encoding: .utf8)
        let again = try triage(arguments, input: socialConsult)
        #expect(again.status == 1)
        #expect(again.standardError.contains("already exists; not overwritten"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me")
    }

    // MARK: - Language

    @Test("--lang en overrides a Dutch LANG")
    func langOption() throws {
        let run = try triage(
            ["run", CLIFixture.walk, "--lang", "en"], input: socialConsult,
            environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(run.standardOutput.hasPrefix("Advice: "))
        #expect(run.standardError.contains("Is there acute danger?"))
    }

    @Test("LANG=nl_NL.UTF-8 gives Dutch, LANG=en_US.UTF-8 English; a Dutch-only protocol stays Dutch")
    func langFromEnvironment() throws {
        let dutch = try triage(["run", CLIFixture.walk], input: socialConsult, environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(dutch.standardOutput.hasPrefix("Advies: Schuldhulpverlening + Welzijnscoach"))
        #expect(dutch.standardError.contains("Is er acuut gevaar?"))
        #expect(dutch.standardError.contains("Controleer de antwoorden:"))
        let english = try triage(["run", CLIFixture.walk], input: socialConsult, environment: CLIFixture.environment(lang: "en_US.UTF-8"))
        #expect(english.standardOutput.hasPrefix("Advice: Debt counselling + Wellbeing coach"))
        #expect(english.standardError.contains("Is there acute danger?"))
        let dutchOnly = try triage(
            ["run", CLIFixture.path("nl-only.yaml")], input: "ja\n\n", environment: CLIFixture.environment(lang: "en_US.UTF-8"))
        #expect(dutchOnly.status == 0)
        #expect(dutchOnly.standardError.contains("Voelt de patiënt zich eenzaam?"))
        #expect(dutchOnly.standardOutput.hasPrefix("Advies: "))
    }

    @Test("--lang xx is a usage error (64)")
    func badLang() throws {
        let run = try triage(["run", CLIFixture.walk, "--lang", "xx"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("--lang must be nl or en"))
    }

    // MARK: - Red flags

    @Test("a red flag stops the walk and the outcome is urgent")
    func redFlagStops() throws {
        let run = try triage(["run", CLIFixture.walk, "--map", CLIFixture.map], input: "ja\n\n")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("Advice: Crisis service — act today"))
        #expect(run.standardOutput.contains("!! RED FLAG: Acute danger."))
        #expect(run.standardOutput.contains("Now: Assess today; call 113."))
        #expect(run.standardOutput.contains("Crisis service — Crisisdienst Testregio"))
        #expect(!run.standardError.contains("Is there a medical explanation?"))
        #expect(!run.standardError.contains("Mood from 0 to 10?"))
        let structured = try triage(["run", CLIFixture.walk, "--format", "json"], input: "ja\n\n")
        let outcome = try json(structured.standardOutput)
        #expect(outcome["decision"] as? String == "urgent")
        #expect(outcome["urgency"] as? String == "today")
        #expect((outcome["answers"] as? [String: Any])?.keys.sorted() == ["gevaar"])
    }

    // MARK: - Colors

    @Test("not a terminal, or NO_COLOR: no ANSI escapes anywhere")
    func noEscapes() throws {
        let piped = try triage(["run", CLIFixture.walk, "--map", CLIFixture.map], input: socialConsult)
        let noColor = try triage(
            ["run", CLIFixture.walk, "--map", CLIFixture.map], input: socialConsult,
            environment: CLIFixture.environment(extra: ["NO_COLOR": "1"]))
        for run in [piped, noColor] {
            #expect(run.status == 0)
            #expect(!run.standardOutput.contains("\u{1B}"))
            #expect(!run.standardError.contains("\u{1B}"))
        }
        // The check can see escapes when they are there.
        let forced = try triage(["run", CLIFixture.walk, "--color", "always"], input: socialConsult)
        #expect(forced.standardOutput.contains("\u{1B}["))
    }

    // MARK: - Invalid input

    @Test("an invalid protocol: exit 1 with the diagnostic")
    func invalidProtocol() throws {
        let run = try triage(["run", CLIFixture.path("invalid.yaml")], input: "ja\n\n")
        #expect(run.status == 1)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("invalid.yaml:11:21: error: "))
        #expect(run.standardError.contains("[type-mismatch]"))
        let missing = try triage(["run", CLIFixture.path("does-not-exist.yaml")])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("does-not-exist.yaml"))
    }

    // MARK: - The shipped protocol

    static let shippedAnswerFiles: [String] = {
        let directory = CLIFixture.repositoryRoot + "/Examples/answers"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("welzijn-op-recept") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".json")) }.sorted()
            .map { directory + "/" + $0 }
    }()

    @Test(
        "smoke: the shipped protocol with the example answer files",
        .enabled(if: !shippedAnswerFiles.isEmpty, "no Examples/answers/welzijn-op-recept-*.yaml yet"))
    func shippedProtocol() throws {
        let protocolPath = CLIFixture.repositoryRoot + "/Protocols/welzijn-op-recept.yaml"
        for file in Self.shippedAnswerFiles {
            let run = try triage(["run", protocolPath, "--answers", file, "--format", "json"])
            #expect(run.status == 0, "\(file): \(run.standardError)")
            #expect(try json(run.standardOutput)["decision"] is String, "\(file)")
        }
    }
}
