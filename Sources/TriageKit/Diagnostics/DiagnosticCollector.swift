/// Collects the findings about one file, keeping at most `maxPerCode` of each code.
///
/// A file with 200,000 unknown keys gets the first 100 errors and one note saying how many
/// more there are, not 200,000 lines; a finding over the cap is only counted, never built.
package struct DiagnosticCollector: Sendable {
    /// How many findings of one code are reported per file; the rest are counted in one note.
    package static let maxPerCode = 100

    /// The findings kept, in the order they were added.
    private var kept: [Diagnostic] = []
    /// How many findings of each code were added, kept or not.
    private var counts: [String: Int] = [:]
    /// Codes over the cap, in the order they reached it, with where the first left-out finding is.
    private var overflowing: [(code: String, location: SourceLocation)] = []

    package init() {}

    /// The kept findings, then per code over the cap a note "and N more".
    package var diagnostics: [Diagnostic] {
        kept
            + overflowing.map { code, location in
                let more = (counts[code] ?? 0) - Self.maxPerCode
                return Diagnostic(
                    .note, code: "more-findings", "and \(more) more [\(code)] finding\(more == 1 ? "" : "s") like the ones above",
                    at: location, hint: "at most \(Self.maxPerCode) findings of one kind are shown per file; fix these and check again")
            }
    }

    /// Adds the finding `make` builds, or only counts it when `code` has reached the cap
    /// (then `make` is not called).
    package mutating func add(_ code: String, at location: SourceLocation, _ make: () -> Diagnostic) {
        let count = counts[code, default: 0] + 1
        counts[code] = count
        if count <= Self.maxPerCode {
            kept.append(make())
        } else if count == Self.maxPerCode + 1 {
            overflowing.append((code, location))
        }
    }

    /// Adds a finding (or counts it, over the cap).
    package mutating func add(_ diagnostic: Diagnostic) {
        add(diagnostic.code, at: diagnostic.location) { diagnostic }
    }

    /// Adds findings in order (or counts them, over the cap).
    package mutating func add(contentsOf diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { add(diagnostic) }
    }
}

extension Array where Element == Diagnostic {
    /// The findings of one file sorted by location, with at most
    /// `DiagnosticCollector.maxPerCode` of each code (the first ones) and a note for the rest.
    package func capped() -> [Diagnostic] {
        sortedByLocation().cappedInOrder().sortedByLocation()
    }

    /// Like `capped()`, keeping the order: the first findings of each code, then the notes.
    package func cappedInOrder() -> [Diagnostic] {
        var collector = DiagnosticCollector()
        collector.add(contentsOf: self)
        return collector.diagnostics
    }
}
