import Testing

@testable import TriageKit

/// A register in memory, for applying imported Tasks.
final class MemoryReferralStore: ReferralStore {
    var referrals: [Referral]
    init(_ referrals: [Referral]) { self.referrals = referrals }
    func insert(_ new: [Referral]) throws(RegisterError) { referrals += new }
    func referral(_ code: ReferralCode) throws(RegisterError) -> Referral? { referrals.first { $0.code == code } }
    func allReferrals() throws(RegisterError) -> [Referral] { referrals }
    func contains(_ code: ReferralCode) throws(RegisterError) -> Bool { referrals.contains { $0.code == code } }
    func record(_ change: Referral.Change, for code: ReferralCode) throws(RegisterError) -> Referral {
        guard let index = referrals.firstIndex(where: { $0.code == code }) else { throw .unknownCode(code, suggestion: nil) }
        do { try referrals[index].record(change) } catch { throw .referral(error) }
        return referrals[index]
    }
}

@Suite struct FHIRTaskImportTests {
    static let now = Instant.parse("2026-03-20T12:00:00Z")!

    static func referral() throws -> Referral {
        try #require(FHIRFixtures.referrals().first { $0.0.status == .requested }?.0)
    }

    static func read(_ json: String) throws(FHIRTaskImportError) -> FHIRTaskImport {
        try FHIRTaskImport(Array(json.utf8), file: "task.json", now: now)
    }

    static func task(code: String, status: String = "in-progress", business: String? = nil, extra: String = "") -> String {
        let businessStatus = business.map {
            #", "businessStatus": {"coding": [{"system": "\#(FHIRSystems.referralStatus)", "code": "\#($0)"}]}"#
        } ?? ""
        return """
            {
              "resourceType": "Task",
              "identifier": [{"system": "\(FHIRSystems.referralCode)", "value": "\(code)"}],
              "status": "\(status)"\(businessStatus),
              "intent": "order",
              "lastModified": "2026-03-05T10:15:00+01:00"\(extra)
            }
            """
    }

    @Test func aValidTaskIsAChange() throws {
        let referral = try Self.referral()
        let imported = try Self.read(Self.task(code: referral.code.description, business: "accepted", extra: #", "note": [{"text": "Wekelijks koffie-uurtje"}]"#))
        #expect(imported.code == referral.code)
        #expect(imported.change == Referral.Change(status: .accepted, at: Instant.parse("2026-03-05T09:15:00Z")!, note: "Wekelijks koffie-uurtje", source: "fhir-task"))
        #expect(imported.statusPath == "$.businessStatus.coding[0].code")
        // Without our businessStatus, the Task status is mapped; a code in focus.identifier counts.
        let mapped = try Self.read(
            #"{"resourceType": "Task", "status": "on-hold", "intent": "order", "focus": {"identifier": {"system": "\#(FHIRSystems.referralCode)", "value": "\#(referral.code.description.lowercased())"}}, "statusReason": {"text": "Geen gehoor"}}"#)
        #expect(mapped.code == referral.code && mapped.codePath == "$.focus.identifier.value")
        #expect(mapped.change == Referral.Change(status: .unreachable, at: Self.now, note: "Geen gehoor", source: "fhir-task"))
        let store = MemoryReferralStore([referral])
        #expect(try imported.apply(to: store).status == .accepted)
    }

    @Test func anUnknownStatusIsAnErrorAtItsPath() throws {
        let referral = try Self.referral()
        #expect {
            try Self.read(Self.task(code: referral.code.description, business: "gebeld"))
        } throws: { error in
            let error = error as? FHIRTaskImportError
            return error?.path == "$.businessStatus.coding[0].code" && error?.location.line == 4
                && error?.description.contains("unknown status 'gebeld'") == true
        }
        #expect {
            try Self.read(Self.task(code: referral.code.description, status: "draft"))
        } throws: { error in
            (error as? FHIRTaskImportError)?.path == "$.status"
        }
    }

    @Test func notATaskMissingCodeAndBadTime() throws {
        #expect {
            try Self.read(#"{"resourceType": "ServiceRequest", "status": "active"}"#)
        } throws: { error in
            let error = error as? FHIRTaskImportError
            return error?.path == "$.resourceType" && error?.description.hasPrefix("task.json:1:18: $.resourceType: not a FHIR Task") == true
        }
        #expect {
            try Self.read(#"{"resourceType": "Task", "status": "completed"}"#)
        } throws: { error in
            (error as? FHIRTaskImportError)?.path == "$.identifier"
        }
        let referral = try Self.referral()
        #expect {
            try Self.read(Self.task(code: referral.code.description).replacingLastModified(with: "5 maart"))
        } throws: { error in
            let error = error as? FHIRTaskImportError
            return error?.path == "$.lastModified" && error?.location.line == 6
        }
        #expect {
            try Self.read(Self.task(code: "WOR-AAAA-AA"))
        } throws: { error in
            (error as? FHIRTaskImportError)?.path == "$.identifier[0].value"
        }
    }

    @Test func malformedJSONIsLocated() {
        #expect {
            try Self.read("{\n  \"resourceType\": \"Task\",\n  \"status\": [\n}")
        } throws: { error in
            guard case .malformed(let diagnostic) = error as? FHIRTaskImportError else { return false }
            return diagnostic.location.file == "task.json" && diagnostic.location.line >= 3
        }
    }

    @Test func unknownCodesAndForbiddenTransitionsAreErrorsAtTheirPaths() throws {
        let referral = try Self.referral()
        let store = MemoryReferralStore([referral])
        let completed = try Self.read(Self.task(code: referral.code.description, business: "completed"))
        #expect {
            try completed.apply(to: store)
        } throws: { error in
            guard case .register(.referral(.transition), let path, _) = error as? FHIRTaskImportError else { return false }
            return path == "$.businessStatus.coding[0].code"
        }
        var generator = FHIRFixtures.CountingGenerator(state: 99)
        let other = ReferralCode.generate(prefix: "WOR", using: &generator)
        #expect {
            try Self.read(Self.task(code: other.description)).apply(to: store)
        } throws: { error in
            guard case .register(.unknownCode, let path, _) = error as? FHIRTaskImportError else { return false }
            return path == "$.identifier[0].value"
        }
    }

    @Test func anExportedTaskRoundTrips() throws {
        let referral = try Self.referral()
        let task = FHIRReferralExporter().task(for: referral)
        // The social domain reports back: contacted, with a note, a day later.
        guard case .object(var pairs) = task else { Issue.record("the Task is not an object"); return }
        for index in pairs.indices {
            switch pairs[index].0 {
            case "status": pairs[index].1 = .string("in-progress")
            case "businessStatus":
                pairs[index].1 = .object([("coding", .array([.object([("system", .string(FHIRSystems.referralStatus)), ("code", .string("contacted"))])]))])
            case "lastModified": pairs[index].1 = .string("2026-03-03T08:00:00Z")
            default: break
            }
        }
        pairs.append(("note", .array([.object([("text", .string("Patiënt gebeld, afspraak gemaakt"))])])))
        let imported = try Self.read(JSONValue.object(pairs).serialized())
        #expect(imported.code == referral.code)
        #expect(imported.change == Referral.Change(status: .contacted, at: Instant.parse("2026-03-03T08:00:00Z")!, note: "Patiënt gebeld, afspraak gemaakt", source: "fhir-task"))
        let store = MemoryReferralStore([referral])
        let updated = try imported.apply(to: store)
        #expect(updated.status == .contacted && updated.history.count == 2)
        // The exported Task of the updated referral says so.
        let again = FHIRReferralExporter().task(for: updated)
        #expect(again["status"]?.string == "in-progress")
        #expect(again["businessStatus"]?["coding"]?.items.first?["code"]?.string == "contacted")
        #expect(try Self.read(again.serialized()).change.status == .contacted)
    }

    @Test func timesWithOffsetsAndFractions() {
        #expect(FHIRTaskImport.instant("2026-03-05T10:15:00Z") == Instant.parse("2026-03-05T10:15:00Z"))
        #expect(FHIRTaskImport.instant("2026-03-05T10:15:00.250+00:00") == Instant.parse("2026-03-05T10:15:00Z"))
        #expect(FHIRTaskImport.instant("2026-03-05T01:15:00-02:30") == Instant.parse("2026-03-05T03:45:00Z"))
        #expect(FHIRTaskImport.instant("2026-03-05T10:15:00") == nil)
        #expect(FHIRTaskImport.instant("2026-03-05T10:15:00+1:00") == nil)
    }
}

extension String {
    fileprivate func replacingLastModified(with text: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.contains("\"lastModified\"") ? "  \"lastModified\": \"\(text)\"" : String(line)
        }.joined(separator: "\n")
    }
}
