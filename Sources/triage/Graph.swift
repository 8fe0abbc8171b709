import ArgumentParser
import TriageKit

/// `triage graph PROTOCOL`: the question flow as a Graphviz or Mermaid graph.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a protocol's question flow, rules and destinations as a DOT or Mermaid graph.",
        discussion: """
            Questions are grouped per Positieve Gezondheid dimension and linked in asking order; dashed \
            edges carry 'when' conditions; rules point to their destinations; red flags are red and bold. \
            Render DOT with: triage graph P.yaml | dot -Tsvg > p.svg. Mermaid output (starting with \
            'flowchart') can be pasted into a ```mermaid block. Exit status: 0, or 1 when the protocol has errors.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, mermaid
    }

    @Argument(help: "The protocol file.", completion: .file(extensions: ["yaml", "yml"]))
    var protocolPath: String

    @Option(help: "Output format: dot (Graphviz) or mermaid.")
    var format: Format = .dot

    @OptionGroup var language: LanguageOptions

    func run() throws {
        guard let triageProtocol = CommandSupport.loadProtocol(protocolPath) else { throw ExitCode(1) }
        let renderer = ProtocolGraphRenderer(
            format: format == .dot ? .dot : .mermaid, language: language.resolve(available: triageProtocol.languages))
        print(renderer.render(triageProtocol), terminator: "")
    }
}
