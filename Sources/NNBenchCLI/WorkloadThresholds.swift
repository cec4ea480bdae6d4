import Foundation
import NNWorkloads

// MARK: - Per-workload thresholds for compare, check and history

/// The one thing compare, check and history read from workload files: `measure.threshold`.
/// Kept apart so those subcommands' own files import only NNResults and NNReport (a run's
/// result does not record its thresholds; recording them would change the HDF5 schema).
enum WorkloadThresholds {
    /// Per-workload thresholds (`measure.threshold`) from the workload files of `directory`,
    /// for the workloads `names`; an absent directory gives none, a broken file a warning.
    static func read(directory: String, names: Set<String>) -> [String: Double] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else { return [:] }
        var out: [String: Double] = [:]
        for name in names.sorted() {
            let path = "\(directory)/\(name).yaml"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            do {
                if let t = try WorkloadLoader.load(path: path).measure.threshold { out[name] = t }
            } catch {
                warn("\(error) (its threshold is not used)")
            }
        }
        return out
    }
}
