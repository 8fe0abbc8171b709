#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Paths in the main package (the repository root, one directory above `Benchmarks/`), found
/// from this source file's location so the benchmarks work from any working directory.
enum Repository {
    /// The repository root: the directory holding `Package.swift` and `Protocols/`.
    static let root: String = {
        // .../Benchmarks/Sources/triage-bench/Repository.swift -> ...
        let fromSource = "/" + String(#filePath).split(separator: "/").dropLast(4).joined(separator: "/")
        for candidate in [fromSource, ".", ".."] where exists(candidate + "/Protocols/welzijn-op-recept.yaml") {
            return candidate
        }
        return fromSource
    }()

    /// The Benchmarks package directory.
    static var benchmarks: String { root + "/Benchmarks" }

    /// `relative` (e.g. `Protocols/jeugd.yaml`) inside the repository root.
    static func path(_ relative: String) -> String { root + "/" + relative }

    /// Whether a file or directory exists at `path`.
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Whether `path` is an executable file.
    static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// Writes `text` to `path` (replacing it): a generated protocol to run `triage validate` on.
    static func write(_ text: String, to path: String) throws {
        guard let file = fopen(path, "w") else { throw BenchmarkError.failed("cannot write \(path)") }
        defer { fclose(file) }
        let bytes = Array(text.utf8)
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw BenchmarkError.failed("cannot write \(path)") }
    }
}
