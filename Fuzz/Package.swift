// swift-tools-version: 6.0
// libFuzzer targets for labspec's readers, built apart from the main package so a normal
// build never needs the fuzzer runtime: `scripts/fuzz.sh` builds and runs them.
import PackageDescription

let package = Package(
    name: "labspec-fuzz",
    dependencies: [.package(name: "labspec", path: "..")],
    targets: [
        .executableTarget(name: "labspec-fuzz", dependencies: [
            .product(name: "LabSpec", package: "labspec"),
            .product(name: "JMESPath", package: "labspec"),
            .product(name: "LabRunner", package: "labspec"),
        ]),
    ]
)
