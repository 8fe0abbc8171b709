import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Terminal {
    /// The width to wrap standard output at: the terminal's (TIOCGWINSZ) when it is one, else
    /// `COLUMNS` when that is a positive number, else 80.
    static var outputWidth: Int {
        var size = winsize()
        if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let value = getenv("COLUMNS").map({ String(cString: $0) }), let columns = Int(value), columns > 0 {
            return min(columns, 10_000)
        }
        return 80
    }
}
