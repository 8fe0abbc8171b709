import ArgumentParser
import Foundation

/// Finds scenario files: named files as given, directories searched for `*.tests.yaml`.
enum ScenarioFiles {
    static func find(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("no such file or directory: \(path)")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let base = path.hasSuffix("/") ? path : path + "/"
                files += names.filter { $0.hasSuffix(".tests.yaml") }.sorted().map { base + $0 }
            } else {
                files.append(path)
            }
        }
        return files
    }
}
