// MARK: - Central finite differences: the gradient checker every test target shares

/// Numerical gradients by central differences and a check of analytic gradients against them.
///
/// The function under test takes a list of input arrays (one per op input) and returns a
/// scalar. Only the inputs listed in `wrt` are perturbed (data inputs such as labels are not).
public enum FiniteDifference {
    /// ∂f/∂values[i][j] ≈ (f(v + ε·e_ij) − f(v − ε·e_ij)) / 2ε for every input i in `wrt`
    /// (in that order) and every element j. Computed in Float, like the function.
    ///
    /// Error: O(ε²) truncation plus about (Float rounding of f) / ε; with Float32 forward passes
    /// ε = 1e-2 balances the two for values of order one.
    public static func gradient(of f: ([[Float]]) -> Float, at values: [[Float]], wrt: [Int],
                                epsilon eps: Float = 1e-2) -> [[Float]] {
        wrt.map { i in
            values[i].indices.map { j in
                var plus = values, minus = values
                plus[i][j] += eps
                minus[i][j] -= eps
                return (f(plus) - f(minus)) / (2 * eps)
            }
        }
    }

    /// One element whose analytic gradient disagrees with the numerical one.
    public struct Mismatch: Sendable, CustomStringConvertible {
        /// The index of the input (in the function's input list) and of the element in it.
        public let input: Int
        public let element: Int
        public let analytic: Float
        public let numeric: Float
        public var description: String {
            "input \(input) element \(element): analytic \(analytic) vs numeric \(numeric)"
        }
    }

    /// The outcome of a gradient check: every element compared, the failures listed.
    public struct Report: Sendable, CustomStringConvertible {
        public let checked: Int
        public let mismatches: [Mismatch]
        public var passed: Bool { mismatches.isEmpty && checked > 0 }
        public var description: String {
            if checked == 0 { return "no gradient elements were checked" }
            if mismatches.isEmpty { return "all \(checked) gradient elements match finite differences" }
            let shown = mismatches.prefix(5).map(\.description).joined(separator: "; ")
            return "\(mismatches.count) of \(checked) gradient elements differ: \(shown)"
        }
    }

    /// Compares analytic gradients (one array per input in `wrt`, same order) with numerical
    /// ones. An element passes when |analytic − numeric| ≤ tolerance · max(1, |numeric|):
    /// relative for large gradients, absolute below one.
    public static func compare(analytic: [[Float]], numeric: [[Float]], wrt: [Int],
                               tolerance: Float = 2e-2) -> Report {
        precondition(analytic.count == wrt.count && numeric.count == wrt.count,
                     "FiniteDifference.compare: need one gradient per checked input")
        var checked = 0
        var bad: [Mismatch] = []
        for (g, i) in wrt.enumerated() {
            precondition(analytic[g].count == numeric[g].count,
                         "FiniteDifference.compare: input \(i) has \(analytic[g].count) analytic and \(numeric[g].count) numeric values")
            for j in numeric[g].indices {
                checked += 1
                let scale = max(1, abs(numeric[g][j]))
                if !(abs(analytic[g][j] - numeric[g][j]) <= tolerance * scale) {
                    bad.append(Mismatch(input: i, element: j, analytic: analytic[g][j], numeric: numeric[g][j]))
                }
            }
        }
        return Report(checked: checked, mismatches: bad)
    }

    /// Numerical gradients of `f` at `values` against `analytic`, in one call.
    public static func check(_ f: ([[Float]]) -> Float, at values: [[Float]], wrt: [Int],
                             analytic: [[Float]], epsilon: Float = 1e-2, tolerance: Float = 2e-2) -> Report {
        compare(analytic: analytic, numeric: gradient(of: f, at: values, wrt: wrt, epsilon: epsilon),
                wrt: wrt, tolerance: tolerance)
    }
}
