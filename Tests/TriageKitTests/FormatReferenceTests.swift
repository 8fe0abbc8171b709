import Foundation
import Testing

@testable import TriageKit

/// One ```yaml block of Protocols/README.md.
///
/// A block is *complete* when its first line that is not a comment starts with `kind:`; an
/// optional first line `# NAME.yaml` names the file the README tells readers to save it as.
/// Every other block is a *fragment* of a protocol, starting with a top-level key such as
/// `questions:` or `rules:`.
struct ReadmeExample: CustomStringConvertible {
    /// The block's text, without the fences.
    var text: String
    /// The README line of the block's first line.
    var line: Int
    /// The file name from a leading `# NAME.yaml` comment.
    var fileName: String?

    var isComplete: Bool { firstContentLine?.hasPrefix("kind:") ?? false }

    /// The first line that is neither blank nor a comment.
    var firstContentLine: String? {
        text.split(separator: "\n").map(String.init).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
    }

    /// The text padded with blank lines, so YAML line numbers are README line numbers.
    var bytesAtReadmeLines: [UInt8] { Array((String(repeating: "\n", count: line - 1) + text).utf8) }

    var description: String { "Protocols/README.md:\(line) (\(fileName ?? firstContentLine ?? "empty"))" }

    static let packageRoot = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
    static let readmePath = packageRoot + "/Protocols/README.md"

    /// Every ```yaml block of the README, in order.
    static func all() throws -> [ReadmeExample] {
        let lines = try String(contentsOfFile: readmePath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var examples: [ReadmeExample] = []
        var current: (start: Int, lines: [String])?
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var block = current {
                if trimmed == "```" {
                    let text = block.lines.joined(separator: "\n") + "\n"
                    let first = block.lines.first ?? ""
                    let name = first.hasPrefix("# ") && first.hasSuffix(".yaml") ? String(first.dropFirst(2)) : nil
                    examples.append(ReadmeExample(text: text, line: block.start, fileName: name))
                    current = nil
                } else {
                    block.lines.append(String(line))
                    current = block
                }
            } else if trimmed == "```yaml" {
                current = (index + 2, [])
            }
        }
        return examples
    }
}

/// Every YAML example in Protocols/README.md loads without errors, so the format reference
/// cannot drift from the loaders.
///
/// - Complete files are written to a temporary directory under their `# NAME.yaml` name (so
///   the scenarios example can name `protocol: voorbeeld.yaml`), then checked with
///   `DocumentValidator`; scenario examples must also pass, answers examples must apply to
///   the protocol they name.
/// - A fragment is merged into `fragmentBase`, a minimal valid protocol that defines the
///   questions and destinations the README's fragments refer to: for each top-level key
///   of the fragment, the fragment's items are appended to the base's list under that key,
///   and base items with the same `id` are dropped (the fragment's version wins). The
///   merged protocol must load without errors and contain every item of the fragment.
@Suite struct FormatReferenceTests {
    static let fragmentBase = """
        kind: protocol
        id: fragment
        version: 1.0.0
        languages: [nl, en]
        title: {nl: Fragment, en: Fragment}
        destinations:
          - {id: welzijnscoach, category: welfare, name: {nl: Welzijnscoach, en: Wellbeing coach}}
          - {id: schuldhulpverlening, category: welfare, name: {nl: Schuldhulpverlening, en: Debt counselling}}
          - {id: veilig_thuis, category: urgent, name: {nl: Veilig Thuis, en: Veilig Thuis}}
        questions:
          - {id: onveilig_thuis, type: yes_no, text: {nl: Onveilig thuis?, en: Unsafe at home?}}
          - {id: pg_meedoen, type: scale, text: {nl: Meedoen?, en: Taking part?}}
          - id: levensdomeinen
            type: multiple_choice
            text: {nl: Zorgen?, en: Worries?}
            options:
              - {id: geld, text: {nl: Geld, en: Money}}
              - {id: wonen, text: {nl: Wonen, en: Housing}}
          - {id: toestemming, type: yes_no, text: {nl: Toestemming?, en: Consent?}}
        rules:
          - {id: basis, when: toestemming, refer: welzijnscoach, reason: {nl: Basis., en: Base.}}

        """

    @Test func theReadmeHasYAMLExamplesOfEveryFileKind() throws {
        let examples = try ReadmeExample.all()
        #expect(examples.count >= 10)
        let kinds = Set(examples.filter(\.isComplete).compactMap { $0.firstContentLine?.dropFirst(5).trimmingCharacters(in: .whitespaces) })
        #expect(kinds == Set(DocumentKind.allCases.map(\.rawValue)))
    }

    @Test func everyCompleteExampleLoadsWithoutErrors() throws {
        let examples = try ReadmeExample.all().filter(\.isComplete)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("triage-readme-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var paths: [(ReadmeExample, String)] = []
        for example in examples {
            let path = directory + "/" + (example.fileName ?? "example-\(example.line).yaml")
            try example.text.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append((example, path))
        }
        var protocols: [String: TriageProtocol] = [:]
        for (example, path) in paths {
            let validated = DocumentValidator().validate(path: path)
            let (kind, diagnostics) = (validated.kind, validated.diagnostics)
            #expect(kind != nil, "\(example): the kind is not recognised")
            #expect(!diagnostics.containsErrors, "\(example): \(diagnostics.map(\.description).joined(separator: "\n"))")
            if kind == .protocol, let loaded = ProtocolLoader().load(Array(example.text.utf8), file: path).value {
                protocols[loaded.id] = loaded
            }
        }
        for (example, path) in paths {
            switch DocumentValidator().validate(path: path).kind {
            case .scenarios:
                let suite = try #require(ScenarioSuiteLoader().load(path: path).value, "\(example)")
                let bytes = try #require(try? SourceFile.read(suite.protocolPath).get(), "\(example): no protocol")
                let triageProtocol = try #require(ProtocolLoader().load(bytes, file: suite.protocolPath).value, "\(example)")
                let map = suite.mapPath.flatMap { SocialMapLoader().load(path: $0).value }
                #expect(suite.mapPath == nil || map != nil, "\(example): the social map does not load")
                let runner = ScenarioRunner(protocol: triageProtocol, socialMap: map)
                for scenario in suite.scenarios {
                    let result = runner.run(scenario)
                    #expect(result.passed, "\(example): '\(scenario.title)' fails: \(result.failures) \(result.diagnostics)")
                }
            case .answers:
                let sheet = try #require(AnswerSheetLoader().load(path: path).value, "\(example)")
                let id = try #require(sheet.protocolID, "\(example): name the protocol, so the example can be checked")
                let triageProtocol = try #require(protocols[id], "\(example): no README example defines protocol '\(id)'")
                var session = TriageSession(protocol: triageProtocol)
                let findings = sheet.apply(to: &session)
                #expect(findings.isEmpty, "\(example): \(findings)")
                #expect(session.isComplete, "\(example): the answers do not complete a session")
            default: break
            }
        }
    }

    @Test func everyFragmentLoadsInsideAMinimalProtocol() throws {
        let base = try #require(YAMLReader().read(Array(Self.fragmentBase.utf8), file: "fragment-base.yaml").root)
        let fragments = try ReadmeExample.all().filter { !$0.isComplete }
        #expect(!fragments.isEmpty)
        let listKeys = ["destinations", "questions", "scores", "rules", "invariants", "notes"]
        for fragment in fragments {
            let read = YAMLReader().read(fragment.bytesAtReadmeLines, file: ReadmeExample.readmePath)
            #expect(read.diagnostics.isEmpty, "\(fragment): \(read.diagnostics)")
            let root = try #require(read.root?.mapping, "\(fragment): not a mapping")
            for pair in root {
                #expect(listKeys.contains(pair.key), "\(fragment): unexpected top-level key '\(pair.key)' in a fragment")
            }
            let merged = Self.merge(fragment: root, into: base)
            let result = ProtocolLoader().load(merged, contentHash: "fragment")
            #expect(!result.diagnostics.containsErrors, "\(fragment): \(result.diagnostics.map(\.description).joined(separator: "\n"))")
            let loaded = try #require(result.value, "\(fragment) does not load")
            for pair in root {
                let ids = (pair.value.sequence ?? []).compactMap { $0["id"]?.scalar }
                let present: [String] =
                    switch pair.key {
                    case "destinations": loaded.destinations.map(\.id)
                    case "questions": loaded.questions.map(\.id)
                    case "scores": loaded.scores.map(\.id)
                    case "rules": loaded.rules.map(\.id)
                    case "notes": loaded.notes.map(\.id)
                    default: loaded.invariants.map(\.id)
                    }
                for id in ids { #expect(present.contains(id), "\(fragment): '\(id)' did not load") }
            }
        }
    }

    @Test func theReadmeDocumentsEveryKeyOfEveryFileKind() throws {
        let readme = try String(contentsOfFile: ReadmeExample.readmePath, encoding: .utf8)
        var keys = Set<String>()
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let pairs):
                for (key, item) in pairs {
                    if key == "properties", case .object(let properties) = item { keys.formUnion(properties.map(\.0)) }
                    collect(item)
                }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(JSONSchemaDocument.document())
        #expect(keys.count > 40)
        for key in keys.sorted() {
            #expect(readme.contains("`\(key)`"), "Protocols/README.md does not document the key '\(key)' (as `\(key)`)")
        }
    }

    /// The base with the fragment's lists merged in (see the suite's documentation).
    static func merge(fragment: [YAMLPair], into base: YAMLNode) -> YAMLNode {
        var pairs = base.mapping ?? []
        for pair in fragment {
            let added = pair.value.sequence ?? []
            let addedIDs = Set(added.compactMap { $0["id"]?.scalar })
            if let index = pairs.firstIndex(where: { $0.key == pair.key }) {
                let kept = (pairs[index].value.sequence ?? []).filter { !addedIDs.contains($0["id"]?.scalar ?? "") }
                pairs[index].value = YAMLNode(.sequence(kept + added), at: pairs[index].value.location)
            } else {
                pairs.append(pair)
            }
        }
        return YAMLNode(.mapping(pairs), at: base.location)
    }
}
