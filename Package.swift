// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "labspec",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "labspec", targets: ["labspec"]),
        .library(name: "LabSpec", targets: ["LabSpec"]),
        .library(name: "JMESPath", targets: ["JMESPath"]),
        .library(name: "LabRunner", targets: ["LabRunner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // JSON values and the JMESPath query language; Foundation only.
        .target(name: "JMESPath"),
        // The spec model, the YAML loader, diagnostics and static checks.
        .target(name: "LabSpec", dependencies: ["JMESPath", .product(name: "Yams", package: "Yams")]),
        // The executor, backends (az, HTTP, dry-run, replay), run records, evidence packs
        // and the verdict.
        .target(name: "CProcessSpawn"),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "LabRunner", dependencies: ["LabSpec", "JMESPath", "CProcessSpawn", "CCurl"]),
        // JUnit, JSON and Markdown reports of a run, written masked.
        .target(name: "LabReports", dependencies: ["LabSpec", "JMESPath", "LabRunner"]),
        // Subcommands, diagnostic printing and exit codes.
        .target(name: "LabCLI", dependencies: [
            "LabSpec", "JMESPath", "LabRunner", "LabReports",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "labspec", dependencies: [
            "LabCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Times JMESPath on the compliance suite's benchmark cases (scripts/bench-jmespath.py).
        .executableTarget(name: "jmespath-bench", dependencies: ["JMESPath"]),
        .target(name: "TestSupport", dependencies: ["LabSpec", "LabRunner"], path: "Tests/TestSupport"),
        .testTarget(name: "LabSpecTests", dependencies: ["LabSpec", "LabRunner", "TestSupport"]),
        .testTarget(name: "JMESPathTests", dependencies: ["JMESPath", "TestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "LabRunnerTests", dependencies: ["LabRunner", "TestSupport"]),
        .testTarget(name: "LabCLITests", dependencies: ["LabCLI", "LabSpec", "JMESPath", "TestSupport"]),
    ]
)
