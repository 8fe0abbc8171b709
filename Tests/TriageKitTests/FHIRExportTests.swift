import Testing

@testable import TriageKit

/// Referrals from the shipped protocols and example answers, for the FHIR tests.
enum FHIRFixtures {
    static let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")

    /// A fixed sequence of "random" numbers, so codes are the same every run.
    struct CountingGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    static let createdAt = Instant.parse("2026-03-02T09:30:00Z")!

    /// Every referral the example answers make with their protocol, with the Weert map and without a map.
    static func referrals() throws -> [(Referral, TriageProtocol, String)] {
        var generator = CountingGenerator(state: 7)
        var result: [(Referral, TriageProtocol, String)] = []
        let answerFiles = ["geldzorgen-huurachterstand", "geldzorgen-overzicht", "jeugd-angst-school", "jeugd-opvoedvragen",
            "welzijn-op-recept-eenzaam", "welzijn-op-recept-mantelzorg", "welzijn-op-recept-rode-vlag",
            "welzijn-op-recept-schulden", "welzijn-op-recept-weduwe"]
        let map = try #require(SocialMapLoader().load(path: "\(root)/Examples/sociale-kaart/weert.yaml").value)
        for name in answerFiles {
            let sheet = try #require(AnswerSheetLoader().load(path: "\(root)/Examples/answers/\(name).yaml").value)
            let protocolName = try #require(sheet.protocolID)
            let path = "\(root)/Protocols/\(protocolName).yaml"
            let triageProtocol = try #require(ProtocolLoader().load(try SourceFile.read(path).get(), file: path).value)
            for socialMap in [map, nil] {
                var session = TriageSession(protocol: triageProtocol, socialMap: socialMap)
                #expect(!sheet.apply(to: &session).containsErrors)
                guard
                    let made = try? Referral.referrals(
                        from: session.outcome(), protocol: triageProtocol, at: createdAt,
                        newCode: { ReferralCode.generate(prefix: $0, using: &generator) })
                else { continue }
                result += made.map { ($0, triageProtocol, "\(name)\(socialMap == nil ? "" : "+weert")") }
            }
        }
        return result
    }

    /// Every `reference` in `value` (its JSON path and target).
    static func references(in value: JSONValue, path: String = "$") -> [(path: String, target: String)] {
        switch value {
        case .object(let pairs):
            return pairs.flatMap { key, child in
                (key == "reference" ? (child.string.map { [(path + "." + key, $0)] } ?? []) : [])
                    + references(in: child, path: path + "." + key)
            }
        case .array(let items): return items.enumerated().flatMap { references(in: $1, path: "\(path)[\($0)]") }
        default: return []
        }
    }

    /// Every value under `key` anywhere in `value`.
    static func values(of key: String, in value: JSONValue) -> [JSONValue] {
        switch value {
        case .object(let pairs): return pairs.flatMap { ($0.0 == key ? [$0.1] : []) + values(of: key, in: $0.1) }
        case .array(let items): return items.flatMap { values(of: key, in: $0) }
        default: return []
        }
    }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    var items: [JSONValue] {
        guard case .array(let items) = self else { return [] }
        return items
    }
}

@Suite struct FHIRExportTests {
    @Test func theSameRecordGivesByteIdenticalBundles() throws {
        let referrals = try FHIRFixtures.referrals()
        #expect(referrals.count >= 8)
        for (referral, triageProtocol, _) in referrals {
            for type in FHIRReferralExporter.BundleType.allCases {
                let exporter = FHIRReferralExporter(bundleType: type)
                let first = exporter.render(referral, protocol: triageProtocol)
                #expect(first == exporter.render(referral, protocol: triageProtocol))
                #expect(first == FHIRReferralExporter(bundleType: type).render(referral, protocol: triageProtocol))
            }
        }
        // Another code: other ids.
        let (a, triageProtocol, _) = try #require(referrals.first)
        let (b, _, _) = referrals[1]
        let exporter = FHIRReferralExporter()
        #expect(exporter.bundle(for: a, protocol: triageProtocol)["id"] != exporter.bundle(for: b, protocol: triageProtocol)["id"])
    }

    @Test func everyReferenceResolvesInsideTheBundle() throws {
        for (referral, triageProtocol, name) in try FHIRFixtures.referrals() {
            for type in FHIRReferralExporter.BundleType.allCases {
                let bundle = FHIRReferralExporter(bundleType: type).bundle(for: referral, protocol: triageProtocol)
                let entries = bundle["entry"]?.items ?? []
                let fullUrls = entries.compactMap { $0["fullUrl"]?.string }
                #expect(Set(fullUrls).count == fullUrls.count, "\(name): duplicate fullUrl")
                for url in fullUrls { #expect(url.hasPrefix("urn:uuid:") && url.count == 45) }
                let references = FHIRFixtures.references(in: bundle)
                #expect(!references.isEmpty)
                for reference in references {
                    #expect(fullUrls.contains(reference.target), "\(name) \(type): \(reference.path) -> \(reference.target) does not resolve")
                }
                // Each resource's id is its fullUrl's UUID.
                for entry in entries {
                    #expect(entry["fullUrl"]?.string == "urn:uuid:" + (entry["resource"]?["id"]?.string ?? ""))
                }
                let types = entries.compactMap { $0["resource"]?["resourceType"]?.string }
                if type == .document { #expect(types.first == "Composition") }
                #expect(types.contains("ServiceRequest") && types.contains("Task") && types.contains("QuestionnaireResponse"))
                let task = try #require(entries.first { $0["resource"]?["resourceType"]?.string == "Task" }?["resource"])
                let serviceRequestURL = entries.first { $0["resource"]?["resourceType"]?.string == "ServiceRequest" }?["fullUrl"]
                #expect(task["focus"]?["reference"] == serviceRequestURL)
                #expect(task["restriction"]?["period"]?["end"]?.string == referral.dueAt.description)
            }
        }
    }

    @Test func thePatientCarriesOnlyTheReferralCode() throws {
        for (referral, triageProtocol, _) in try FHIRFixtures.referrals() {
            let bundle = FHIRReferralExporter().bundle(for: referral, protocol: triageProtocol)
            let resources = (bundle["entry"]?.items ?? []).compactMap { $0["resource"] }
            let patients = resources.filter { $0["resourceType"]?.string == "Patient" }
            #expect(patients.count == 1)
            let patient = try #require(patients.first)
            guard case .object(let pairs) = patient else { Issue.record("Patient is not an object"); continue }
            #expect(pairs.map(\.0) == ["resourceType", "id", "identifier"])
            #expect(
                patient["identifier"]
                    == .array([.object([("system", .string(FHIRSystems.referralCode)), ("value", .string(referral.code.description))])]))
            // No identifying field anywhere, and every identifier is the code (or a service id).
            for key in ["name", "birthDate", "address", "telecom", "gender"] {
                #expect(resources.allSatisfy { $0["resourceType"]?.string == "Organization" || $0[key] == nil }, "\(key)")
            }
            for identifier in FHIRFixtures.values(of: "identifier", in: bundle).flatMap({ $0.items.isEmpty ? [$0] : $0.items }) {
                let system = identifier["system"]?.string
                #expect(
                    system == FHIRSystems.referralCode || system == FHIRSystems.service || system == "urn:ietf:rfc:3986",
                    "\(identifier.serialized())")
                if system == FHIRSystems.referralCode { #expect(identifier["value"]?.string == referral.code.description) }
            }
        }
    }

    @Test func weetNietCarriesTheDataAbsentReason() throws {
        let referrals = try FHIRFixtures.referrals().filter { referral, _, _ in referral.answers.contains { $0.answer == .unknown } }
        #expect(!referrals.isEmpty)
        for (referral, triageProtocol, _) in referrals {
            let bundle = FHIRReferralExporter().bundle(for: referral, protocol: triageProtocol)
            let response = try #require(
                (bundle["entry"]?.items ?? []).compactMap { $0["resource"] }.first {
                    $0["resourceType"]?.string == "QuestionnaireResponse"
                })
            #expect(response["questionnaire"]?.string == "\(FHIRSystems.questionnaireBase)/\(referral.protocolID)|\(referral.protocolVersion)")
            let items = response["item"]?.items ?? []
            for answered in referral.answers where answered.answer == .unknown {
                let item = try #require(items.first { $0["linkId"]?.string == answered.questionID })
                #expect(item["answer"] == nil)
                #expect(
                    item["extension"]
                        == .array([
                            .object([
                                ("url", .string("http://hl7.org/fhir/StructureDefinition/data-absent-reason")),
                                ("valueCode", .string("asked-unknown")),
                            ])
                        ]))
                let question = try #require(triageProtocol.questions.first { $0.id == answered.questionID })
                #expect(item["text"]?.string == question.text.text(in: "nl"))
            }
        }
    }

    @Test func theICPCCodeOfTheDestinationIsTheFirstReason() throws {
        var seen = 0
        for (referral, triageProtocol, _) in try FHIRFixtures.referrals() {
            let bundle = FHIRReferralExporter().bundle(for: referral, protocol: triageProtocol)
            let request = try #require(
                (bundle["entry"]?.items ?? []).compactMap { $0["resource"] }.first { $0["resourceType"]?.string == "ServiceRequest" })
            let icpc = triageProtocol.destinations.first { $0.id == referral.destinationID }?.icpc
            let first = request["reasonCode"]?.items.first?["coding"]?.items.first
            if let icpc {
                seen += 1
                #expect(first == .object([("system", .string("http://hl7.org/fhir/sid/icpc-2")), ("code", .string(icpc))]))
            } else {
                #expect(first == nil)
            }
            // Without the protocol there is no ICPC code and no scores, but the bundle still resolves.
            let bare = FHIRReferralExporter().bundle(for: referral, protocol: nil)
            #expect(FHIRFixtures.values(of: "system", in: bare).allSatisfy { $0.string != FHIRSystems.icpc2 })
        }
        #expect(seen > 0)
    }

    @Test func dimensionScoresAreTheEnginesScores() throws {
        let (referral, triageProtocol, _) = try #require(
            FHIRFixtures.referrals().first { $0.2 == "welzijn-op-recept-eenzaam+weert" })
        var session = TriageSession(protocol: triageProtocol)
        for answered in referral.answers { if let answer = answered.answer { try session.answer(answer, to: answered.questionID) } }
        let expected = session.outcome().scores.filter { $0.dimension != nil }
        #expect(!expected.isEmpty)
        let bundle = FHIRReferralExporter().bundle(for: referral, protocol: triageProtocol)
        let observations = (bundle["entry"]?.items ?? []).compactMap { $0["resource"] }.filter {
            $0["resourceType"]?.string == "Observation"
        }
        #expect(observations.count == expected.count)
        for (observation, score) in zip(observations, expected) {
            #expect(observation["code"]?["coding"]?.items.first?["code"]?.string == score.dimension?.rawValue)
            #expect(observation["valueQuantity"]?["value"] == score.value.map { .number($0) })
        }
    }

    @Test func statusesMapOntoTaskStatuses() {
        for status in ReferralStatus.allCases where status != .actedOn {
            #expect(ReferralStatus(fhirTaskStatus: status.fhirTaskStatus) == status)
        }
        #expect(ReferralStatus.actedOn.fhirTaskStatus == "completed")
        #expect(ReferralStatus(fhirTaskStatus: "draft") == nil)
    }

    @Test func destinationsTakeAnICPCCode() throws {
        func load(_ icpc: String) -> LoadResult<TriageProtocol> {
            let text = """
                kind: protocol
                id: icpc-test
                version: "1"
                title: {nl: Test}
                questions:
                  - id: eenzaam
                    text: {nl: Eenzaam?}
                    type: yes_no
                destinations:
                  - id: welzijnscoach
                    category: welfare
                    icpc: \(icpc)
                    name: {nl: Welzijnscoach}
                rules:
                  - id: verwijs
                    when: eenzaam == yes
                    refer: welzijnscoach
                    reason: {nl: Eenzaam}
                """
            return ProtocolLoader().load(Array(text.utf8), file: "icpc.yaml")
        }
        let good = load("Z29")
        #expect(good.value?.destinations.first?.icpc == "Z29", "\(good.diagnostics)")
        let bad = load("Z2")
        #expect(bad.diagnostics.contains { $0.code == "invalid-icpc" && $0.location.line == 12 }, "\(bad.diagnostics)")
        #expect(Destination.isICPCCode("P76") && !Destination.isICPCCode("Q10") && !Destination.isICPCCode("z29"))
    }
}
