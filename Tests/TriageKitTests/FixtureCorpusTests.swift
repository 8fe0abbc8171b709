import Foundation
import Testing

@testable import TriageKit

/// One line of `Fixtures/invalid/MANIFEST`: `<filename> <code> <line>:<column>`.
struct FixtureExpectation: Sendable, CustomTestStringConvertible {
    var file: String
    var code: String
    var line: Int
    var column: Int
    /// The manifest line as written, for messages.
    var entry: String

    var testDescription: String { entry }
}

/// The corpus of invalid files, each with the one finding it must produce.
enum FixtureCorpus {
    /// `Tests/TriageKitTests/Fixtures/invalid`, found from this source file.
    static let directory: String =
        #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        + "/Fixtures/invalid"

    /// Every manifest line; a line that cannot be read becomes an expectation that fails.
    static func expectations() -> [FixtureExpectation] {
        guard case .success(let bytes) = SourceFile.read(directory + "/MANIFEST") else {
            return [FixtureExpectation(file: "MANIFEST", code: "unreadable", line: 0, column: 0, entry: "MANIFEST")]
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { raw in
            let entry = raw.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty, !entry.hasPrefix("#") else { return nil }
            let fields = entry.split(separator: " ", omittingEmptySubsequences: true)
            let position = fields.count == 3 ? fields[2].split(separator: ":") : []
            guard position.count == 2, let line = Int(position[0]), let column = Int(position[1]) else {
                return FixtureExpectation(file: String(fields.first ?? ""), code: "malformed", line: 0, column: 0, entry: entry)
            }
            return FixtureExpectation(file: String(fields[0]), code: String(fields[1]), line: line, column: column, entry: entry)
        }
    }
}

@Suite struct FixtureCorpusTests {
    @Test(arguments: FixtureCorpus.expectations())
    func eachFixtureReportsItsFinding(_ expected: FixtureExpectation) {
        #expect(expected.code != "malformed" && expected.code != "unreadable", "bad manifest line: \(expected.entry)")
        let path = FixtureCorpus.directory + "/" + expected.file
        let result = DocumentValidator().validate(path: path)
        #expect(result.diagnostics.containsErrors, "\(expected.file) must be rejected")
        let match = result.diagnostics.first {
            $0.code == expected.code && $0.location.line == expected.line && $0.location.column == expected.column
        }
        #expect(
            match != nil,
            """
            expected [\(expected.code)] at \(expected.line):\(expected.column); found \
            \(result.diagnostics.map { "\($0.location.line):\($0.location.column) [\($0.code)]" })
            """)
        #expect(match?.location.file == path)
        #expect(result.diagnostics.allSatisfy { $0.location.file == path })
        #expect(result.diagnostics == result.diagnostics.sortedByLocation())
    }

    @Test func theManifestListsEveryFixtureOnce() throws {
        let expectations = FixtureCorpus.expectations()
        let listed = expectations.map(\.file)
        #expect(Set(expectations.map(\.entry)).count == expectations.count, "a manifest line is repeated")
        let files = try FileManager.default.contentsOfDirectory(atPath: FixtureCorpus.directory).filter { $0 != "MANIFEST" }
        #expect(Set(files) == Set(listed), "unlisted: \(Set(files).subtracting(listed)); missing: \(Set(listed).subtracting(files))")
        #expect(listed.filter { $0.hasPrefix("proto-") }.count >= 24)
    }
}
