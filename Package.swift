// swift-tools-version: 6.0
// nnbench: one OpenBLAS-backed kernel, three execution modes (eager, static graph, fused),
// and a harness that measures them honestly. See README.md for the module order.
import PackageDescription

let package = Package(
    name: "nnbench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nnbench", targets: ["NNBenchCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: - C in quarantine: module maps + shim headers only
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "pkg-config"])]),
        .systemLibrary(
            name: "CHDF5", pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev", "pkg-config"])]),
        .target(name: "CCounters"),

        // MARK: - The pipeline, in data-flow order
        .target(name: "NNVocabulary"),
        .target(name: "NNKernel", dependencies: ["CBLAS", "CCounters"]),
        .target(name: "NNModels", dependencies: ["NNKernel", "NNVocabulary"]),
        .target(name: "NNGraph", dependencies: ["NNModels", "NNKernel", "NNVocabulary"]),
        .target(
            name: "NNBenchCore",
            dependencies: ["NNGraph", "NNModels", "NNKernel", "NNVocabulary", .product(name: "Yams", package: "Yams")]),
        .target(name: "NNReport", dependencies: ["NNBenchCore", "NNVocabulary", "CHDF5"]),
        .executableTarget(
            name: "NNBenchCLI",
            dependencies: [
                "NNBenchCore", "NNReport", "NNGraph", "NNModels", "NNKernel", "NNVocabulary",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: - Tests mirror sources one to one
        .target(name: "TestSupport", dependencies: ["NNKernel", "NNModels", "NNVocabulary"], path: "Tests/TestSupport"),
        .testTarget(name: "NNKernelTests", dependencies: ["NNKernel", "TestSupport"]),
        .testTarget(name: "NNModelsTests", dependencies: ["NNVocabulary", "NNModels", "NNKernel", "TestSupport"]),
        .testTarget(name: "NNGraphTests", dependencies: ["NNVocabulary", "NNGraph", "NNModels", "NNKernel", "TestSupport"]),
        .testTarget(name: "NNBenchCoreTests", dependencies: ["NNVocabulary", "NNBenchCore", "TestSupport"]),
        .testTarget(name: "NNReportTests", dependencies: ["NNVocabulary", "NNReport", "NNBenchCore", "TestSupport"]),
        .testTarget(name: "NNBenchCLITests", dependencies: ["NNVocabulary", "NNReport", "NNBenchCore", "TestSupport"]),
    ]
)
