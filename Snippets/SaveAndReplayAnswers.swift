//! Save a session's answers as an answers file, and replay one.
import TriageKit

guard let triageProtocol = ProtocolLoader().load(path: "Protocols/welzijn-op-recept.yaml").value else {
    fatalError("the protocol has errors")
}
var session = TriageSession(protocol: triageProtocol)
while let question = session.nextQuestion {
    try session.answer(text: question.answerType == .yesNo ? "nee" : question.allowsUnknown ? "weet niet" : "1")
}

// snippet.show
// What `triage run --answers FILE` reads: one line per answer, free text quoted.
let file = AnswerSheet.file(of: session)

// Replaying it walks a new session exactly as the GP did.
let sheet = AnswerSheetLoader().load(Array(file.utf8), file: "answers.yaml")
var replay = TriageSession(protocol: triageProtocol)
if let answers = sheet.value {
    let findings = answers.apply(to: &replay)  // unknown ids, invalid or missing answers
    assert(findings.isEmpty && replay.outcome() == session.outcome())
}
// snippet.end
