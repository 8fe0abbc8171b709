/// One of the six dimensions of *Positieve Gezondheid* (Huber, Institute for Positive Health).
///
/// Questions and scores are grouped by dimension so the outcome can show the
/// patient's "spider web" and name the lowest dimensions.
public enum Dimension: String, Sendable, Hashable, Codable, CaseIterable {
    /// Bodily functions: feeling healthy and fit, sleep, pain, eating.
    case lichaamsfuncties
    /// Mental well-being: remembering, concentrating, cheerfulness, acceptance.
    case mentaalWelbevinden = "mentaal_welbevinden"
    /// Meaningfulness: a meaningful life, zest for life, ideals, trust.
    case zingeving
    /// Quality of life: enjoying life, happiness, balance, feeling safe.
    case kwaliteitVanLeven = "kwaliteit_van_leven"
    /// Participation: social contacts, being taken seriously, meaningful activities.
    case meedoen
    /// Daily functioning: looking after oneself, work, money matters, asking for help.
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
