import ArgumentParser
import TriageKit
import TriageRegister

/// `triage referrals [CODE]`: the GP's list of referrals, overdue ones first; or one referral
/// with its whole history and the line for the patient file.
struct ReferralsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referrals",
        abstract: "List the referrals in the register (overdue first), or show one with its history.",
        discussion: """
            Overdue: no feedback yet after the service's feedback_days (default 14). The list shows the \
            reasons (the protocol's words), no answers and no patient text. With a shared register \
            (--register postgres://…) a practice sees its own referrals, a contact person those sent to \
            their service. Exit status: 0, 1 for an unknown code or a register that cannot \
            be read, 64 without a register.
            """
    )

    enum StatusFilter: String, ExpressibleByArgument, CaseIterable { case open, overdue, closed, all }
    enum Format: String, OutputFormat { case text, json }

    @Argument(help: "A referral code, to show that referral.")
    var code: String?

    @Option(help: "Which: open (default), overdue, closed or all.")
    var status: StatusFilter = .open

    @OptionGroup var output: OutputOptions<Format>

    @OptionGroup var register: RegisterOptions
    @OptionGroup var languageOptions: LanguageOptions

    func run() throws {
        try output.capture(language: languageOptions.resolve()) { try produce() }
    }

    /// The result, on standard output (which `--output` sends to a file).
    private func produce() throws {
        let store = try register.open(create: false)
        let language = languageOptions.resolve()
        let now = try Instant.now()
        if let code {
            let referral = try store.referral(try RegisterOptions.code(code, in: store))
            guard let referral else { throw ExitCode(1) }
            Output.write(output.format == .json ? JSONValue.array([json(referral, now)]).serialized() + "\n" : detail(referral, now, language))
            return
        }
        let all: [Referral]
        do { all = try store.allReferrals() } catch {
            Terminal.say("triage: \(error.description)")
            throw ExitCode(1)
        }
        let chosen = all.filter { referral in
            switch status {
            case .open: !referral.status.isClosed
            case .overdue: referral.isOverdue(at: now)
            case .closed: referral.status.isClosed
            case .all: true
            }
        }
        // Overdue first, then newest first (the store's order), each group keeping it.
        let ordered = chosen.filter { $0.isOverdue(at: now) } + chosen.filter { !$0.isOverdue(at: now) }
        switch output.format {
        case .json: Output.write(JSONValue.array(ordered.map { json($0, now) }).serialized() + "\n")
        case .text: Output.write(list(ordered, now, language))
        }
    }

    private func list(_ referrals: [Referral], _ now: Instant, _ language: String) -> String {
        let t: (String, String) -> String = { nl, en in language == "en" ? en : nl }
        let style = TerminalStyle(.auto, stream: .standardOutput)
        let overdue = referrals.count { $0.isOverdue(at: now) }
        var lines = [
            style.bold(t("Verwijzingen", "Referrals") + " (\(referrals.count))")
                + (overdue > 0 ? ": " + style.red(t("\(overdue) te laat", "\(overdue) overdue")) : "")
        ]
        if referrals.isEmpty { lines.append(t("  geen", "  none")) }
        for referral in referrals {
            let late = referral.isOverdue(at: now)
            var line = "\(late ? "!" : " ") \(referral.code)  \(referral.createdAt.date)  \(referral.destinationName.neutralized)"
            if let service = referral.serviceName { line += " — \(service.neutralized)" }
            line += "  · \(referral.status.text(in: language))"
            if !referral.status.isClosed { line += t(" · \(referral.daysWaiting(at: now)) dagen", " · \(referral.daysWaiting(at: now)) days") }
            if late { line += t(" (te laat)", " (overdue)") }
            let wrapped = Terminal.wrapped(line, width: Terminal.wrapWidth(of: 1), hanging: 16)
            lines += wrapped.map { late ? style.red($0) : $0 }
            // Why, in the protocol's Dutch words (never the patient's): what a contact person needs first.
            for reason in referral.reasons {
                lines += Terminal.wrapped("      \(t("Reden", "Reason")): \(reason.text.neutralized)", width: Terminal.wrapWidth(of: 1), hanging: 14)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func detail(_ referral: Referral, _ now: Instant, _ language: String) -> String {
        let t: (String, String) -> String = { nl, en in language == "en" ? en : nl }
        var lines = ["\(t("Verwijzing", "Referral")) \(referral.code)"]
        lines.append("  \(t("Route", "Route")): \(referral.destinationName.neutralized)" + (referral.serviceName.map { " — \($0.neutralized)" } ?? ""))
        lines.append("  \(t("Verwezen", "Referred")): \(referral.createdAt)  (\(referral.protocolID) \(referral.protocolVersion.neutralized))")
        lines.append("  \(t("Terugkoppeling verwacht vóór", "Feedback due by")): \(referral.dueAt.date)" + (referral.isOverdue(at: now) ? t(" — te laat", " — overdue") : ""))
        for reason in referral.reasons { lines.append("  \(t("Reden", "Reason")): \(reason.text.neutralized)") }
        lines.append("  \(t("Verloop", "History")):")
        for change in referral.history {
            lines.append("    \(change.at)  \(change.status.text(in: language))" + (change.note.map { ": " + UntrustedText.quoted($0) } ?? ""))
        }
        lines.append(t("Voor het dossier: ", "For the patient file: ") + Self.fileLine(referral, language: language))
        return lines.flatMap { Terminal.wrapped($0, width: Terminal.wrapWidth(of: 1), hanging: 4) }.joined(separator: "\n") + "\n"
    }

    /// "Terugkoppeling WOR-7K3F-QX: ondersteuning afgesproken (2026-12-03): <note>".
    static func fileLine(_ referral: Referral, language: String) -> String {
        let last = referral.history.last
        let word = language == "en" ? "Feedback" : "Terugkoppeling"
        return "\(word) \(referral.code): \(referral.status.text(in: language)) (\(referral.updatedAt.date))"
            + (last?.note.map { ": " + UntrustedText.quoted($0) } ?? "")
    }

    private func json(_ referral: Referral, _ now: Instant) -> JSONValue {
        .object([
            ("code", .string(referral.code.description)), ("created", .string(referral.createdAt.description)),
            ("protocol", .string(referral.protocolID)), ("destination", .string(referral.destinationID)),
            ("service", referral.serviceID.map(JSONValue.string) ?? .null), ("status", .string(referral.status.rawValue)),
            ("due", .string(referral.dueAt.description)), ("overdue", .bool(referral.isOverdue(at: now))),
            ("days_waiting", .number(Double(referral.daysWaiting(at: now)))),
            ("reasons", .array(referral.reasons.map { .string($0.text) })),
            (
                "history",
                .array(
                    referral.history.map {
                        .object([
                            ("status", .string($0.status.rawValue)), ("at", .string($0.at.description)),
                            ("note", $0.note.map(JSONValue.string) ?? .null), ("source", .string($0.source)),
                        ])
                    })
            ),
        ])
    }
}
