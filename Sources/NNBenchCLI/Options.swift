import ArgumentParser
import Foundation
import NNMeasure
import NNResults
import NNWorkloads
import NNGraph
import NNVocabulary

/// Where workload files live (shared by run, list and graph).
struct WorkloadOptions: ParsableArguments {
    @Option(name: .customLong("workloads"), help: "The directory of workload files.")
    var directory: String = "Workloads"

    /// Loads the named workloads, or all of them when `names` is empty.
    func load(_ names: [String]) throws -> [WorkloadSpec] {
        if names.isEmpty { return try WorkloadLoader.loadAll(directory: directory) }
        return try names.map { name in
            let path = name.hasSuffix(".yaml") ? name : "\(directory)/\(name).yaml"
            return try WorkloadLoader.load(path: path)
        }
    }
}

extension Mode: ExpressibleByArgument {}
