import Foundation
import Testing

@testable import TriageKit

/// `triage schema`: every shipped YAML file, read as YAML 1.2 the way an editor reads it,
/// satisfies the JSON Schema, and the schema rejects what the loaders reject.
@Suite struct JSONSchemaDocumentTests {
    static let validator = JSONSchemaValidator(root: JSONSchemaDocument.document())

    /// Every `*.yaml` under Protocols/ and Examples/, skipping hidden directories (build output).
    static func shippedFiles() -> [String] {
        var files: [String] = []
        for folder in ["Protocols", "Examples"] {
            let base = ReadmeExample.packageRoot + "/" + folder
            guard let enumerator = FileManager.default.enumerator(atPath: base) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let parts = relative.split(separator: "/")
                if parts.last?.hasPrefix(".") == true { enumerator.skipDescendants() }
                if parts.contains(where: { $0.hasPrefix(".") }) { continue }
                if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { files.append(base + "/" + relative) }
            }
        }
        return files.sorted()
    }

    /// The file as JSON, as an editor reading YAML 1.2 sees it.
    static func json(_ path: String) throws -> JSONValue {
        let bytes = try #require(try? SourceFile.read(path).get(), "cannot read \(path)")
        let read = YAMLReader().read(bytes, file: path)
        let root = try #require(read.root, "\(path): \(read.diagnostics)")
        return YAML12.json(root)
    }

    static func problems(_ yaml: String, kind: DocumentKind? = nil) throws -> [String] {
        let root = try #require(YAMLReader().read(Array(yaml.utf8), file: "inline.yaml").root)
        let validator = kind.map { JSONSchemaValidator(root: JSONSchemaDocument.document(for: $0)) } ?? Self.validator
        return validator.problems(YAML12.json(root))
    }

    @Test func isDraft2020WithOnlyKeywordsTheCheckerKnows() throws {
        let document = JSONSchemaDocument.document()
        #expect(JSONSchemaValidator.member("$schema", of: document) == .string("https://json-schema.org/draft/2020-12/schema"))
        // Every keyword in the schema is one the checker knows, so none goes unchecked.
        var keywords = Set<String>()
        func walk(_ schema: JSONValue) {
            switch schema {
            case .object(let pairs):
                for (key, value) in pairs {
                    keywords.insert(key)
                    switch (key, value) {
                    case ("properties", .object(let named)), ("$defs", .object(let named)): named.forEach { walk($0.1) }
                    case ("enum", _), ("const", _), ("required", _), ("type", _): break
                    default: walk(value)
                    }
                }
            case .array(let items): items.forEach(walk)
            default: break
            }
        }
        walk(document)
        let known = JSONSchemaValidator.annotations.union(JSONSchemaValidator.assertions)
        #expect(keywords.subtracting(known).isEmpty, "unchecked keywords: \(keywords.subtracting(known).sorted())")
        for kind in DocumentKind.allCases {
            let single = JSONSchemaDocument.document(for: kind)
            #expect(JSONSchemaValidator.member("$defs", of: single) != nil)
            let rendered = JSONSchemaDocument.render(for: kind)
            #expect(rendered.hasSuffix("}\n"))
        }
    }

    @Test func everyShippedYAMLFileSatisfiesTheSchema() throws {
        let files = Self.shippedFiles()
        #expect(files.contains { $0.hasSuffix("Protocols/welzijn-op-recept.yaml") })
        for file in files {
            let instance = try Self.json(file)
            let problems = Self.validator.problems(instance)
            #expect(problems.isEmpty, "\(file):\n\(problems.joined(separator: "\n"))")
            let kind = try #require(JSONSchemaValidator.member("kind", of: instance))
            if case .string(let name) = kind, let documentKind = DocumentKind(rawValue: name) {
                let single = JSONSchemaValidator(root: JSONSchemaDocument.document(for: documentKind))
                #expect(single.problems(instance).isEmpty, "\(file) fails the '\(name)' schema")
            }
        }
    }

    @Test func everyCompleteReadmeExampleSatisfiesTheSchema() throws {
        for example in try ReadmeExample.all().filter(\.isComplete) {
            let root = try #require(YAMLReader().read(Array(example.text.utf8), file: "README.md").root)
            let problems = Self.validator.problems(YAML12.json(root))
            #expect(problems.isEmpty, "\(example): \(problems)")
        }
    }

    @Test func rejectsWhatTheLoadersReject() throws {
        let protocolText = """
            kind: protocol
            id: x
            version: 1.0
            title: X
            questions:
              - {id: stress, type: yes_no, text: Stress?}
            rules:
              - {id: r, when: stress, decision: medical, reason: R}

            """
        #expect(try Self.problems(protocolText).isEmpty)
        #expect(try Self.problems(protocolText, kind: .protocol).isEmpty)
        // An unknown key, a misspelt enum, a missing required field, a bad id.
        #expect(try Self.problems(protocolText.replacing("title: X", with: "titel: X")).contains { $0.contains("unknown key 'titel'") })
        #expect(try Self.problems(protocolText.replacing("type: yes_no", with: "type: ja_nee")).contains { $0.contains("ja_nee") })
        #expect(try !Self.problems(protocolText.replacing("version: 1.0\n", with: "")).isEmpty)
        #expect(try !Self.problems(protocolText.replacing("id: stress", with: "id: Stress")).isEmpty)
        // A rule without decision, refer or red flag; a choice question without options.
        #expect(try !Self.problems(protocolText.replacing("decision: medical, ", with: "")).isEmpty)
        #expect(try !Self.problems(protocolText.replacing("type: yes_no", with: "type: choice")).isEmpty)
        // Priority 1-9, an unknown kind, and the single-kind schema refuses other kinds.
        #expect(try !Self.problems(protocolText.replacing("reason: R", with: "reason: R, priority: 10")).isEmpty)
        #expect(try !Self.problems(protocolText.replacing("kind: protocol", with: "kind: protocoll")).isEmpty)
        #expect(try !Self.problems("kind: answers\nanswers: {stress: ja}\n", kind: .protocol).isEmpty)
        #expect(try Self.problems("kind: answers\nanswers: {stress: ja, zorgen: [geld], score: 3}\n").isEmpty)
        #expect(try !Self.problems("kind: answers\nanswers: {Stress: ja}\n").isEmpty)
        #expect(try !Self.problems("kind: social_map\nregion: X\nservices:\n  - {id: a, serves: [b], name: A, channel: fax}\n").isEmpty)
    }

    @Test("social map services: localized texts, keywords in both forms, dates as YYYY-MM-DD, fallback ids")
    func socialMapServiceFields() throws {
        let map = """
            kind: social_map
            region: X
            services:
              - id: a
                serves: [b]
                name: A
                contact: {nl: coach (rol), en: coach (role)}
                hours: ma-vr
                description: {nl: Welzijn., en: Welfare.}
                keywords: [schulden, eenzaam]
                checked: 2026-03-01
                valid_until: "2027-03-01"
                fallback: c
              - {id: c, serves: b, name: C, keywords: {nl: [rouw], en: grief}}

            """
        #expect(try Self.problems(map).isEmpty)
        #expect(try Self.problems(map, kind: .socialMap).isEmpty)
        #expect(try !Self.problems(map.replacing("checked: 2026-03-01", with: "checked: 2026-3-1")).isEmpty)
        #expect(try !Self.problems(map.replacing("fallback: c", with: "fallback: C")).isEmpty)
        #expect(try !Self.problems(map.replacing("en: grief", with: "fr: chagrin")).isEmpty)
        #expect(try !Self.problems(map.replacing("hours: ma-vr", with: "hours: {de: Mo-Fr}")).isEmpty)
        #expect(try !Self.problems(map.replacing("fallback: c", with: "fallbacks: c")).isEmpty)
    }

    @Test func readsPlainScalarsAsYAML12() {
        #expect(YAML12.resolve("1.0") == .number(1))
        #expect(YAML12.resolve("010") == .number(10))
        #expect(YAML12.resolve("true") == .bool(true))
        #expect(YAML12.resolve("~") == .null)
        for text in ["1.0.0", "no", "ja", "on", "0800-0113", "0x", "1e"] { #expect(YAML12.resolve(text) == .string(text)) }
    }
}
