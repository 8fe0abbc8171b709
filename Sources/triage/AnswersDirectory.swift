import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes generated answers files (validate's counterexamples, diff's examples) into a
/// directory: created private (0700) when missing, each file 0600 and never over an
/// existing one (see `OutputFile`), each written file announced on standard error.
enum AnswersDirectory {
    /// One file to write: its name in the directory, its text, and what to call it in the message.
    struct Entry {
        var name: String
        var text: String
        var label: String
    }

    /// The path of `name` in `directory`.
    static func path(_ name: String, in directory: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Writes every entry; false when the directory or one file could not be written.
    static func write(_ entries: [Entry], to directory: String) -> Bool {
        // The directory holds answers (health-data shaped): create it private when it is missing.
        if !entries.isEmpty, mkdir(directory, 0o700) != 0, errno != EEXIST {
            Terminal.say("triage: cannot create \(directory.neutralized): \(String(cString: strerror(errno)))")
            return false
        }
        var ok = true
        for entry in entries {
            let path = path(entry.name, in: directory)
            do {
                try OutputFile.write(entry.text, to: path)
                Terminal.say("\(entry.label.neutralized) written to \(path.neutralized)")
            } catch {
                Terminal.say("triage: \(error.description.neutralized)")
                ok = false
            }
        }
        return ok
    }
}
