/// What a scenario file stands on — the protocol and social map it names, loaded — and the
/// check of every id its expectations name. `triage validate` and `triage test` both use it,
/// so a scenario file that one accepts the other runs.
package struct ScenarioSuiteSetup: Sendable {
    /// The protocol, when it loaded without errors.
    package var triageProtocol: TriageProtocol?
    /// The social map, when the suite names one and it loaded without errors.
    package var socialMap: SocialMap?
    /// Everything found, unsorted. Errors mean the scenarios cannot be run as written.
    package var diagnostics: [Diagnostic]

    /// Loads what `suite` names. Failures to read or load a named file are reported at the
    /// line of the scenario file that names it; with `includingReferencedFindings`, the
    /// findings inside the protocol and the map themselves are reported too (for `test`,
    /// which otherwise would not show them; `validate` shows them for the files it is given).
    package static func load(
        _ suite: ScenarioSuite, reader: YAMLReader = YAMLReader(), includingReferencedFindings: Bool
    ) -> ScenarioSuiteSetup {
        var diagnostics: [Diagnostic] = []
        var triageProtocol: TriageProtocol?
        switch SourceFile.read(suite.protocolPath, maxSize: reader.limits.maxFileSize) {
        case .failure(let failure):
            diagnostics.append(
                .error(
                    "missing-protocol", "the protocol '\(suite.protocolPath)' cannot be read: \(failure.message)",
                    at: suite.protocolLocation, hint: failure.hint ?? "the path is relative to the scenario file"))
        case .success(let bytes):
            let loaded = ProtocolLoader(reader: reader).load(bytes, file: suite.protocolPath)
            if includingReferencedFindings { diagnostics += loaded.diagnostics }
            triageProtocol = loaded.value
            if loaded.value == nil {
                diagnostics.append(
                    .error(
                        "invalid-protocol", "the protocol '\(suite.protocolPath)' has errors", at: suite.protocolLocation,
                        hint: "run triage validate \(suite.protocolPath)"))
            }
        }
        var socialMap: SocialMap?
        if let mapPath = suite.mapPath {
            let mapLocation = suite.mapLocation ?? suite.location
            switch SourceFile.read(mapPath, maxSize: reader.limits.maxFileSize) {
            case .failure(let failure):
                diagnostics.append(
                    .error(
                        "missing-map", "the social map '\(mapPath)' cannot be read: \(failure.message)", at: mapLocation,
                        hint: failure.hint ?? "the path is relative to the scenario file"))
            case .success(let bytes):
                let loaded = SocialMapLoader(reader: reader).load(bytes, file: mapPath)
                if includingReferencedFindings { diagnostics += loaded.diagnostics }
                socialMap = loaded.value
                if loaded.value == nil {
                    diagnostics.append(
                        .error(
                            "invalid-map", "the social map '\(mapPath)' has errors", at: mapLocation,
                            hint: "run triage validate \(mapPath)"))
                }
            }
        }
        if let triageProtocol {
            diagnostics += references(suite, triageProtocol)
            if let socialMap, let mapPath = suite.mapPath {
                diagnostics += SocialMapCheck.check(socialMap, against: triageProtocol, mapFile: mapPath)
            }
        }
        return ScenarioSuiteSetup(triageProtocol: triageProtocol, socialMap: socialMap, diagnostics: diagnostics)
    }

    /// Every destination, rule, score and question id named in an expectation must exist.
    private static func references(_ suite: ScenarioSuite, _ triageProtocol: TriageProtocol) -> [Diagnostic] {
        let destinations = triageProtocol.destinations.map(\.id)
        let redFlags = triageProtocol.rules.filter(\.isRedFlag).map(\.id)
        let rules = triageProtocol.rules.map(\.id)
        let questions = triageProtocol.questions.map(\.id)
        let scores = triageProtocol.scores.map(\.id)
        var findings: [Diagnostic] = []
        for scenario in suite.scenarios {
            for reference in scenario.expectation.references {
                let (candidates, what): ([String], String) =
                    switch reference.field {
                    case "referrals": (destinations, "a destination")
                    case "red_flags": (redFlags, "a red-flag rule")
                    case "rules": (rules, "a rule")
                    case "scores": (scores, "a score")
                    default: (questions, "a question")
                    }
                guard !candidates.contains(reference.id) else { continue }
                var hint = Suggestion.hint(for: reference.id, in: candidates)
                if reference.field == "red_flags", rules.contains(reference.id) {
                    hint = "rule '\(reference.id)' is not a red flag (it has no 'red_flag: true')"
                }
                findings.append(
                    .error(
                        "unknown-id", "'\(reference.id)' in '\(reference.field)' is not \(what) of protocol '\(triageProtocol.id)'",
                        at: reference.location, hint: hint))
            }
        }
        return findings
    }
}
