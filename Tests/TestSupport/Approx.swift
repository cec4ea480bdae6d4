// MARK: - Approximate equality with a useful failure message

/// The outcome of comparing computed values with expected ones, element by element.
///
/// An element passes when `|actual − expected| ≤ atol + rtol · |expected|` (NumPy's `isclose`).
/// The description names the first failing element, so a test's failure message says where and
/// by how much, not just "false".
public struct Closeness: CustomStringConvertible, Sendable {
    /// The first element that failed, if any.
    public struct Mismatch: Sendable {
        public let index: Int
        public let actual: Double
        public let expected: Double
    }

    public let count: Int
    public let relativeTolerance: Double
    public let absoluteTolerance: Double
    /// nil when the sizes differ or every element is close.
    public let firstMismatch: Mismatch?
    /// How many elements failed.
    public let mismatches: Int
    /// The largest |actual − expected| over all elements (NaN if any element is NaN).
    public let maxAbsoluteError: Double
    /// The sizes, when they differ.
    public let sizeMismatch: (actual: Int, expected: Int)?

    /// True when the sizes agree and every element is close.
    public var isClose: Bool { sizeMismatch == nil && mismatches == 0 }

    public var description: String {
        if let s = sizeMismatch { return "size mismatch: \(s.actual) values, expected \(s.expected)" }
        guard let m = firstMismatch else {
            return "all \(count) values close (max abs error \(maxAbsoluteError))"
        }
        return "\(mismatches) of \(count) values differ; first at [\(m.index)]: \(m.actual) vs expected "
            + "\(m.expected) (|diff| \(abs(m.actual - m.expected)), rtol \(relativeTolerance), "
            + "atol \(absoluteTolerance)); max abs error \(maxAbsoluteError)"
    }
}

/// Compares `actual` with `expected` element by element (see `Closeness`).
/// NaN never compares close, not even to NaN; infinities are close only to themselves.
public func closeness(_ actual: [Double], _ expected: [Double],
                      rtol: Double = 1e-5, atol: Double = 1e-6) -> Closeness {
    guard actual.count == expected.count else {
        return Closeness(count: actual.count, relativeTolerance: rtol, absoluteTolerance: atol,
                         firstMismatch: nil, mismatches: 0, maxAbsoluteError: .nan,
                         sizeMismatch: (actual.count, expected.count))
    }
    var first: Closeness.Mismatch?
    var bad = 0
    var maxError = 0.0
    for i in actual.indices {
        let a = actual[i], e = expected[i]
        let ok: Bool
        if a.isInfinite || e.isInfinite {
            ok = a == e
        } else {
            let d = abs(a - e)
            maxError = d.isNaN ? .nan : (maxError.isNaN ? maxError : Swift.max(maxError, d))
            ok = d <= atol + rtol * abs(e)   // false for NaN
        }
        if !ok {
            bad += 1
            if first == nil { first = Closeness.Mismatch(index: i, actual: a, expected: e) }
        }
    }
    return Closeness(count: actual.count, relativeTolerance: rtol, absoluteTolerance: atol,
                     firstMismatch: first, mismatches: bad, maxAbsoluteError: maxError, sizeMismatch: nil)
}

/// Float results against a Double reference.
public func closeness(_ actual: [Float], _ expected: [Double],
                      rtol: Double = 1e-5, atol: Double = 1e-6) -> Closeness {
    closeness(actual.map(Double.init), expected, rtol: rtol, atol: atol)
}

/// Float results against Float expectations.
public func closeness(_ actual: [Float], _ expected: [Float],
                      rtol: Double = 1e-5, atol: Double = 1e-6) -> Closeness {
    closeness(actual.map(Double.init), expected.map(Double.init), rtol: rtol, atol: atol)
}

/// One scalar against another.
public func closeness(_ actual: Double, _ expected: Double,
                      rtol: Double = 1e-5, atol: Double = 1e-6) -> Closeness {
    closeness([actual], [expected], rtol: rtol, atol: atol)
}
