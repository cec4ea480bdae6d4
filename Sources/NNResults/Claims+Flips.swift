import NNVocabulary

// MARK: - Where a claim's verdict changes with size

/// A claim whose decisive verdict changes between two sizes of one workload.
public struct ClaimFlip: Sendable, Equatable {
    public var claim: String
    public var workload: String
    public var from: (label: String, verdict: Verdict)
    public var to: (label: String, verdict: Verdict)

    /// `C1 mlp: supported at b1, refuted at b256`.
    public var description: String {
        "\(claim) \(workload): \(from.verdict.rawValue) at \(sizeLabel(from.label)), \(to.verdict.rawValue) at \(sizeLabel(to.label))"
    }

    public static func == (a: ClaimFlip, b: ClaimFlip) -> Bool {
        a.claim == b.claim && a.workload == b.workload && a.from.label == b.from.label
            && a.from.verdict == b.from.verdict && a.to.label == b.to.label && a.to.verdict == b.to.verdict
    }

    private func sizeLabel(_ l: String) -> String {
        l.hasPrefix(workload + "/") ? String(l.dropFirst(workload.count + 1)) : l
    }
}

extension Claims {
    /// For each claim, workload and scenario, the places where a decisive verdict (supported,
    /// negligible, refuted) turns into another as the batch size (then the sequence length)
    /// grows. Inconclusive sizes are skipped: a flip is reported between the two nearest
    /// decisive sizes.
    public static func flips(_ findings: [ClaimFinding]) -> [ClaimFlip] {
        var keys: [String] = []
        var byKey: [String: [ClaimFinding]] = [:]
        for f in findings {
            let k = "\(f.claim)\u{1}\(f.framework)\u{1}\(f.variant)\u{1}\(f.workload)\u{1}\(f.task)\u{1}\(f.scenario)"
            if byKey[k] == nil { keys.append(k) }
            byKey[k, default: []].append(f)
        }
        var out: [ClaimFlip] = []
        for k in keys {
            let decisive = (byKey[k] ?? [])
                .filter { $0.verdict != .inconclusive }
                .sorted { ($0.batch, $0.sequenceLength) < ($1.batch, $1.sequenceLength) }
            for (a, b) in zip(decisive, decisive.dropFirst()) where a.verdict != b.verdict {
                out.append(ClaimFlip(claim: a.claim, workload: a.workload,
                                     from: (a.label, a.verdict), to: (b.label, b.verdict)))
            }
        }
        return out
    }
}
