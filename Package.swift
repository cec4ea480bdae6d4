// swift-tools-version: 6.0
// nnbench: one OpenBLAS-backed kernel, three execution modes (eager, static graph, fused),
// and a harness that measures them honestly. See README.md for the module order.
import PackageDescription
import Foundation

// The kernels' own loops (activations, the LSTM cell, elementwise ops, im2col; not OpenBLAS, which
// picks its kernels at run time) compile for the vector unit of the machine that builds them:
// with AVX2 and FMA in /proc/cpuinfo, NNKernel is built with them (256-bit vectors; the compiler
// does not contract a·b + c into an FMA, so every result is the same as without them). nnbench
// builds where it runs (the README's commands, scripts/nightly); NNBENCH_KERNEL_ISA=baseline
// builds the portable x86-64 code instead. The choice is recorded in every run (`kernel_isa`).
func kernelSettings() -> [SwiftSetting] {
    #if arch(x86_64) && os(Linux)
    guard ProcessInfo.processInfo.environment["NNBENCH_KERNEL_ISA"] != "baseline",
          let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
    let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" }))
    guard flags.contains("avx2"), flags.contains("fma") else { return [] }
    return [.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma"]), .define("NNBENCH_KERNEL_AVX2")]
    #else
    return []
    #endif
}

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
        // CTempFiles: temporary files a SIGINT/SIGTERM removes (async-signal-safe registry).
        .target(name: "CTempFiles"),

        // MARK: - The pipeline, in data-flow order
        .target(name: "NNVocabulary"),
        .target(name: "NNKernel", dependencies: ["CBLAS", "CCounters"], swiftSettings: kernelSettings()),
        .target(name: "NNModels", dependencies: ["NNKernel", "NNVocabulary"]),
        .target(name: "NNGraph", dependencies: ["NNModels", "NNKernel", "NNVocabulary"]),
        // NNWorkloads: workload files (YAML parse + validate, specs, memory estimate, spec → model),
        // one file per model kind; must not know timing, statistics, results or files beyond YAML.
        .target(
            name: "NNWorkloads",
            dependencies: ["NNModels", "NNKernel", "NNVocabulary", .product(name: "Yams", package: "Yams")]),
        // NNMeasure: runner, stream runner, sgemm peak, environment capture, clock, saved tensors,
        // profiles; produces NNResults records; must not know HDF5, Markdown or verdict rules.
        .target(name: "NNMeasure", dependencies: ["NNWorkloads", "NNResults", "NNGraph", "NNModels", "NNKernel", "NNVocabulary"]),
        // NNResults: run/benchmark records, typed keys, counters, tasks and modes, statistics,
        // claims, comparison, history and the settings/policy they use; must not know kernels,
        // models, graphs, BLAS, YAML or git.
        .target(name: "NNResults", dependencies: ["NNVocabulary"]),
        // NNReport: HDF5 store (the only CHDF5 importer), Markdown, SVG, JSON; renders the
        // settings it is given and must not know how numbers were measured.
        .target(name: "NNReport", dependencies: ["NNResults", "NNVocabulary", "CHDF5", "CTempFiles"]),
        // NNBenchCLI: the executable, one file per subcommand; report/compare/check/history import
        // only NNResults and NNReport.
        .executableTarget(
            name: "NNBenchCLI",
            dependencies: [
                "NNWorkloads", "NNMeasure", "NNResults", "NNReport", "NNGraph", "NNModels", "NNKernel", "NNVocabulary",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: - Tests mirror sources one to one
        .target(name: "TestSupport", dependencies: ["NNKernel", "NNModels", "NNVocabulary", "NNResults"], path: "Tests/TestSupport"),
        .testTarget(name: "NNKernelTests", dependencies: ["NNKernel", "TestSupport"]),
        .testTarget(name: "NNModelsTests", dependencies: ["NNVocabulary", "NNModels", "NNKernel", "TestSupport"]),
        .testTarget(name: "NNGraphTests", dependencies: ["NNVocabulary", "NNGraph", "NNModels", "NNKernel", "TestSupport"]),
        .testTarget(name: "NNWorkloadsTests", dependencies: ["NNVocabulary", "NNWorkloads", "NNMeasure", "NNModels", "NNKernel", "TestSupport",
                                                     .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "NNMeasureTests", dependencies: ["NNVocabulary", "NNMeasure", "NNWorkloads", "NNResults", "NNGraph", "NNModels", "NNKernel", "TestSupport"]),
        .testTarget(name: "NNResultsTests", dependencies: ["NNVocabulary", "NNResults", "TestSupport"]),
        .testTarget(name: "NNReportTests", dependencies: ["NNVocabulary", "NNReport", "NNResults", "NNMeasure", "NNGraph", "NNModels", "NNKernel", "TestSupport"]),
        .testTarget(name: "NNBenchCLITests", dependencies: ["NNVocabulary", "NNReport", "NNResults", "TestSupport"]),
    ]
)
