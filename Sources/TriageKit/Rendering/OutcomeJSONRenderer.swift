/// Renders an outcome as JSON with a stable, documented schema (`triage-outcome/1`):
/// protocol, answers, scores, outcome and trace. Keys are always in the same order.
public struct OutcomeJSONRenderer: Sendable {
    /// `nl` or `en`, for the texts included.
    package var language: String

    /// Creates a renderer.
    public init(language: Language = .dutch) {
        self.init(language: language.code)
    }

    /// Creates a renderer for the language with this code.
    package init(language: String) {
        self.language = language
    }

    /// The JSON text for `outcome`.
    public func render(_ outcome: Outcome) -> String {
        json(outcome).serialized() + "\n"
    }

    /// The JSON value for `outcome`.
    package func json(_ outcome: Outcome) -> JSONValue {
        .object([
            ("schema", .string("triage-outcome/1")),
            (
                "protocol",
                .object([
                    ("id", .string(outcome.protocolID)), ("version", .string(outcome.protocolVersion)),
                    ("sha256", .string(outcome.protocolHash)),
                ])
            ),
            ("language", .string(language)),
            ("region", outcome.region.map(JSONValue.string) ?? .null),
            ("decision", .string(outcome.decision.rawValue)),
            ("urgency", .string(outcome.urgency.rawValue)),
            (
                "red_flags",
                .array(
                    outcome.redFlags.map { flag in
                        .object([
                            ("rule", .string(flag.ruleID)), ("reason", .string(flag.reason.text(in: language))),
                            ("action", flag.action.map { .string($0.text(in: language)) } ?? .null),
                        ])
                    })
            ),
            ("referrals", .array(outcome.referrals.map(referral))),
            ("notes", .array(outcome.notes.map { .object([("id", .string($0.id)), ("text", .string($0.text.text(in: language)))]) })),
            ("advice", outcome.advice.map(Self.advice) ?? .null),
            ("adjustment", outcome.adjustment.map(Self.adjustment) ?? .null),
            (
                "scores",
                .array(
                    outcome.scores.map { score in
                        .object([
                            ("id", .string(score.id)), ("dimension", score.dimension.map { .string($0.rawValue) } ?? .null),
                            ("value", score.value.map(JSONValue.number) ?? .null),
                        ])
                    })
            ),
            ("lowest_dimensions", .array(outcome.lowestDimensions.map { .string($0.rawValue) })),
            ("answers", .object(outcome.answers.map { ($0.questionID, Self.answer($0.answer)) })),
            (
                "trace",
                .array(
                    outcome.trace.map { entry in
                        .object([
                            ("rule", .string(entry.ruleID)), ("fired", .bool(entry.fired)), ("applied", .bool(entry.applied)),
                            ("condition", .string(entry.condition)),
                            ("inputs", .object(entry.inputs.map { ($0.questionID, Self.answer($0.answer)) })),
                            ("note", entry.note.map { .string($0.text(in: language)) } ?? .null),
                        ])
                    })
            ),
        ])
    }

    private func referral(_ referral: Outcome.Referral) -> JSONValue {
        let service: JSONValue =
            referral.service.map { service in
                .object(
                    Self.servicePairs(service, language: language)
                        + [("fallback", referral.fallback.map { .object(Self.servicePairs($0, language: language)) } ?? .null)])
            } ?? .null
        return .object([
            ("destination", .string(referral.destination.id)),
            ("category", .string(referral.destination.category.rawValue)),
            ("name", .string(referral.destination.name.text(in: language))),
            ("priority", .number(Double(referral.priority))),
            ("consent_required", .bool(referral.destination.requiresConsent)),
            ("reasons", .array(referral.reasons.map { .string($0.text(in: language)) })),
            ("rules", .array(referral.ruleIDs.map(JSONValue.string))),
            ("service", service),
        ])
    }

    /// The protocol's advice, when the GP adjusted it.
    static func advice(_ advice: Advice) -> JSONValue {
        .object([("referrals", .array(advice.referrals.map(JSONValue.string))), ("urgency", .string(advice.urgency.rawValue))])
    }

    /// The GP's adjustment: routes dropped and added, urgency, reason code and words.
    static func adjustment(_ adjustment: Adjustment) -> JSONValue {
        .object([
            ("dropped", .array(adjustment.dropped.map(JSONValue.string))), ("added", .array(adjustment.added.map(JSONValue.string))),
            ("urgency", adjustment.urgency.map { .string($0.rawValue) } ?? .null), ("reason", .string(adjustment.reason.rawValue)),
            ("note", adjustment.note.map(JSONValue.string) ?? .null),
        ])
    }

    /// A service's details as JSON members, texts in `language`: shared with `triage kaart`.
    package static func servicePairs(_ service: Service, language: String) -> [(String, JSONValue)] {
        [
            ("id", .string(service.id)), ("name", .string(service.name)),
            ("contact", service.contact.map { .string($0.text(in: language)) } ?? .null),
            ("phone", service.phone.map(JSONValue.string) ?? .null),
            ("email", service.email.map(JSONValue.string) ?? .null),
            ("address", service.address.map(JSONValue.string) ?? .null),
            ("hours", service.hours.map { .string($0.text(in: language)) } ?? .null),
            ("website", service.website.map(JSONValue.string) ?? .null),
            ("channel", service.channel.map { .string($0.rawValue) } ?? .null),
            ("description", service.description.map { .string($0.text(in: language)) } ?? .null),
            ("checked", service.checked.map { .string($0.description) } ?? .null),
            ("valid_until", service.validUntil.map { .string($0.description) } ?? .null),
        ]
    }

    /// An answer as JSON: yes/no as "yes"/"no", options by id, numbers as numbers, "unknown" for weet niet.
    package static func answer(_ value: AnswerValue?) -> JSONValue {
        switch value {
        case nil: .null
        case .yesNo(let flag): .string(flag ? "yes" : "no")
        case .choice(let id): .string(id)
        case .choices(let ids): .array(ids.map(JSONValue.string))
        case .number(let number): .number(number)
        case .text(let text): .string(text)
        case .unknown: .string("unknown")
        }
    }
}
