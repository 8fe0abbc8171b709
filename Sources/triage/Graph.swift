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

    enum Format: String, OutputFormat {
        case dot, mermaid

        static let help = "Output format: dot (Graphviz; the default) or mermaid."
    }

    @Argument(help: "The protocol file.", completion: .file(extensions: ["yaml", "yml"]))
    var protocolPath: String

    @OptionGroup var output: OutputOptions<Format>

    @OptionGroup var language: LanguageOptions

    func run() throws {
        try output.capture { try produce() }
    }

    /// The result, on standard output (which `--output` sends to a file).
    private func produce() throws {
        guard let triageProtocol = CommandSupport.loadProtocol(protocolPath) else { throw ExitCode(1) }
        let renderer = ProtocolGraphRenderer(
            format: output.format == .dot ? .dot : .mermaid, language: language.resolve(available: triageProtocol.languages))
        print(renderer.render(triageProtocol), terminator: "")
    }
}
