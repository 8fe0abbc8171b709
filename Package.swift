// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "triage",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "TriageKit", targets: ["TriageKit"]),
        .executable(name: "triage", targets: ["triage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(
            name: "TriageKit",
            dependencies: ["CYAML"]
        ),
        .executableTarget(
            name: "triage",
            dependencies: [
                "TriageKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TriageKitTests",
            dependencies: ["TriageKit"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "triageTests",
            dependencies: ["TriageKit"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
