import Foundation
import Testing

/// The consult as a GP lives it (issue "Done means"): with `LANG=C.UTF-8` in a 60-column
/// terminal the widow's consult runs in Dutch, the headline matches the routes, the review
/// fits one screen, nothing breaks mid-word, and the note and the HTML page come from the
/// same walk. Also at 120 columns and without any LANG.
@Suite(
    "a whole consult in a narrow terminal (tmux)",
    .serialized,
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed (apt-get install tmux; .ci/run installs it): terminal tests skipped")
)
struct ConsultAcceptanceTests {
    /// The widow (Examples/answers/welzijn-op-recept-weduwe.yaml) as typed, in asking order.
    static let widow = [
        "nee", "nee", "nee", "nee", "nee", "78", "geen", "wn", "nee", "wn", "1", "1", "wn", "nee", "5", "nee", "3", "ja",
        "wn", "nee", "-", "Weer onder de mensen komen", "ja",
    ]

    static let root = CLIFixture.repositoryRoot

    @Test("the widow at 60 and 120 columns, LANG=C.UTF-8 and no LANG", arguments: [(60, "C.UTF-8"), (120, nil as String?)])
    func widow(_ width: Int, _ lang: String?) throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "consult-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.start(
            runCommand(
                ["run", Self.root + "/Protocols/welzijn-op-recept.yaml", "--map", Self.root + "/Examples/sociale-kaart/weert.yaml"],
                lang: lang, directory: directory),
            width: width, height: 40)
        for (number, answer) in Self.widow.enumerated() {
            // Each question is announced once: "[vraag N van ongeveer M]" or "[laatste vraag]".
            if number + 1 < Self.widow.count {
                try tmux.waitFor("[vraag \(number + 1) van ongeveer")
            } else {
                try tmux.waitFor("[laatste vraag]")
            }
            try tmux.type(answer)
        }
        try tmux.waitFor("Controleer de antwoorden:")
        // The review fits one 40-row screen: the header is still visible with the prompt.
        let visible = try tmux.visibleScreen()
        #expect(visible.contains("Controleer de antwoorden:") && visible.contains("Enter = bevestigen"), "\(visible)")
        try tmux.type("")
        var screen = try tmux.waitFor("q klaar:")
        #expect(screen.contains("Advies: Ouderenadviseur + Welzijnscoach (Welzijn op Recept)"), "\(screen)")
        #expect(!screen.contains("MEDISCH") && !screen.contains("Decision"))
        #expect(screen.contains("Let op: Beeld onvolledig"))

        try tmux.type("n")
        screen = try tmux.waitFor("q klaar:", count: 2)
        #expect(screen.contains("S: wens:"))
        try tmux.type("h")
        try tmux.waitFor("triage-welzijn-op-recept.html):")
        try tmux.type("")
        try tmux.waitFor("q klaar:", count: 3)
        #expect(FileManager.default.fileExists(atPath: directory + "/triage-welzijn-op-recept.html"))
        try tmux.type("q")
        screen = try tmux.waitFor("EXIT=0")

        // Nothing was wider than the terminal: tmux never had to wrap a line itself, so the
        // capture with wrapped lines joined is the capture as shown.
        func trimmed(_ text: String) -> [String] {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.reversed().drop { $0 == " " }.reversed()) }
        }
        let joined = try tmux.screen(joined: true)
        #expect(trimmed(joined) == trimmed(screen), "a line was wider than \(width) columns")
        for line in screen.split(separator: "\n") { #expect(line.count <= width, "\(line)") }
        // And no word was cut: every question text appears whole once the lines are joined.
        let flat = screen.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for text in [
            "Wil de patiënt hulp, en mag de contactpersoon hem/haar bellen (toestemming om naam en telefoonnummer door te geven)?",
            "welzijn-op-recept.weert@example.org",
        ] {
            #expect(flat.contains(text), "\(text)")
        }
    }
}
