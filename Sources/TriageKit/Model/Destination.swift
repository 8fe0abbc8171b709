/// A kind of place a patient can be referred to, such as `welzijnscoach` or `veilig_thuis`.
///
/// The protocol names kinds; a social map says which local service provides each kind.
public struct Destination: Sendable, Hashable {
    /// What sort of help a destination gives; decides the invariants that apply to it.
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        /// The social domain: welfare, social work, debt help, Wmo.
        case welfare
        /// Care inside the practice or medical follow-up (GP, POH-GGZ).
        case medical
        /// Acute help: crisis service, 112, Veilig Thuis.
        case urgent
    }

    /// The lower_snake_case id used by rules and social maps.
    public var id: String
    /// Welfare, medical or urgent.
    public var category: Category
    /// The name shown to the GP.
    public var name: LocalizedText
    /// Whether the patient must consent before being referred here.
    public var requiresConsent: Bool
    /// Where the destination is written.
    public var location: SourceLocation

    /// Creates a destination.
    public init(
        id: String, category: Category, name: LocalizedText, requiresConsent: Bool,
        location: SourceLocation
    ) {
        self.id = id
        self.category = category
        self.name = name
        self.requiresConsent = requiresConsent
        self.location = location
    }
}
