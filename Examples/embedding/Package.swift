// swift-tools-version: 6.1
// A program that embeds TriageKit: load a protocol, answer its questions from code,
// print the recommendation. Built and run by .ci/run.
import PackageDescription

let package = Package(
    name: "triage-embedding",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "triage", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "triage-embedding",
            dependencies: [.product(name: "TriageKit", package: "triage")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
