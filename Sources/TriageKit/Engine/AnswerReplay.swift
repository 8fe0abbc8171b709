extension TriageSession {
    /// Walks a fresh session with answers given as values by question id, answering each
    /// question as it is asked — the walk an answers file with these answers makes (the
    /// writer, `AnswerSheet.file`, reads back as the same values). The analysis and `triage
    /// diff` replay every example they report this way; `nil` when an asked question has no
    /// answer or refuses its value.
    package static func replaying(
        _ answers: [String: AnswerValue], on triageProtocol: TriageProtocol
    ) -> TriageSession? {
        var session = TriageSession(protocol: triageProtocol)
        while let question = session.nextQuestion {
            guard let value = answers[question.id], (try? session.answer(value)) != nil else { return nil }
        }
        return session
    }
}
