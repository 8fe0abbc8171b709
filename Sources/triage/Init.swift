import ArgumentParser
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TriageKit

/// `triage init NAME`: a small, valid protocol and its scenarios to start from.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create NAME.yaml (a small protocol) and NAME.tests.yaml (its scenarios) to start from.",
        discussion: """
            The files are valid, their scenarios pass (triage test NAME.tests.yaml), and their comments \
            explain the format. NAME may include a directory (created when missing); its last part, \
            lowercased, becomes the protocol id. Existing files are never overwritten (exit 1).
            """
    )

    @Argument(help: "The name of the new protocol, e.g. 'eenzaamheid' or 'Protocols/eenzaamheid'.")
    var name: String

    /// NAME without a trailing `.yaml`.
    private var base: String { name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name }

    /// The last path component, lowercased.
    private var protocolID: String {
        String(base.split(separator: "/", omittingEmptySubsequences: false).last ?? "").lowercased()
    }

    func validate() throws {
        let id = protocolID
        let limit = NodeReader.maxIdentifierLength
        guard id.count <= limit else {
            throw ValidationError(
                "'\(id.prefix(limit))…' cannot be a protocol id: it has \(id.count) characters; at most \(limit) are allowed")
        }
        let allowed = id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first), allowed else {
            throw ValidationError(
                "'\(id)' cannot be a protocol id: use lowercase letters, digits, '-' and '_', starting with a letter (e.g. 'eenzaamheid')"
            )
        }
    }

    func run() throws {
        let protocolPath = base + ".yaml"
        let testsPath = base + ".tests.yaml"
        for path in [protocolPath, testsPath] where access(path, F_OK) == 0 {
            Terminal.say("triage: \(path) already exists; not overwritten (choose another name or remove it first)")
            throw ExitCode(1)
        }
        if let slash = base.lastIndex(of: "/"), slash != base.startIndex {
            let directory = String(base[..<slash])
            // mkdir -p: create each missing component (no Foundation, to keep start-up fast).
            var partial = directory.hasPrefix("/") ? "/" : ""
            for component in directory.split(separator: "/") {
                partial += component + "/"
                if mkdir(partial, 0o755) != 0, errno != EEXIST {
                    Terminal.say("triage: cannot create directory \(partial): \(String(cString: strerror(errno)))")
                    throw ExitCode(1)
                }
            }
        }
        let protocolFile = String(protocolPath.split(separator: "/").last ?? "")
        do {
            try OutputFile.write(Self.protocolTemplate(id: protocolID), to: protocolPath, mode: 0o644)
            try OutputFile.write(Self.testsTemplate(protocolFile: protocolFile), to: testsPath, mode: 0o644)
        } catch {
            Terminal.say("triage: \(error.description)")
            throw ExitCode(1)
        }
        print("created \(protocolPath) and \(testsPath)")
        print("next: triage validate \(protocolPath) && triage test \(testsPath)")
    }

    // MARK: - Templates

    static func protocolTemplate(id: String) -> String {
        """
        # \(id): a triage protocol, started with `triage init`.
        # The format, field by field: Protocols/README.md (or `triage schema` for your editor).
        #   check:  triage validate \(id).yaml
        #   test:   triage test \(id).tests.yaml
        #   try:    triage run \(id).yaml
        #   draw:   triage graph \(id).yaml | dot -Tsvg > \(id).svg
        # Lines starting with '#' are comments. Indent with spaces, never tabs.

        # Every file starts with what it is: protocol, social_map, scenarios or answers.
        kind: protocol
        # The id: lowercase letters, digits, '-' and '_'. The version is your own, kept as text.
        id: \(id)
        version: 0.1.0
        # Every text is written in these languages; Dutch (nl) is required.
        languages: [nl, en]
        # Texts shown to people are localized: {nl: ..., en: ...}.
        title: {nl: "Nieuw protocol (\(id))", en: "New protocol (\(id))"}
        description:
          nl: Een klein begin. Vervang de vragen en regels door die van uw eigen protocol.
          en: A small start. Replace the questions and rules with those of your own protocol.
        authors: [Huisartsenpraktijk]
        sources:
          - title: Positieve Gezondheid, Institute for Positive Health (model; vragen in eigen woorden)
            url: https://www.iph.nl
        # How the rules combine: collect (every rule that fires counts), first or unique.
        # Red-flag rules are always checked first and always win.
        hit_policy: collect

        # Where a patient can be referred. category: welfare (social domain), medical, or urgent
        # (crisis service, 112, Veilig Thuis). A social map (kind: social_map) later names the
        # local service for each id.
        destinations:
          - id: crisisdienst
            category: urgent
            name: {nl: Huisartsenpost / crisisdienst GGZ, en: Out-of-hours GP / mental health crisis service}
          - id: welzijnscoach
            category: welfare
            name: {nl: Welzijnscoach (Welzijn op Recept), en: Wellbeing coach (social prescribing)}

        # The questions, in asking order. dimension: one of the six dimensions of Positieve
        # Gezondheid (lichaamsfuncties, mentaal_welbevinden, zingeving, kwaliteit_van_leven,
        # meedoen, dagelijks_functioneren). Both questions here belong to one dimension.
        # type: yes_no, choice, multiple_choice, scale (0-10), number (needs a range) or text.
        questions:
          - id: suicidale_gedachten
            dimension: mentaal_welbevinden
            type: yes_no
            text:
              nl: Heeft de patiënt de laatste tijd gedacht aan zelfdoding?
              en: Has the patient recently thought about suicide?
            # help is shown when the GP types '?'.
            help:
              nl: Vraag het direct; erover vragen vergroot het risico niet.
              en: Ask directly; asking does not increase the risk.
          - id: pg_mentaal
            dimension: mentaal_welbevinden
            type: scale
            # A question can also have 'when: <condition>': it is then asked only when the
            # condition holds, e.g. 'when: pg_mentaal < 5' on a follow-up question.
            text:
              nl: Hoe goed voelt de patiënt zich geestelijk, van 0 (slecht) tot 10 (uitstekend)?
              en: How well does the patient feel mentally, from 0 (poor) to 10 (excellent)?

        # Rules: when the condition ('when') holds, the rule fires.
        # Conditions: 'suicidale_gedachten' (answered yes), 'pg_mentaal < 5', 'a and b', 'not a' ...
        rules:
          # A red flag: firing stops the questions at once and makes the outcome urgent,
          # so after a yes here pg_mentaal is not asked.
          - id: suicidaliteit
            when: suicidale_gedachten
            red_flag: true
            refer: crisisdienst
            priority: 1
            reason: {nl: Gedachten aan zelfdoding., en: Suicidal thoughts.}
            action:
              nl: Beoordeel vandaag; bij acuut gevaar de crisisdienst. Wijs op 113 (0800-0113).
              en: Assess today; in acute danger the crisis service. Mention 113 (0800-0113).
          # A referral: the decision follows from the destination's category
          # (welfare -> psychosocial). priority 1 (most important) to 9 orders the referrals.
          - id: somber
            when: pg_mentaal < 5
            refer: welzijnscoach
            priority: 3
            reason:
              nl: Voelt zich geestelijk niet goed; een welzijnscoach helpt zoeken wat energie geeft.
              en: Does not feel well mentally; a wellbeing coach helps find what gives energy.
          # Every answer must lead to a decision (triage validate checks all combinations).
          # This catch-all makes "no referral needed" explicit: 'true' always holds, and a rule
          # with decision none and no referral is a fallback: it applies only when no other rule does.
          - id: geen_verwijzing
            when: true
            decision: none
            reason: {nl: Geen verwijzing nodig., en: No referral needed.}

        # Invariants must hold for every outcome; triage validate checks them. Besides answers
        # they may use decision, red_flag, referred, referred_welfare, referred_urgent, ...
        invariants:
          - id: rode_vlag_is_urgent
            check: red_flag implies (decision == urgent and referred_urgent)
            message:
              nl: Een rode vlag leidt altijd tot een urgente route.
              en: A red flag always leads to an urgent route.

        """
    }

    static func testsTemplate(protocolFile: String) -> String {
        """
        # Scenarios for \(protocolFile): answers and the outcome they must give.
        # Run them with: triage test <this file>   (add --coverage to see what they miss)

        kind: scenarios
        # The protocol, relative to this file. Add 'map: <file>' to use a social map.
        protocol: \(protocolFile)
        scenarios:
          # A title that reads as a short clinical vignette.
          - title: Vrouw, 52, denkt aan zelfdoding
            # Answers by question id: ja/nee, a number, an option id, or 'weet niet'.
            answers:
              suicidale_gedachten: ja
            # What must come out; fields you leave out are not checked.
            expect:
              decision: urgent
              referrals: [crisisdienst]
              red_flags: [suicidaliteit]
              not_asked: [pg_mentaal]
          - title: Man, 67, somber sinds het overlijden van zijn vrouw
            answers:
              suicidale_gedachten: nee
              pg_mentaal: 3
            expect:
              decision: psychosocial
              referrals: [welzijnscoach]
              red_flags: []
              asked: [pg_mentaal]

        """
    }
}
