import ArgumentParser

@main
struct Triage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Triage psychosocial complaints in general practice and find where to refer.",
        discussion: """
            Protocols are YAML files (see Protocols/README.md). Exit codes: 0 success, 1 the input has \
            errors, 64 usage error, 130 session aborted.
            """,
        version: "0.1.0",
        subcommands: [Run.self, Validate.self, TestCommand.self, Graph.self, Schema.self, Init.self, Kaart.self]
    )
}
