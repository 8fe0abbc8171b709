import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds scenario files: named files as given, directories searched for `*.tests.yaml`.
enum ScenarioFiles {
    static func find(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else { throw ValidationError("no such file or directory: \(path)") }
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                files.append(path)
                continue
            }
            guard let directory = opendir(path) else { throw ValidationError("cannot read directory: \(path)") }
            defer { closedir(directory) }
            var names: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasSuffix(".tests.yaml") { names.append(name) }
            }
            let base = path.hasSuffix("/") ? path : path + "/"
            files += names.sorted().map { base + $0 }
        }
        return files
    }
}
