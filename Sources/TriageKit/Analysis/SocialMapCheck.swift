/// Checks a social map against the protocol it is used with.
///
/// A map is regional and may serve the destinations of several protocols, so a service for
/// a destination this protocol does not have is only reported when its id is a likely typo
/// of one it does have (`crisisdients` for `crisisdienst`). An urgent destination of the
/// protocol that no service on the map serves is always reported: a red flag would then
/// print "local contact unknown".
package enum SocialMapCheck {
    /// Warnings about `map` (read from `mapFile`) used with `triageProtocol`, in map order.
    package static func check(_ map: SocialMap, against triageProtocol: TriageProtocol, mapFile: String) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let destinationIDs = triageProtocol.destinations.map(\.id)
        let known = Set(destinationIDs)
        for service in map.services {
            for served in service.serves where !known.contains(served) {
                guard let near = Suggestion.closest(to: served, in: destinationIDs) else { continue }
                findings.append(
                    .warning(
                        "unknown-map-destination",
                        "service '\(service.id)' serves '\(served)', which is not a destination of protocol '\(triageProtocol.id)'",
                        at: service.location, hint: "did you mean '\(near)'?"))
            }
        }
        let served = Set(map.services.flatMap(\.serves))
        for destination in triageProtocol.destinations where destination.category == .urgent && !served.contains(destination.id) {
            findings.append(
                .warning(
                    "urgent-destination-not-on-map",
                    "the social map of \(map.region) has no service for urgent destination '\(destination.id)' of protocol '\(triageProtocol.id)'",
                    at: SourceLocation(file: mapFile, line: 1, column: 1),
                    hint: "add a service with 'serves: [\(destination.id)]', so a red flag shows whom to call"))
        }
        return findings
    }
}
