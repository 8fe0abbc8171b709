import Testing

@testable import TriageKit

/// `triage validate --format sarif`: SARIF 2.1.0 logs.
@Suite struct SARIFRendererTests {
    static let diagnostics: [Diagnostic] = [
        .error("unknown-key", "unknown key 'titel' in the protocol", at: SourceLocation(file: "Protocols/a b.yaml", line: 4, column: 1), hint: "did you mean 'title'?"),
        .warning("unused-question", "question 'x' is not used", at: SourceLocation(file: "/abs/p.yaml", line: 9, column: 5)),
        .error("unknown-key", "unknown key 'wen'", at: SourceLocation(file: "Protocols/a b.yaml", line: 12, column: 7)),
        .error("file-not-found", "no such file", at: SourceLocation(file: "x.yaml", line: 0, column: 0)),
    ]

    @Test func describesToolRulesAndResults() {
        let log = SARIFRenderer(toolVersion: "0.1.0").json(Self.diagnostics)
        let text = log.serialized()
        #expect(text.contains("\"version\": \"2.1.0\""))
        #expect(text.contains("\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\""))
        guard case .object(let top) = log, case .array(let runs)? = top.first(where: { $0.0 == "runs" })?.1,
            case .object(let run)? = runs.first
        else {
            Issue.record("no run")
            return
        }
        let runText = JSONValue.object(run).serialized(pretty: false)
        // One rule per code, sorted; results point at their rule.
        #expect(runText.contains(#""driver":{"name":"triage","version":"0.1.0","rules":[{"id":"file-not-found","#))
        #expect(runText.contains(#"{"id":"unknown-key","name":"UnknownKey","shortDescription":{"text":"Unknown key."}}"#))
        #expect(runText.contains(#""ruleId":"unknown-key","ruleIndex":1,"level":"error","message":{"text":"unknown key 'titel' in the protocol\nhint: did you mean 'title'?"}"#))
        #expect(runText.contains(#""level":"warning""#))
        // Locations: relative URIs percent-encoded, absolute paths as file URIs, 1-based regions.
        #expect(runText.contains(#""artifactLocation":{"uri":"Protocols/a%20b.yaml"},"region":{"startLine":4,"startColumn":1}"#))
        #expect(runText.contains(#""uri":"file:///abs/p.yaml"},"region":{"startLine":9,"startColumn":5}"#))
        #expect(runText.contains(#""physicalLocation":{"artifactLocation":{"uri":"x.yaml"}}"#))
        #expect(runText.contains(#""columnKind":"unicodeCodePoints""#))
    }

    @Test func strictReportsWarningsAsErrors() {
        let text = SARIFRenderer(toolVersion: "1", warningsAsErrors: true).render(Self.diagnostics)
        #expect(!text.contains("\"warning\""))
        #expect(SARIFRenderer(toolVersion: "1").render([]).contains("\"results\": []"))
    }
}
