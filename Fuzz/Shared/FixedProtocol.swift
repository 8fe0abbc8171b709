// Compiled into every fuzz target by Fuzz/run.sh, next to the target's main.swift.

@testable import TriageKit

/// A small protocol with a question of every answer type (most allow "weet niet", one is asked
/// only under a condition), two scores and two destinations: the names fuzzed conditions may
/// use, and the protocol fuzzed answers files are applied to.
let fixedProtocol: TriageProtocol = {
    let yaml = """
        kind: protocol
        id: fuzz
        version: 1.0.0
        title: Fuzz
        destinations:
          - {id: coach, category: welfare, name: Coach}
          - {id: crisis, category: urgent, name: Crisis}
        questions:
          - {id: stress, type: yes_no, allow_unknown: true, text: Stress?}
          - {id: pg_mentaal, type: scale, range: {min: 0, max: 10}, text: Cijfer?}
          - {id: schuld, type: number, range: {min: 0, max: 1000000}, allow_unknown: true, text: Schuld?}
          - id: oorzaak
            type: choice
            allow_unknown: true
            text: Oorzaak?
            options: [{id: niet_onderzocht, text: N}, {id: bekend, text: B}, {id: geen, text: G}]
          - id: domeinen
            type: multiple_choice
            allow_unknown: true
            text: Domeinen?
            options: [{id: geld, text: G}, {id: wonen, text: W}, {id: rouw, text: R}]
          - {id: notitie, type: text, allow_unknown: true, text: Notitie?}
          - {id: plan, type: yes_no, when: "stress or unknown(stress)", text: Plan?}
        scores:
          - {id: meedoen, method: mean, of: [pg_mentaal, schuld]}
          - {id: zorgen, method: count, of: [stress, domeinen, plan]}
        rules:
          - {id: crisis, when: "plan and score.zorgen >= 3", red_flag: true, refer: crisis, priority: 1, reason: C}
          - {id: coach, when: "domeinen contains geld or pg_mentaal < 5", refer: coach, priority: 2, reason: W}

        """
    let loaded = ProtocolLoader().load(Array(yaml.utf8), file: "fuzz.yaml")
    guard let spec = loaded.value, !loaded.diagnostics.containsErrors else { fatalError("fixed protocol: \(loaded.diagnostics)") }
    return spec
}()
