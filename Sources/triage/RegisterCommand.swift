import ArgumentParser
import TriageKit
import TriageRegister

/// `triage register check`: is the register sound?
struct RegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Check the practice's local register.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the register file for damage (SQLite integrity check).",
            discussion: "Exit status: 0 sound, 1 damaged or unreadable, 64 without a register.")

        @OptionGroup var register: RegisterOptions

        func run() throws {
            let store = try register.open(create: false)
            do {
                if let problems = try store.integrityProblems() {
                    Terminal.say("triage: register \(store.path.neutralized) is damaged: \(problems.neutralized)")
                    throw ExitCode(1)
                }
                let count = try store.allReferrals().count
                Output.write("register \(store.path.neutralized): ok (\(count) referral\(count == 1 ? "" : "s"))\n")
            } catch let error as RegisterError {
                Terminal.say("triage: \(error.description)")
                throw ExitCode(1)
            }
        }
    }
}
