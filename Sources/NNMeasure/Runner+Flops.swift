import NNGraph
import NNKernel
import NNModels
import NNResults
import NNVocabulary

// MARK: - FLOPs: once per benchmark, from the unfused maths

extension Runner {
    /// FLOPs of the step as written (the unfused maths): counted on untimed eager steps over
    /// `batches` (summed), from copies of `initial` so nothing measured is touched.
    ///
    /// Every mode of a benchmark reports this one number, so GFLOP/s and % of peak compare the
    /// same work: a fused kernel's cheaper formula (softmax + cross-entropy + gradient in one
    /// pass, the ReLU gradient with its column sum, the GEMM that writes the SGD update) and a
    /// padded strategy's extra time steps do not change it.
    static func unfusedFlops(_ model: any Model, _ kind: StepKind, _ initial: [Tensor],
                             _ batches: [(x: Tensor, labels: Tensor)]) -> Double {
        let session = Session(model: model, mode: .eager, kind: kind, parameters: initial.map { $0.copy() },
                              verifyPasses: false)
        KernelCounters.reset()
        for b in batches { session.step(x: b.x, labels: b.labels) }
        return Double(KernelCounters.flops)
    }

    /// Counter keys for the node count after each pass instance, in pipeline order:
    /// `nodes_01_dce`, `nodes_02_cse`, … (a pass that runs twice appears twice).
    static func passNodeCounters(_ r: CompileReport) -> [Counter: Double] {
        var out: [Counter: Double] = [:]
        for (i, s) in r.nodeCounts.dropFirst().enumerated() { out[.nodes(pass: i + 1, s.stage)] = Double(s.nodes) }
        return out
    }
}
