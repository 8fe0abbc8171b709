/// The URIs the FHIR export and the Task import agree on: the code systems and identifier
/// systems of triage itself, and the standard ones it uses.
///
/// Triage's own URIs live under `https://triage.example/fhir/`; a region that runs its own
/// terminology server can map them. They are names, not addresses to fetch.
package enum FHIRSystems {
    /// The identifier system of referral codes (`WOR-7K3F-QX`): the only identifier the export
    /// carries, on the Patient, the ServiceRequest and the Task.
    package static let referralCode = "https://triage.example/fhir/NamingSystem/referral-code"
    /// The code system of `ReferralStatus` (`requested`, `contacted`, ... `acted_on`): the
    /// Task's `businessStatus`.
    package static let referralStatus = "https://triage.example/fhir/CodeSystem/referral-status"
    /// The code system of a protocol's destination ids (the ServiceRequest's `code`).
    package static let destination = "https://triage.example/fhir/CodeSystem/destination"
    /// The identifier system of social-map service ids (the Organization's `identifier`).
    package static let service = "https://triage.example/fhir/NamingSystem/service"
    /// The code system of the Positieve Gezondheid dimensions (the Observations' `code`).
    package static let positiveHealthDimension = "https://triage.example/fhir/CodeSystem/positieve-gezondheid"
    /// The base of the Questionnaire canonicals: `<base>/<protocol id>|<version>`.
    package static let questionnaireBase = "https://triage.example/fhir/Questionnaire"
    /// The code system of the options of question `questionID` of protocol `protocolID`.
    package static func options(protocolID: String, questionID: String) -> String {
        "\(questionnaireBase)/\(protocolID)/\(questionID)"
    }

    /// ICPC-2 (HL7 terminology: `http://hl7.org/fhir/sid/icpc-2`).
    package static let icpc2 = "http://hl7.org/fhir/sid/icpc-2"
    static let snomed = "http://snomed.info/sct"
    static let loinc = "http://loinc.org"
    static let dataAbsentReasonExtension = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
    static let dataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
    static let observationCategory = "http://terminology.hl7.org/CodeSystem/observation-category"
    static let consentScope = "http://terminology.hl7.org/CodeSystem/consentscope"
    static let actCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
    static let taskCode = "http://hl7.org/fhir/CodeSystem/task-code"
}

/// FHIR R4 `TaskStatus` codes and how a referral's status maps onto them (the precise status
/// goes in `businessStatus`, with `FHIRSystems.referralStatus`).
extension ReferralStatus {
    /// The FHIR R4 Task status for this referral status.
    package var fhirTaskStatus: String {
        switch self {
        case .requested: "requested"
        case .contacted: "in-progress"
        case .accepted: "accepted"
        case .declined: "rejected"
        case .unreachable: "on-hold"
        case .completed, .actedOn: "completed"
        case .cancelled: "cancelled"
        }
    }

    /// The referral status a Task status stands for when the Task has no `businessStatus` of
    /// ours; `nil` for Task statuses without one (`draft`, `received`, `ready`, `failed`, ...).
    package init?(fhirTaskStatus: String) {
        switch fhirTaskStatus {
        case "requested": self = .requested
        case "in-progress": self = .contacted
        case "accepted": self = .accepted
        case "rejected": self = .declined
        case "on-hold": self = .unreachable
        case "completed": self = .completed
        case "cancelled": self = .cancelled
        default: return nil
        }
    }

    /// The FHIR R4 ServiceRequest status: active while the loop is open.
    var fhirServiceRequestStatus: String {
        switch self {
        case .requested, .contacted, .accepted, .unreachable: "active"
        case .completed, .actedOn: "completed"
        case .declined, .cancelled: "revoked"
        }
    }
}

/// Name-based UUIDs for the resources of one referral, so the same record always gives the
/// same Bundle: the first 16 bytes of SHA-256 over `triage-fhir:<code>:<name>`, with the
/// RFC 9562 version 8 (custom) and variant bits set.
enum FHIRResourceID {
    static func uuid(code: ReferralCode, name: String) -> String {
        let digest = SHA256.hex(Array("triage-fhir:\(code):\(name)".utf8))
        var hex = Array(digest.prefix(32))
        hex[12] = "8"
        let variant = ["8", "9", "a", "b"]
        let nibble = Int(String(hex[16]), radix: 16) ?? 0
        hex[16] = Character(variant[nibble % 4])
        let text = String(hex)
        func part(_ from: Int, _ to: Int) -> Substring {
            text[text.index(text.startIndex, offsetBy: from)..<text.index(text.startIndex, offsetBy: to)]
        }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }
}
