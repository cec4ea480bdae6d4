// MARK: - How much memory a benchmark needs, before building it

/// A conservative estimate of the bytes one benchmark needs, computed in Double so absurd
/// sizes cannot overflow. Used to refuse workloads that cannot fit on the machine.
enum MemoryEstimate {
    /// Parameters (three copies: values, gradients, the initial copy per mode) plus activations
    /// (four live copies per element: forward outputs, their gradients, and room for each mode),
    /// from the element counts the model kind reports (`ModelKind.footprint`).
    static func bytes(_ model: ModelSpec, batch: Int, sequenceLength: Int) -> Double {
        let f = model.spec.footprint(batch: batch, sequenceLength: sequenceLength)
        return 4 * (3 * f.parameters + 4 * f.activations)
    }
}
