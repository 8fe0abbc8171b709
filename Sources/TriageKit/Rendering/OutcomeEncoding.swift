/// `Outcome` as `Encodable`: the same document as `triage run --format json` and
/// `OutcomeJSONRenderer`: the documented `triage-outcome/1` document (README, "JSON output"),
/// with its texts in Dutch. So `JSONEncoder().encode(outcome)` gives what other tools read.
///
/// There is no `Decodable`: an outcome is derived, not stored. Keep the answers (see
/// `AnswerSheet.file(of:)`) and apply them to the protocol again to get it back.
extension Outcome: Encodable {
    /// Encodes the outcome as the `triage-outcome` JSON document, texts in Dutch.
    public func encode(to encoder: any Encoder) throws {
        try OutcomeJSONRenderer(language: .dutch).json(self).encode(to: encoder)
    }
}

extension JSONValue: Encodable {
    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let value):
            var container = encoder.singleValueContainer()
            // The schema has no infinities; the renderer writes them as null, and so does this.
            if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let members):
            var container = encoder.container(keyedBy: MemberKey.self)
            for (key, value) in members { try container.encode(value, forKey: MemberKey(key)) }
        }
    }

    /// A JSON object's member name as a coding key.
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
