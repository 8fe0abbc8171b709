import Foundation
import Testing

/// One rule everywhere: `--lang`; else English only when the locale says `en`; else the
/// protocol's first language (Dutch).
@Suite("language")
struct LanguageTests {
    private func environment(_ variables: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"] { environment[name] = nil }
        environment.merge(variables) { $1 }
        return environment
    }

    private static let answers = CLIFixture.path("answers/walk-social.yaml")

    @Test(
        "the walk and result follow the locale: Dutch unless it says en",
        arguments: [
            ([String: String](), "nl"), (["LANG": "C.UTF-8"], "nl"), (["LANG": "C"], "nl"), (["LANG": "POSIX"], "nl"),
            (["LANG": "nl_NL.UTF-8"], "nl"), (["LANG": "de_DE.UTF-8"], "nl"), (["LANG": "en_US.UTF-8"], "en"),
            (["LANG": "en_GB"], "en"), (["LC_ALL": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"], "nl"),
            (["LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"], "en"), (["LC_MESSAGES": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"], "en"),
            (["LC_ALL": "", "LANG": "en_US.UTF-8"], "en"),
        ])
    func locale(_ variables: [String: String], _ expected: String) throws {
        let run = try triage(["run", CLIFixture.walk, "--answers", Self.answers], environment: environment(variables))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix(expected == "en" ? "Advice: " : "Advies: "), "\(variables): \(run.standardOutput)")
        let graph = try triage(["graph", CLIFixture.walk], environment: environment(variables))
        #expect(graph.standardOutput.contains(expected == "en" ? "CLI test protocol" : "CLI-testprotocol"), "\(variables)")
    }

    @Test("--lang wins over the locale in run and graph")
    func flagWins() throws {
        let english = environment(["LANG": "en_US.UTF-8"])
        let run = try triage(["run", CLIFixture.walk, "--answers", Self.answers, "--lang", "nl"], environment: english)
        #expect(run.standardOutput.hasPrefix("Advies: "))
        let graph = try triage(["graph", CLIFixture.walk, "--lang", "en"], environment: environment([:]))
        #expect(graph.standardOutput.contains("CLI test protocol"))
        #expect(try triage(["graph", CLIFixture.walk, "--lang", "fr"]).status == 64)
    }

    @Test("the abort message follows the language")
    func abortMessage() throws {
        let dutch = try triage(["run", CLIFixture.walk], input: "nee\n", environment: environment(["LANG": "C.UTF-8"]))
        #expect(dutch.status == 130)
        #expect(dutch.standardError.contains("sessie afgebroken, niets opgeslagen"))
        let english = try triage(["run", CLIFixture.walk], input: "nee\n", environment: environment(["LANG": "en_US.UTF-8"]))
        #expect(english.standardError.contains("session aborted, nothing saved"))
    }
}

@Suite("usage")
struct UsageTests {
    @Test("a mistyped subcommand: exit 64 with 'did you mean'")
    func mistypedSubcommand() throws {
        let run = try triage(["rnu", CLIFixture.walk])
        #expect(run.status == 64)
        #expect(run.standardError.contains("'rnu' is not a triage subcommand. Did you mean 'run'?"), "\(run.standardError)")
        let validate = try triage(["valdate"])
        #expect(validate.standardError.contains("Did you mean 'validate'?"))
        // Real subcommands and options still work.
        #expect(try triage(["help", "run"]).status == 0)
        #expect(try triage(["--version"]).status == 0)
    }
}
