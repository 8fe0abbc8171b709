import TriageKit

/// The `--explain` trace: every rule that fired, whether it was applied, and the answers it saw.
struct TraceRenderer {
    let language: String

    func render(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> String {
        var lines = ["", language == "en" ? "Trace:" : "Verloop:"]
        if outcome.trace.isEmpty { lines.append(language == "en" ? "  no rule fired" : "  geen regel van toepassing") }
        for entry in outcome.trace {
            var line = "  \(entry.applied ? "✓" : "·") \(entry.ruleID): \(entry.condition)"
            if let note = entry.note { line += "  (\(note))" }
            lines.append(line)
            let inputs = entry.inputs.map { input in
                "\(input.questionID) = \(Self.describe(input.answer))"
            }
            if !inputs.isEmpty { lines.append("      " + inputs.joined(separator: ", ")) }
        }
        lines.append("  protocol \(outcome.protocolID) \(outcome.protocolVersion) sha256:\(outcome.protocolHash.prefix(12))")
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ answer: AnswerValue?) -> String {
        switch OutcomeJSONRenderer.answer(answer) {
        case .string(let text): text
        case .null: "not asked"
        case let other: other.serialized(pretty: false)
        }
    }
}
