import Foundation
import Testing

/// The action menu after a walk, in a real terminal: each key, OSC 52 captured by tmux.
@Suite(
    "the action menu after a walk (tmux)",
    .serialized,
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed (apt-get install tmux; .ci/run installs it): terminal tests skipped")
)
struct ActionMenuTTYTests {
    /// The social consult on the walk fixture, in Dutch, up to the menu.
    private func consult(_ tmux: TmuxSession, directory: String) throws {
        try tmux.start(
            runCommand(["run", CLIFixture.walk, "--map", CLIFixture.map], lang: "nl_NL.UTF-8", directory: directory),
            clipboard: true)
        for (question, answer) in [
            ("Is er acuut gevaar?", "nee"), ("Is er een medische verklaring?", "2"), ("Stemming van 0 tot 10?", "3"),
            ("Voelt de patiënt zich eenzaam?", "ja"), ("Waar liggen de zorgen?", "1"), ("Hoe hoog zijn de schulden", "500"),
            ("Mag de contactpersoon bellen?", "ja"), ("Controleer de antwoorden:", ""),
        ] {
            try tmux.waitFor(question)
            try tmux.type(answer)
        }
        try tmux.waitFor("q klaar:")
    }

    @Test("n the note, b the letter, k copies the note (OSC 52), o saves 0600, q ends with exit 0")
    func everyKey() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "menu-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try consult(tmux, directory: directory)

        try tmux.type("n")
        var screen = try tmux.waitFor("q klaar:", count: 2)
        #expect(screen.contains("S: "))
        #expect(screen.contains("P: verwezen naar: Schuldhulpverlening"), "\(screen)")

        try tmux.type("b")
        screen = try tmux.waitFor("q klaar:", count: 3)
        #expect(screen.contains("--- Verwijsbericht aan Coach Jansen <coach@welzijn-testdorp.example> ---"), "\(screen)")

        try tmux.type("k")
        screen = try tmux.waitFor("q klaar:", count: 4)
        #expect(screen.contains("Notitie gekopieerd via de terminal (OSC 52)."), "\(screen)")
        let copied = try tmux.pasteBuffer()
        #expect(copied.hasPrefix("S: "), "\(copied)")
        #expect(copied.contains("verwezen naar: Welzijnscoach (Welzijn Testdorp)"))

        try tmux.type("o")
        try tmux.waitFor("Bestandsnaam")
        try tmux.type("consult.txt")
        screen = try tmux.waitFor("q klaar:", count: 5)
        #expect(screen.contains("Opgeslagen in consult.txt"), "\(screen)")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/consult.txt")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let saved = try String(contentsOfFile: directory + "/consult.txt", encoding: .utf8)
        #expect(saved.hasPrefix("S: ") && saved.contains("--- Verwijsbericht aan"))
        // Saving again under the same name is refused, not overwritten.
        try tmux.type("o")
        try tmux.waitFor("Bestandsnaam", count: 2)
        try tmux.type("consult.txt")
        screen = try tmux.waitFor("q klaar:", count: 6)
        #expect(screen.contains("consult.txt bestaat al; niet overschreven"), "\(screen)")

        try tmux.type("h")
        try tmux.waitFor("Enter = triage-cli-fixture.html")
        try tmux.type("")
        screen = try tmux.waitFor("q klaar:", count: 7)
        #expect(screen.contains("Opgeslagen in triage-cli-fixture.html"), "\(screen)")
        let html = try String(contentsOfFile: directory + "/triage-cli-fixture.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg"))

        try tmux.type("x")
        try tmux.waitFor("Kies n, b, r, k, o, h, a of q.")
        try tmux.type("q")
        try tmux.waitFor("EXIT=0")
    }
}
