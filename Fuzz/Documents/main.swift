// libFuzzer target for whole documents: the input bytes are a triage YAML file of any kind.
// Built by Fuzz/run.sh against the whole library (every source file of the TriageKit target).
//
// It reads the file and loads it by its kind, as `triage validate` does. A protocol that loads
// is analysed exhaustively (with small limits and a short time budget), and every counterexample
// is replayed through a session; it is walked by a session that
// answers every question and its outcome rendered. An answers file is applied to a session on
// `fixedProtocol` (Fuzz/Shared). It traps when a contract is broken: a file without a value must say why with
// an error, findings have 1-based locations, every counterexample breaks its invariant in a real session, a
// walk asks each question at most once and accepts a valid answer to every question it asks,
// rendering is deterministic.

@testable import TriageKit

/// Smaller than the standard limits, so that every input stays cheap.
private let reader = YAMLReader(limits: YAMLLimits(maxFileSize: 16 * 1024, maxDepth: 16, maxNodes: 2000, maxScalarLength: 1024))
private let exhaustive = ExhaustiveAnalyzer.Options(depth: .full, timeLimit: 0.5, maxNodes: 2000)

/// Traps unless every counterexample, read back as an answers file and applied to a fresh
/// session, breaks its invariant: the analysis and the engine agree on what they report.
private func counterexamplesReproduce(_ spec: TriageProtocol, _ report: ExhaustiveReport) {
    for example in report.counterexamples {
        guard let sheet = AnswerSheetLoader().load(Array(example.answersFile.utf8), file: "counterexample.yaml").value else {
            fatalError("a counterexample does not read back: \(example.answersFile)")
        }
        var session = TriageSession(protocol: spec)
        let findings = sheet.apply(to: &session)
        guard !findings.containsErrors, session.violatedInvariants().contains(where: { $0.id == example.invariantID }) else {
            fatalError("counterexample for '\(example.invariantID)' does not reproduce: \(findings) \(example.answersFile)")
        }
    }
}

/// Traps unless `diagnostics` point into the file and, when `hasValue` is given, come with an
/// error exactly when there is no value.
private func checkFindings(_ diagnostics: [Diagnostic], hasValue: Bool? = nil, _ what: String) {
    if hasValue == false, !diagnostics.containsErrors { fatalError("\(what): no value and no error: \(diagnostics)") }
    if hasValue == true, diagnostics.containsErrors { fatalError("\(what): a value despite errors: \(diagnostics)") }
    for diagnostic in diagnostics where diagnostic.location.line < 1 || diagnostic.location.column < 1 {
        fatalError("\(what): bad location: \(diagnostic)")
    }
}

/// An answer `question` must accept; varied by `index` so that walks take different routes.
private func answer(for question: Question, _ index: Int) -> AnswerValue? {
    switch question.answerType {
    case .yesNo: return .yesNo(index % 2 == 0)
    case .scale(let low, let high): return .number(Double(index % 2 == 0 ? low : high))
    case .number(let low, _): return .number(low)
    case .singleChoice(let options): return options.isEmpty ? nil : .choice(options[index % options.count].id)
    case .multipleChoice(let options): return .choices(options.isEmpty ? [] : [options[index % options.count].id])
    case .text: return .text("x")
    }
}

/// Walks `spec` to its outcome, answering every question, and renders the outcome.
private func walk(_ spec: TriageProtocol) {
    var session = TriageSession(protocol: spec)
    var asked = Set<String>()
    var step = 0
    while let question = session.nextQuestion {
        if !asked.insert(question.id).inserted { fatalError("question '\(question.id)' asked twice") }
        step += 1
        guard let value = answer(for: question, step) else { fatalError("no answer to offer to question '\(question.id)'") }
        do {
            try session.answer(value)
        } catch {
            fatalError("question '\(question.id)' refuses \(value): \(error)")
        }
    }
    let outcome = session.outcome()
    _ = session.violatedInvariants()
    let json = OutcomeJSONRenderer(language: "nl").render(outcome)
    if OutcomeJSONRenderer(language: "nl").render(session.outcome()) != json { fatalError("outcome JSON is not deterministic") }
    _ = OutcomeTextRenderer(language: "en").render(outcome, protocol: spec)
    _ = OutcomeNoteRenderer(language: "nl").render(outcome, protocol: spec)
}

private func check(_ bytes: [UInt8]) {
    let read = reader.read(bytes, file: "fuzz.yaml")
    checkFindings(read.diagnostics, hasValue: read.root == nil ? false : nil, "reader")
    guard let root = read.root, case .success(let kind) = DocumentKind.of(root) else { return }
    switch kind {
    case .protocol:
        let loaded = ProtocolLoader(reader: reader).load(root, hashing: ContentHash(of: bytes), source: bytes)
        checkFindings(loaded.diagnostics, hasValue: loaded.value != nil, "protocol")
        guard let spec = loaded.value else { return }
        let report = ExhaustiveAnalyzer.analyze(spec, options: exhaustive)
        checkFindings(report.diagnostics, "exhaustive analysis")
        counterexamplesReproduce(spec, report)
        walk(spec)
    case .socialMap:
        let loaded = SocialMapLoader(reader: reader).load(root)
        checkFindings(loaded.diagnostics, hasValue: loaded.value != nil, "social map")
    case .answers:
        let loaded = AnswerSheetLoader(reader: reader).load(root)
        checkFindings(loaded.diagnostics, hasValue: loaded.value != nil, "answers")
        guard let sheet = loaded.value else { return }
        var session = TriageSession(protocol: fixedProtocol)
        let diagnostics = sheet.apply(to: &session)
        checkFindings(diagnostics, "applying answers")
        if diagnostics.isEmpty, !session.isComplete { fatalError("answers applied without findings, but the session is not complete") }
    case .scenarios:
        // Only loaded: validating scenarios reads the protocol file they name.
        let loaded = ScenarioSuiteLoader(reader: reader).load(root)
        checkFindings(loaded.diagnostics, hasValue: loaded.value != nil, "scenarios")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
