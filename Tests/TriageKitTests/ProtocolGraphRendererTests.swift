import Foundation
import Testing

@testable import TriageKit

/// `triage graph`: DOT and Mermaid drawings of a protocol's flow.
@Suite struct ProtocolGraphRendererTests {
    /// Texts with quotes, backslashes, `#`, `|`, `<` and `&` to exercise the escaping.
    static let yaml = #"""
        kind: protocol
        id: graaf-test
        version: 1
        languages: [nl, en]
        title: {nl: 'Test "graaf" \ met # en |', en: Graph test}
        destinations:
          - {id: crisis, category: urgent, name: {nl: Crisisdienst, en: Crisis service}}
          - {id: coach, category: welfare, name: {nl: 'Coach "Noord" & <Zuid>', en: Coach}}
          - {id: huisarts, category: medical, name: {nl: Huisarts, en: GP}}
        questions:
          - {id: gevaar, dimension: mentaal_welbevinden, type: yes_no, text: {nl: 'Gevaar? "acuut"', en: Danger?}}
          - {id: stemming, dimension: mentaal_welbevinden, type: scale, text: {nl: Stemming 0-10?, en: Mood 0-10?}}
          - {id: eenzaam, dimension: meedoen, when: stemming < 5, type: yes_no, text: {nl: Eenzaam?, en: Lonely?}}
          - {id: toestemming, type: yes_no, text: {nl: Toestemming?, en: Consent?}}
        scores:
          - {id: stemming, method: mean, of: [stemming]}
        rules:
          - {id: gevaar_nu, when: gevaar, red_flag: true, refer: crisis, reason: {nl: Gevaar., en: Danger.}}
          - {id: eenzaamheid, when: toestemming and eenzaam, refer: coach, reason: {nl: Eenzaam., en: Lonely.}}
          - {id: somber, when: score.stemming <= 2, refer: huisarts, decision: mixed, reason: {nl: Somber., en: Low.}}

        """#

    static func load() throws -> TriageProtocol {
        let result = ProtocolLoader().load(Array(yaml.utf8), file: "graaf.yaml")
        return try #require(result.value, "\(result.diagnostics)")
    }

    @Test func dotGroupsQuestionsPerDimensionAndLabelsConditions() throws {
        let dot = ProtocolGraphRenderer(format: .dot).render(try Self.load())
        #expect(dot.hasPrefix("digraph \"graaf-test\" {"))
        #expect(dot.hasSuffix("}\n"))
        #expect(dot.contains("subgraph \"cluster_dim_mentaal_welbevinden\" {\n    label=\"Mentaal welbevinden\";"))
        #expect(dot.contains("subgraph \"cluster_dim_meedoen\""))
        #expect(dot.contains("subgraph \"cluster_dim_none\""))
        // Asking order, then the condition edge from the question the `when` reads.
        #expect(dot.contains("\"start\" -> \"q_gevaar\";\n  \"q_gevaar\" -> \"q_stemming\";\n  \"q_stemming\" -> \"q_eenzaam\";"))
        #expect(dot.contains("\"q_stemming\" -> \"q_eenzaam\" [label=\"stemming < 5\", style=dashed"))
        // Rules read questions (a score through its questions) and lead to destinations.
        #expect(dot.contains("\"q_stemming\" -> \"r_somber\""))
        #expect(dot.contains("\"r_eenzaamheid\" -> \"d_coach\" [label=\"prio 5\""))
        #expect(dot.contains("regel somber\\nscore.stemming <= 2\\n→ mixed"))
        // The red flag: red, bold, labelled.
        #expect(dot.contains("\"r_gevaar_nu\" [label=\"RODE VLAG: gevaar_nu\\ngevaar\", shape=octagon, style=\"filled,bold\", color=red"))
        #expect(dot.contains("\"r_gevaar_nu\" -> \"d_crisis\" [label=\"RODE VLAG\", color=red"))
        // Escaping: quotes and backslashes.
        #expect(dot.contains(#"label="Test \"graaf\" \\ met # en |";"#))
        #expect(dot.contains(#"Coach \"Noord\" & <Zuid>"#))
    }

    @Test func mermaidStartsWithFlowchartAndEscapesLabels() throws {
        let mermaid = ProtocolGraphRenderer(format: .mermaid, language: "en").render(try Self.load())
        #expect(mermaid.hasPrefix("flowchart TD\n"))
        #expect(mermaid.contains("  subgraph dim_mentaal_welbevinden [\"Mental well-being\"]"))
        #expect(mermaid.components(separatedBy: "\n  end\n").count - 1 == mermaid.components(separatedBy: "  subgraph ").count - 1)
        #expect(mermaid.contains("q_stemming -.->|\"stemming #lt; 5\"| q_eenzaam"))
        #expect(mermaid.contains("r_gevaar_nu{{\"RED FLAG: gevaar_nu<br/>gevaar\"}}"))
        #expect(mermaid.contains("class r_gevaar_nu redflag"))
        #expect(mermaid.contains("Gevaar? #quot;acuut#quot;") == false)  // English texts are used
        #expect(mermaid.contains("Coach"))
        let dutch = ProtocolGraphRenderer(format: .mermaid).render(try Self.load())
        #expect(dutch.contains("Gevaar? #quot;acuut#quot;"))
        #expect(dutch.contains("Coach #quot;Noord#quot; #amp; #lt;Zuid#gt;"))
        #expect(dutch.contains("RODE VLAG"))
        // No raw quote may appear inside a label: every label is "...", quotes only at its ends.
        for line in dutch.split(separator: "\n") where line.contains("[\"") {
            let inner = line.split(separator: "\"", omittingEmptySubsequences: false)
            #expect(inner.count == 3 || inner.count == 5, "unbalanced quotes: \(line)")
        }
    }

    @Test func theShippedProtocolRendersInBothFormats() throws {
        let path = ReadmeExample.packageRoot + "/Protocols/welzijn-op-recept.yaml"
        let bytes = try #require(try? SourceFile.read(path).get())
        let spec = try #require(ProtocolLoader().load(bytes, file: path).value)
        let dot = ProtocolGraphRenderer(format: .dot).render(spec)
        for question in spec.questions { #expect(dot.contains("\"q_\(question.id)\" [label=")) }
        #expect(ProtocolGraphRenderer(format: .mermaid).render(spec).hasPrefix("flowchart"))
    }

    /// Graphviz's `dot`, when installed.
    static let dotExecutable: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { $0 + "/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: dotExecutable != nil, "Graphviz 'dot' is not installed (apt-get install graphviz); skipping the render check"))
    func graphvizRendersTheDOTOutput() throws {
        var graphs = [ProtocolGraphRenderer(format: .dot).render(try Self.load())]
        let directory = ReadmeExample.packageRoot + "/Protocols"
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        where name.hasSuffix(".yaml") && !name.hasSuffix(".tests.yaml") {
            let bytes = try #require(try? SourceFile.read(directory + "/" + name).get())
            let shipped = try #require(ProtocolLoader().load(bytes, file: name).value, "\(name)")
            graphs.append(ProtocolGraphRenderer(format: .dot).render(shipped))
        }
        #expect(graphs.count > 1)
        for dot in graphs {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(Self.dotExecutable))
            process.arguments = ["-Tsvg"]
            let input = Pipe()
            let output = Pipe()
            let errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            input.fileHandleForWriting.write(Data(dot.utf8))
            try input.fileHandleForWriting.close()
            let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "dot failed: \(stderr)")
            #expect(svg.contains("<svg"))
            #expect(svg.contains("RODE VLAG") == dot.contains("RODE VLAG"))
        }
    }
}
