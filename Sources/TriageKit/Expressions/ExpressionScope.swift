/// The names a condition may use: the protocol's questions, scores and destinations, and
/// for invariants the outcome.
package struct ExpressionScope: Sendable {
    package struct QuestionEntry: Sendable {
        package var index: Int
        package var type: AnswerType
    }

    package var questions: [String: QuestionEntry]
    package var scores: [String: Int]
    package var destinations: Set<String>
    /// Whether outcome properties (`decision`, `red_flag`, `refers(x)`) may be used.
    package var allowsOutcome: Bool

    package init(
        questions: [String: QuestionEntry], scores: [String: Int], destinations: Set<String>, allowsOutcome: Bool
    ) {
        self.questions = questions
        self.scores = scores
        self.destinations = destinations
        self.allowsOutcome = allowsOutcome
    }
}
