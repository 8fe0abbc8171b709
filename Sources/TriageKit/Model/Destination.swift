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
    /// The ICPC-2 code a referral here is recorded under (`Z29`), if the protocol gives one;
    /// the FHIR export puts it in the ServiceRequest's `reasonCode`.
    public var icpc: String?

    /// Creates a destination.
    package init(
        id: String, category: Category, name: LocalizedText, requiresConsent: Bool,
        location: SourceLocation, icpc: String? = nil
    ) {
        self.id = id
        self.category = category
        self.name = name
        self.requiresConsent = requiresConsent
        self.location = location
        self.icpc = icpc
    }

    /// The ICPC-2 chapters: a code is one of these letters and two digits (`Z29`, `P76`).
    package static let icpcChapters: Set<Character> = Set("ABDFHKLNPRSTUWXYZ")

    /// Whether `code` has the shape of an ICPC-2 code: a chapter letter and two digits.
    package static func isICPCCode(_ code: String) -> Bool {
        let characters = Array(code)
        return characters.count == 3 && icpcChapters.contains(characters[0])
            && characters[1...].allSatisfy { $0.isASCII && $0.isNumber }
    }
}
