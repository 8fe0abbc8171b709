import ArgumentParser
import TriageKit
import TriageRegister
import TriageRegisterPostgres

/// `triage export CODE`: a registered referral again, as the note for the patient file or the
/// letter to the contact person, rebuilt from the stored answers with the protocol.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a registered referral as the note, the letter (with its code) or a FHIR R4 Bundle, from the stored answers.",
        discussion: """
            The protocol must be the one the referral was made with (its content hash is checked). \
            Exit status: 0, 1 for an unknown code, another protocol version or a file that cannot be written, 64 usage.
            """
    )

    enum Format: String, OutputFormat {
        case note, letter, fhir

        static let help = "note (SOEP for the patient file), letter (to the contact person) or fhir (an R4 Bundle)."
    }

    @Argument(help: "The referral code.")
    var code: String

    @OptionGroup var output: OutputOptions<Format>

    @Option(help: "For fhir: transaction (default) or document (with a Composition).")
    var bundle: FHIRReferralExporter.BundleType = .transaction

    @Option(name: .customLong("protocol"), help: "The protocol file the referral was made with.", completion: .file(extensions: ["yaml", "yml"]))
    var protocolPath: String

    @Option(name: .customLong("map"), help: "The social map, for the contact person's details in the letter.", completion: .file(extensions: ["yaml", "yml"]))
    var mapPath: String?

    @OptionGroup var register: RegisterOptions
    @OptionGroup var languageOptions: LanguageOptions

    func run() throws {
        let store = try register.open(create: false)
        let code = try RegisterOptions.code(self.code, in: store)
        guard let referral = try store.referral(code), let triageProtocol = CommandSupport.loadProtocol(protocolPath) else {
            throw ExitCode(1)
        }
        guard triageProtocol.id == referral.protocolID, triageProtocol.contentHash == referral.protocolHash else {
            Terminal.say(
                "triage: \(code) was made with \(referral.protocolID) \(referral.protocolVersion.neutralized) "
                    + "(sha256 \(referral.protocolHash.prefix(12))); \(protocolPath.neutralized) is \(triageProtocol.id) "
                    + "\(triageProtocol.version.neutralized) (sha256 \(triageProtocol.contentHash.prefix(12)))")
            throw ExitCode(1)
        }
        if store is PostgresReferralStore {
            try writeFromSharedRegister(referral)
            return
        }
        var socialMap: SocialMap?
        if let mapPath {
            let loaded = SocialMapLoader().load(path: mapPath)
            CommandSupport.report(loaded.diagnostics)
            guard let map = loaded.value else { throw ExitCode(1) }
            socialMap = map
        }
        var outcome = try Self.replay(referral, protocol: triageProtocol, socialMap: socialMap)
        // This referral's route only.
        outcome.referrals = outcome.referrals.filter { $0.destination.id == referral.destinationID }
        let renderer = OutcomeNoteRenderer(language: languageOptions.resolve(available: triageProtocol.languages), codes: [referral.destinationID: code])
        let text: String =
            switch output.format {
            case .note: renderer.renderNote(outcome, protocol: triageProtocol)
            case .letter: renderer.renderLetters(outcome, protocol: triageProtocol)
            case .fhir: FHIRReferralExporter(bundleType: bundle).render(referral, protocol: triageProtocol)
            }
        try output.capture(language: languageOptions.resolve()) { Output.write(text) }
    }

    /// The shared register keeps no answers: the letter comes from what it does keep (route,
    /// urgency, the protocol's reasons); the note and the FHIR Bundle need the answers, so they
    /// come from the practice's local register.
    private func writeFromSharedRegister(_ referral: Referral) throws {
        let language = languageOptions.resolve()
        let t: (String, String) -> String = { nl, en in language == "en" ? en : nl }
        guard output.format == .letter else {
            Terminal.sayWrapped(
                "triage: "
                    + t(
                        "het gedeelde register bewaart geen antwoorden; de notitie en de FHIR-bundel komen uit het lokale register van de praktijk (--register PAD)",
                        "the shared register keeps no answers; the note and the FHIR Bundle come from the practice's local register (--register PATH)"))
            throw ExitCode(1)
        }
        let labels = Labels(language: language)
        var lines = ["\(t("Verwijzing", "Referral")) \(referral.code) — \(referral.createdAt.date)"]
        lines.append("\(t("Aan", "To")): " + (referral.serviceName ?? referral.destinationName).neutralized)
        lines.append("\(t("Route", "Route")): \(referral.destinationName.neutralized) (\(labels.urgency(referral.urgency)))")
        for reason in referral.reasons { lines.append("\(t("Reden", "Reason")): \(reason.text.neutralized)") }
        lines.append(
            t("Graag terugkoppeling vóór \(referral.dueAt.date) met de verwijscode (triage feedback \(referral.code) --status …).",
                "Please report back by \(referral.dueAt.date) with the referral code (triage feedback \(referral.code) --status …)."))
        lines.append("(\(referral.protocolID) \(referral.protocolVersion.neutralized); \(t("de gegevens van de patiënt staan niet in het gedeelde register", "the patient's details are not in the shared register")))")
        let text = lines.joined(separator: "\n") + "\n"
        try output.capture(language: language) { Output.write(text) }
    }

    /// The outcome of the stored answers (and the GP's stored adjustment).
    static func replay(_ referral: Referral, protocol triageProtocol: TriageProtocol, socialMap: SocialMap?) throws -> Outcome {
        var session = TriageSession(protocol: triageProtocol, socialMap: socialMap)
        for answered in referral.answers {
            guard let value = answered.answer else { continue }
            do { try session.answer(value, to: answered.questionID) } catch {
                Terminal.say("triage: the stored answers of \(referral.code) do not fit the protocol: \(error.description)")
                throw ExitCode(1)
            }
        }
        var outcome = session.outcome()
        if let adjustment = referral.adjustment {
            outcome = (try? outcome.adjusted(by: adjustment, protocol: triageProtocol, socialMap: socialMap)) ?? outcome
        }
        return outcome
    }
}

extension FHIRReferralExporter.BundleType: ExpressibleByArgument {}
