/// A calendar date without a time or a time zone, such as the day a social map's service was
/// last checked (`checked: 2026-03-01`).
///
/// The library never asks the clock: a caller that needs "today" (to tell whether a map is
/// out of date) passes it in, so the same input always gives the same output and tests can
/// choose the day.
package struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, 1 to 9999.
    package let year: Int
    /// The month, 1 to 12.
    package let month: Int
    /// The day of the month, 1 to 28, 29, 30 or 31.
    package let day: Int

    /// Why a text is not a date.
    package enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// Not written as `YYYY-MM-DD` (four, two and two digits).
        case format
        /// The year is 0000.
        case year
        /// The month is not 1 to 12.
        case month(Int)
        /// The month has no such day (`2026-02-30`).
        case day(year: Int, month: Int, day: Int)

        package var description: String {
            switch self {
            case .format: "it is not written as YYYY-MM-DD"
            case .year: "there is no year 0"
            case .month(let month): "there is no month \(month)"
            case .day(let year, let month, let day):
                "\(CivilDate.monthNames[month - 1]) \(year) has \(CivilDate.daysIn(month: month, year: year)) days, not \(day)"
            }
        }
    }

    /// The date, when `year`, `month` and `day` name a real day of the (proleptic Gregorian) calendar.
    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date written as `YYYY-MM-DD`, strictly: ASCII digits only, nothing around it.
    package init?(_ text: String) {
        guard case .success(let date) = Self.parse(text) else { return nil }
        self = date
    }

    /// The date written as `YYYY-MM-DD`, or why it is not one.
    package static func parse(_ text: String) -> Result<CivilDate, ParseError> {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return .failure(.format) }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return .failure(.format) }
        guard year >= 1 else { return .failure(.year) }
        guard (1...12).contains(month) else { return .failure(.month(month)) }
        guard let date = CivilDate(year: year, month: month, day: day) else {
            return .failure(.day(year: year, month: month, day: day))
        }
        return .success(date)
    }

    /// Whether `year` has a 29 February.
    package static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days of `month` (1–12) in `year`.
    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The same day `years` years later; 29 February becomes 28 February in a year without
    /// one. Years past 9999 stay at 9999.
    package func adding(years: Int) -> CivilDate {
        let target = Swift.min(9999, Swift.max(1, year + years))
        return CivilDate(year: target, month: month, day: Swift.min(day, Self.daysIn(month: month, year: target))) ?? self
    }

    /// `YYYY-MM-DD`.
    package var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    package static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    package init(from decoder: any Decoder) throws {
        let text = try String(from: decoder)
        switch Self.parse(text) {
        case .success(let date): self = date
        case .failure(let problem):
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a date: \(problem)"))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        try description.encode(to: encoder)
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
}
