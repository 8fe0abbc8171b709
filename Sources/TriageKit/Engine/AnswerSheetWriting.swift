/// Writing answers down as an answers file (`kind: answers`): the inverse of reading one.
/// Counterexamples, `triage diff` examples and embedders all write files this way, and every
/// file written here reads back, through `AnswerSheetLoader` and `apply(to:)`, as the same answers.
extension AnswerSheet {
    /// The answers file for `answers` (question id and value, in asking order) to `triageProtocol`.
    ///
    /// Use it to save a session for `triage run --answers FILE` or a scenario; answers to ids
    /// that are not questions of the protocol are left out.
    public static func file(for triageProtocol: TriageProtocol, answers: [(questionID: String, value: AnswerValue)]) -> String {
        var lines = ["kind: answers", "protocol: \(triageProtocol.id)"]
        let entries = answers.compactMap { answer in
            triageProtocol.question(answer.questionID).map { "  \($0.id): \(written(answer.value, for: $0))" }
        }
        lines += entries.isEmpty ? ["answers: {}"] : ["answers:"] + entries
        return lines.joined(separator: "\n") + "\n"
    }

    /// The answers file for the answers given so far in `session`, in asking order.
    public static func file(of session: TriageSession) -> String {
        file(for: session.triageProtocol, answers: session.answers.map { ($0.question.id, $0.answer) })
    }

    /// An answer the way an answers file writes it, read back by `AnswerParser` as the same
    /// answer: ja/nee, option ids (or their numbers when an id reads as something else),
    /// numbers, lists, `weet niet`, and free text as a double-quoted YAML string.
    package static func written(_ value: AnswerValue, for question: Question) -> String {
        func readsBack(_ text: String) -> Bool {
            (try? AnswerParser.parse(text, for: question).get()) == value
        }
        switch value {
        case .yesNo(let flag): return flag ? "ja" : "nee"
        case .unknown: return "weet niet"
        case .number(let number): return AnswerParser.text(for: number)
        case .text(let text): return quoted(text)
        case .choice(let id):
            if readsBack(id) { return id }
            return (question.answerType.options.firstIndex { $0.id == id }).map { String($0 + 1) } ?? id
        case .choices(let ids):
            if ids.isEmpty { return "[]" }
            if readsBack(ids.joined(separator: ",")) { return "[\(ids.joined(separator: ", "))]" }
            let numbers = ids.compactMap { id in question.answerType.options.firstIndex { $0.id == id }.map { String($0 + 1) } }
            return "[\(numbers.joined(separator: ", "))]"
        }
    }

    /// `text` as a YAML double-quoted scalar: one line whatever it contains.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
