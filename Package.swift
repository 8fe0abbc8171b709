// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "triage",
    platforms: [.macOS(.v13)],
    products: [
        // The one library for embedders; the registers (TriageRegister ...) serve the CLI and
        // are not offered as libraries: their schemas and FHIR are the interfaces for other systems.
        .library(name: "TriageKit", targets: ["TriageKit"]),
        .executable(name: "triage", targets: ["triage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        // `swift package generate-documentation`: the DocC catalog in Sources/TriageKit/TriageKit.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
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
        // The practice's local register (SQLite through GRDB): its own target, so TriageKit
        // stays libyaml-only and the library's users choose their storage.
        .target(
            name: "TriageRegister",
            dependencies: ["TriageKit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The region's shared register (PostgreSQL through postgres-nio): its own target, so
        // TriageKit and the SQLite store never link NIO.
        .target(
            name: "TriageRegisterPostgres",
            dependencies: ["TriageKit", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .executableTarget(
            name: "triage",
            dependencies: [
                "TriageKit",
                "TriageRegister",
                "TriageRegisterPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TriageKitTests",
            dependencies: ["TriageKit"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TriageRegisterTests",
            dependencies: [
                "TriageRegister", "TriageRegisterPostgres", "TriageKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "triageTests",
            dependencies: ["TriageKit", "TriageRegisterPostgres", .product(name: "PostgresNIO", package: "postgres-nio")],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
