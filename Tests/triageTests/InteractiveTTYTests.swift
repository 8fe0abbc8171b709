import Foundation
import Testing

/// A private tmux server (its own socket, no user config) running one `triage` session in a
/// real pseudo-terminal: send keys, read the screen.
struct TmuxSession {
    let socket = "triage-tests-\(UUID().uuidString.prefix(8))"
    let name = "triage"

    /// The tmux executable on `PATH`, if any.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { executable != nil }

    /// Starts `command` (a shell command line) in a detached session of `width` x `height`;
    /// `clipboard`: tmux keeps what a program sends with OSC 52 as a paste buffer.
    func start(_ command: String, width: Int = 120, height: Int = 40, clipboard: Bool = false) throws {
        var arguments = ["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), command]
        if clipboard { arguments += [";", "set-option", "-g", "set-clipboard", "on"] }
        try tmux(arguments)
    }

    /// The newest paste buffer (what OSC 52 copied), if any.
    func pasteBuffer() throws -> String {
        try tmux(["show-buffer"])
    }

    /// Types `text` literally (so `<` and `?` are not key names), then Enter unless told not to.
    func type(_ text: String, enter: Bool = true) throws {
        if !text.isEmpty { try tmux(["send-keys", "-t", name, "-l", text]) }
        if enter { try tmux(["send-keys", "-t", name, "Enter"]) }
    }

    /// Sends a key by tmux name, e.g. `C-c`, `C-d`.
    func key(_ key: String) throws {
        try tmux(["send-keys", "-t", name, key])
    }

    /// The whole pane including its scrollback; with `escapes`, the color and attribute escapes too.
    func screen(escapes: Bool = false, joined: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-S", "-", "-t", name] + (escapes ? ["-e"] : []) + (joined ? ["-J"] : []))
    }

    /// Only what is on screen now (no scrollback).
    func visibleScreen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// Polls the screen until `text` appears `count` times; fails with the screen after `seconds`.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> String
    {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.components(separatedBy: text).count - 1 >= count { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(text.debugDescription) (×\(count)); screen:\n\(last)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Ends the server and with it the session and `triage`.
    func kill() {
        _ = try? tmux(["kill-server"])
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        // Spawned like triage itself: signals unblocked, so Ctrl-C reaches the program in the pane.
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil  // also when the tests themselves run inside tmux
        return try TriageProcess.spawn(
            Self.executable ?? "/usr/bin/tmux", ["-L", socket] + arguments, environment: environment, timeout: 10
        ).stdout
    }
}

/// A shell word in single quotes.
func quoted(_ word: String) -> String {
    "'" + word.replacing("'", with: #"'\''"#) + "'"
}

/// The shell command line for a tmux pane: `triage run` with a fixed language and the exit
/// status printed afterwards; the pane stays open a few seconds so the test can read it.
func runCommand(_ arguments: [String], noColor: Bool = false, lang: String? = "en_US.UTF-8", directory: String? = nil) -> String {
    let environment =
        (directory.map { "cd \(quoted($0)) && " } ?? "") + "env -u LC_ALL -u LC_MESSAGES -u NO_COLOR -u COLUMNS -u LANG"
        + (lang.map { " LANG=\($0)" } ?? "")
        + (noColor ? " NO_COLOR=1" : "")
    let line = ([TriageProcess.executablePath] + arguments).map(quoted).joined(separator: " ")
    return "\(environment) \(line) ; echo EXIT=$? ; sleep 5"
}

@Suite(
    "triage run in a terminal (tmux)",
    .serialized,
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed (apt-get install tmux; .ci/run installs it): terminal tests skipped")
)
struct InteractiveTTYTests {
    @Test("a GP answers in a terminal, with help, back and the review, and reads the recommendation in color")
    func fullWalk() throws {
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.start(runCommand(["run", CLIFixture.walk, "--map", CLIFixture.map]))

        try tmux.waitFor("Is there acute danger?")
        #expect(try tmux.screen(escapes: true).contains("\u{1B}["), "prompts are colored on a terminal")
        try tmux.type("?")
        try tmux.waitFor("HELPTEXT-DANGER")
        try tmux.type("nee")
        try tmux.waitFor("Is there a medical explanation?")
        try tmux.type("1")
        try tmux.waitFor("Mood from 0 to 10?")
        try tmux.type("<")
        try tmux.waitFor("Back to: Is there a medical explanation?")
        try tmux.waitFor("Is there a medical explanation?", count: 3)  // asked, "Back to: ...", asked again
        try tmux.type("2")
        try tmux.waitFor("Mood from 0 to 10?", count: 2)
        try tmux.type("zeven")
        try tmux.waitFor("Not understood: 'zeven'")
        try tmux.type("3")
        try tmux.waitFor("Does the patient feel lonely?")
        try tmux.type("ja")
        try tmux.waitFor("What are the worries about?")
        try tmux.type("2")
        try tmux.waitFor("May the contact person call?")
        try tmux.type("j")
        try tmux.waitFor("Review the answers:")
        try tmux.type("")
        try tmux.waitFor("q done:")
        try tmux.type("q")
        let screen = try tmux.waitFor("EXIT=0")
        #expect(screen.contains("Advice: Wellbeing coach — contact within about two weeks"))
        #expect(screen.contains("Wellbeing coach — Welzijn Testdorp"))
        #expect(screen.contains("Coach Jansen"))
        #expect(screen.contains("2. Is there a medical explanation? — No medical explanation"))
        #expect(!screen.contains("session aborted"))
    }

    @Test("Ctrl-C mid-session: 'session aborted, nothing saved', exit 130")
    func controlC() throws {
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.start(runCommand(["run", CLIFixture.walk]))
        try tmux.waitFor("Is there acute danger?")
        try tmux.type("nee")
        try tmux.waitFor("Is there a medical explanation?")
        try tmux.key("C-c")
        let screen = try tmux.waitFor("EXIT=130")
        #expect(screen.contains("session aborted, nothing saved"))
        #expect(!screen.contains("Advice:"))
    }

    @Test("NO_COLOR on a terminal: no colors; Ctrl-D (end of input) aborts with 130")
    func noColorAndControlD() throws {
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.start(runCommand(["run", CLIFixture.walk], noColor: true))
        try tmux.waitFor("Is there acute danger?")
        #expect(!(try tmux.screen(escapes: true).contains("\u{1B}[")), "NO_COLOR: no escapes on screen")
        try tmux.key("C-d")
        let screen = try tmux.waitFor("EXIT=130")
        #expect(screen.contains("session aborted, nothing saved"))
    }

    @Test("--color never on a terminal: no colors, and the walk still completes")
    func colorNever() throws {
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.start(runCommand(["run", CLIFixture.walk, "--color", "never"]))
        try tmux.waitFor("Is there acute danger?")
        try tmux.type("ja")
        try tmux.waitFor("Review the answers:")
        try tmux.type("")
        try tmux.waitFor("q done:")
        try tmux.type("q")
        let screen = try tmux.waitFor("EXIT=0")
        #expect(screen.contains("Advice: Crisis service — act today"))
        #expect(!(try tmux.screen(escapes: true).contains("\u{1B}[")))
    }
}
