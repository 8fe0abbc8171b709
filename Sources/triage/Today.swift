import ArgumentParser
import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CivilDate {
    /// Today in the local time zone, for judging how fresh a social map is; `TRIAGE_TODAY`
    /// (YYYY-MM-DD) sets another day, for tests and to see what will be out of date then.
    /// The library never reads the clock: the commands pass this in.
    static func today() throws -> CivilDate {
        if let value = getenv("TRIAGE_TODAY").map({ String(cString: $0) }), !value.isEmpty {
            switch CivilDate.parse(value) {
            case .success(let date): return date
            case .failure(let problem):
                Terminal.say("triage: TRIAGE_TODAY='\(value.neutralized)' is not a date: \(problem) (write YYYY-MM-DD)")
                throw ExitCode(64)
            }
        }
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil,
            let date = CivilDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
        else {
            Terminal.say("triage: cannot read today's date from the system clock")
            throw ExitCode(1)
        }
        return date
    }
}
