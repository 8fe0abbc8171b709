/// A loaded, validated triage protocol: questions, scores, destinations, rules and invariants.
///
/// Load one with `ProtocolLoader`; run it with `TriageSession`.
public struct TriageProtocol: Sendable, Hashable {
    /// A source the protocol is based on.
    public struct Source: Sendable, Hashable, Codable {
        /// Title of the source.
        public var title: String
        /// Where to find it, if online.
        public var url: String?
    }

    /// The lower_snake_case or kebab-case id.
    public var id: String
    /// The protocol author's version string.
    public var version: String
    /// The title.
    public var title: LocalizedText
    /// What the protocol is for.
    public var description: LocalizedText?
    /// Who wrote it.
    public var authors: [String]
    /// What it is based on.
    public var sources: [Source]
    /// Languages every text is available in; always contains `nl`.
    public var languages: [String]
    /// How the non-red-flag rules combine.
    public var hitPolicy: HitPolicy
    /// Questions in asking order.
    public var questions: [Question]
    /// Computed scores.
    public var scores: [Score]
    /// Referral destinations.
    public var destinations: [Destination]
    /// Rules in protocol order.
    public var rules: [Rule]
    /// Properties every outcome must have.
    public var invariants: [Invariant]
    /// A hash of the file's bytes (hex SHA-256), so an outcome names exactly what produced it.
    public var contentHash: String
    /// Where the protocol starts (the file).
    public var location: SourceLocation

    /// The question with this id.
    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }
    /// The destination with this id.
    public func destination(_ id: String) -> Destination? { destinations.first { $0.id == id } }
    /// The score with this id.
    public func score(_ id: String) -> Score? { scores.first { $0.id == id } }
}
