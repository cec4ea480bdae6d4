import Foundation
import NNMeasure
import NNResults
import NNGraph
import NNModels
import NNReport
import Testing
import TestSupport
import NNVocabulary

// MARK: - Other tools read the file: h5dump and h5py/pandas (skipped when not installed, but
// scripts/test requires h5py: see `Tools.h5pyRequired`)

/// Runs external tools for the interop tests.
enum Tools {
    /// Runs `arguments` through `/usr/bin/env` (so PATH is searched); nil when it cannot start.
    static func run(_ arguments: [String]) -> (status: Int32, output: String)? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let hasH5dump = run(["h5dump", "--version"])?.status == 0
    /// The Python that reads the files: `NNBENCH_PYTHON` (scripts/test sets the peers' virtual
    /// environment, which has h5py and NumPy), else `python3` on PATH.
    static let python = ProcessInfo.processInfo.environment["NNBENCH_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
    /// `NNBENCH_REQUIRE_H5PY=1` (scripts/test, CI): the h5py tests run, and fail without h5py,
    /// instead of being skipped.
    static let h5pyRequired = ProcessInfo.processInfo.environment["NNBENCH_REQUIRE_H5PY"] == "1"
    static let hasH5py = h5pyRequired || run([python, "-c", "import h5py"])?.status == 0
    static let hasPandas = run([python, "-c", "import h5py, pandas"])?.status == 0
}

@Suite("HDF5 interop")
final class HDF5InteropTests {
    /// A scratch directory per test, removed when the test ends.
    let dir: String

    init() throws { dir = try scratchDirectory("hdf5") }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @Test("h5dump parses the whole file", .enabled(if: Tools.hasH5dump))
    func h5dump() throws {
        let path = dir + "/run.h5"
        try HDF5Store.write(Fixtures.run(tensors: [Fixtures.tensors()]), to: path)
        let result = try #require(Tools.run(["h5dump", path]))
        #expect(result.status == 0)
        #expect(result.output.contains("GROUP \"b32\""))
        #expect(result.output.contains("GROUP \"b16_t50\""))
        #expect(result.output.contains("DATASET \"samples_ns\""))
        #expect(result.output.contains("DATASET \"/summary\"") || result.output.contains("DATASET \"summary\""))
        #expect(result.output.contains("ATTRIBUTE \"allocations_per_step\""))
        #expect(result.output.contains("ATTRIBUTE \"phase_first_step\""))
        #expect(!result.output.contains("h5dump error"))
    }

    /// Reads the file with h5py alone and prints what it found as JSON.
    static let h5pyScript = """
        import h5py, json, sys, numpy as np
        def num(v):
            v = float(v)
            return None if v != v else v
        f = h5py.File(sys.argv[1], "r")
        s = f["summary"][()]
        rows = []
        for r in s:
            g = f["benchmarks/%s/%s/b%d%s" % (r["workload"].decode(), r["mode"].decode(), r["batch"],
                  "_t%d" % r["sequence_length"] if r["sequence_length"] > 0 else "")]
            x = g["samples_ns"][()]
            rows.append({"workload": r["workload"].decode(), "mode": r["mode"].decode(),
                         "median_ns": float(r["median_ns"]), "numpy_median": float(np.median(x)),
                         "min_ns": float(r["min_ns"]), "numpy_min": float(np.min(x)),
                         "ci_low_ns": float(r["ci_low_ns"]), "ci_high_ns": float(r["ci_high_ns"]),
                         "samples_per_s": float(r["samples_per_s"]),
                         "allocations_per_step": num(r["allocations_per_step"]),
                         "group_allocations": num(g.attrs.get("allocations_per_step", float("nan")))})
        t = f["tensors/mlp/b2"]
        print(json.dumps({"host": f.attrs["host"].decode(), "schema_version": int(f.attrs["schema_version"]),
                          "hash": f["workloads"].attrs["mlp"].decode(), "rows": rows,
                          "weight": t["parameters/dense0.weight"][()].tolist(),
                          "losses": t["losses/fused"][()].tolist()}))
        """

    @Test("h5py reads the summary table, groups, attributes and tensors", .enabled(if: Tools.hasH5py))
    func h5py() throws {
        let run = Fixtures.run(tensors: [Fixtures.tensors()])
        let path = dir + "/run.h5"
        try HDF5Store.write(run, to: path)
        let result = try #require(Tools.run([Tools.python, "-c", Self.h5pyScript, path]))
        try #require(result.status == 0, "\(result.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json["host"] as? String == "höst-名前-🚀")
        #expect(json["schema_version"] as? Int == resultSchemaVersion)
        #expect(json["hash"] as? String == run.environment.workloadHashes["mlp"])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == run.benchmarks.count)
        for (row, b) in zip(rows, run.benchmarks) {
            #expect(row["workload"] as? String == b.workload)
            #expect(row["mode"] as? String == b.mode.rawValue)
            let median = try #require(row["median_ns"] as? Double)
            // NumPy's median of the raw samples, computed outside nnbench, is the table's median.
            #expect(median == row["numpy_median"] as? Double)
            #expect(row["min_ns"] as? Double == row["numpy_min"] as? Double)
            let low = try #require(row["ci_low_ns"] as? Double), high = try #require(row["ci_high_ns"] as? Double)
            #expect(low <= median && median <= high)
            let summary = Summary(b, in: run.environment)
            #expect(low == summary.median.low && high == summary.median.high, "the file's interval is the Markdown report's")
            if b.task != .stream {
                #expect(abs(try #require(row["samples_per_s"] as? Double) - Double(b.batch) * 1e9 / median) <= 1e-9 * Double(b.batch) * 1e9 / median)
            }
            if let allocations = b.counters[.allocationsPerStep] {
                #expect((row["allocations_per_step"] as? NSNumber)?.intValue == Int(allocations))
                #expect(row["group_allocations"] as? Double == allocations)
            }
        }
        #expect(json["weight"] as? [[Double]] == [[0.5, -0.25], [Double(Float(1e-7)), 3], [0, 7]])
        #expect(json["losses"] as? [Double] == [0.7, 0.59])
    }

    /// An independent float64 NumPy MLP: forward, mean softmax cross-entropy, backward, SGD,
    /// from the saved tensors alone, step k on batch (k − 1) mod n of the saved cycle (`x`, then
    /// `batches/1…`); prints the largest relative loss difference per mode.
    static let numpyScript = """
        import h5py, numpy as np, sys
        t = h5py.File(sys.argv[1], "r")[sys.argv[2]]
        P = [v[()].astype(np.float64) for _, v in sorted(t["parameters"].items(), key=lambda kv: kv[1].attrs["index"])]
        cycle = [(t["x"][()], t["labels"][()])] + [(t["batches/%d/x" % i][()], t["batches/%d/labels" % i][()])
                 for i in range(1, len(t["batches"]) + 1)] if "batches" in t else [(t["x"][()], t["labels"][()])]
        lr = t.attrs["learning_rate"]
        n = len(P) // 2; losses = []
        for k in range(len(t["losses/eager"])):
            x = cycle[k % len(cycle)][0].astype(np.float64); y = cycle[k % len(cycle)][1].astype(int)
            hs = [x]
            for i in range(n):
                z = hs[-1] @ P[2 * i] + P[2 * i + 1]
                hs.append(np.maximum(z, 0) if i < n - 1 else z)
            e = np.exp(hs[-1] - hs[-1].max(1, keepdims=True)); s = e / e.sum(1, keepdims=True)
            losses.append(-np.log(s[np.arange(len(y)), y]).mean())
            g = s.copy(); g[np.arange(len(y)), y] -= 1; g /= len(y); grads = [None] * len(P)
            for i in reversed(range(n)):
                grads[2 * i] = hs[i].T @ g; grads[2 * i + 1] = g.sum(0)
                if i > 0: g = (g @ P[2 * i].T) * (hs[i] > 0)
            P = [p - lr * d for p, d in zip(P, grads)]
        for m in sorted(t["losses"]):
            print(m, float(np.max(np.abs(t["losses/" + m][()] - losses) / np.abs(losses))))
        """

    @Test("NumPy recomputes every mode's saved losses from the file alone", .enabled(if: Tools.hasH5py))
    func numpyRecheck() throws {
        let c = BenchmarkCase(workload: "tiny", task: .train, model: MLP(sizes: [12, 16, 8, 4], activation: .relu),
                              kind: .training(learningRate: 0.1), batch: 8, modes: Mode.allCases, seed: 5)
        var run = Fixtures.run(tensors: [SavedTensors.collect(c)])
        run.benchmarks = []
        let path = dir + "/tensors.h5"
        try HDF5Store.write(run, to: path)
        let result = try #require(Tools.run([Tools.python, "-c", Self.numpyScript, path, "tensors/tiny/b8"]))
        try #require(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map { $0.split(separator: " ") }
        #expect(lines.map { String($0[0]) } == ["eager", "fused", "static"])
        for line in lines {
            // float32 steps against a float64 reference: agreement to float32 rounding, well below 1e-5.
            let difference = try #require(Double(String(line[1])))
            #expect(difference < 1e-5, "\(line[0])")
        }
    }

    @Test("pandas loads the summary table in one call", .enabled(if: Tools.hasPandas))
    func pandas() throws {
        let path = dir + "/run.h5"
        try HDF5Store.write(Fixtures.run(), to: path)
        let script = """
            import h5py, pandas as pd, sys
            df = pd.DataFrame(h5py.File(sys.argv[1], "r")["summary"][()])
            print(len(df), list(df.columns)[:5])
            """
        let result = try #require(Tools.run([Tools.python, "-c", script, path]))
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("4 ['name', 'workload', 'mode', 'task', 'batch']"))
    }
}
