import ArgumentParser
import NNMeasure
import NNResults
import NNWorkloads
import NNGraph
import NNVocabulary

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the workloads and the modes nnbench can run.")

    @OptionGroup var workloadOptions: WorkloadOptions

    func run() throws {
        let specs: [WorkloadSpec]
        do { specs = try workloadOptions.load([]) } catch { throw fail(error) }
        print("modes: " + Mode.allCases.map(\.rawValue).joined(separator: ", "))
        print("")
        print("| workload | task | model | batch sizes | modes | status |")
        print("|---|---|---|---|---|---|")
        for s in specs {
            let status: String
            let model: String
            do {
                model = try s.model.makeModel().summary
                status = "ready"
            } catch {
                model = s.model.kind
                status = "\(error)"
            }
            let batches = s.batchSizes.map(String.init).joined(separator: ", ")
            let modes = s.modes.map(\.rawValue).joined(separator: ", ")
            print("| \(s.name) | \(s.task.rawValue) | \(model) | \(batches) | \(modes) | \(status) |")
        }
    }
}
