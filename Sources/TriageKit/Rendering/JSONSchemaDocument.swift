/// A JSON Schema (draft 2020-12) of the four kinds of triage YAML file, for editors.
///
/// With yaml-language-server (VS Code's YAML extension, Neovim, Helix ...) the schema gives
/// completion, hover help and red squiggles while an author types. It mirrors the loaders:
/// the same keys (`additionalProperties: false`), the same required fields, the same
/// enums, taken from the model's own enums so the two cannot drift. `triage validate`
/// remains the authority: it also checks references, types in conditions and the analysis.
///
/// Values are described as an editor reading YAML 1.2 sees them: `1.0` is a number and
/// `true` a boolean, while `ja`, `no` and `1.0.0` are strings. Where triage reads any
/// scalar as text (titles, versions, phone numbers) the schema accepts numbers too.
package enum JSONSchemaDocument {
    /// The dialect URI written as `$schema`.
    package static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// The schema for every kind (told apart by `kind`), or for one kind only.
    package static func document(for kind: DocumentKind? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("$schema", .string(dialect))]
        if let kind {
            pairs.append(("title", .string("triage \(kind.rawValue) file")))
            guard case .object(let body) = schema(of: kind) else { return .object(pairs) }
            pairs += body
        } else {
            pairs += [
                ("title", .string("triage YAML file")),
                (
                    "description",
                    .string(
                        "A triage protocol, social map (sociale kaart), scenario file or answers file, told apart by 'kind'. See Protocols/README.md."
                    )
                ),
                ("type", .string("object")),
                ("required", .array([.string("kind")])),
                ("properties", .object([("kind", kindProperty(nil))])),
                (
                    "allOf",
                    .array(
                        DocumentKind.allCases.map { kind in
                            .object([
                                (
                                    "if",
                                    .object([
                                        ("properties", .object([("kind", .object([("const", .string(kind.rawValue))]))])),
                                        ("required", .array([.string("kind")])),
                                    ])
                                ),
                                ("then", ref(kind.rawValue)),
                            ])
                        })
                ),
            ]
        }
        var defs = sharedDefinitions
        if kind == nil { defs += DocumentKind.allCases.map { ($0.rawValue, schema(of: $0)) } }
        pairs.append(("$defs", .object(defs)))
        return .object(pairs)
    }

    /// The schema as pretty-printed JSON text, ending in a newline.
    package static func render(for kind: DocumentKind? = nil) -> String {
        document(for: kind).serialized() + "\n"
    }

    // MARK: - The four kinds

    private static func schema(of kind: DocumentKind) -> JSONValue {
        switch kind {
        case .protocol:
            strictObject(
                "A triage protocol: questions, scores, destinations, rules and invariants.",
                required: ["kind", "id", "version", "title", "questions", "rules"],
                [
                    ("kind", kindProperty(.protocol)),
                    ("id", described(ref("protocol_id"), "The protocol's id; lowercase letters, digits, '-' and '_'.")),
                    (
                        "version",
                        described(
                            .object([("type", .array([.string("string"), .string("number")]))]),
                            "Your version string, e.g. 1.2.0 (kept as text).")
                    ),
                    (
                        "languages",
                        described(
                            listOf(ref("language")), "The languages every text is written in: [nl] (default) or [nl, en].")
                    ),
                    ("title", described(ref("localized"), "Localized title.")),
                    ("description", described(ref("localized"), "Localized description.")),
                    ("authors", described(listOf(ref("text")), "List of names or roles.")),
                    (
                        "sources",
                        described(array(ref("source")), "What the protocol is based on: {title, url} or plain titles.")
                    ),
                    (
                        "hit_policy",
                        described(
                            enumeration(HitPolicy.allCases.map(\.rawValue)),
                            "How rules combine: collect (default, every rule that fires counts), first (the first rule that fires decides alone) or unique (at most one rule may fire). Red flags always win."
                        )
                    ),
                    ("destinations", described(array(ref("destination")), "Where a patient can be referred.")),
                    ("questions", described(array(ref("question"), minItems: 1), "The questions, in asking order.")),
                    ("scores", described(array(ref("score")), "Numbers computed from answers.")),
                    ("rules", described(array(ref("rule")), "Conditions that raise red flags, decide and refer.")),
                    ("invariants", described(array(ref("invariant")), "Properties every outcome must have.")),
                    ("notes", described(array(ref("note")), "Remarks shown with the result when their condition holds; they change no route.")),
                    ("consent", described(ref("id"), "The yes/no question that records the patient's consent to a referral.")),
                ])
        case .socialMap:
            strictObject(
                "A social map (sociale kaart): the local services of one region and how to reach them.",
                required: ["kind", "region", "services"],
                [
                    ("kind", kindProperty(.socialMap)),
                    ("region", described(ref("text"), "The region, usually a municipality or a district.")),
                    (
                        "description",
                        described(ref("localized"), "What the map covers, and whether its contacts are real or placeholders.")
                    ),
                    ("services", described(array(ref("service")), "The services, in order of preference.")),
                ])
        case .scenarios:
            strictObject(
                "Scenarios that test a protocol: answers and the outcome they must give (run with triage test).",
                required: ["kind", "protocol", "scenarios"],
                [
                    ("kind", kindProperty(.scenarios)),
                    (
                        "protocol",
                        described(.object([("type", .string("string"))]), "Path of the protocol file, relative to this file.")
                    ),
                    (
                        "map",
                        described(
                            .object([("type", .string("string"))]), "Path of a social map, relative to this file (optional).")
                    ),
                    ("scenarios", described(array(ref("scenario")), "The scenarios, in order.")),
                ])
        case .answers:
            strictObject(
                "Answers to a protocol's questions, for triage run --answers (no prompts).",
                required: ["kind", "answers"],
                [
                    ("kind", kindProperty(.answers)),
                    ("protocol", described(ref("protocol_id"), "The id of the protocol the answers are for (checked when given).")),
                    ("answers", described(ref("answer_map"), "Question id: answer, for every question that is asked.")),
                    (
                        "adjust",
                        described(
                            strictObject(
                                "The GP's decision where it differs from the advice.", required: ["reason"],
                                [
                                    ("drop", described(listOf(ref("id")), "Destination ids of advised routes not followed.")),
                                    ("add", described(listOf(ref("id")), "Destination ids added by the GP.")),
                                    ("urgency", enumeration(Outcome.Urgency.allCases.map(\.rawValue))),
                                    ("reason", enumeration(Adjustment.Reason.allCases.map(\.rawValue))),
                                    ("note", described(ref("text"), "The GP's words; required for 'other' and for dropping a red-flag route.")),
                                ]),
                            "The GP's adjustment of the advice, as the walk's action 'a' records it.")
                    ),
                ])
        }
    }

    // MARK: - Shared definitions

    private static let sharedDefinitions: [(String, JSONValue)] = [
        (
            "id",
            described(
                .object([("type", .string("string")), ("pattern", .string("^[a-z][a-z0-9_]{0,63}$"))]),
                "lower_snake_case: a lowercase letter, then lowercase letters, digits or '_'.")
        ),
        (
            "question_id",
            described(
                identifier(excluding: ProtocolLoader.keywords),
                "lower_snake_case, used in conditions and answer files; not a word of the condition language (\(ProtocolLoader.keywords.joined(separator: ", ")))."
            )
        ),
        (
            "option_id",
            described(
                identifier(excluding: ProtocolLoader.reservedOptionIDs),
                "lower_snake_case, used in conditions and answer files; not a word that means 'weet niet' (\(ProtocolLoader.unknownIdentifiers.joined(separator: ", "))) nor one of the condition language (\(ProtocolLoader.keywords.joined(separator: ", ")))."
            )
        ),
        (
            "protocol_id",
            described(
                .object([("type", .string("string")), ("pattern", .string("^[a-z][a-z0-9_-]{0,63}$"))]),
                "Lowercase letters, digits, '-' and '_', starting with a letter.")
        ),
        (
            "text",
            described(
                .object([("type", .array([.string("string"), .string("number"), .string("boolean")]))]),
                "A text (triage reads every value as written).")
        ),
        (
            "localized",
            described(
                .object([
                    (
                        "anyOf",
                        .array([
                            ref("text"),
                            strictObject(
                                "Texts per language; Dutch (nl) is required, English (en) too once the protocol lists it.",
                                minProperties: 1,
                                [
                                    ("nl", described(ref("text"), "Dutch text.")),
                                    ("en", described(ref("text"), "English text.")),
                                ]),
                        ])
                    )
                ]),
                "A text shown to people: {nl: ..., en: ...}, or a plain text (counts as Dutch).")
        ),
        (
            "flag",
            described(
                .object([
                    (
                        "anyOf",
                        .array([
                            .object([("type", .string("boolean"))]),
                            enumeration(["true", "false", "yes", "no", "ja", "nee"]),
                        ])
                    )
                ]),
                "true or false.")
        ),
        (
            "condition",
            described(
                .object([("type", .array([.string("string"), .string("boolean")]))]),
                "A condition in the triage condition language, e.g. 'toestemming and pg_meedoen < 5' (see Protocols/README.md)."
            )
        ),
        ("language", enumeration(Language.codes)),
        (
            "date",
            described(
                .object([("type", .string("string")), ("pattern", .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]),
                "A date written as YYYY-MM-DD, e.g. 2026-03-01.")
        ),
        (
            "dimension",
            described(
                enumeration(Dimension.allCases.map(\.rawValue)),
                "A dimension of Positieve Gezondheid (Machteld Huber, iPH).")
        ),
        (
            "decision",
            described(
                enumeration(Decision.allCases.map(\.rawValue)),
                "urgent (act today), medical, mixed (medical and psychosocial), psychosocial or none.")
        ),
        (
            "category",
            described(
                enumeration(Destination.Category.allCases.map(\.rawValue)),
                "welfare (social domain), medical (practice, medical follow-up) or urgent (crisis service, 112, Veilig Thuis)."
            )
        ),
        (
            "answer_type",
            described(
                enumeration(["yes_no", "choice", "multiple_choice", "scale", "number", "text"]),
                "yes_no, choice (one option), multiple_choice (any options), scale (whole numbers, 0-10 unless a range is given), number (needs a range) or text (free text, never used in conditions)."
            )
        ),
        (
            "channel",
            described(
                enumeration(Service.Channel.allCases.map(\.rawValue)),
                "How a referral reaches the service.")
        ),
        ("score_method", described(enumeration(Score.Method.allCases.map(\.rawValue)), "How the answers are combined.")),
        (
            "source",
            .object([
                (
                    "anyOf",
                    .array([
                        ref("text"),
                        strictObject(
                            "A source the protocol is based on.", required: ["title"],
                            [
                                ("title", described(ref("text"), "Title of the source.")),
                                ("url", described(ref("text"), "Where to find it, if online.")),
                            ]),
                    ])
                )
            ])
        ),
        (
            "question",
            strictObject(
                "One question, asked in file order when its 'when' holds.",
                required: ["id", "text", "type"],
                [
                    ("id", ref("question_id")),
                    ("dimension", ref("dimension")),
                    ("type", ref("answer_type")),
                    ("text", described(ref("localized"), "The question, localized.")),
                    ("label", described(ref("localized"), "A short name for the review and the note, e.g. {nl: Eenzaam, en: Lonely}.")),
                    ("help", described(ref("localized"), "Shown when the GP types '?'.")),
                    (
                        "options",
                        described(array(ref("option"), minItems: 1), "For choice and multiple_choice: list of {id, text}.")
                    ),
                    ("range", ref("range")),
                    ("allow_unknown", described(ref("flag"), "true lets the GP answer 'weet niet' (default false).")),
                    (
                        "integer",
                        described(ref("flag"), "For number questions: true takes whole numbers only, e.g. an age (default false).")
                    ),
                    (
                        "when",
                        described(
                            ref("condition"),
                            "The question is asked only when this condition holds; it may only use questions asked before it.")
                    ),
                ],
                extra: [
                    (
                        "allOf",
                        .array([
                            requires(type: ["choice", "multiple_choice"], field: "options"),
                            requires(type: ["number"], field: "range"),
                            onlyFor(type: "number", field: "integer"),
                        ])
                    )
                ])
        ),
        (
            "option",
            strictObject(
                "One option of a choice question.", required: ["id", "text"],
                [
                    ("id", ref("option_id")),
                    ("text", described(ref("localized"), "The option as the GP reads it.")),
                ])
        ),
        (
            "range",
            strictObject(
                "{min, max}: required for number questions; a scale is 0-10 unless given.", required: ["min", "max"],
                [
                    ("min", .object([("type", .string("number"))])),
                    ("max", .object([("type", .string("number"))])),
                ])
        ),
        (
            "score",
            strictObject(
                "A number computed from answers, used in conditions as score.<id>.", required: ["id", "method", "of"],
                [
                    ("id", described(ref("id"), "Used in conditions as score.<id>.")),
                    (
                        "method",
                        described(
                            ref("score_method"),
                            "sum, mean, min, max (scale and number questions) or count (yes answers, chosen options).")
                    ),
                    ("of", described(listOf(ref("id")), "The question ids.")),
                    ("dimension", described(ref("dimension"), "Shows the score as that dimension in the outcome's spider web.")),
                    ("label", described(ref("localized"), "Localized name in the outcome.")),
                ])
        ),
        (
            "destination",
            strictObject(
                "A kind of place a patient can be referred to; a social map names the local service.",
                required: ["id", "category", "name"],
                [
                    ("id", described(ref("id"), "Used in 'refer:' and in social maps.")),
                    ("category", ref("category")),
                    ("name", described(ref("localized"), "Localized name.")),
                    (
                        "consent_required",
                        described(ref("flag"), "The patient must agree first; default true for welfare, false otherwise.")
                    ),
                    (
                        "icpc",
                        described(
                            .object([("type", .string("string")), ("pattern", .string("^[ABDFHKLNPRSTUWXYZ][0-9]{2}$"))]),
                            "ICPC-2 code a referral here is recorded under (e.g. Z29); the FHIR export's reasonCode.")
                    ),
                ])
        ),
        (
            "rule",
            strictObject(
                "A condition that raises a red flag, decides and/or refers. Needs at least a decision, a refer or red_flag: true.",
                required: ["id", "when", "reason"],
                [
                    ("id", described(ref("id"), "Shown in the trace.")),
                    ("when", described(ref("condition"), "The condition under which the rule fires.")),
                    ("red_flag", described(ref("flag"), "true: firing stops the questions and makes the outcome urgent.")),
                    (
                        "decision",
                        described(
                            ref("decision"),
                            "Default: urgent for red flags, else from the destination's category (welfare -> psychosocial, medical -> medical, urgent -> urgent)."
                        )
                    ),
                    ("refer", described(ref("id"), "A destination id.")),
                    (
                        "priority",
                        described(
                            .object([("type", .string("integer")), ("minimum", .number(1)), ("maximum", .number(9))]),
                            "1 (most important) to 9; default 5; orders the referrals.")
                    ),
                    ("reason", described(ref("localized"), "Why, in one sentence for the GP and the patient file.")),
                    ("action", described(ref("localized"), "What to do now (for red flags: 'bel 113', 'beoordeel vandaag').")),
                ],
                extra: [
                    (
                        "anyOf",
                        .array([
                            .object([("required", .array([.string("decision")]))]),
                            .object([("required", .array([.string("refer")]))]),
                            .object([("required", .array([.string("red_flag")]))]),
                        ])
                    )
                ])
        ),
        (
            "invariant",
            strictObject(
                "A condition that must hold for every outcome; may also use decision, red_flag, referred, referred_welfare, referred_medical, referred_urgent, referred_needing_consent and refers(<destination>).",
                required: ["id", "check", "message"],
                [
                    ("id", ref("id")),
                    ("check", described(ref("condition"), "The property, over answers, scores and the outcome.")),
                    ("message", described(ref("localized"), "What it means, for the report when it is violated.")),
                ])
        ),
        (
            "note",
            strictObject(
                "A remark shown with the result (and recorded in the note) when its condition holds.",
                required: ["id", "when", "text"],
                [
                    ("id", ref("id")),
                    ("when", described(ref("condition"), "When the note applies, over answers and scores.")),
                    ("text", described(ref("localized"), "What the GP reads.")),
                ])
        ),
        (
            "service",
            strictObject(
                "One local organisation or person a GP can refer to.", required: ["id", "serves", "name"],
                [
                    ("id", ref("id")),
                    ("serves", described(listOf(ref("id")), "The protocol destination ids this service provides.")),
                    ("name", described(ref("text"), "The organisation's name.")),
                    ("contact", described(ref("localized"), "The contact person or role; a text or {nl: ..., en: ...}.")),
                    ("phone", described(ref("text"), "Telephone number.")),
                    (
                        "email",
                        described(.object([("type", .string("string")), ("pattern", .string("@"))]), "E-mail address.")
                    ),
                    ("address", described(ref("text"), "Visiting address.")),
                    ("hours", described(ref("localized"), "Opening hours, as free text; a text or {nl: ..., en: ...}.")),
                    ("website", described(ref("text"), "Website.")),
                    ("channel", ref("channel")),
                    (
                        "description",
                        described(ref("localized"), "What the service offers, in a sentence; shown and searched by triage kaart.")
                    ),
                    (
                        "keywords",
                        described(
                            .object([
                                (
                                    "anyOf",
                                    .array([
                                        listOf(ref("text")),
                                        strictObject(
                                            "Search words per language.", minProperties: 1,
                                            [
                                                ("nl", described(listOf(ref("text")), "Dutch search words.")),
                                                ("en", described(listOf(ref("text")), "English search words.")),
                                            ]),
                                    ])
                                )
                            ]),
                            "Search words for triage kaart (schulden, eenzaam, mantelzorg): a list, or {nl: [...], en: [...]}.")
                    ),
                    ("checked", described(ref("date"), "When the details were last checked; validate warns a year later.")),
                    (
                        "valid_until",
                        described(ref("date"), "The last day the details are known to hold; validate warns after it.")
                    ),
                    (
                        "fallback",
                        described(ref("id"), "The id of another service on this map, for when this contact is away.")
                    ),
                    (
                        "feedback_days",
                        described(
                            .object([("type", .string("integer")), ("minimum", .number(1)), ("maximum", .number(365))]),
                            "Days within which the service reports back on a referral (default 14).")
                    ),
                ])
        ),
        (
            "scenario",
            strictObject(
                "A short clinical vignette, its answers and what the outcome must be.", required: ["title", "answers", "expect"],
                [
                    ("title", described(ref("text"), "The vignette, e.g. 'Man, 47, piekert over schulden na baanverlies'.")),
                    ("answers", ref("answer_map")),
                    ("expect", ref("expectation")),
                ])
        ),
        (
            "expectation",
            strictObject(
                "What the outcome must be; fields left out are not checked.",
                [
                    ("decision", ref("decision")),
                    ("referrals", described(listOf(ref("id")), "Destination ids of the referrals, in order ([]: no referral).")),
                    ("red_flags", described(listOf(ref("id")), "Rule ids of the red flags raised ([]: none).")),
                    ("asked", described(listOf(ref("id")), "Questions that must have been asked.")),
                    ("not_asked", described(listOf(ref("id")), "Questions that must not have been asked.")),
                    (
                        "urgency",
                        described(
                            enumeration(Outcome.Urgency.allCases.map(\.rawValue)), "How soon: today, soon, routine or none.")
                    ),
                    (
                        "scores",
                        described(
                            .object([
                                ("type", .string("object")),
                                ("propertyNames", ref("id")),
                                (
                                    "additionalProperties",
                                    .object([("anyOf", .array([.object([("type", .string("number"))]), enumeration(["none"])]))])
                                ),
                            ]),
                            "Score id: its value, or none for no value; compared after rounding both to 2 decimals.")
                    ),
                    (
                        "rules",
                        described(listOf(ref("id")), "Ids of the rules that shaped the outcome (applied), in any order.")
                    ),
                ])
        ),
        (
            "answer_map",
            described(
                .object([
                    ("type", .string("object")),
                    ("propertyNames", ref("id")),
                    ("additionalProperties", ref("answer")),
                ]),
                "Question id: answer.")
        ),
        (
            "answer",
            described(
                .object([
                    ("type", .array([.string("string"), .string("number"), .string("boolean"), .string("array")])),
                    ("items", .object([("type", .array([.string("string"), .string("number")]))])),
                ]),
                "ja/nee (or true/false), an option id or number, a number, a list of options for multiple choice ([] for none), free text, or 'weet niet'."
            )
        ),
    ]

    // MARK: - Building blocks

    /// A lower_snake_case id that is none of `words`.
    private static func identifier(excluding words: [String]) -> JSONValue {
        .object([
            ("type", .string("string")),
            ("pattern", .string("^(?!(?:" + words.joined(separator: "|") + ")$)[a-z][a-z0-9_]{0,63}$")),
        ])
    }

    private static func ref(_ name: String) -> JSONValue { .object([("$ref", .string("#/$defs/" + name))]) }

    private static func enumeration(_ values: [String]) -> JSONValue {
        .object([("enum", .array(values.map(JSONValue.string)))])
    }

    private static func array(_ items: JSONValue, minItems: Int? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("type", .string("array")), ("items", items)]
        if let minItems { pairs.append(("minItems", .number(Double(minItems)))) }
        return .object(pairs)
    }

    /// A list, or a single value that triage reads as a list of one.
    private static func listOf(_ item: JSONValue) -> JSONValue {
        .object([("anyOf", .array([array(item), item]))])
    }

    private static func kindProperty(_ kind: DocumentKind?) -> JSONValue {
        let kinds = kind.map { [$0] } ?? DocumentKind.allCases
        return described(
            enumeration(kinds.map(\.rawValue)),
            "What the file is: protocol, social_map, scenarios or answers.")
    }

    /// `schema` with a description added (placed first, as editors show it).
    private static func described(_ schema: JSONValue, _ description: String) -> JSONValue {
        guard case .object(let pairs) = schema else { return schema }
        return .object([("description", .string(description))] + pairs)
    }

    /// An object that allows only the given properties.
    private static func strictObject(
        _ description: String, required: [String] = [], minProperties: Int? = nil, _ properties: [(String, JSONValue)],
        extra: [(String, JSONValue)] = []
    ) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("description", .string(description)), ("type", .string("object"))]
        if !required.isEmpty { pairs.append(("required", .array(required.map(JSONValue.string)))) }
        if let minProperties { pairs.append(("minProperties", .number(Double(minProperties)))) }
        pairs.append(("properties", .object(properties)))
        pairs.append(("additionalProperties", .bool(false)))
        return .object(pairs + extra)
    }

    /// "When `field` is present, `type` is `type`."
    private static func onlyFor(type: String, field: String) -> JSONValue {
        .object([
            ("if", .object([("required", .array([.string(field)]))])),
            ("then", .object([("properties", .object([("type", enumeration([type]))]))])),
        ])
    }

    /// "When `type` is one of `types`, `field` is required."
    private static func requires(type types: [String], field: String) -> JSONValue {
        .object([
            (
                "if",
                .object([
                    ("properties", .object([("type", enumeration(types))])),
                    ("required", .array([.string("type")])),
                ])
            ),
            ("then", .object([("required", .array([.string(field)]))])),
        ])
    }
}
