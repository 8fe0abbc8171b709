import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds scenario files: named files as given, directories searched for `*.tests.yaml`.
/// A path that does not exist, and a search that finds nothing, are errors located at the path.
enum ScenarioFiles {
    static func find(_ paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            let location = SourceLocation(file: path, line: 1, column: 1)
            var status = stat()
            guard stat(path, &status) == 0 else {
                diagnostics.append(
                    .init(
                        .error, code: "file-not-found", "no such file or directory: \(path)", at: location,
                        hint: "name scenario files (*.tests.yaml) or directories holding them"))
                continue
            }
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                files.append(path)
                continue
            }
            guard let directory = opendir(path) else {
                diagnostics.append(.init(.error, code: "file-unreadable", "cannot read directory: \(path)", at: location))
                continue
            }
            defer { closedir(directory) }
            var names: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasSuffix(".tests.yaml") { names.append(name) }
            }
            if names.isEmpty {
                diagnostics.append(
                    .init(
                        .error, code: "no-scenario-files", "no scenario files (*.tests.yaml) in \(path)", at: location,
                        hint: "scenario files end in .tests.yaml; 'triage init NAME' creates one next to a new protocol"))
            }
            let base = path.hasSuffix("/") ? path : path + "/"
            files += names.sorted().map { base + $0 }
        }
        return (files, diagnostics)
    }
}
