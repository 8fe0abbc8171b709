import ArgumentParser
import TriageKit

/// `triage schema`: the JSON Schema of triage's YAML files, for editors.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a JSON Schema (draft 2020-12) of triage's YAML files, for editor completion and checks.",
        discussion: """
            Save it next to your files and point yaml-language-server at it with a first line \
            '# yaml-language-server: $schema=./triage.schema.json', e.g.: \
            triage schema > Protocols/triage.schema.json. Without --kind the schema covers all four \
            kinds, told apart by 'kind:'. triage validate stays the full check (references, conditions, analysis).
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case `protocol`, social_map, scenarios, answers
    }

    @Option(help: "Only this kind: protocol, social_map, scenarios or answers.")
    var kind: Kind?

    func run() throws {
        let documentKind = kind.flatMap { DocumentKind(rawValue: $0.rawValue) }
        print(JSONSchemaDocument.render(for: documentKind), terminator: "")
    }
}
