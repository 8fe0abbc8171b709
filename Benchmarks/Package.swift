// swift-tools-version: 6.1
import PackageDescription

// Benchmarks for TriageKit, kept out of the main package so its build stays lean.
// Run: swift run -c release --package-path Benchmarks triage-bench
// SwiftPM names a path dependency after its directory (lowercased): "triage" in a usual
// clone, but any name a checkout happens to have must work.
let mainPackage = Context.packageDirectory.split(separator: "/").dropLast().last.map { $0.lowercased() } ?? "triage"

let package = Package(
    name: "triage-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // libyaml's headers and library via pkg-config, for the C baseline below.
        .systemLibrary(
            name: "CYAMLRaw",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The baseline: a plain C loop over libyaml's parser events.
        .target(
            name: "RawScan",
            dependencies: ["CYAMLRaw"]
        ),
        .executableTarget(
            name: "triage-bench",
            dependencies: ["RawScan", .product(name: "TriageKit", package: mainPackage)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
