// MARK: - What the stream runner needs of a recurrent model

/// A model over batch-first sequences [B, T, F] that can treat all-zero steps as padding: the
/// stream runner (claim C7) takes any such model, retracing it per length or padding batches.
public protocol RecurrentModel: Model {
    /// The same network, masking padded (all-zero) steps or not; parameters are identical, and
    /// a batch padded with zero steps gives the same logits as the unpadded batch when on.
    func masking(_ on: Bool) -> Self
}

extension RNN: RecurrentModel {}
