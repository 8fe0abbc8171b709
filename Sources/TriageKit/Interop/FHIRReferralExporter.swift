/// Writes a referral as a FHIR R4 Bundle for the social domain's systems: the ServiceRequest
/// (the referral), a Task (the Gravity SDOH pattern: the contact person's work item, whose
/// `businessStatus` carries the referral's status back), the QuestionnaireResponse (the
/// answers), the Consent, and one Observation per Positieve Gezondheid dimension score.
///
/// No resource identifies the patient: the Patient entry carries only the referral code as an
/// identifier (`FHIRSystems.referralCode`). Resource ids are name-based UUIDs made from the
/// code, so the same record always gives byte-identical JSON.
package struct FHIRReferralExporter: Sendable {
    /// The Bundle's type.
    package enum BundleType: String, Sendable, Hashable, CaseIterable {
        /// A transaction: every entry a `POST` (the Patient and Organization conditional on
        /// their identifier), for a server that stores the referral.
        case transaction
        /// A document: a Composition first that lists the other entries, for systems that
        /// file the referral as one document.
        case document
    }

    /// The Bundle's type.
    package var bundleType: BundleType

    /// Creates an exporter.
    package init(bundleType: BundleType = .transaction) {
        self.bundleType = bundleType
    }

    /// The Bundle for `referral`; `triageProtocol` (the one that made it, when at hand) gives
    /// the question and option texts, the ICPC code and the dimension scores.
    package func bundle(for referral: Referral, protocol triageProtocol: TriageProtocol?) -> JSONValue {
        let parts = Parts(referral: referral, protocol: triageProtocol)
        var entries: [(name: String, type: String, resource: JSONValue, conditional: String?)] = []
        entries.append(("patient", "Patient", parts.patient, "identifier=\(FHIRSystems.referralCode)|\(referral.code)"))
        if let organization = parts.organization {
            entries.append(("organization", "Organization", organization, referral.serviceID.map { "identifier=\(FHIRSystems.service)|\($0)" }))
        }
        entries.append(("service-request", "ServiceRequest", parts.serviceRequest, nil))
        entries.append(("task", "Task", parts.task, nil))
        entries.append(("questionnaire-response", "QuestionnaireResponse", parts.questionnaireResponse, nil))
        if let consent = parts.consent { entries.append(("consent", "Consent", consent, nil)) }
        for (name, observation) in parts.observations { entries.append((name, "Observation", observation, nil)) }
        if bundleType == .document {
            entries.insert(("composition", "Composition", parts.composition(listing: entries.map { ($0.name, $0.type) }), nil), at: 0)
        }
        var bundle: [(String, JSONValue)] = [
            ("resourceType", .string("Bundle")),
            ("id", .string(parts.id("bundle-\(bundleType.rawValue)"))),
        ]
        if bundleType == .document {
            bundle.append(("identifier", .object([("system", .string("urn:ietf:rfc:3986")), ("value", .string(parts.url("bundle-document")))])))
        }
        bundle.append(("type", .string(bundleType.rawValue)))
        bundle.append(("timestamp", .string(referral.updatedAt.description)))
        bundle.append(
            (
                "entry",
                .array(
                    entries.map { entry in
                        var pairs: [(String, JSONValue)] = [("fullUrl", .string(parts.url(entry.name))), ("resource", entry.resource)]
                        if bundleType == .transaction {
                            var request: [(String, JSONValue)] = [("method", .string("POST")), ("url", .string(entry.type))]
                            if let conditional = entry.conditional { request.append(("ifNoneExist", .string(conditional))) }
                            pairs.append(("request", .object(request)))
                        }
                        return .object(pairs)
                    })
            ))
        return .object(bundle)
    }

    /// The Bundle as JSON text (pretty, ending in a newline).
    package func render(_ referral: Referral, protocol triageProtocol: TriageProtocol?) -> String {
        bundle(for: referral, protocol: triageProtocol).serialized() + "\n"
    }

    /// The referral's Task alone, as the Bundle holds it: what the social domain updates and
    /// returns (read back with `FHIRTaskImport`).
    package func task(for referral: Referral) -> JSONValue {
        Parts(referral: referral, protocol: nil).task
    }
}

/// The resources of one referral.
private struct Parts {
    let referral: Referral
    let triageProtocol: TriageProtocol?
    /// The dimension scores, with the names of their Observations.
    let observationScores: [(name: String, score: Outcome.ScoreValue, dimension: Dimension)]

    init(referral: Referral, protocol triageProtocol: TriageProtocol?) {
        self.referral = referral
        self.triageProtocol = triageProtocol
        observationScores = Self.dimensionScores(of: referral, protocol: triageProtocol)
    }

    func id(_ name: String) -> String { FHIRResourceID.uuid(code: referral.code, name: name) }
    func url(_ name: String) -> String { "urn:uuid:" + id(name) }
    func reference(_ name: String) -> JSONValue { .object([("reference", .string(url(name)))]) }

    var codeIdentifier: JSONValue {
        .object([("system", .string(FHIRSystems.referralCode)), ("value", .string(referral.code.description))])
    }

    static func coding(_ system: String, _ code: String, _ display: String? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("system", .string(system)), ("code", .string(code))]
        if let display { pairs.append(("display", .string(display))) }
        return .object(pairs)
    }

    static func concept(_ codings: [JSONValue], text: String? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        if !codings.isEmpty { pairs.append(("coding", .array(codings))) }
        if let text { pairs.append(("text", .string(text))) }
        return .object(pairs)
    }

    /// Only the referral code: no name, BSN, birth date, address or phone number.
    var patient: JSONValue {
        .object([("resourceType", .string("Patient")), ("id", .string(id("patient"))), ("identifier", .array([codeIdentifier]))])
    }

    /// The local service from the social map, when the referral names one.
    var organization: JSONValue? {
        guard let name = referral.serviceName else { return nil }
        var pairs: [(String, JSONValue)] = [("resourceType", .string("Organization")), ("id", .string(id("organization")))]
        if let serviceID = referral.serviceID {
            pairs.append(("identifier", .array([.object([("system", .string(FHIRSystems.service)), ("value", .string(serviceID))])])))
        }
        pairs.append(("name", .string(name)))
        return .object(pairs)
    }

    /// Who does the work: the service's Organization, else the destination by name.
    var performer: JSONValue {
        referral.serviceName == nil
            ? .object([("display", .string(referral.destinationName))])
            : reference("organization")
    }

    var icpc: String? {
        triageProtocol?.destinations.first { $0.id == referral.destinationID }?.icpc
    }

    var serviceRequest: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("resourceType", .string("ServiceRequest")),
            ("id", .string(id("service-request"))),
            ("identifier", .array([codeIdentifier])),
            ("instantiatesUri", .array([.string(questionnaireCanonical)])),
            ("status", .string(referral.status.fhirServiceRequestStatus)),
            ("intent", .string("order")),
            // SNOMED CT 410606002 |Social service procedure|; the R4 category value set's social care code.
            ("category", .array([Self.concept([Self.coding(FHIRSystems.snomed, "410606002", "Social service procedure")])])),
        ]
        if let priority = priority { pairs.append(("priority", .string(priority))) }
        pairs.append(
            (
                "code",
                Self.concept(
                    [Self.coding(FHIRSystems.destination, referral.destinationID, referral.destinationName)],
                    text: referral.destinationName)
            ))
        pairs.append(("subject", reference("patient")))
        pairs.append(("authoredOn", .string(referral.createdAt.description)))
        pairs.append(("performer", .array([performer])))
        var reasons: [JSONValue] = []
        if let icpc { reasons.append(Self.concept([Self.coding(FHIRSystems.icpc2, icpc)])) }
        reasons += referral.reasons.map { Self.concept([], text: $0.text) }
        if !reasons.isEmpty { pairs.append(("reasonCode", .array(reasons))) }
        var support = [reference("questionnaire-response")]
        support += observationScores.map { reference($0.name) }
        pairs.append(("supportingInfo", .array(support)))
        if let adjustment = referral.adjustment {
            let text = "Aangepast door de huisarts: \(adjustment.reason.text(in: "nl"))" + (adjustment.note.map { ". \($0)" } ?? "")
            pairs.append(("note", .array([.object([("text", .string(text))])])))
        }
        return .object(pairs)
    }

    /// FHIR `RequestPriority` for the urgency: today is `asap`, soon `urgent`.
    var priority: String? {
        switch referral.urgency {
        case .today: "asap"
        case .soon: "urgent"
        case .routine: "routine"
        case .none: nil
        }
    }

    var task: JSONValue {
        let status = referral.status
        var pairs: [(String, JSONValue)] = [
            ("resourceType", .string("Task")),
            ("id", .string(id("task"))),
            ("identifier", .array([codeIdentifier])),
            ("status", .string(status.fhirTaskStatus)),
            (
                "businessStatus",
                Self.concept(
                    [Self.coding(FHIRSystems.referralStatus, status.rawValue, status.text(in: "en"))], text: status.text(in: "nl"))
            ),
            ("intent", .string("order")),
            ("code", Self.concept([Self.coding(FHIRSystems.taskCode, "fulfill", "Fulfill the focal request")])),
            ("focus", reference("service-request")),
            ("for", reference("patient")),
            ("authoredOn", .string(referral.createdAt.description)),
            ("lastModified", .string(referral.updatedAt.description)),
            ("owner", performer),
        ]
        if let note = referral.history.last?.note {
            pairs.append(("note", .array([.object([("time", .string(referral.updatedAt.description)), ("text", .string(note))])])))
        }
        pairs.append(
            (
                "restriction",
                .object([
                    (
                        "period",
                        .object([("start", .string(referral.createdAt.description)), ("end", .string(referral.dueAt.description))])
                    )
                ])
            ))
        return .object(pairs)
    }

    var questionnaireCanonical: String {
        "\(FHIRSystems.questionnaireBase)/\(referral.protocolID)|\(referral.protocolVersion)"
    }

    var questionnaireResponse: JSONValue {
        let questions = triageProtocol.map { Dictionary($0.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) } ?? [:]
        let items: [JSONValue] = referral.answers.compactMap { answered in
            guard let answer = answered.answer else { return nil }
            let question = questions[answered.questionID]
            var item: [(String, JSONValue)] = []
            if answer == .unknown {
                // "Weet niet": asked, and the patient did not know.
                item.append(
                    (
                        "extension",
                        .array([
                            .object([
                                ("url", .string(FHIRSystems.dataAbsentReasonExtension)), ("valueCode", .string("asked-unknown")),
                            ])
                        ])
                    ))
            }
            item.append(("linkId", .string(answered.questionID)))
            if let question { item.append(("text", .string(question.text.text(in: "nl")))) }
            let values = answerValues(answer, question: question, questionID: answered.questionID)
            if !values.isEmpty { item.append(("answer", .array(values.map { .object([$0]) }))) }
            return .object(item)
        }
        var pairs: [(String, JSONValue)] = [
            ("resourceType", .string("QuestionnaireResponse")),
            ("id", .string(id("questionnaire-response"))),
            ("questionnaire", .string(questionnaireCanonical)),
            ("status", .string("completed")),
            ("subject", reference("patient")),
            ("authored", .string(referral.createdAt.description)),
        ]
        if !items.isEmpty { pairs.append(("item", .array(items))) }
        return .object(pairs)
    }

    /// The `value[x]` of each answer: a boolean, codings for options, a number, a string.
    func answerValues(_ answer: AnswerValue, question: Question?, questionID: String) -> [(String, JSONValue)] {
        func option(_ optionID: String) -> (String, JSONValue) {
            let text = question?.answerType.options.first { $0.id == optionID }?.text.text(in: "nl")
            return (
                "valueCoding",
                Self.coding(FHIRSystems.options(protocolID: referral.protocolID, questionID: questionID), optionID, text)
            )
        }
        switch answer {
        case .yesNo(let flag): return [("valueBoolean", .bool(flag))]
        case .choice(let optionID): return [option(optionID)]
        case .choices(let optionIDs): return optionIDs.map(option)
        case .number(let number):
            let whole = number == number.rounded() && abs(number) < 2_147_483_648
            if let question, case .scale = question.answerType, whole { return [("valueInteger", .number(number))] }
            if question?.integer == true, whole { return [("valueInteger", .number(number))] }
            return [("valueDecimal", .number(number))]
        case .text(let text): return [("valueString", .string(text))]
        case .unknown: return []
        }
    }

    var consent: JSONValue? {
        guard let consentAt = referral.consentAt else { return nil }
        return .object([
            ("resourceType", .string("Consent")),
            ("id", .string(id("consent"))),
            ("status", .string("active")),
            ("scope", Self.concept([Self.coding(FHIRSystems.consentScope, "patient-privacy", "Privacy Consent")])),
            ("category", .array([Self.concept([Self.coding(FHIRSystems.loinc, "59284-0", "Patient Consent")])])),
            ("patient", reference("patient")),
            ("dateTime", .string(consentAt.description)),
            ("policyRule", Self.concept([Self.coding(FHIRSystems.actCode, "OPTIN", "opt-in")])),
            (
                "provision",
                .object([
                    ("type", .string("permit")),
                    ("period", .object([("start", .string(consentAt.description))])),
                    ("data", .array([.object([("meaning", .string("related")), ("reference", reference("service-request"))])])),
                ])
            ),
        ])
    }

    /// The dimension scores, replayed through the protocol's own session (the engine's one
    /// definition of a score): none without the protocol, or when the answers no longer fit it.
    static func dimensionScores(
        of referral: Referral, protocol triageProtocol: TriageProtocol?
    ) -> [(name: String, score: Outcome.ScoreValue, dimension: Dimension)] {
        guard let triageProtocol, triageProtocol.id == referral.protocolID else { return [] }
        var session = TriageSession(protocol: triageProtocol)
        for answered in referral.answers {
            guard let answer = answered.answer else { continue }
            do { try session.answer(answer, to: answered.questionID) } catch { return [] }
        }
        return session.outcome().scores.compactMap { score in
            score.dimension.map { ("observation-\(score.id)", score, $0) }
        }
    }

    var observations: [(String, JSONValue)] {
        observationScores.map { name, score, dimension in
            var pairs: [(String, JSONValue)] = [
                ("resourceType", .string("Observation")),
                ("id", .string(id(name))),
                ("status", .string("final")),
                ("category", .array([Self.concept([Self.coding(FHIRSystems.observationCategory, "survey", "Survey")])])),
                (
                    "code",
                    Self.concept(
                        [Self.coding(FHIRSystems.positiveHealthDimension, dimension.rawValue, dimension.name(in: "nl"))],
                        text: score.label?.text(in: "nl") ?? dimension.name(in: "nl"))
                ),
                ("subject", reference("patient")),
                ("effectiveDateTime", .string(referral.createdAt.description)),
            ]
            if let value = score.value {
                pairs.append(("valueQuantity", .object([("value", .number(value))])))
            } else {
                pairs.append(("dataAbsentReason", Self.concept([Self.coding(FHIRSystems.dataAbsentReason, "unknown", "Unknown")])))
            }
            pairs.append(("derivedFrom", .array([reference("questionnaire-response")])))
            return (name, .object(pairs))
        }
    }

    /// The document's Composition: a referral note (LOINC 57133-1) with one section that lists
    /// every other entry.
    func composition(listing entries: [(name: String, type: String)]) -> JSONValue {
        .object([
            ("resourceType", .string("Composition")),
            ("id", .string(id("composition"))),
            ("identifier", codeIdentifier),
            ("status", .string("final")),
            ("type", Self.concept([Self.coding(FHIRSystems.loinc, "57133-1", "Referral note")])),
            ("subject", reference("patient")),
            ("date", .string(referral.updatedAt.description)),
            ("author", .array([.object([("display", .string("huisarts (triage \(referral.protocolID) \(referral.protocolVersion))"))])])),
            ("title", .string("Verwijzing \(referral.code): \(referral.destinationName)")),
            (
                "section",
                .array([
                    .object([
                        ("title", .string("Verwijzing")),
                        ("entry", .array(entries.filter { $0.type != "Patient" }.map { reference($0.name) })),
                    ])
                ])
            ),
        ])
    }
}
