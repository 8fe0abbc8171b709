extension Outcome {
    /// The patient's Positieve Gezondheid profile: per dimension the value of its score (the
    /// first with a value, when a protocol scores a dimension more than once); dimensions
    /// without a value are left out. The spider web draws it; a referral keeps it for monitoring.
    package var dimensionProfile: [Dimension: Double] {
        var profile: [Dimension: Double] = [:]
        for score in scores {
            guard let dimension = score.dimension, profile[dimension] == nil, let value = score.value else { continue }
            profile[dimension] = value
        }
        return profile
    }
}
