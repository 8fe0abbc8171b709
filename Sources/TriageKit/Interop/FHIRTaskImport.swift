/// A FHIR R4 Task returned by the social domain, read as a change to one referral: the code
/// from its identifier (or its `focus`/`for` identifier) in `FHIRSystems.referralCode`, the
/// status from `businessStatus` (ours) or else mapped from `status`, the note from `note[0]`
/// or `statusReason`, the time from `lastModified`.
///
/// JSON is read with the YAML reader (libyaml reads JSON), so every error has a location and
/// the JSON path of the field at fault. The transition is checked when the change is applied.
package struct FHIRTaskImport: Sendable, Hashable {
    /// The referral the Task is about.
    package var code: ReferralCode
    /// The change it reports (source `fhir-task`).
    package var change: Referral.Change
    /// Where the code and the status were read (for errors found when applying).
    package var codePath: String
    package var codeLocation: SourceLocation
    package var statusPath: String
    package var statusLocation: SourceLocation

    /// Reads a Task from the bytes of a JSON file; `now` is the time when it has no `lastModified`.
    package init(_ bytes: [UInt8], file: String, now: Instant, reader: YAMLReader = YAMLReader()) throws(FHIRTaskImportError) {
        let read = reader.read(bytes, file: file)
        if let error = read.diagnostics.first(where: { $0.severity == .error }) { throw .malformed(error) }
        guard let root = read.root else {
            throw .wrongShape(path: "$", expected: "a JSON object (a FHIR Task)", location: SourceLocation(file: file, line: 1, column: 1))
        }
        guard root.mapping != nil else { throw .wrongShape(path: "$", expected: "a JSON object (a FHIR Task)", location: root.location) }
        let resourceType = root["resourceType"]
        guard resourceType?.scalar == "Task" else {
            throw .notATask(found: resourceType?.scalar, location: resourceType?.location ?? root.location)
        }
        (code, codePath, codeLocation) = try Self.code(in: root)
        let status: ReferralStatus
        (status, statusPath, statusLocation) = try Self.status(in: root)
        let at: Instant
        if let node = root["lastModified"] {
            let text = try Self.string(node, path: "$.lastModified")
            guard let instant = Self.instant(text) else { throw .badTime(path: "$.lastModified", value: text, location: node.location) }
            at = instant
        } else {
            at = now
        }
        var note: String?
        if let first = root["note"]?.sequence?.first, let text = first["text"] {
            note = try Self.string(text, path: "$.note[0].text")
        } else if let text = root["statusReason"]?["text"] {
            note = try Self.string(text, path: "$.statusReason.text")
        }
        change = Referral.Change(status: status, at: at, note: note, source: "fhir-task")
    }

    /// Records the change in `store`; an unknown code or a transition the referral does not
    /// allow is an error at the code's or the status's place in the Task.
    @discardableResult
    package func apply(to store: some ReferralStore) throws(FHIRTaskImportError) -> Referral {
        do {
            return try store.record(change, for: code)
        } catch {
            switch error {
            case .unknownCode: throw .register(error, path: codePath, location: codeLocation)
            case .referral(.transition), .referral(.timeBeforeHistory): throw .register(error, path: statusPath, location: statusLocation)
            default: throw .register(error, path: "$", location: SourceLocation(file: codeLocation.file, line: 1, column: 1))
            }
        }
    }

    private static func string(_ node: YAMLNode, path: String) throws(FHIRTaskImportError) -> String {
        guard let text = node.scalar, !node.isNull else { throw .wrongShape(path: path, expected: "a string", location: node.location) }
        return text
    }

    /// The referral code: `identifier`, then `focus.identifier`, then `for.identifier`.
    private static func code(in root: YAMLNode) throws(FHIRTaskImportError) -> (ReferralCode, String, SourceLocation) {
        var candidates: [(YAMLNode, String)] = []
        if let identifiers = root["identifier"]?.sequence {
            candidates += identifiers.enumerated().map { ($1, "$.identifier[\($0)]") }
        }
        for key in ["focus", "for"] {
            if let identifier = root[key]?["identifier"] { candidates.append((identifier, "$.\(key).identifier")) }
        }
        for (identifier, path) in candidates where identifier["system"]?.scalar == FHIRSystems.referralCode {
            guard let value = identifier["value"] else { continue }
            let text = try string(value, path: path + ".value")
            switch ReferralCode.parse(text) {
            case .success(let code): return (code, path + ".value", value.location)
            case .failure(let error): throw .badCode(path: path + ".value", error, location: value.location)
            }
        }
        throw .noCode(location: root["identifier"]?.location ?? root.location)
    }

    /// The status: our `businessStatus` coding, else the Task status mapped.
    private static func status(in root: YAMLNode) throws(FHIRTaskImportError) -> (ReferralStatus, String, SourceLocation) {
        for (index, coding) in (root["businessStatus"]?["coding"]?.sequence ?? []).enumerated()
        where coding["system"]?.scalar == FHIRSystems.referralStatus {
            let path = "$.businessStatus.coding[\(index)].code"
            guard let node = coding["code"] else { throw .wrongShape(path: path, expected: "a status code", location: coding.location) }
            let text = try string(node, path: path)
            guard let status = ReferralStatus(rawValue: text) else {
                throw .unknownStatus(path: path, value: text, known: ReferralStatus.allCases.map(\.rawValue), location: node.location)
            }
            return (status, path, node.location)
        }
        guard let node = root["status"] else { throw .wrongShape(path: "$.status", expected: "a Task status", location: root.location) }
        let text = try string(node, path: "$.status")
        guard let status = ReferralStatus(fhirTaskStatus: text) else {
            let known = ReferralStatus.allCases.map(\.fhirTaskStatus)
            throw .unknownStatus(path: "$.status", value: text, known: known.enumerated().filter { !known[..<$0].contains($1) }.map(\.1), location: node.location)
        }
        return (status, "$.status", node.location)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, as UTC.
    static func instant(_ text: String) -> Instant? {
        guard text.count >= 20 else { return nil }
        let base = String(text.prefix(19))
        var rest = text.dropFirst(19)
        if rest.first == "." {
            rest = rest.dropFirst()
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            rest = rest.dropFirst(digits.count)
        }
        if rest == "Z" { return Instant.parse(base + "Z") }
        let sign: Int64
        switch rest.first {
        case "+": sign = 1
        case "-": sign = -1
        default: return nil
        }
        let offset = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard offset.count == 2, offset.allSatisfy({ $0.count == 2 }), let hours = Int64(offset[0]), let minutes = Int64(offset[1]),
            hours < 24, minutes < 60, let local = Instant.parse(base + "Z")
        else { return nil }
        return Instant(secondsSince1970: local.secondsSince1970 - sign * (hours * 3600 + minutes * 60))
    }
}

/// Why a FHIR Task cannot be imported; each case knows where in the file and which JSON path.
package enum FHIRTaskImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file is not well-formed JSON (the reader's finding, located).
    case malformed(Diagnostic)
    /// The value at `path` has the wrong shape.
    case wrongShape(path: String, expected: String, location: SourceLocation)
    /// `resourceType` is not `Task`.
    case notATask(found: String?, location: SourceLocation)
    /// No identifier with the referral-code system.
    case noCode(location: SourceLocation)
    /// The referral code is not a valid code.
    case badCode(path: String, ReferralCode.ParseError, location: SourceLocation)
    /// The status is none of the known ones.
    case unknownStatus(path: String, value: String, known: [String], location: SourceLocation)
    /// The time is not ISO 8601 with a zone.
    case badTime(path: String, value: String, location: SourceLocation)
    /// The register refused the change (unknown code, a transition not allowed).
    case register(RegisterError, path: String, location: SourceLocation)

    /// The JSON path of the field at fault.
    package var path: String {
        switch self {
        case .malformed, .notATask: "$" + (isResourceType ? ".resourceType" : "")
        case .noCode: "$.identifier"
        case .wrongShape(let path, _, _), .badCode(let path, _, _), .unknownStatus(let path, _, _, _), .badTime(let path, _, _),
            .register(_, let path, _):
            path
        }
    }

    private var isResourceType: Bool {
        if case .notATask = self { return true }
        return false
    }

    /// Where in the file.
    package var location: SourceLocation {
        switch self {
        case .malformed(let diagnostic): diagnostic.location
        case .wrongShape(_, _, let location), .notATask(_, let location), .noCode(let location), .badCode(_, _, let location),
            .unknownStatus(_, _, _, let location), .badTime(_, _, let location), .register(_, _, let location):
            location
        }
    }

    package var description: String {
        let message: String
        switch self {
        case .malformed(let diagnostic): message = "not valid JSON: \(diagnostic.message)"
        case .wrongShape(_, let expected, _): message = "expected \(expected)"
        case .notATask(let found, _):
            message = "not a FHIR Task" + (found.map { " (resourceType '\($0.neutralized)')" } ?? " (no resourceType)")
        case .noCode: message = "no referral code: no identifier with system \(FHIRSystems.referralCode)"
        case .badCode(_, let error, _): message = error.description
        case .unknownStatus(_, let value, let known, _):
            message = "unknown status '\(value.neutralized)' (known: \(known.joined(separator: ", ")))"
        case .badTime(_, let value, _): message = "'\(value.neutralized)' is not a time like 2026-11-30T19:03:00Z"
        case .register(let error, _, _): message = error.description
        }
        return "\(location): \(path): \(message)"
    }
}
