import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Copies text to the GP's clipboard without writing it to disk: the terminal's own
/// clipboard escape (OSC 52) on terminals known to support it, else `wl-copy`, `xclip`,
/// `xsel` or `pbcopy` when present, else OSC 52 on any terminal as a last try. Says which.
enum Clipboard {
    /// How the text was copied, in words for the GP.
    enum Method: Equatable {
        case terminal(certain: Bool)
        case command(String)
    }

    enum Failure: Error {
        case noClipboard
        case commandFailed(String)
    }

    static func copy(_ text: String) -> Result<Method, Failure> {
        let terminal = isatty(2) == 1
        if terminal, terminalSupportsOSC52 {
            writeOSC52(text)
            return .success(.terminal(certain: true))
        }
        for (command, arguments, needs) in commands {
            guard needs.allSatisfy({ variable($0) != nil }), let path = executable(command) else { continue }
            return run(path, arguments, input: text) ? .success(.command(command)) : .failure(.commandFailed(command))
        }
        if terminal {
            writeOSC52(text)
            return .success(.terminal(certain: false))
        }
        return .failure(.noClipboard)
    }

    /// Clipboard programs, with the environment each needs.
    private static let commands: [(String, [String], [String])] = [
        ("wl-copy", [], ["WAYLAND_DISPLAY"]), ("xclip", ["-selection", "clipboard"], ["DISPLAY"]),
        ("xsel", ["--clipboard", "--input"], ["DISPLAY"]), ("pbcopy", [], []),
    ]

    /// tmux (which keeps the text as a paste buffer and passes it on) and terminals that
    /// accept OSC 52 from programs by default. GNOME Terminal and other VTE terminals do not.
    static var terminalSupportsOSC52: Bool {
        if variable("TMUX") != nil || variable("WT_SESSION") != nil || variable("KITTY_WINDOW_ID") != nil { return true }
        if variable("VTE_VERSION") != nil { return false }
        let program = variable("TERM_PROGRAM") ?? ""
        if ["iTerm.app", "WezTerm", "ghostty"].contains(program) { return true }
        let term = variable("TERM") ?? ""
        return ["xterm-kitty", "alacritty", "foot", "wezterm", "xterm-ghostty", "contour"].contains { term.hasPrefix($0) }
    }

    /// `ESC ] 52 ; c ; <base64> BEL` on the terminal (standard error).
    private static func writeOSC52(_ text: String) {
        Terminal.prompt("\u{1B}]52;c;" + Base64.encode(Array(text.utf8)) + "\u{07}")
    }

    private static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// The full path of `command` on `PATH`, if it is there and executable.
    private static func executable(_ command: String) -> String? {
        for directory in (variable("PATH") ?? "/usr/bin:/bin").split(separator: ":") {
            let path = directory + "/" + command
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }

    /// Runs `path` with `input` on its standard input; true when it exits 0.
    private static func run(_ path: String, _ arguments: [String], input: String) -> Bool {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return false }
        var actions: posix_spawn_file_actions_t = .init()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(pipeEnds[0])
        guard spawned == 0 else {
            close(pipeEnds[1])
            return false
        }
        // A program that exits without reading must not take triage down with SIGPIPE.
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        var bytes = Array(input.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(pipeEnds[1], $0.baseAddress, $0.count) }
            guard written > 0 else { break }
            bytes = bytes.dropFirst(written)
        }
        close(pipeEnds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return status == 0
    }
}
