import Foundation
import Testing

/// Answers as the CLI reads them, typed at the prompt or from `--answers`: numbers that could
/// be misread, scales written as 3.0, files holding only null, nested lists, a flood of
/// unknown keys; and the texts of `run --help` and `init`.
@Suite("answers at the prompt and in answers files")
struct AnswersCommandTests {
    /// A fresh temporary directory, removed by the caller.
    private static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "triage-answers-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `triage run walk.yaml --answers FILE --format json` with `text` as the file.
    private static func runAnswers(_ text: String, name: String = "a.yaml") throws -> (CLIRun, String) {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (try triage(["run", CLIFixture.walk, "--format", "json", "--answers", path]), path)
    }

    private static func answers(debts: String, mood: String = "4") -> String {
        """
        kind: answers
        answers:
          gevaar: nee
          oorzaak: geen
          stemming: \(mood)
          eenzaam: ja
          zorgen: [geld]
          schulden: \(debts)
          toestemming: ja

        """
    }

    private static func answer(_ id: String, in json: String) throws -> Any? {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return (object?["answers"] as? [String: Any])?[id]
    }

    @Test("an answers file with 10.000 for a number is refused with file:line:col and a hint (bug fix)")
    func ambiguousNumberInAnswersFile() throws {
        let (run, path) = try Self.runAnswers(Self.answers(debts: "10.000"))
        #expect(run.status == 1)
        #expect(run.standardOutput.isEmpty)
        #expect(
            run.standardError.contains(
                "\(path):8:13: error: '10.000' is ambiguous (a thousands separator or a decimal mark?): write 10000 (thousands) or 10 (decimal) [invalid-answer]"
            ), "\(run.standardError)")
        let (hex, _) = try Self.runAnswers(Self.answers(debts: "0x10"))
        #expect(hex.status == 1)
        #expect(hex.standardError.contains("'0x10' is not a plain number"))
        let (plain, _) = try Self.runAnswers(Self.answers(debts: "\"10000,50\""))
        #expect(plain.status == 0, "\(plain.standardError)")
        #expect(try Self.answer("schulden", in: plain.standardOutput) as? Double == 10000.5)
    }

    @Test("typed at the prompt, 10.000 and 1.000.000 re-prompt with what to write (bug fix)")
    func ambiguousNumberAtThePrompt() throws {
        let run = try triage(["run", CLIFixture.walk, "--format", "json"], input: "nee\n2\n4\nja\n1\n10.000\n1.000.000\n10000\nj\n\n")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("Not understood: '10.000' is ambiguous (a thousands separator or a decimal mark?): write 10000 (thousands) or 10 (decimal)"))
        #expect(run.standardError.contains("Not understood: '1.000.000' has more than one separator: write 1000000"))
        #expect(try Self.answer("schulden", in: run.standardOutput) as? Int == 10000)
        let dutch = try triage(
            ["run", CLIFixture.walk, "--format", "json"], input: "nee\n2\n4\nja\n1\n1,500\n1500\nj\n\n",
            environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(dutch.standardError.contains("Niet begrepen: '1,500' is dubbelzinnig (duizendtal of decimalen?): schrijf 1500 (duizendtallen) of 1,5 (decimalen)"))
    }

    @Test("a JSON answers file may write a scale answer as 3.0, not as 3.5 (bug fix)")
    func scaleWrittenAsDecimal() throws {
        let json = #"""
            {"kind": "answers", "answers": {"gevaar": false, "oorzaak": "geen", "stemming": 3.0, "eenzaam": true,
             "zorgen": ["wonen"], "toestemming": true}}
            """#
        let (run, _) = try Self.runAnswers(json, name: "a.json")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try Self.answer("stemming", in: run.standardOutput) as? Int == 3)
        let (half, _) = try Self.runAnswers(json.replacing("3.0", with: "3.5"), name: "a.json")
        #expect(half.status == 1)
        #expect(half.standardError.contains("'stemming' takes a whole number, not 3.5"))
    }

    @Test("a JSON file holding only null says it holds no data, at 1:1, about answers files (bug fix)")
    func nullAnswersFile() throws {
        let (run, path) = try Self.runAnswers("null\n", name: "a.json")
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(path):1:1: error: the file holds no data, only 'null' [yaml-empty]"), "\(run.standardError)")
        #expect(run.standardError.contains("hint: an answers file is a mapping that starts with 'kind: answers'"))
        #expect(!run.standardError.contains("protocol"))
    }

    @Test("a nested list as a multiple-choice answer is located at the inner list (bug fix)")
    func nestedList() throws {
        let (run, path) = try Self.runAnswers(Self.answers(debts: "1").replacing("zorgen: [geld]", with: "zorgen: [[xx]]"))
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(path):7:12: error: a nested list is not an answer to 'zorgen'"), "\(run.standardError)")
    }

    @Test("200,000 unknown answer keys: 100 errors and one note, quickly (bug fix)")
    func floodOfUnknownKeys() throws {
        var text = "kind: answers\nanswers:\n"
        for index in 0..<200_000 { text += "  vraag_\(index): ja\n" }
        let (run, _) = try Self.runAnswers(text)
        #expect(run.status == 1)
        let errors = run.standardError.split(separator: "\n").filter { $0.contains(": error: ") && $0.hasSuffix("[unknown-question]") }
        #expect(errors.count == 100)
        #expect(run.standardError.contains("note: and 199900 more [unknown-question] findings like the ones above [more-findings]"))
    }

    @Test("validate refuses an option called 'unknown' or 'true', at the option id (bug fix)")
    func reservedOptionIDs() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let walk = try String(contentsOfFile: CLIFixture.walk, encoding: .utf8)
        let path = directory + "/p.yaml"
        try walk.replacing("      - id: niet_onderzocht", with: "      - id: unknown").replacing("when: oorzaak == niet_onderzocht", with: "when: oorzaak == unknown")
            .replacing("      - id: wonen", with: "      - id: \"true\"")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let run = try triage(["validate", path])
        #expect(run.status == 1)
        #expect(
            run.standardOutput.contains("\(path):34:13: error: option id 'unknown' means 'weet niet' in answers, so it cannot name an option [reserved-id]"),
            "\(run.standardOutput)")
        #expect(run.standardOutput.contains("\(path):55:13: error: option id 'true' is a word of the condition language"))
    }

    @Test("run --help says that 3 answers a yes/no question with weet niet")
    func helpMentionsThree() throws {
        let help = try triage(["run", "--help"])
        #expect(help.status == 0)
        let text = help.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("'wn' (or 3 for a yes/no question, also in an --answers file) means weet niet where allowed"))
    }

    @Test("init with a name that is too long states the limit (bug fix)")
    func initStatesTheLengthLimit() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try triage(["init", String(repeating: "a", count: 65)], directory: directory)
        #expect(run.status == 64)
        #expect(run.standardError.contains("it has 65 characters; at most 64 are allowed"), "\(run.standardError)")
        #expect(try triage(["init", String(repeating: "a", count: 64)], directory: directory).status == 0)
    }
}
