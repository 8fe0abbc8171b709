// Runs a triage session from code: no terminal, no prompts. Whatever question the
// session asks next gets a sensible default for its answer type, so this keeps working
// when the protocol gains, loses or reorders questions.
//
//   swift run --package-path Examples/embedding triage-embedding [PROTOCOL] [--map SOCIAL_MAP] [--lang nl|en] [--save ANSWERS]
//
// It uses TriageKit's public API only (no @testable, no package access): what any
// package that depends on TriageKit can do.

import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prints to standard error (diagnostics), leaving standard output for the result.
func warn(_ text: String) {
    let line = text + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

// MARK: - Arguments

var protocolPath = "Protocols/welzijn-op-recept.yaml"
var mapPath: String?
var language = Language.dutch
var savePath: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--map": mapPath = arguments.popFirst()
    case "--lang":
        guard let code = arguments.popFirst(), let chosen = Language(code: code) else {
            warn("--lang must be nl or en")
            exit(64)
        }
        language = chosen
    case "--save": savePath = arguments.popFirst()
    case "-h", "--help":
        print("usage: triage-embedding [PROTOCOL] [--map SOCIAL_MAP] [--lang nl|en] [--save ANSWERS]")
        exit(0)
    default: protocolPath = argument
    }
}

// MARK: - Load the protocol (and the social map, if given)

let loaded = ProtocolLoader().load(path: protocolPath)
for diagnostic in loaded.diagnostics { warn(diagnostic.description) }
guard let triageProtocol = loaded.value else { exit(1) }

var socialMap: SocialMap?
if let mapPath {
    let map = SocialMapLoader().load(path: mapPath)
    for diagnostic in map.diagnostics { warn(diagnostic.description) }
    guard let value = map.value else { exit(1) }
    socialMap = value
}

// MARK: - Answer whatever the session asks

/// A plausible answer for a patient with mild psychosocial complaints and no red flags:
/// "no" to yes/no questions (so no red flag fires), except consent; the last option of a
/// choice (in the shipped protocol: "no medical explanation"); the first option of a
/// multiple choice; a low-middle scale value; 45 for a number (or the range's lower end).
func defaultAnswer(for question: Question) -> AnswerValue {
    switch question.answerType {
    case .yesNo:
        return .yesNo(question.id.contains("toestemming") || question.id.contains("consent"))
    case .singleChoice(let options):
        return options.last.map { .choice($0.id) } ?? .unknown
    case .multipleChoice(let options):
        return .choices(options.prefix(1).map(\.id))
    case .scale(let low, let high):
        return .number(Double(low + (high - low) * 4 / 10))
    case .number(let low, let high):
        // 45 where the range allows it (an adult's age, a small amount), else the lowest value.
        return .number(low <= 45 && 45 <= high ? 45 : low)
    case .text:
        return .text("")
    }
}

/// An answer as it would be written in an answers file.
func describe(_ value: AnswerValue?) -> String {
    switch value {
    case .yesNo(let flag)?: flag ? "ja" : "nee"
    case .choice(let id)?: id
    case .choices(let ids)?: "[" + ids.joined(separator: ", ") + "]"
    case .number(let number)?: number == number.rounded() ? String(Int(number)) : String(number)
    case .text(let text)?: "\"" + text + "\""
    case .unknown?: "weet niet"
    case nil: "-"
    }
}

var session = TriageSession(protocol: triageProtocol, socialMap: socialMap)
while let question = session.nextQuestion {
    let value = defaultAnswer(for: question)
    do {
        try session.answer(value)
    } catch {
        // The default did not fit (e.g. an empty option list); "weet niet" if allowed.
        do {
            try session.answer(.unknown)
        } catch {
            warn("cannot answer '\(question.id)': \(error)")
            exit(1)
        }
    }
    print("\(question.id): \(describe(session.answer(for: question.id)))")
}

// MARK: - The recommendation

let outcome = session.outcome()
print("")
print(OutcomeTextRenderer(language: language).render(outcome, protocol: triageProtocol))

// MARK: - Save the answers, so `triage run --answers FILE` reproduces this session

if let savePath {
    let file = AnswerSheet.file(of: session)
    // Health data: created 0600, and an existing file is never overwritten.
    let descriptor = open(savePath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard descriptor >= 0, let handle = fdopen(descriptor, "w") else {
        warn("cannot create \(savePath) (it may exist already)")
        exit(1)
    }
    fputs(file, handle)
    guard fclose(handle) == 0 else {
        warn("cannot write \(savePath)")
        exit(1)
    }
}
