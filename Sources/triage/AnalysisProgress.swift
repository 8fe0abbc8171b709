import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows the exhaustive analysis's progress on standard error, when that is a terminal and
/// the analysis of a file has run for more than a second; clears the line when it is done.
enum AnalysisProgress {
    /// The progress callback for the analysis of `file`; `nil` when standard error is not a terminal.
    static func reporter(for file: String) -> (@Sendable (Int, Int) -> Void)? {
        guard isatty(2) != 0 else { return nil }
        let start = ContinuousClock.now
        let name = file.neutralized
        return { done, total in
            guard ContinuousClock.now - start >= .seconds(1) else { return }
            let line = done >= total ? "\r\u{1B}[K" : "\r\u{1B}[Kanalysing \(name): \(done) of \(total) checks"
            var bytes = Array(line.utf8)
            _ = write(2, &bytes, bytes.count)
        }
    }
}
