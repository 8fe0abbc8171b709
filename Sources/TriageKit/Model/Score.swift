/// A number computed from answers, such as a dimension's self-rating or a screening total.
///
/// Scores with a dimension make up the spider web in the outcome; all scores can be
/// used in conditions as `score.<id>`.
package struct Score: Sendable, Hashable {
    /// How the answers are combined.
    package enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Total of the answers.
        case sum
        /// Average of the answers.
        case mean
        /// Smallest answer.
        case min
        /// Largest answer.
        case max
        /// How many yes/no answers are yes (or choice answers selected).
        case count
    }

    /// The lower_snake_case id (`score.<id>` in conditions).
    package var id: String
    /// The dimension this score stands for in the spider web, if any.
    package var dimension: Dimension?
    /// How the answers are combined.
    package var method: Method
    /// The question ids whose answers are combined.
    package var questionIDs: [String]
    /// A label for the outcome; defaults to the dimension's name.
    package var label: LocalizedText?
    /// Where each question id is written, parallel to `questionIDs`.
    package var questionLocations: [SourceLocation]
    /// Where the score is written.
    package var location: SourceLocation

    /// Creates a score.
    package init(
        id: String, dimension: Dimension?, method: Method, questionIDs: [String],
        label: LocalizedText?, questionLocations: [SourceLocation], location: SourceLocation
    ) {
        self.id = id
        self.dimension = dimension
        self.method = method
        self.questionIDs = questionIDs
        self.label = label
        self.questionLocations = questionLocations
        self.location = location
    }
}
