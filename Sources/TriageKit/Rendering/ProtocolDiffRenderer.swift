/// A `ProtocolDiffReport` as text (for authors, in English like `triage validate`) or JSON.
/// Conditions and ids come from the protocol files and are neutralised.
package struct ProtocolDiffRenderer: Sendable {
    /// Per outcome change (by position in `report.changes`), the paths its example files
    /// were written to, if they were.
    package var examplePaths: [Int: [String]]

    /// Creates a renderer; `examplePaths` names the files written by `--examples-dir`.
    package init(examplePaths: [Int: [String]] = [:]) {
        self.examplePaths = examplePaths
    }

    private static func classes(_ count: Double) -> String {
        "\(Expression.format(count)) class\(count == 1 ? "" : "es")"
    }

    /// The answers of an example as written in its file(s): `id: text` per question.
    private static func writtenAnswers(_ file: DiffExample.File) -> [(String, String)] {
        file.text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("  "), let colon = line.firstIndex(of: ":") else { return nil }
            let id = line[line.index(line.startIndex, offsetBy: 2)..<colon]
            return (String(id), String(line[line.index(after: colon)...].dropFirst()))
        }
    }

    // MARK: - Text

    /// The report as text lines joined by newlines (ending in one).
    package func text(_ report: ProtocolDiffReport) -> String {
        var lines = ["\(report.oldID.neutralized) \(report.oldVersion.neutralized) → \(report.newID.neutralized) \(report.newVersion.neutralized)"]
        lines.append("")
        if report.structure.isEmpty {
            lines.append("Structure: unchanged")
        } else {
            lines.append("Structure:")
            for change in report.structure {
                let detail = change.detail.isEmpty ? "" : ": \(change.detail.neutralized)"
                lines.append("  \(change.subject.rawValue) \(change.change.rawValue) \(change.id.neutralized)\(detail)")
            }
        }
        lines.append("")
        for reason in report.incomplete { lines.append("not fully compared: \(reason.neutralized)") }
        if report.changes.isEmpty {
            if report.isComplete {
                lines.append("No outcome changes: all \(Self.classes(report.classCount)) of answers have the same outcome in both versions.")
            } else {
                lines.append("No outcome changes found in the classes compared.")
            }
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append(
            "Outcome changes: \(Expression.format(report.changedClassCount)) of \(Self.classes(report.classCount)) of answers differ:")
        for (index, change) in report.changes.enumerated() {
            lines.append("")
            lines.append("  \(change.kind.summary.neutralized): \(Self.classes(change.classCount))")
            let example = change.example
            for difference in example.ruleDifferences {
                var line = "    rule \(difference.ruleID.neutralized) applies only in the \(difference.appliesIn.rawValue) version: \(difference.condition.neutralized)"
                if let other = difference.otherCondition {
                    line += " (\(difference.appliesIn == .old ? "new" : "old"): \(other.neutralized))"
                }
                if !difference.inputs.isEmpty { line += "; it saw \(difference.inputs.neutralized)" }
                lines.append(line)
            }
            for file in example.files {
                let sides = file.sides.count == 2 ? "" : " (\(file.sides[0].rawValue))"
                let shown = Self.writtenAnswers(file).map { "\($0.0): \($0.1)" }.joined(separator: ", ")
                let count = Self.writtenAnswers(file).count
                lines.append("    e.g.\(sides) \(count) answer\(count == 1 ? "" : "s"): \(shown.neutralized)")
            }
            for path in examplePaths[index] ?? [] { lines.append("    written to \(path.neutralized)") }
            if !example.reproduced { lines.append("    [not reproduced by the engine: please report this]") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - JSON

    /// The report as one JSON document.
    package func json(_ report: ProtocolDiffReport) -> JSONValue {
        .object([
            ("old", .object([("id", .string(report.oldID)), ("version", .string(report.oldVersion))])),
            ("new", .object([("id", .string(report.newID)), ("version", .string(report.newVersion))])),
            ("complete", .bool(report.isComplete)),
            ("incomplete", .array(report.incomplete.map(JSONValue.string))),
            ("classes", .number(report.classCount)),
            ("changed_classes", .number(report.changedClassCount)),
            (
                "structure",
                .array(
                    report.structure.map { change in
                        .object([
                            ("subject", .string(change.subject.rawValue)), ("change", .string(change.change.rawValue)),
                            ("id", .string(change.id)), ("detail", .string(change.detail)),
                        ])
                    })
            ),
            ("changes", .array(report.changes.enumerated().map { change(index: $0, $1) })),
        ])
    }

    private func change(index: Int, _ change: OutcomeChange) -> JSONValue {
        var fields: [(String, JSONValue)] = [("kind", .string(change.kind.code)), ("summary", .string(change.kind.summary))]
        switch change.kind {
        case .redFlagRaised(let id), .redFlagDropped(let id): fields.append(("rule", .string(id)))
        case .decision(let a, let b):
            fields += [("from", .string(a.rawValue)), ("to", .string(b.rawValue))]
        case .urgency(let a, let b):
            fields += [("from", .string(a.rawValue)), ("to", .string(b.rawValue))]
        case .referralAdded(let id), .referralDropped(let id): fields.append(("destination", .string(id)))
        case .referralOrder(let earlier, let later): fields += [("earlier", .string(earlier)), ("later", .string(later))]
        }
        let example = change.example
        let files = example.files.map { file in
            JSONValue.object([
                ("for", .array(file.sides.map { .string($0.rawValue) })),
                ("answers", .object(Self.writtenAnswers(file).map { ($0.0, .string($0.1)) })),
            ])
        }
        fields += [
            ("classes", .number(change.classCount)),
            (
                "example",
                .object([
                    ("files", .array(files)),
                    ("written_to", .array((examplePaths[index] ?? []).map(JSONValue.string))),
                    ("reproduced", .bool(example.reproduced)),
                    (
                        "rules",
                        .array(
                            example.ruleDifferences.map { difference in
                                .object([
                                    ("id", .string(difference.ruleID)), ("applies_in", .string(difference.appliesIn.rawValue)),
                                    ("condition", .string(difference.condition)),
                                    ("other_condition", difference.otherCondition.map(JSONValue.string) ?? .null),
                                    ("inputs", .string(difference.inputs)),
                                ])
                            })
                    ),
                ])
            ),
        ]
        return .object(fields)
    }
}
