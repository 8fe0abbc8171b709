import Foundation
import Testing

@testable import TriageKit

// MARK: - Helpers

private func read(_ text: String, limits: YAMLLimits = .standard) -> YAMLReadResult {
    YAMLReader(limits: limits).read(Array(text.utf8), file: "test.yaml")
}

private func read(bytes: [UInt8], limits: YAMLLimits = .standard) -> YAMLReadResult {
    YAMLReader(limits: limits).read(bytes, file: "test.yaml")
}

private func at(_ line: Int, _ column: Int) -> TriageKit.SourceLocation {
    TriageKit.SourceLocation(file: "test.yaml", line: line, column: column)
}

/// The only diagnostic of a result; fails the test when there is not exactly one.
private func single(_ result: YAMLReadResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    -> Diagnostic
{
    try #require(result.diagnostics.count == 1, "\(result.diagnostics)", sourceLocation: sourceLocation)
    return result.diagnostics[0]
}

/// Expects reading to stop with exactly one error of `code` at `line`:`column`.
private func expectFailure(
    _ result: YAMLReadResult, _ code: String, at line: Int, _ column: Int,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
    #expect(result.root == nil, sourceLocation: sourceLocation)
    let diagnostic = try single(result, sourceLocation: sourceLocation)
    #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
    #expect(diagnostic.code == code, "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.location == at(line, column), "\(diagnostic)", sourceLocation: sourceLocation)
}

private func limits(
    maxFileSize: Int = 1 << 20, maxDepth: Int = 64, maxNodes: Int = 1000, maxScalarLength: Int = 1024
) -> YAMLLimits {
    YAMLLimits(maxFileSize: maxFileSize, maxDepth: maxDepth, maxNodes: maxNodes, maxScalarLength: maxScalarLength)
}

/// SplitMix64: a tiny seeded generator, so that the random inputs are the same on every run.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let allCodes: Set<String> = [
    "yaml-syntax", "yaml-encoding", "yaml-duplicate-key", "yaml-tag", "yaml-anchor", "yaml-alias",
    "yaml-multiple-documents", "yaml-empty", "yaml-too-deep", "yaml-too-many-nodes", "yaml-file-too-large",
    "yaml-scalar-too-long", "yaml-complex-key",
]

// MARK: - Scalars and locations

@Test func scalarsStayStringsWhateverTheyLookLike() throws {
    let result = read(
        """
        a: no
        b: on
        c: 010
        d: 1e3
        e: 'no'
        f: "on"
        g: |
          yes
        h: ~
        i:
        j: 0x1F
        """)
    #expect(result.diagnostics.isEmpty)
    let root = try #require(result.root)
    let expected: [(String, String, Bool)] = [
        ("a", "no", true), ("b", "on", true), ("c", "010", true), ("d", "1e3", true),
        ("e", "no", false), ("f", "on", false), ("g", "yes\n", false), ("h", "~", true),
        ("i", "", true), ("j", "0x1F", true),
    ]
    #expect(root.mapping?.map(\.key) == expected.map(\.0))
    for (key, text, isPlain) in expected {
        #expect(root[key]?.content == .scalar(text, isPlain: isPlain), "key \(key)")
    }
    #expect(root["h"]?.isNull == true)
    #expect(root["i"]?.isNull == true)
    #expect(root["a"]?.isNull == false)
    #expect(root["e"]?.isNull == false)
}

@Test func nestedNodesAndKeysKeepTheirLocations() throws {
    let result = read(
        """
        kind: protocol
        questions:
          - id: stress
            ask:
              nl: "Hoe gaat het?"
            options: [ja, nee]
        """)
    #expect(result.diagnostics.isEmpty)
    let root = try #require(result.root)
    #expect(root.location == at(1, 1))
    let pairs = try #require(root.mapping)
    #expect(pairs.map(\.keyLocation) == [at(1, 1), at(2, 1)])
    #expect(root["kind"]?.location == at(1, 7))

    let questions = try #require(root["questions"])
    #expect(questions.location == at(3, 3))
    let question = try #require(questions.sequence?.first)
    #expect(question.location == at(3, 5))
    #expect(question.mapping?.map(\.keyLocation) == [at(3, 5), at(4, 5), at(6, 5)])
    #expect(question["id"]?.location == at(3, 9))

    let ask = try #require(question["ask"])
    #expect(ask.location == at(5, 7))
    #expect(ask.mapping?.first?.keyLocation == at(5, 7))
    #expect(ask["nl"]?.location == at(5, 11))
    #expect(ask["nl"]?.content == .scalar("Hoe gaat het?", isPlain: false))

    let options = try #require(question["options"])
    #expect(options.location == at(6, 14))
    #expect(options.sequence?.map(\.location) == [at(6, 15), at(6, 19)])
}

@Test func columnsCountCharactersNotBytes() throws {
    let root = try #require(read("€: ü\nnaïef: ja\n").root)
    #expect(root["€"]?.location == at(1, 4))
    #expect(root["naïef"]?.location == at(2, 8))
}

@Test func utf8ByteOrderMarkIsSkipped() throws {
    let result = read(bytes: [0xEF, 0xBB, 0xBF] + Array("kind: protocol\nid: wor\n".utf8))
    #expect(result.diagnostics.isEmpty)
    let root = try #require(result.root)
    #expect(root.mapping?.map(\.key) == ["kind", "id"])
    #expect(root.mapping?.map(\.keyLocation) == [at(1, 1), at(2, 1)])
}

// MARK: - Rejected YAML features

@Test func duplicateKeyNamesBothPlaces() throws {
    let result = read("a: 1\nb:\n  c: 2\n  c: 3\nd: {c: 4}\n")
    #expect(result.root != nil)
    let diagnostic = try single(result)
    #expect(diagnostic.code == "yaml-duplicate-key")
    #expect(diagnostic.location == at(4, 3))
    #expect(diagnostic.message.contains("'c'"))
    #expect(diagnostic.message.contains("line 3, column 3"))
}

@Test func sameKeyInDifferentMappingsOrCaseIsNotADuplicate() {
    let result = read("x: {a: 1, A: 2}\ny: {a: 3}\n")
    #expect(result.root != nil)
    #expect(result.diagnostics.isEmpty)
}

@Test func tagsAreReportedAsWritten() throws {
    let result = read("a: !!int 3\nb: !lijst\n  - x\n")
    #expect(result.root != nil)
    #expect(result.diagnostics.map(\.code) == ["yaml-tag", "yaml-tag"])
    #expect(result.diagnostics.map(\.location) == [at(1, 4), at(2, 4)])
    #expect(result.diagnostics[0].message.contains("'!!int'"))
    #expect(result.diagnostics[1].message.contains("'!lijst'"))
}

@Test func anchorStopsReading() throws {
    try expectFailure(read("a: 1\nb: &gedeeld\n  nl: x\n"), "yaml-anchor", at: 2, 4)
    try expectFailure(read("a: &x 1\n"), "yaml-anchor", at: 1, 4)
}

@Test func aliasStopsReading() throws {
    try expectFailure(read("a: 1\nb: *gedeeld\n"), "yaml-alias", at: 2, 4)
}

@Test func billionLaughsGivesOneCleanError() throws {
    var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    let names = Array("abcdefghij")
    for index in 1..<names.count {
        let previous = "*\(names[index - 1])"
        text += "\(names[index]): &\(names[index]) [\(Array(repeating: previous, count: 9).joined(separator: ","))]\n"
    }
    try expectFailure(read(text), "yaml-anchor", at: 1, 4)
}

@Test func complexKeyStopsReading() throws {
    try expectFailure(read("a: 1\n[x, y]: 2\n"), "yaml-complex-key", at: 2, 1)
    try expectFailure(read("? {x: 1}\n: 2\n"), "yaml-complex-key", at: 1, 3)
}

@Test func multipleDocumentsStopReading() throws {
    try expectFailure(read("a: 1\n---\nb: 2\n"), "yaml-multiple-documents", at: 2, 1)
    try expectFailure(read("--- \na: 1\n...\n--- \nb: 2\n"), "yaml-multiple-documents", at: 4, 1)
}

@Test func oneExplicitDocumentIsFine() throws {
    let result = read("%YAML 1.2\n---\na: 1\n...\n")
    #expect(result.diagnostics.isEmpty)
    #expect(try #require(result.root)["a"]?.location == at(3, 4))
}

@Test func filesWithoutContentAreEmpty() throws {
    try expectFailure(read(""), "yaml-empty", at: 1, 1)
    try expectFailure(read("# alleen commentaar\n\n# nog meer\n"), "yaml-empty", at: 1, 1)
    try expectFailure(read("---\n"), "yaml-empty", at: 2, 1)
    try expectFailure(read("~\n"), "yaml-empty", at: 1, 1)
    #expect(read("''\n").root?.scalar == "")
}

// MARK: - Encoding

@Test func invalidUTF8IsLocatedFromTheByteOffset() throws {
    // "café" saved as Latin-1 on line 3: the bad byte is the 4th character of "caf\u{E9}".
    let bytes = Array("kind: protocol\nid: wor\ntitle: caf".utf8) + [0xE9] + Array(" en meer\n".utf8)
    let result = read(bytes: bytes)
    try expectFailure(result, "yaml-encoding", at: 3, 11)
    #expect(result.diagnostics.first?.message.contains("byte 0xE9 at offset 33") == true)
}

@Test func invalidLeadingByteAfterMultibyteCharacters() throws {
    let bytes = Array("a: 1\nb: 2\nc: é€".utf8) + [0xFF] + Array("\n".utf8)
    try expectFailure(read(bytes: bytes), "yaml-encoding", at: 3, 6)
}

@Test func encodingErrorLinesCountCarriageReturns() throws {
    try expectFailure(read(bytes: Array("a: 1\rb: 2\rc: ".utf8) + [0xFF]), "yaml-encoding", at: 3, 4)
    try expectFailure(read(bytes: Array("a: 1\r\nb: 2\r\nc: ".utf8) + [0xFF]), "yaml-encoding", at: 3, 4)
}

@Test func encodingErrorAfterByteOrderMark() throws {
    let result = read(bytes: [0xEF, 0xBB, 0xBF] + Array("a: x".utf8) + [0xFF])
    try expectFailure(result, "yaml-encoding", at: 1, 5)
    #expect(result.diagnostics.first?.message.contains("byte 0xFF at offset 7") == true)
}

@Test func nulByteIsAnEncodingError() throws {
    let result = read(bytes: Array("a: 1\nb: x".utf8) + [0] + Array("y\n".utf8))
    try expectFailure(result, "yaml-encoding", at: 2, 5)
    #expect(result.diagnostics.first?.message.contains("U+0000") == true)
}

@Test func controlCharacterIsNamedAsACharacter() throws {
    let result = read("a: \u{80}\nb: \u{7F}\n")
    try expectFailure(result, "yaml-encoding", at: 1, 4)
    #expect(result.diagnostics.first?.message.contains("U+0080") == true)
}

@Test(arguments: [[0xFF, 0xFE] as [UInt8], [0xFE, 0xFF]])
func utf16FileIsAnEncodingError(bom: [UInt8]) throws {
    let utf16 = Array("kind: protocol\n".utf16).flatMap { unit -> [UInt8] in
        let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
        return bom[0] == 0xFF ? [low, high] : [high, low]
    }
    let result = read(bytes: bom + utf16)
    try expectFailure(result, "yaml-encoding", at: 1, 1)
    #expect(result.diagnostics.first?.hint?.contains("UTF-8") == true)
}

// MARK: - Syntax

@Test func tabIndentIsASyntaxErrorWithATabHint() throws {
    let result = read("kind: protocol\nquestions:\n\t- id: stress\n")
    try expectFailure(result, "yaml-syntax", at: 3, 1)
    #expect(result.diagnostics.first?.hint?.contains("tabs") == true)
}

@Test func otherSyntaxErrorsGetTheIndentationHint() throws {
    let result = read("kind: protocol\nid: wor\n  title: x\n")
    try expectFailure(result, "yaml-syntax", at: 3, 8)
    #expect(result.diagnostics.first?.hint?.contains("tabs") == false)
    #expect(result.diagnostics.first?.hint?.contains("indentation") == true)
}

// MARK: - Limits

@Test func flowNestingOf100000LevelsIsTooDeep() throws {
    let result = read(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
    try expectFailure(result, "yaml-too-deep", at: 1, 65)
    #expect(result.diagnostics.first?.message.contains("64") == true)
}

@Test func blockMappingNestingOf100000LevelsIsTooDeep() throws {
    // Each "? " opens a block mapping one level deeper on the same line.
    try expectFailure(read(String(repeating: "? ", count: 100_000) + "x\n"), "yaml-too-deep", at: 1, 129)
    try expectFailure(read(String(repeating: "- ", count: 100_000) + "x\n"), "yaml-too-deep", at: 1, 129)
}

@Test func indentedBlockMappingsAreTooDeep() throws {
    // 1,000 levels by indentation (half a megabyte); the 65th mapping starts on line 65.
    let text = (0..<1000).map { String(repeating: " ", count: $0) + "k:\n" }.joined()
    try expectFailure(read(text), "yaml-too-deep", at: 65, 65)
}

@Test func depthLimitIsExact() throws {
    #expect(read("[[[x]]]", limits: limits(maxDepth: 3)).diagnostics.isEmpty)
    try expectFailure(read("[[[[x]]]]", limits: limits(maxDepth: 3)), "yaml-too-deep", at: 1, 4)
}

@Test func fortyMegabytesIsTooLarge() throws {
    let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 40_000_000)
    let result = read(bytes: bytes)
    try expectFailure(result, "yaml-file-too-large", at: 1, 1)
    #expect(result.diagnostics.first?.message.contains("40000000") == true)
}

@Test func fileSizeLimitIsExact() throws {
    #expect(read("a: 1234567", limits: limits(maxFileSize: 10)).root != nil)
    try expectFailure(read("a: 12345678", limits: limits(maxFileSize: 10)), "yaml-file-too-large", at: 1, 1)
}

@Test func scalarOverTheLimitStopsReading() throws {
    let maximum = YAMLLimits.standard.maxScalarLength
    #expect(read("a: " + String(repeating: "x", count: maximum)).root != nil)
    let result = read("a: 1\nb: " + String(repeating: "x", count: maximum + 1))
    try expectFailure(result, "yaml-scalar-too-long", at: 2, 4)
    #expect(result.diagnostics.first?.message.contains("\(maximum + 1)") == true)
}

@Test func nodeCountLimitIsExact() throws {
    // A list and its four items are five nodes.
    #expect(read("[1, 2, 3, 4]", limits: limits(maxNodes: 5)).root?.sequence?.count == 4)
    try expectFailure(read("[1, 2, 3, 4, 5]", limits: limits(maxNodes: 5)), "yaml-too-many-nodes", at: 1, 14)
    try expectFailure(read("a: 1\nb: 2\nc: 3\n", limits: limits(maxNodes: 5)), "yaml-too-many-nodes", at: 3, 1)
}

@Test func longFlatListsAndMappingsReadInLinearTime() throws {
    // 200,000 items each: quadratic copying of the items read so far would take minutes.
    let clock = ContinuousClock()
    let list = "items:\n" + String(repeating: "- a\n", count: 200_000)
    let mapping = (0..<200_000).map { "k\($0): v\n" }.joined()
    var counts: [Int?] = []
    let elapsed = clock.measure {
        counts = [read(list).root?["items"]?.sequence?.count, read(mapping).root?.mapping?.count]
    }
    #expect(counts == [200_000, 200_000])
    #expect(elapsed < .seconds(30))
}

// MARK: - Garbage

/// Reads `input` and checks the reader's contract: a root, or at least one error; known
/// codes; locations inside the file's coordinates.
private func checkInvariants(_ input: [UInt8]) -> Bool {
    let result = read(bytes: input)
    if result.root == nil, !result.diagnostics.containsErrors { return false }
    for diagnostic in result.diagnostics {
        guard allCodes.contains(diagnostic.code), diagnostic.location.file == "test.yaml",
            diagnostic.location.line >= 1, diagnostic.location.column >= 1
        else { return false }
    }
    return true
}

@Test func randomBytesNeverCrash() {
    var generator = SeededGenerator(state: 20_240_611)
    var failures: [[UInt8]] = []
    for _ in 0..<3000 {
        let count = Int.random(in: 0...300, using: &generator)
        let input = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if !checkInvariants(input) { failures.append(input) }
    }
    #expect(failures.isEmpty, "\(failures.prefix(3))")
}

@Test func randomYAMLPunctuationNeverCrashes() {
    // Random bytes stop at the first invalid UTF-8 byte; these reach the scanner and parser.
    let alphabet = Array("[]{}:,-?&*!|>'\"#%@`~ \n\n\n\t\rab01".utf8)
    var generator = SeededGenerator(state: 7)
    var failures: [[UInt8]] = []
    var roots = 0
    for _ in 0..<5000 {
        let count = Int.random(in: 0...80, using: &generator)
        let input = (0..<count).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
        if !checkInvariants(input) { failures.append(input) }
        if read(bytes: input).root != nil { roots += 1 }
    }
    #expect(failures.isEmpty, "\(failures.prefix(3).map { String(decoding: $0, as: UTF8.self) })")
    #expect(roots > 100, "the generator should also produce valid documents")
}

@Test func mutatedProtocolNeverCrashes() {
    let original = Array(
        """
        kind: protocol
        id: wor
        title: {nl: "Werk en stress", en: Work}
        questions:
          - id: stress
            type: yes_no
            ask: |
              Ervaart u stress?
        rules: [{when: "stress == yes", go: coach}]
        """.utf8)
    var generator = SeededGenerator(state: 42)
    var failures: [[UInt8]] = []
    for _ in 0..<3000 {
        var input = original
        for _ in 0...Int.random(in: 0...4, using: &generator) {
            let index = Int.random(in: 0..<input.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: input[index] = UInt8.random(in: 0...255, using: &generator)
            case 1: input.insert(input[Int.random(in: 0..<input.count, using: &generator)], at: index)
            default: input.remove(at: index)
            }
        }
        if !checkInvariants(input) { failures.append(input) }
    }
    #expect(failures.isEmpty, "\(failures.prefix(3))")
}

// MARK: - Fixture corpus

private struct ManifestEntry {
    let file: String
    let code: String
    let line: Int
    let column: Int
}

private func invalidFixturesDirectory() throws -> URL {
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return fixtures.appendingPathComponent("invalid")
}

/// Lines of `<filename> <code> <line>:<column>`; blank lines and `#` comments are skipped.
private func manifestEntries() throws -> [ManifestEntry] {
    let text = try String(
        contentsOf: invalidFixturesDirectory().appendingPathComponent("MANIFEST"), encoding: .utf8)
    var entries: [ManifestEntry] = []
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
        let fields = line.split(separator: " ")
        let position = fields.count == 3 ? fields[2].split(separator: ":").compactMap { Int($0) } : []
        try #require(position.count == 2, "malformed MANIFEST line: \(line)")
        entries.append(
            ManifestEntry(file: String(fields[0]), code: String(fields[1]), line: position[0], column: position[1]))
    }
    return entries
}

@Test func everyYAMLFixtureGivesItsManifestDiagnostic() throws {
    let directory = try invalidFixturesDirectory()
    let entries = try manifestEntries().filter { $0.file.hasPrefix("yaml-") }
    #expect(entries.count >= 18)
    #expect(Set(entries.map(\.code)).isSubset(of: allCodes))
    for entry in entries {
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(entry.file)))
        let result = YAMLReader().read(bytes, file: entry.file)
        let expected = TriageKit.SourceLocation(file: entry.file, line: entry.line, column: entry.column)
        #expect(
            result.diagnostics.contains { $0.code == entry.code && $0.location == expected },
            "\(entry.file): expected [\(entry.code)] at \(entry.line):\(entry.column), got \(result.diagnostics)")
        #expect(result.root == nil || result.diagnostics.containsErrors, "\(entry.file)")
    }
}

@Test func everyYAMLFixtureIsInTheManifest() throws {
    let listed = Set(try manifestEntries().map(\.file))
    let files = try FileManager.default.contentsOfDirectory(atPath: invalidFixturesDirectory().path)
    let unlisted = files.filter { $0.hasPrefix("yaml-") && !listed.contains($0) }
    #expect(unlisted.isEmpty, "fixtures missing from MANIFEST: \(unlisted.sorted())")
}
