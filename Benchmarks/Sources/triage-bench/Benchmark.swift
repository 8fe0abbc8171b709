#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One benchmark: a subcommand of `triage-bench`.
protocol Benchmark {
    /// The subcommand name, e.g. `load`.
    static var name: String { get }
    /// One line for the help text.
    static var summary: String { get }
    /// Runs the benchmark, prints its report, and says whether it met its target.
    static func run(_ options: Options) throws -> Bool
}

/// Options shared by all benchmarks.
struct Options {
    /// Size of generated inputs (questions and rules of the generated protocol).
    var size = 10_000
    /// Timed runs per measurement.
    var repetitions = 9
    /// Exit 1 when a target is missed.
    var check = false
    /// Pre-generated answer sets per protocol (`sessions`).
    var sets = 10_000
    /// Process launches per binary (`startup`) or per store (`register`).
    var runs = 50
    /// Referrals bulk-loaded for the report (`register`).
    var referrals = 100_000
    /// `triage` executables to launch (`startup`); empty means the default release build.
    var triageBinaries: [String] = []
    /// A file to write every outcome to (`sessions`), to compare engine changes.
    var dumpPath: String?
    /// The shape of the generated protocol (`load`).
    var mode: ProtocolGenerator.Mode = .standard
    /// A file to write the generated protocol to (`load`), to run `triage validate` on it.
    var writePath: String?
}

/// The parsed command line.
struct Invocation {
    var benchmark: String?
    var options = Options()
    var showHelp = false

    static func parse(_ arguments: [String], known: [String]) throws -> Invocation {
        var invocation = Invocation()
        var rest = arguments[...]
        func positiveInt(_ option: String) throws -> Int {
            guard let text = rest.popFirst() else { throw BenchmarkError.usage("\(option) needs a value") }
            guard let value = Int(text), value > 0 else { throw BenchmarkError.usage("\(option) must be a positive whole number, not '\(text)'") }
            return value
        }
        func value(_ option: String) throws -> String {
            guard let text = rest.popFirst(), !text.isEmpty else { throw BenchmarkError.usage("\(option) needs a value") }
            return text
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "-h", "--help", "help": invocation.showHelp = true
            case "--n": invocation.options.size = try positiveInt(argument)
            case "--repetitions": invocation.options.repetitions = try positiveInt(argument)
            case "--check": invocation.options.check = true
            case "--sets": invocation.options.sets = try positiveInt(argument)
            case "--runs": invocation.options.runs = try positiveInt(argument)
            case "--referrals": invocation.options.referrals = try positiveInt(argument)
            case "--triage": invocation.options.triageBinaries.append(try value(argument))
            case "--dump": invocation.options.dumpPath = try value(argument)
            case "--write": invocation.options.writePath = try value(argument)
            case "--mode":
                let text = try value(argument)
                guard let mode = ProtocolGenerator.Mode(rawValue: text) else {
                    let modes = ProtocolGenerator.Mode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw BenchmarkError.usage("--mode must be one of \(modes), not '\(text)'")
                }
                invocation.options.mode = mode
            case _ where argument.hasPrefix("--n="):
                rest.insert(String(argument.dropFirst(4)), at: rest.startIndex)
                invocation.options.size = try positiveInt("--n")
            case _ where argument.hasPrefix("-"):
                throw BenchmarkError.usage("unknown option '\(argument)'")
            default:
                guard known.contains(argument) else { throw BenchmarkError.usage("unknown benchmark '\(argument)'") }
                guard invocation.benchmark == nil else { throw BenchmarkError.usage("name one benchmark, or none to run all") }
                invocation.benchmark = argument
            }
        }
        return invocation
    }
}

/// Why a benchmark could not run.
enum BenchmarkError: Error, CustomStringConvertible {
    /// A command-line mistake.
    case usage(String)
    /// The benchmark's input or result is not what it must be (e.g. the protocol has errors).
    case failed(String)

    var description: String {
        switch self {
        case .usage(let message), .failed(let message): message
        }
    }

    var exitCode: Int32 {
        switch self {
        case .usage: 64
        case .failed: 1
        }
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    /// The string padded on the left to `width` characters.
    func leftPadding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
