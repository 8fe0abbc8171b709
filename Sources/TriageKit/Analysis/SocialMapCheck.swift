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

    /// Warnings about services whose details may be out of date on `today`: past their
    /// `valid_until` (`map-expired`), or last `checked` more than a year before
    /// (`map-stale`), or checked on a day still to come, probably a typo (`map-checked-in-future`).
    /// Each is located at the date it is about.
    package static func freshness(_ map: SocialMap, today: CivilDate) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for service in map.services {
            let finding: (code: String, message: String, location: SourceLocation?, hint: String)
            switch service.freshness(on: today) {
            case .expired(let validUntil):
                finding = (
                    "map-expired", "the details of service '\(service.id)' were valid until \(validUntil); today is \(today)",
                    service.validUntilLocation,
                    "check the contact details with \(service.name), then update 'checked' and 'valid_until'"
                )
            case .stale(let checked):
                finding = (
                    "map-stale", "the details of service '\(service.id)' were last checked on \(checked), more than a year ago",
                    service.checkedLocation, "check the contact details with \(service.name), then set 'checked: \(today)'"
                )
            case .current:
                guard let checked = service.checked, checked > today else { continue }
                finding = (
                    "map-checked-in-future",
                    "service '\(service.id)' says it was checked on \(checked), which is after today (\(today))",
                    service.checkedLocation, "is the year right?"
                )
            }
            findings.append(
                .warning(finding.code, finding.message, at: finding.location ?? service.location, hint: finding.hint))
        }
        return findings
    }
}
