/// One of the six dimensions of *Positieve Gezondheid* (Huber, Institute for Positive Health).
///
/// Questions and scores are grouped by dimension so the outcome can show the
/// patient's "spider web" and name the lowest dimensions.
public enum Dimension: String, Sendable, Hashable, Codable, CaseIterable {
    case lichaamsfuncties
    case mentaalWelbevinden = "mentaal_welbevinden"
    case zingeving
    case kwaliteitVanLeven = "kwaliteit_van_leven"
    case meedoen
    case dagelijksFunctioneren = "dagelijks_functioneren"

    /// The dimension's name in `language`, as the Positieve Gezondheid spider web names it.
    public func name(in language: Language) -> String {
        name(in: language.code)
    }

    /// The dimension's name in the language with this code (`nl` or `en`).
    package func name(in language: String) -> String {
        let (nl, en): (String, String) =
            switch self {
            case .lichaamsfuncties: ("Lichaamsfuncties", "Bodily functions")
            case .mentaalWelbevinden: ("Mentaal welbevinden", "Mental well-being")
            case .zingeving: ("Zingeving", "Meaningfulness")
            case .kwaliteitVanLeven: ("Kwaliteit van leven", "Quality of life")
            case .meedoen: ("Meedoen", "Participation")
            case .dagelijksFunctioneren: ("Dagelijks functioneren", "Daily functioning")
            }
        return language == "en" ? en : nl
    }
}
