import Foundation
import Testing

/// The referral loop as processes: refer (scripted and from the walk), the code in the letter,
/// feedback with its transitions, what is overdue, one referral's history, export, check.
@Suite("the referral loop")
struct ReferralLoopTests {
    private static let root = CLIFixture.repositoryRoot
    private static let protocolPath = root + "/Protocols/welzijn-op-recept.yaml"
    private static let map = root + "/Examples/sociale-kaart/weert.yaml"
    private static let widow = root + "/Examples/answers/welzijn-op-recept-weduwe.yaml"

    private func environment(_ register: String, now: String? = nil) -> [String: String] {
        var extra = ["TRIAGE_REGISTER": register]
        if let now { extra["TRIAGE_NOW"] = now }
        return CLIFixture.environment(lang: "nl_NL.UTF-8", extra: extra)
    }

    private func codes(_ register: String) throws -> [String] {
        let run = try triage(["referrals", "--status", "all", "--format", "json"], environment: environment(register))
        let list = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [[String: Any]])
        return list.compactMap { $0["code"] as? String }
    }

    @Test("refer → code in note and letter → feedback contacted, accepted, completed; a wrong transition names the allowed ones")
    func wholeLoop() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let register = dir.path + "/praktijk.sqlite"
        let run = try triage(
            ["run", Self.protocolPath, "--answers", Self.widow, "--map", Self.map, "--refer", "--format", "note"],
            environment: environment(register, now: "2026-11-02T09:00:00Z"))
        #expect(run.status == 0, "\(run.standardError)")
        let codes = try codes(register)
        #expect(codes.count == 2)
        let code = try #require(codes.first { run.standardOutput.contains("Verwijscode: \($0)") })
        #expect(run.standardOutput.contains("verwijscode \(code)"))
        #expect(run.standardError.contains("Vastgelegd: \(code)"))
        let mode = try FileManager.default.attributesOfItem(atPath: register)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let wrong = try triage(["feedback", code, "--status", "completed"], environment: environment(register))
        #expect(wrong.status == 1)
        #expect(wrong.standardError.contains("cannot become 'completed' (allowed: contacted, accepted, declined, unreachable, cancelled)"))
        for (status, date) in [("contacted", "2026-11-05"), ("accepted", "2026-11-09"), ("completed", "2026-12-20")] {
            let step = try triage(
                ["feedback", code, "--status", status, "--date", date, "--note", "wandelgroep dinsdag"], environment: environment(register))
            #expect(step.status == 0, "\(status): \(step.standardError)")
            #expect(step.standardOutput.hasPrefix("Terugkoppeling \(code): "))
        }
        let detail = try triage(["referrals", code], environment: environment(register))
        #expect(detail.standardOutput.contains("afgerond"), "\(detail.standardOutput)")
        #expect(detail.standardOutput.components(separatedBy: "“wandelgroep dinsdag”").count == 5, "\(detail.standardOutput)")
        let closed = try triage(["referrals", "--status", "closed"], environment: environment(register))
        #expect(closed.standardOutput.contains(code))

        let letter = try triage(
            ["export", code, "--format", "letter", "--protocol", Self.protocolPath, "--map", Self.map], environment: environment(register))
        #expect(letter.status == 0, "\(letter.standardError)")
        #expect(letter.standardOutput.contains("Verwijscode: \(code)"))
        #expect(try triage(["register", "check"], environment: environment(register)).standardOutput.contains(": ok (2 referrals)"))
    }

    @Test("overdue: no feedback after feedback_days, listed first and marked; unknown codes get 'did you mean'")
    func overdueAndUnknownCodes() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let register = dir.path + "/r.sqlite"
        _ = try triage(
            ["run", Self.protocolPath, "--answers", Self.widow, "--map", Self.map, "--refer"],
            environment: environment(register, now: "2026-11-02T09:00:00Z"))
        let codes = try codes(register)
        _ = try triage(["feedback", codes[0], "--status", "contacted"], environment: environment(register, now: "2026-11-04T09:00:00Z"))
        let early = try triage(["referrals", "--status", "overdue"], environment: environment(register, now: "2026-11-10T09:00:00Z"))
        #expect(!early.standardOutput.contains("te laat"), "\(early.standardOutput)")
        let late = try triage(["referrals"], environment: environment(register, now: "2026-11-20T09:00:00Z"))
        let lines = late.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("      Reden: ") }
        #expect(late.standardOutput.contains("      Reden: "), "\(late.standardOutput)")
        #expect(lines[0].contains("1 te laat"), "\(late.standardOutput)")
        #expect(lines[1].hasPrefix("! \(codes[1])") && lines[1].contains("(te laat)"), "\(late.standardOutput)")
        #expect(lines[2].contains(codes[0]) && !lines[2].contains("te laat"))

        var typo = Array(codes[0])
        typo[typo.count - 2] = typo[typo.count - 2] == "A" ? "B" : "A"
        let unknown = try triage(["feedback", String(typo), "--status", "accepted"], environment: environment(register))
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("did you mean \(codes[0])?"), "\(unknown.standardError)")
        let noRegister = try triage(["referrals"], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(noRegister.status == 64)
    }

    @Test("the patient's own words stay out of lists and histories; no register, nothing stored")
    func privacy() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let register = dir.path + "/r.sqlite"
        let plain = try triage(["run", Self.protocolPath, "--answers", Self.widow], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(plain.status == 0)
        #expect(!FileManager.default.fileExists(atPath: register))
        _ = try triage(["run", Self.protocolPath, "--answers", Self.widow, "--refer"], environment: environment(register))
        for arguments in [["referrals", "--status", "all"], ["referrals", "--status", "all", "--format", "json"]] {
            let run = try triage(arguments, environment: environment(register))
            #expect(!run.standardOutput.contains("Weer onder de mensen"), "\(arguments)")
        }
    }

    @Test("the walk's r records the referrals once and shows the letters with their codes")
    func referFromTheWalk() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let register = dir.path + "/r.sqlite"
        // The walk fixture's social consult, then r twice, then q.
        let run = try triage(
            ["run", CLIFixture.walk, "--map", CLIFixture.map, "--color", "never"], input: "nee\n2\n3\nja\n1\n500\nja\n\nr\nr\nq\n",
            environment: environment(register))
        #expect(run.status == 0, "\(run.standardError)")
        let codes = try codes(register)
        #expect(codes.count == 2)
        #expect(run.standardError.contains("Al vastgelegd"))
        for code in codes { #expect(run.standardOutput.contains("Verwijscode: \(code)") || run.standardError.contains(code)) }
        // Without a register, r says how to name one.
        let none = try triage(
            ["run", CLIFixture.walk, "--color", "never"], input: "nee\n2\n3\nja\n1\n500\nja\n\nr\nq\n",
            environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(none.standardError.contains("Geen register: start met --register PAD"))
    }

    @Test("two processes recording feedback at once lose nothing (50 updates)")
    func concurrentFeedback() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let register = dir.path + "/r.sqlite"
        for _ in 0..<25 {
            let run = try triage(["run", Self.protocolPath, "--answers", Self.widow, "--refer"], environment: environment(register))
            #expect(run.status == 0)
        }
        let codes = try codes(register)
        #expect(codes.count == 50)
        let script = dir.path + "/feedback.sh"
        try "for code in \"$@\"; do \"$TRIAGE\" feedback \"$code\" --status contacted >/dev/null || exit 1; done\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        var environment = environment(register)
        environment["TRIAGE"] = TriageProcess.executablePath
        // Two writers started together, each with its half of the codes.
        let first = codes.prefix(25).joined(separator: " ")
        let second = codes.suffix(25).joined(separator: " ")
        let both = "sh \(quoted(script)) \(first) & a=$!; sh \(quoted(script)) \(second) & b=$!; wait $a && wait $b"
        let result = try TriageProcess.spawn("/bin/sh", ["-c", both], environment: environment, timeout: 180)
        #expect(result.status == 0, "\(result.stderr)")
        let run = try triage(["referrals", "--status", "all", "--format", "json"], environment: self.environment(register))
        #expect(run.standardOutput.components(separatedBy: "\"status\": \"contacted\"").count - 1 == 50 * 2, "history and status")
    }
}

@Suite("the referral loop with FHIR")
struct ReferralFHIRTests {
    private static let root = CLIFixture.repositoryRoot
    private static let protocolPath = root + "/Protocols/welzijn-op-recept.yaml"

    @Test("export a FHIR Bundle, return its Task with a new status, import it: the referral follows; bad Tasks are located")
    func exportAndImport() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let environment = CLIFixture.environment(lang: "nl_NL.UTF-8", extra: ["TRIAGE_REGISTER": dir.path + "/r.sqlite"])
        let refer = try triage(
            ["run", Self.protocolPath, "--answers", Self.root + "/Examples/answers/welzijn-op-recept-eenzaam.yaml", "--refer"],
            environment: environment)
        #expect(refer.status == 0, "\(refer.standardError)")
        let list = try triage(["referrals", "--format", "json"], environment: environment)
        let code = try #require((try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])?.first?["code"] as? String)
        let export = try triage(["export", code, "--format", "fhir", "--protocol", Self.protocolPath], environment: environment)
        #expect(export.status == 0, "\(export.standardError)")
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(export.standardOutput.utf8)) as? [String: Any])
        #expect(bundle["resourceType"] as? String == "Bundle")
        let entries = try #require(bundle["entry"] as? [[String: Any]])
        var task = try #require(entries.compactMap { $0["resource"] as? [String: Any] }.first { $0["resourceType"] as? String == "Task" })
        // The contact person reports back: contacted.
        var businessStatus = try #require(task["businessStatus"] as? [String: Any])
        var coding = try #require((businessStatus["coding"] as? [[String: Any]])?.first)
        coding["code"] = "contacted"
        businessStatus["coding"] = [coding]
        task["businessStatus"] = businessStatus
        task["lastModified"] = "2099-01-01T10:00:00+01:00"
        let taskFile = dir.path + "/task.json"
        try JSONSerialization.data(withJSONObject: task).write(to: URL(filePath: taskFile))
        let imported = try triage(["feedback", "--import", taskFile], environment: environment)
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.hasPrefix("Terugkoppeling \(code): contact gehad"))
        // The same Task again would be no change of status: refused, at the status's JSON path.
        let again = try triage(["feedback", "--import", taskFile], environment: environment)
        #expect(again.status == 1)
        #expect(again.standardError.contains("$.businessStatus"), "\(again.standardError)")
        let broken = try dir.write("broken.json", "{\"resourceType\": \"Task\", \"identifier\": [")
        let malformed = try triage(["feedback", "--import", broken], environment: environment)
        #expect(malformed.status == 1)
        #expect(malformed.standardError.contains("broken.json:"), "\(malformed.standardError)")
    }
}

@Suite("the register under strain")
struct RegisterStrainTests {
    private static let root = CLIFixture.repositoryRoot
    private static let protocolPath = root + "/Protocols/welzijn-op-recept.yaml"
    private static let widow = root + "/Examples/answers/welzijn-op-recept-weduwe.yaml"

    @Test("a write that fails (file size limit, as on a full disk) names the file, exits 1 and leaves the register whole")
    func failingWrite() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let register = dir.path + "/r.sqlite"
        let environment = CLIFixture.environment(lang: "nl_NL.UTF-8", extra: ["TRIAGE_REGISTER": register])
        #expect(try triage(["run", Self.protocolPath, "--answers", Self.widow, "--refer"], environment: environment).status == 0)
        let size = try FileManager.default.attributesOfItem(atPath: register)[.size] as? Int ?? 0
        // ulimit -f counts 512- or 1024-byte blocks: either way the limit is at or below the file's size.
        let limited = try TriageProcess.spawn(
            "/bin/sh", ["-c", "ulimit -f \(size / 1024); exec \"$0\" \"$@\"", TriageProcess.executablePath, "run", Self.protocolPath,
                        "--answers", Self.widow, "--refer"],
            environment: environment, timeout: 60)
        #expect(limited.status == 1, "\(limited.stderr)")
        #expect(limited.stderr.contains("register \(register)"), "\(limited.stderr)")
        // Nothing half-written: the two referrals of the first run, and a sound file.
        let check = try triage(["register", "check"], environment: environment)
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains(": ok (2 referrals)"), "\(check.standardOutput)")
    }

    @Test("a damaged register is found by register check and refused with its name")
    func damagedRegister() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let register = dir.path + "/r.sqlite"
        let environment = CLIFixture.environment(lang: "nl_NL.UTF-8", extra: ["TRIAGE_REGISTER": register])
        for _ in 0..<5 { _ = try triage(["run", Self.protocolPath, "--answers", Self.widow, "--refer"], environment: environment) }
        var bytes = try Data(contentsOf: URL(filePath: register))
        // Overwrite the middle of the file (table pages), not the header.
        let start = bytes.count / 2
        for index in start..<min(bytes.count, start + 4096) { bytes[index] = 0xA5 }
        try bytes.write(to: URL(filePath: register))
        let check = try triage(["register", "check"], environment: environment)
        #expect(check.status == 1)
        #expect(check.standardError.contains(register), "\(check.standardError)")
        let garbage = try dir.write("garbage.sqlite", "dit is geen register\n")
        let list = try triage(["referrals", "--register", garbage], environment: CLIFixture.environment(lang: "nl_NL.UTF-8"))
        #expect(list.status == 1)
        #expect(list.standardError.contains("garbage.sqlite is damaged or not a register"), "\(list.standardError)")
    }
}
