import CHDF5
import Foundation
import NNResults

// MARK: - The HDF5 result file, schema v2 (layout documented in Results/README.md)

/// Writes a `RunResult` to one HDF5 file and reads it back identically.
///
/// Root attributes hold the schema version, the environment and the measurement settings;
/// `/workloads` holds one string attribute per workload (its file's SHA-256); each benchmark is
/// a group at `BenchmarkResult.groupPath` with a `samples_ns` dataset and one attribute per
/// field, counter and phase; `/summary` is a compound table of derived figures for h5py and
/// pandas; `/tensors` holds `--save-tensors` data. Only the files `HDF5*.swift` touch the C API.
public enum HDF5Store {
    /// Writes `run` to `path` atomically: an interrupted or failed write leaves any earlier file
    /// at `path` untouched.
    /// - Throws: `ReportFileError` (kind `.writeFailed`) naming the file and what failed. The
    ///   file is built in memory and written with plain POSIX calls, so a full disk is an
    ///   ordinary error (exit 1), never a crash in HDF5's exit handler.
    /// With `policy: .createNew` an existing file at `path` is never replaced: the error's kind
    /// is then `.exists`.
    public static func write(_ run: RunResult, to path: String, policy: AtomicFile.Policy = .replace) throws(ReportFileError) {
        try write(run, to: path, schemaVersion: resultSchemaVersion, policy: policy)
    }

    /// As `write(_:to:)`, labelling the file with `schemaVersion` (tests write other versions).
    static func write(_ run: RunResult, to path: String, schemaVersion: Int,
                      policy: AtomicFile.Policy = .replace) throws(ReportFileError) {
        silenceHDF5Errors()
        defer { clearHDF5Errors() }
        guard run.schemaVersion == resultSchemaVersion else {
            throw ReportFileError(path: path, kind: .writeFailed, reason:
                "the result has schema version \(run.schemaVersion); this nnbench writes version \(resultSchemaVersion)")
        }
        let image: [UInt8]
        do {
            image = try fileImage(run, schemaVersion: schemaVersion, name: path)
        } catch {
            throw ReportFileError(path: path, kind: .writeFailed, reason: "cannot write the result file: \(error)")
        }
        do {
            try AtomicFile.write(bytes: image, to: path, policy: policy)
        } catch {
            throw ReportFileError(path: path, kind: error.exists ? .exists : .writeFailed, reason: error.description)
        }
    }

    /// The bytes of the HDF5 file for `run`, built in memory; every HDF5 id is closed on return.
    static func fileImage(_ run: RunResult, schemaVersion: Int, name: String) throws(H5Failure) -> [UInt8] {
        let root = try H5Object.createFile("\(name).\(UUID().uuidString).in-memory")
        do {
            try writeRoot(run, schemaVersion: schemaVersion, root)
            try writeInstructionHost(run.instructionHost, root)
            try writeInterleave(run.interleave, root)
            try writeBenchmarks(run, root)
            try writeSummary(run, root)
            if let tensors = run.tensors { try writeTensors(tensors, root) }
            let image = try root.fileImage()
            try root.handle.close()
            return image
        } catch {
            try? root.handle.close()
            throw error
        }
    }

    /// Reads a file written by `write(_:to:)`.
    /// - Throws: `ReportFileError` for a missing, unreadable (truncated, corrupt, not HDF5) file,
    ///   another schema version, or a layout that is not nnbench's.
    public static func read(path: String) throws -> RunResult {
        silenceHDF5Errors()
        defer { clearHDF5Errors() }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ReportFileError(path: path, kind: .missing, reason: "no such file")
        }
        let root: H5Object
        do { root = try H5Object.openFile(path) } catch {
            throw ReportFileError(path: path, kind: .unreadable, reason: error.description)
        }
        defer { try? root.handle.close() }
        do {
            guard try root.hasAttribute("schema_version") else {
                throw ReportFileError(path: path, kind: .malformed,
                                      reason: "not an nnbench result file (no root attribute schema_version)")
            }
            let version = try root.int("schema_version")
            if version == 1 {
                throw ReportFileError(path: path, kind: .schemaVersion(found: 1, supported: resultSchemaVersion),
                                      reason: "schema version 1 is no longer read; re-run it with this nnbench (schema \(resultSchemaVersion))")
            }
            guard version == resultSchemaVersion else {
                let reason = version < resultSchemaVersion
                    ? "schema version \(version) is no longer read; re-run it with this nnbench (schema \(resultSchemaVersion))"
                    : "schema version \(version) is not supported (this nnbench reads version \(resultSchemaVersion))"
                throw ReportFileError(path: path, kind: .schemaVersion(found: version, supported: resultSchemaVersion),
                                      reason: reason)
            }
            let peers = try isPeersRun(root)
            return RunResult(schemaVersion: version, environment: try readEnvironment(root, peers: peers),
                             settings: try readSettings(root), benchmarks: try readBenchmarks(root),
                             tensors: try root.has("tensors") ? try readTensors(root) : nil,
                             instructionHost: try readInstructionHost(root),
                             peers: peers ? try readPeersRoot(root) : nil,
                             interleave: try readInterleave(root))
        } catch let e as H5Failure {
            throw ReportFileError(path: path, kind: .malformed, reason: "damaged or not an nnbench result: \(e)")
        }
    }

    // MARK: - Root: environment, settings, workload hashes

    static func writeRoot(_ run: RunResult, schemaVersion: Int, _ root: H5Object) throws(H5Failure) {
        let e = run.environment, s = run.settings
        try root.setAttribute("schema_version", schemaVersion)
        try root.setAttribute("nnbench_version", e.nnbenchVersion)
        try root.setAttribute("commit", e.commit)
        try root.setAttribute("dirty", e.dirty)
        try root.setAttribute("date", e.date)
        try root.setAttribute("host", e.host)
        try root.setAttribute("cpu_model", e.cpuModel)
        try root.setAttribute("cores", e.cores)
        try root.setAttribute("os", e.os)
        try root.setAttribute("build_configuration", e.buildConfiguration)
        if let peers = run.peers {
            // No Swift or OpenBLAS code is timed in a peers run.
            try writePeersRoot(peers, root)
        } else {
            try root.setAttribute("swift_version", e.swiftVersion)
            try root.setAttribute("openblas_config", e.openblasConfig)
            try root.setAttribute("openblas_core_name", e.openblasCoreName)
            try root.setAttribute("openblas_threads", e.openblasThreads)
            try root.setAttribute("openblas_num_threads_env", e.openblasNumThreadsEnv)
            try root.setAttribute("openblas_coretype_env", e.openblasCoretypeEnv)
            try root.setAttribute("openblas_core_detected", e.openblasCoreDetected)
            try root.setAttribute("openblas_core_choice", e.openblasCoreChoice)
            try root.setAttribute("kernel_isa", e.kernelISA)
        }
        try root.setAttribute("sgemm_peak_gflops", e.sgemmPeakGflops)
        if !e.sgemmPeakWorkers.isEmpty { try root.writeSeries("sgemm_peak_workers_gflops", e.sgemmPeakWorkers) }
        try root.setAttribute("settings_profile", s.profile)
        try root.setAttribute("settings_warmup_max_steps", s.warmupMaxSteps)
        try root.setAttribute("settings_warmup_max_seconds", s.warmupMaxSeconds)
        try root.setAttribute("settings_min_sample_seconds", s.minSampleSeconds)
        try root.setAttribute("settings_samples", s.samples)
        try root.setAttribute("settings_seed", s.seed)
        try root.setAttribute("workers", s.workers)
        try root.setAttribute("threads", s.threads)
        try root.setAttribute("openblas_affinity", e.openblasAffinity)
        let workloads = try root.group("workloads", create: true)
        for (name, hash) in e.workloadHashes.sorted(by: { $0.key < $1.key }) {
            try workloads.setAttribute(name, hash)
        }
    }

    /// The environment; a peers run (`peers`) has no Swift and OpenBLAS fields: they read as
    /// empty (threads 0).
    static func readEnvironment(_ root: H5Object, peers: Bool = false) throws(H5Failure) -> Environment {
        var hashes: [String: String] = [:]
        let workloads = try root.group("workloads")
        for name in try workloads.attributeNames() { hashes[name] = try workloads.string(name) }
        if peers {
            return Environment(
                nnbenchVersion: try root.string("nnbench_version"), commit: try root.string("commit"),
                dirty: try root.bool("dirty"), date: try root.string("date"), host: try root.string("host"),
                cpuModel: try root.string("cpu_model"), cores: try root.int("cores"), os: try root.string("os"),
                swiftVersion: "", buildConfiguration: try root.string("build_configuration"), openblasConfig: "",
                openblasCoreName: "", openblasThreads: 0, openblasNumThreadsEnv: "", openblasCoretypeEnv: "",
                sgemmPeakGflops: try root.double("sgemm_peak_gflops"), workloadHashes: hashes)
        }
        var e = Environment(
            nnbenchVersion: try root.string("nnbench_version"), commit: try root.string("commit"),
            dirty: try root.bool("dirty"), date: try root.string("date"), host: try root.string("host"),
            cpuModel: try root.string("cpu_model"), cores: try root.int("cores"), os: try root.string("os"),
            swiftVersion: try root.string("swift_version"),
            buildConfiguration: try root.string("build_configuration"),
            openblasConfig: try root.string("openblas_config"),
            openblasCoreName: try root.string("openblas_core_name"),
            openblasThreads: try root.int("openblas_threads"),
            openblasNumThreadsEnv: try root.string("openblas_num_threads_env"),
            openblasCoretypeEnv: try root.string("openblas_coretype_env"),
            sgemmPeakGflops: try root.double("sgemm_peak_gflops"), workloadHashes: hashes)
        // Added within schema 2 (issue 11): absent in the first schema-2 files.
        if try root.hasAttribute("openblas_affinity") { e.openblasAffinity = try root.string("openblas_affinity") }
        if try root.hasAttribute("kernel_isa") { e.kernelISA = try root.string("kernel_isa") }
        if try root.has("sgemm_peak_workers_gflops") {
            e.sgemmPeakWorkers = try root.dataset("sgemm_peak_workers_gflops").readSeries()
        }
        if try root.hasAttribute("openblas_core_detected") {
            e.openblasCoreDetected = try root.string("openblas_core_detected")
            e.openblasCoreChoice = try root.string("openblas_core_choice")
        } else {
            e.openblasCoreDetected = e.openblasCoreName
        }
        return e
    }

    static func readSettings(_ root: H5Object) throws(H5Failure) -> MeasurementSettings {
        var s = MeasurementSettings(
            profile: try root.string("settings_profile"), warmupMaxSteps: try root.int("settings_warmup_max_steps"),
            warmupMaxSeconds: try root.double("settings_warmup_max_seconds"),
            minSampleSeconds: try root.double("settings_min_sample_seconds"),
            samples: try root.int("settings_samples"), seed: try root.uint64("settings_seed"))
        // Added within schema 2 (issue 11): a file without them was measured in one process.
        s.workers = try root.hasAttribute("workers") ? try root.int("workers") : 1
        s.threads = try root.hasAttribute("threads") ? try root.int("threads") : try root.int("openblas_threads")
        return s
    }

    /// A group name taken from a result field must be one path component.
    static func checkComponent(_ name: String, _ field: String) throws(H5Failure) {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else {
            throw H5Failure("\(field) '\(name)' cannot name an HDF5 group (empty, '.', '..' or contains '/')")
        }
    }
}
