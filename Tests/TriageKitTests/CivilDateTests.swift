import Foundation
import Testing

@testable import TriageKit

/// `CivilDate`: strict YYYY-MM-DD, real calendar dates (leap years), order and arithmetic.
@Suite struct CivilDateTests {
    @Test func parsesRealDates() throws {
        let date = try #require(CivilDate("2026-03-01"))
        #expect((date.year, date.month, date.day) == (2026, 3, 1))
        #expect(date.description == "2026-03-01")
        #expect(CivilDate("0001-01-01")?.description == "0001-01-01")
        #expect(CivilDate("9999-12-31")?.description == "9999-12-31")
        #expect(CivilDate("2026-12-31") != nil)
        #expect(CivilDate("2026-04-30") != nil)
    }

    @Test("leap years: every 4th year, not every 100th, but every 400th")
    func leapYears() {
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("2000-02-29") != nil)
        #expect(CivilDate("2026-02-29") == nil)
        #expect(CivilDate("1900-02-29") == nil)
        #expect(CivilDate("2100-02-29") == nil)
        #expect(CivilDate("2024-02-30") == nil)
        #expect(CivilDate.parse("2023-02-29") == .failure(.day(year: 2023, month: 2, day: 29)))
        #expect(CivilDate.ParseError.day(year: 2023, month: 2, day: 29).description == "February 2023 has 28 days, not 29")
    }

    @Test(
        "anything but four, two and two ASCII digits with dashes is not a date",
        arguments: [
            "", "2026-3-1", "26-03-01", "01-03-2026", "2026/03/01", " 2026-03-01", "2026-03-01 ", "2026-03-01T00:00",
            "2026-03-1x", "２０２６-03-01", "+026-03-01", "2026--3-01", "20260301", "2026-03-01\n", "٢٠٢٦-03-01",
        ])
    func rejectsOtherSpellings(_ text: String) {
        #expect(CivilDate(text) == nil)
        #expect(CivilDate.parse(text) == .failure(.format))
    }

    @Test func namesWhatIsWrong() {
        #expect(CivilDate.parse("0000-01-01") == .failure(.year))
        #expect(CivilDate.parse("2026-00-10") == .failure(.month(0)))
        #expect(CivilDate.parse("2026-13-10") == .failure(.month(13)))
        #expect(CivilDate.parse("2026-04-31") == .failure(.day(year: 2026, month: 4, day: 31)))
        #expect(CivilDate.parse("2026-01-00") == .failure(.day(year: 2026, month: 1, day: 0)))
        #expect(CivilDate.ParseError.month(13).description == "there is no month 13")
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 10000, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 1, day: -1) == nil)
    }

    @Test func ordersByDay() throws {
        let dates = ["2026-03-01", "2025-12-31", "2026-02-28", "2026-03-02"].compactMap { CivilDate($0) }
        #expect(dates.sorted().map(\.description) == ["2025-12-31", "2026-02-28", "2026-03-01", "2026-03-02"])
    }

    @Test("a year later is the same day; 29 February becomes 28 February")
    func addingYears() throws {
        #expect(try #require(CivilDate("2026-03-01")).adding(years: 1).description == "2027-03-01")
        #expect(try #require(CivilDate("2024-02-29")).adding(years: 1).description == "2025-02-28")
        #expect(try #require(CivilDate("2024-02-29")).adding(years: 4).description == "2028-02-29")
        #expect(try #require(CivilDate("9999-06-01")).adding(years: 1).description == "9999-06-01")
    }

    @Test func codableAsText() throws {
        let date = try #require(CivilDate("2026-03-01"))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-03-01"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CivilDate].self, from: Data(#"["2026-02-30"]"#.utf8)) }
    }
}
