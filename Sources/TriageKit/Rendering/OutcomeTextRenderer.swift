/// Renders an outcome as the screen a GP reads in 20 seconds: decision, where to, contact,
/// why, the six dimension scores as bars, what to record, and the clinical-judgement reminder.
public struct OutcomeTextRenderer: Sendable {
    /// `nl` or `en`.
    package var language: String
    /// Whether to use ANSI colors.
    public var color: Bool
    /// The day to judge the social map's details by: a contact checked more than a year
    /// before, or past its `valid_until`, is marked as possibly out of date. `nil`: no marks.
    package var today: CivilDate?
    /// The width to wrap at, on word boundaries with hanging indents (never inside an e-mail
    /// address, URL or phone number); `nil`: one line per item, unwrapped.
    public var width: Int?

    /// Creates a renderer.
    public init(language: Language = .dutch, color: Bool = false, width: Int? = nil) {
        self.init(language: language.code, color: color, width: width)
    }

    /// Creates a renderer for the language with this code that marks out-of-date contacts.
    package init(language: String, color: Bool = false, today: CivilDate? = nil, width: Int? = nil) {
        self.language = language
        self.color = color
        self.today = today
        self.width = width
    }

    /// The text for `outcome` of `triageProtocol`.
    public func render(_ outcome: Outcome, protocol triageProtocol: TriageProtocol) -> String {
        let t = Labels(language: language)
        var lines = Lines(width: width)
        let headline = t.headline(outcome)
        let headlineColor = outcome.decision == .urgent ? "31" : outcome.decision == .none ? "32" : "33"
        lines.add(headline, hanging: headline.prefix { $0 != ":" }.count + 2) { paint(bold($0), headlineColor) }
        if let adjusted = t.adjustment(outcome, protocol: triageProtocol) { lines.add(adjusted, hanging: 2) { paint($0, "33") } }
        for note in t.notes(outcome) { lines.add(note, hanging: 2) { paint($0, "33") } }
        for flag in outcome.redFlags {
            lines.add("!! \(t("RODE VLAG", "RED FLAG")): \(flag.reason.shown(in: language))", hanging: 3) { paint($0, "31;1") }
            if let action = flag.action { lines.add("   \(t("Nu", "Now")): \(action.shown(in: language))", hanging: 7) }
        }
        if !outcome.referrals.isEmpty {
            lines.add(t("Verwijs naar:", "Refer to:"), style: bold)
            for (number, referral) in outcome.referrals.enumerated() {
                lines.add("  \(number + 1). \(referral.destination.name.shown(in: language))\(serviceName(referral))", hanging: 5)
                lines.add("     \(contactLine(referral, t))", hanging: 7)
                if let fallback = referral.fallback { lines.add("     \(t.fallbackLabel): \(t.fallbackSummary(fallback))", hanging: 7) }
                // One line of why per route, so every referral carries its own reason.
                if outcome.redFlags.isEmpty, !referral.reasons.isEmpty {
                    lines.add("     \(t("Waarom", "Why")): " + referral.reasons.map { $0.shown(in: language) }.joined(separator: " "), hanging: 7)
                }
                if t.needsConsentLine(referral, outcome, protocol: triageProtocol) {
                    lines.add("     \(t.onlyWithConsent)", hanging: 7)
                }
            }
        }
        // Reasons that belong to no route (e.g. "no consent: a follow-up appointment").
        let routeReasons = Set(outcome.referrals.flatMap(\.reasons))
        let otherReasons = outcome.reasons.filter { !routeReasons.contains($0) }
        if outcome.redFlags.isEmpty, !otherReasons.isEmpty {
            lines.add(t("Waarom:", "Why:"), style: bold)
            for reason in otherReasons.prefix(3) { lines.add("  - \(reason.shown(in: language))", hanging: 4) }
        }
        // The block only when a dimension was rated or answered "weet niet" (not after a red
        // flag stopped the walk early).
        let dimensionScores = outcome.scores.filter { $0.dimension != nil }
        let values = dimensionScores.map { score in score.value.map(t.score) ?? t.missingScore(score, outcome, protocol: triageProtocol) }
        if zip(dimensionScores, values).contains(where: { $0.value != nil || $1 == t.unknownAnswer }) {
            lines.add(t("Positieve Gezondheid (0–10):", "Positive Health (0–10):"), style: bold)
            for (score, value) in zip(dimensionScores, values) {
                guard let dimension = score.dimension else { continue }
                let name = dimension.name(in: language)
                let padded = name + String(repeating: " ", count: max(0, 23 - name.count))
                let low = outcome.lowestDimensions.contains(dimension)
                let bar = score.value.map { Self.bar($0) } ?? String(repeating: "·", count: 10)
                let outside = score.value.map { !(0...10).contains($0) } ?? false
                let remark = outside ? "  (" + t.outsideScale + ")" : low ? "  ← " + t.low : ""
                // A fixed layout (name, bar, value): kept on one line.
                lines.addUnwrapped("  \(padded) \(low ? paint(bar, "33") : bar) \(value)\(remark)")
            }
        }
        lines.add("\(t("Vastleggen", "Record")): \(recordLine(outcome, t))", hanging: 2)
        lines.add(t.disclaimer, style: dim)
        return lines.text
    }

    /// The screen's lines: each item wrapped to the width (when there is one) before it is
    /// colored, so escapes never count as characters and never break.
    private struct Lines {
        let width: Int?
        var all: [String] = []

        var text: String { all.joined(separator: "\n") }

        /// `item` (its leading spaces are its indent), continued at column `hanging`.
        mutating func add(_ item: String, hanging: Int? = nil, style: (String) -> String = { $0 }) {
            guard let width else { return all.append(style(item)) }
            let indent = item.prefix { $0 == " " }.count
            let wrapped = TextWrap.wrap(String(item.dropFirst(indent)), width: width, indent: indent, hangingIndent: hanging ?? indent)
            all += (wrapped.isEmpty ? [""] : wrapped).map(style)
        }

        mutating func addUnwrapped(_ line: String) { all.append(line) }
    }

    /// Ten blocks, filled to `value` on the dimension's 0–10 scale; values outside it (or NaN)
    /// fill the bar fully or not at all, never trap.
    static func bar(_ value: Double) -> String {
        let clamped = value.isNaN ? 0 : Swift.max(0, Swift.min(10, value))
        let filled = Int(clamped.rounded())
        return String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
    }

    private func serviceName(_ referral: Outcome.Referral) -> String {
        referral.service.map { " — \($0.name.neutralized)" } ?? ""
    }

    private func contactLine(_ referral: Outcome.Referral, _ t: Labels) -> String {
        guard let service = referral.service else {
            return t.unknownContact
        }
        let parts = [
            service.contact?.shown(in: language), service.phone?.neutralized, service.email?.neutralized,
            service.channel.map(t.channel), service.hours?.shown(in: language),
        ].compactMap { $0 }
        let line = parts.isEmpty ? t.noContactDetails : parts.joined(separator: " · ")
        return line + (today.flatMap { t.outdated(service, on: $0) }.map { " (\($0))" } ?? "")
    }

    private func recordLine(_ outcome: Outcome, _ t: Labels) -> String {
        if !outcome.redFlags.isEmpty {
            return t("rode vlag, genomen actie en tijdstip in het dossier.", "the red flag, the action taken and the time in the record.")
        }
        if outcome.referrals.contains(where: { $0.destination.category == .welfare }) {
            return t(
                "verwijzing en terugkoppelafspraak in het dossier (triage run --format note).",
                "the referral and the feedback agreement in the record (triage run --format note).")
        }
        return t("besluit, reden en vervolgafspraak in het dossier.", "the decision, the reason and the follow-up in the record.")
    }

    private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    private func bold(_ text: String) -> String { paint(text, "1") }
    private func dim(_ text: String) -> String { paint(text, "2") }
}
