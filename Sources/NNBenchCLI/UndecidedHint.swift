import NNResults
import NNReport

/// What would decide an undecided change, in words.
enum UndecidedHint {
    /// `mlp/eager/train/b1 +12% [−3%, +30%]: 3 vs 3 workers; about 7 workers a side (--workers 7) would decide it`.
    static func text(_ t: TimingComparison) -> String {
        let head = "\(t.key) \(ComparisonReport.percent(t.change)) [\(ComparisonReport.percent(t.changeLow)), \(ComparisonReport.percent(t.changeHigh))]"
            + ": \(t.baseWorkers) vs \(t.headWorkers) worker\(t.headWorkers == 1 ? "" : "s")"
        if t.baseWorkers < 2 || t.headWorkers < 2 {
            return head + "; measure with at least 3 workers a side (--workers 3) to decide it"
        }
        if let n = t.workersToDecide { return head + "; about \(n) workers a side (--workers \(n)) would decide it" }
        return head + "; the workers disagree too much for any practical worker count: investigate the spread"
    }
}
