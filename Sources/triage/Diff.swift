import ArgumentParser
import TriageKit

/// `triage diff OLD NEW`: what a new version of a protocol changes for patients.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two versions of a protocol: which outcomes change, for which answers.",
        discussion: """
            Every reachable answer class is compared: the decision, the urgency, the referrals in order and \
            the red flags. Changed classes are grouped by kind of change, each with a shortest example \
            (answers that 'triage run PROTOCOL --answers FILE' reproduces on both versions); added, \
            removed, renamed and changed questions and rules are summarised. Exit status: 0 no outcome \
            changes (every class compared), 1 some outcome changes, or the versions could not be fully \
            compared within --max-nodes and --time-limit, or a protocol has errors (reported on standard error with file:line:column); \
            64 usage error.
            """
    )

    enum Format: String, OutputFormat {
        case text, json
    }

    @Argument(help: "The old version of the protocol.", completion: .file(extensions: ["yaml", "yml"]))
    var oldPath: String

    @Argument(help: "The new version of the protocol.", completion: .file(extensions: ["yaml", "yml"]))
    var newPath: String

    @OptionGroup var output: OutputOptions<Format>

    @Option(
        name: .customLong("examples-dir"),
        help: "Write each change's example to DIR/NN-<change>.yaml (or -old/-new.yaml per version) (mode 0600; never overwrites).")
    var examplesDir: String?

    @Option(name: .customLong("max-nodes"), help: "The most decision-diagram nodes the comparison may build.")
    var maxNodes: Int = ProtocolDiff.Options().maxNodes

    @Option(name: .customLong("time-limit"), help: "The most seconds the comparison may take.")
    var timeLimit: Double = ProtocolDiff.Options().timeLimit

    func validate() throws {
        if maxNodes < 2 { throw ValidationError("--max-nodes must be at least 2") }
        if !(timeLimit >= 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a number of seconds, 0 or more") }
    }

    func run() throws {
        try output.capture { try produce() }
    }

    /// The result, on standard output (which `--output` sends to a file).
    private func produce() throws {
        let old = CommandSupport.loadProtocol(oldPath)
        let new = CommandSupport.loadProtocol(newPath)
        guard let old, let new else { throw ExitCode(1) }
        let report = ProtocolDiff.compare(old: old, new: new, options: ProtocolDiff.Options(maxNodes: maxNodes, timeLimit: timeLimit))
        var paths: [Int: [String]] = [:]
        var written = true
        if let examplesDir {
            var entries: [AnswersDirectory.Entry] = []
            for (index, change) in report.changes.enumerated() {
                let stem = (index + 1 < 10 ? "0" : "") + "\(index + 1)-\(change.kind.slug)"
                for file in change.example.files {
                    let name = stem + (file.sides.count == 2 ? "" : "-\(file.sides[0].rawValue)") + ".yaml"
                    entries.append(.init(name: name, text: file.text, label: "example of '\(change.kind.summary)'"))
                    paths[index, default: []].append(AnswersDirectory.path(name, in: examplesDir))
                }
            }
            written = AnswersDirectory.write(entries, to: examplesDir)
        }
        let renderer = ProtocolDiffRenderer(examplePaths: paths)
        switch output.format {
        case .text: Output.write(renderer.text(report))
        case .json: Output.write(renderer.json(report).serialized() + "\n")
        }
        if !written || !report.changes.isEmpty || !report.isComplete { throw ExitCode(1) }
    }
}
