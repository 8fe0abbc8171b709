//! Run a triage session from code: load a protocol, answer what it asks, print the advice.
import TriageKit

// snippet.show
let loaded = ProtocolLoader().load(path: "Protocols/welzijn-op-recept.yaml")
for finding in loaded.diagnostics { print(finding) }  // file:line:column: error: ... [code]
guard let triageProtocol = loaded.value else { fatalError("the protocol has errors") }

var session = TriageSession(protocol: triageProtocol)
while let question = session.nextQuestion {
    // Your user interface asks `question.text.text(in: .dutch)` and reads a reply; here:
    // "no", else "don't know" where allowed, else the first option (or 1).
    let reply = question.answerType == .yesNo ? "nee" : question.allowsUnknown ? "weet niet" : "1"
    do { try session.answer(text: reply) } catch { print(error.description(in: .dutch)) }  // ask again
}
let outcome = session.outcome()
print(OutcomeTextRenderer(language: .dutch, width: 80).render(outcome, protocol: triageProtocol))
// snippet.end
