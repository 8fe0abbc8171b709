/// Draws a protocol as a flow graph in Graphviz DOT or Mermaid, for authors and reviewers.
///
/// Questions are grouped per Positieve Gezondheid dimension and linked in asking order;
/// a question with a `when` also gets a dashed edge, labelled with its condition, from each
/// question the condition reads. Rules hang off the questions they read and point to their
/// destinations; red-flag rules are red, bold and labelled "RODE VLAG".
package struct ProtocolGraphRenderer: Sendable {
    /// The output language of the graph.
    package enum Format: String, Sendable, Hashable, CaseIterable {
        /// Graphviz DOT, for `dot -Tsvg`.
        case dot
        /// Mermaid, for Markdown viewers (GitHub, GitLab) and mermaid.live.
        case mermaid
    }

    /// DOT or Mermaid.
    package var format: Format
    /// `nl` or `en`, for texts and the few fixed words.
    package var language: String

    /// Creates a renderer.
    package init(format: Format, language: String = "nl") {
        self.format = format
        self.language = language
    }

    /// The graph of `triageProtocol` as DOT or Mermaid text, ending in a newline.
    package func render(_ triageProtocol: TriageProtocol) -> String {
        let graph = FlowGraph(triageProtocol, language: language)
        switch format {
        case .dot: return dot(graph, title: triageProtocol.title.text(in: language))
        case .mermaid: return mermaid(graph)
        }
    }

    // MARK: - DOT

    private func dot(_ graph: FlowGraph, title: String) -> String {
        var lines = [
            "digraph \(Self.dotString(graph.protocolID)) {",
            "  label=\(Self.dotString(title.neutralized));",
            "  labelloc=t;",
            "  newrank=true;",  // ranks across clusters; avoids dot's "trouble in init_rank"
            "  rankdir=TB;",
            "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\"];",
            "  edge [fontname=\"Helvetica\", fontsize=10];",
        ]
        for group in graph.groups {
            lines.append("  subgraph \(Self.dotString("cluster_" + group.id)) {")
            lines.append("    label=\(Self.dotString(group.label));")
            lines.append("    style=\"rounded,filled\";")
            lines.append("    fillcolor=\(Self.dotString(group.fill));")
            for node in group.nodes { lines.append("    " + dotNode(node)) }
            lines.append("  }")
        }
        for node in graph.looseNodes { lines.append("  " + dotNode(node)) }
        for edge in graph.edges {
            var attributes: [String] = []
            if let label = edge.label { attributes.append("label=\(Self.dotString(label.neutralized))") }
            switch edge.style {
            case .flow: break
            case .condition: attributes.append("style=dashed, color=\"#1f5fa8\", fontcolor=\"#1f5fa8\"")
            case .input: attributes.append("style=dotted, color=gray50, arrowhead=none")
            case .referral: attributes.append("color=\"#2e7d32\"")
            case .redFlag: attributes.append("color=red, fontcolor=red, penwidth=2.5, style=bold")
            }
            let suffix = attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]"
            lines.append("  \(Self.dotString(edge.from)) -> \(Self.dotString(edge.to))\(suffix);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func dotNode(_ node: FlowGraph.Node) -> String {
        var attributes = ["label=\(Self.dotString(node.lines.map(\.neutralized).joined(separator: "\n")))"]
        switch node.kind {
        case .start: attributes.append("shape=circle, style=filled, fillcolor=black, fontcolor=white, width=0.3")
        case .question: break
        case .rule: attributes.append("shape=box, style=\"filled\", fillcolor=\"#fff8e1\"")
        case .redFlag:
            attributes.append(
                "shape=octagon, style=\"filled,bold\", color=red, fillcolor=\"#ffebee\", fontcolor=red, penwidth=3, fontname=\"Helvetica-Bold\""
            )
        case .destination(let category):
            let fill =
                switch category {
                case .urgent: "#ffcdd2"
                case .medical: "#e3f2fd"
                case .welfare: "#e8f5e9"
                }
            attributes.append("shape=note, style=filled, fillcolor=\(Self.dotString(fill))")
        }
        return "\(Self.dotString(node.id)) [\(attributes.joined(separator: ", "))];"
    }

    /// A DOT double-quoted string: quotes and backslashes escaped, line breaks as `\n`.
    static func dotString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r", "\t": out += " "
            case _ where scalar.value < 0x20: break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    // MARK: - Mermaid

    private func mermaid(_ graph: FlowGraph) -> String {
        var lines = ["flowchart TD"]
        func node(_ node: FlowGraph.Node) -> String {
            let label = Self.mermaidString(node.lines.map(\.neutralized).joined(separator: "\n"))
            return switch node.kind {
            case .start: "\(node.id)((\(label)))"
            case .question: "\(node.id)(\(label))"
            case .rule: "\(node.id)[\(label)]"
            case .redFlag: "\(node.id){{\(label)}}"
            case .destination: "\(node.id)[/\(label)/]"
            }
        }
        for group in graph.groups {
            lines.append("  subgraph \(group.id) [\(Self.mermaidString(group.label))]")
            for member in group.nodes { lines.append("    " + node(member)) }
            lines.append("  end")
        }
        for member in graph.looseNodes { lines.append("  " + node(member)) }
        var redEdges: [Int] = []
        var conditionEdges: [Int] = []
        for (index, edge) in graph.edges.enumerated() {
            let label = edge.label.map { "|\(Self.mermaidString($0.neutralized))|" } ?? ""
            let arrow: String
            switch edge.style {
            case .flow, .referral: arrow = "-->"
            case .condition:
                arrow = "-.->"
                conditionEdges.append(index)
            case .input: arrow = "-.-"
            case .redFlag:
                arrow = "==>"
                redEdges.append(index)
            }
            lines.append("  \(edge.from) \(arrow)\(label) \(edge.to)")
        }
        lines.append("  classDef redflag fill:#ffebee,stroke:#d00000,stroke-width:3px,color:#d00000,font-weight:bold")
        lines.append("  classDef rule fill:#fff8e1,stroke:#b28704")
        lines.append("  classDef urgent fill:#ffcdd2,stroke:#b71c1c")
        lines.append("  classDef medical fill:#e3f2fd,stroke:#1565c0")
        lines.append("  classDef welfare fill:#e8f5e9,stroke:#2e7d32")
        let allNodes = graph.groups.flatMap(\.nodes) + graph.looseNodes
        let classes: [(String, (FlowGraph.Node) -> Bool)] = [
            ("redflag", { if case .redFlag = $0.kind { true } else { false } }),
            ("rule", { if case .rule = $0.kind { true } else { false } }),
            ("urgent", { $0.kind == .destination(.urgent) }),
            ("medical", { $0.kind == .destination(.medical) }),
            ("welfare", { $0.kind == .destination(.welfare) }),
        ]
        for (name, matches) in classes {
            let ids = allNodes.filter(matches).map(\.id)
            if !ids.isEmpty { lines.append("  class \(ids.joined(separator: ",")) \(name)") }
        }
        if !conditionEdges.isEmpty {
            lines.append("  linkStyle \(conditionEdges.map(String.init).joined(separator: ",")) stroke:#1f5fa8,color:#1f5fa8")
        }
        if !redEdges.isEmpty {
            lines.append("  linkStyle \(redEdges.map(String.init).joined(separator: ",")) stroke:#d00000,stroke-width:3px,color:#d00000")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Mermaid quoted label: characters Mermaid would read as syntax or HTML become
    /// entity codes (`#quot;`, `#lt;` ...), line breaks become `<br/>`.
    static func mermaidString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "<br/>"
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "|": out += "#124;"
            case "`": out += "#96;"
            case "\r", "\t": out += " "
            case _ where scalar.value < 0x20: break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The format-neutral graph both outputs are drawn from.
private struct FlowGraph {
    enum NodeKind: Equatable {
        case start, question, rule, redFlag
        case destination(Destination.Category)
    }

    struct Node {
        var id: String
        var lines: [String]
        var kind: NodeKind
    }

    enum EdgeStyle { case flow, condition, input, referral, redFlag }

    struct Edge {
        var from: String
        var to: String
        var label: String?
        var style: EdgeStyle
    }

    struct Group {
        var id: String
        var label: String
        var fill: String
        var nodes: [Node]
    }

    let protocolID: String
    var groups: [Group] = []
    var looseNodes: [Node] = []
    var edges: [Edge] = []

    init(_ spec: TriageProtocol, language: String) {
        protocolID = spec.id
        let en = language == "en"
        let questionNodes = spec.questions.map { question in
            Node(
                id: Self.questionNode(question.id),
                lines: [question.id + " (" + question.answerType.name + ")", Self.shorten(question.text.text(in: language))],
                kind: .question)
        }
        looseNodes.append(Node(id: "start", lines: ["start"], kind: .start))
        for dimension in Dimension.allCases {
            let members = spec.questions.indices.filter { spec.questions[$0].dimension == dimension }
            guard !members.isEmpty else { continue }
            groups.append(
                Group(id: "dim_" + dimension.rawValue, label: dimension.name(in: language), fill: "#f5f5f5", nodes: members.map { questionNodes[$0] }))
        }
        let undimensioned = spec.questions.indices.filter { spec.questions[$0].dimension == nil }
        if !undimensioned.isEmpty {
            groups.append(
                Group(
                    id: "dim_none", label: en ? "No dimension" : "Zonder dimensie", fill: "#fafafa",
                    nodes: undimensioned.map { questionNodes[$0] }))
        }

        // The asking order, then the `when` conditions.
        var previous = "start"
        for question in spec.questions {
            edges.append(Edge(from: previous, to: Self.questionNode(question.id), label: nil, style: .flow))
            previous = Self.questionNode(question.id)
        }
        for question in spec.questions {
            guard let when = question.when else { continue }
            for source in Self.reads(when.expression, in: spec) {
                edges.append(Edge(from: Self.questionNode(source), to: Self.questionNode(question.id), label: when.source, style: .condition))
            }
        }

        // Rules and where they lead.
        var ruleNodes: [Node] = []
        for rule in spec.rules {
            let id = "r_" + rule.id
            var lines = [rule.isRedFlag ? (en ? "RED FLAG: " : "RODE VLAG: ") + rule.id : (en ? "rule " : "regel ") + rule.id]
            lines.append(Self.shorten(rule.when.source))
            if !rule.isRedFlag, rule.referTo == nil || rule.decision != Self.defaultDecision(rule, spec) {
                lines.append("→ " + rule.decision.rawValue)
            }
            ruleNodes.append(Node(id: id, lines: lines, kind: rule.isRedFlag ? .redFlag : .rule))
            let sources = Self.reads(rule.when.expression, in: spec)
            for source in sources {
                edges.append(Edge(from: Self.questionNode(source), to: id, label: nil, style: rule.isRedFlag ? .redFlag : .input))
            }
            if sources.isEmpty { edges.append(Edge(from: "start", to: id, label: nil, style: .input)) }
            if let target = rule.referTo {
                edges.append(
                    Edge(
                        from: id, to: "d_" + target, label: rule.isRedFlag ? (en ? "RED FLAG" : "RODE VLAG") : "prio \(rule.priority)",
                        style: rule.isRedFlag ? .redFlag : .referral))
            }
        }
        if !ruleNodes.isEmpty {
            groups.append(Group(id: "rules", label: en ? "Rules" : "Regels", fill: "#fffdf5", nodes: ruleNodes))
        }
        let destinationNodes = spec.destinations.map { destination in
            Node(
                id: "d_" + destination.id,
                lines: [destination.name.text(in: language), destination.id + " · " + destination.category.rawValue],
                kind: .destination(destination.category))
        }
        if !destinationNodes.isEmpty {
            groups.append(
                Group(id: "destinations", label: en ? "Destinations" : "Verwijzingen", fill: "#f7fbf7", nodes: destinationNodes))
        }
    }

    static func questionNode(_ id: String) -> String { "q_" + id }

    /// The ids of the questions a condition reads, directly or through a score, in protocol order.
    static func reads(_ expression: Expression, in spec: TriageProtocol) -> [String] {
        var indices = Set<Int>()
        var scoreQuestionIDs = Set<String>()
        expression.visit { node in
            switch node {
            case .question(_, let index): indices.insert(index)
            case .score(_, let index) where spec.scores.indices.contains(index):
                scoreQuestionIDs.formUnion(spec.scores[index].questionIDs)
            default: break
            }
        }
        return spec.questions.enumerated().filter { indices.contains($0.offset) || scoreQuestionIDs.contains($0.element.id) }
            .map(\.element.id)
    }

    /// The decision a rule gets when it does not state one (so only deviations are drawn).
    static func defaultDecision(_ rule: Rule, _ spec: TriageProtocol) -> Decision? {
        guard let target = rule.referTo.flatMap(spec.destination) else { return nil }
        return switch target.category {
        case .welfare: .psychosocial
        case .medical: .medical
        case .urgent: .urgent
        }
    }

    /// At most 60 characters, so nodes stay readable.
    static func shorten(_ text: String) -> String {
        let flat = String(text.map { $0 == "\n" ? " " : $0 })
        return flat.count <= 60 ? flat : String(flat.prefix(57)) + "…"
    }
}
