/// A moment in UTC, to the second: when a referral was made or its status changed. Written
/// as ISO 8601 (`2026-11-30T19:03:00Z`) without Foundation; the caller reads the clock.
package struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    package let secondsSince1970: Int64

    /// Creates an instant.
    package init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// The start of `date` (00:00 UTC).
    package init(_ date: CivilDate) {
        secondsSince1970 = Self.days(from: date) * 86_400
    }

    package static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    /// The calendar day (UTC).
    package var date: CivilDate {
        let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return CivilDate(year: Int(year), month: Int(month), day: Int(day)) ?? CivilDate(year: 1970, month: 1, day: 1)!
    }

    /// `2026-11-30T19:03:00Z`.
    package var description: String {
        let secondsOfDay = ((secondsSince1970 % 86_400) + 86_400) % 86_400
        func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date)T\(pad(secondsOfDay / 3600)):\(pad(secondsOfDay / 60 % 60)):\(pad(secondsOfDay % 60))Z"
    }

    /// Reads `YYYY-MM-DDTHH:MM:SSZ` (as written by `description`).
    package static func parse(_ text: String) -> Instant? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let date = CivilDate(String(parts[0])), parts[1].hasSuffix("Z") else { return nil }
        let time = parts[1].dropLast().split(separator: ":").map { Int64($0) }
        guard time.count == 3, let hours = time[0], let minutes = time[1], let seconds = time[2],
            (0..<24).contains(hours), (0..<60).contains(minutes), (0..<60).contains(seconds)
        else { return nil }
        return Instant(secondsSince1970: Instant(date).secondsSince1970 + hours * 3600 + minutes * 60 + seconds)
    }

    /// Whole days from this instant's day to `other`'s day (negative when `other` is earlier).
    package func days(until other: Instant) -> Int {
        Int(Self.days(from: other.date) - Self.days(from: date))
    }

    /// `days` later.
    package func adding(days: Int) -> Instant {
        Instant(secondsSince1970: secondsSince1970 + Int64(days) * 86_400)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    private static func days(from date: CivilDate) -> Int64 {
        let year = Int64(date.month <= 2 ? date.year - 1 : date.year)
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let month = Int64(date.month)
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + Int64(date.day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
