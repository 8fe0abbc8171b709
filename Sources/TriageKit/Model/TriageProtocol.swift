/// A loaded, validated triage protocol: questions, scores, destinations, rules and invariants.
///
/// Load one with `ProtocolLoader`; run it with `TriageSession`. Plain data: the engine compiles
/// it for a session.
public struct TriageProtocol: Sendable, Hashable {
    /// A source the protocol is based on.
    public struct Source: Sendable, Hashable, Codable {
        /// Title of the source.
        public var title: String
        /// Where to find it, if online.
        public var url: String?
    }

    /// The version of the protocol file format this triage reads and writes. Files carry no
    /// format field yet; when the format changes incompatibly, this number goes up and files
    /// gain a `format:` field.
    package static let formatVersion = 1

    /// The lower_snake_case or kebab-case id.
    public package(set) var id: String
    /// The protocol author's version string.
    public package(set) var version: String
    /// The title.
    public package(set) var title: LocalizedText
    /// What the protocol is for.
    public package(set) var description: LocalizedText?
    /// Who wrote it.
    public package(set) var authors: [String]
    /// What it is based on.
    public package(set) var sources: [Source]
    /// Languages every text is available in; always contains `nl`.
    public package(set) var languages: [String]
    /// How the non-red-flag rules combine.
    package var hitPolicy: HitPolicy
    /// Questions in asking order.
    public package(set) var questions: [Question]
    /// Computed scores.
    package var scores: [Score]
    /// Referral destinations.
    public package(set) var destinations: [Destination]
    /// Rules in protocol order.
    package var rules: [Rule]
    /// Properties every outcome must have.
    package var invariants: [Invariant]
    /// Remarks an outcome shows when their condition holds (e.g. "the picture is incomplete").
    package var notes: [ProtocolNote] = []
    /// The yes/no question that records the patient's consent to a referral, if the protocol
    /// names one: once it is answered yes, outputs no longer say consent is still needed.
    package var consentQuestionID: String? = nil
    /// A hash of the file's bytes (hex SHA-256), so an outcome names exactly what produced it.
    /// It is worked out when first read (validating never needs it); copies share it.
    public var contentHash: String {
        get { hashing.value }
        set { hashing = ContentHash(digest: newValue) }
    }
    /// Where `contentHash` comes from: the file's bytes until it is first read.
    package var hashing: ContentHash
    /// Where the protocol starts (the file).
    public package(set) var location: SourceLocation

    /// The question with this id.
    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }
    /// The destination with this id.
    public func destination(_ id: String) -> Destination? { destinations.first { $0.id == id } }
    /// The score with this id.
    package func score(_ id: String) -> Score? { scores.first { $0.id == id } }
}
