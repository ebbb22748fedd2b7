import BigInt

/// An exact rational number.
///
/// Totals decide who gets public money, so no binary floating point is used
/// anywhere between the panel file and the published figure. Values are kept
/// reduced, with a positive denominator; small values stay in 64-bit integers
/// (fast), and any operation that would overflow moves to arbitrary precision
/// instead of trapping or losing digits.
public struct Exact: Sendable, Hashable {
    enum Storage: Sendable, Hashable {
        case small(Int64, Int64)
        /// Boxed so that an `Exact` stays three words wide: the common small
        /// case is then cheap to copy and to store by the hundred thousand.
        case big(BigParts)
    }

    final class BigParts: Sendable, Hashable {
        let numerator: BigInt
        let denominator: BigInt

        init(_ numerator: BigInt, _ denominator: BigInt) {
            self.numerator = numerator
            self.denominator = denominator
        }

        static func == (a: BigParts, b: BigParts) -> Bool {
            a.numerator == b.numerator && a.denominator == b.denominator
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(numerator)
            hasher.combine(denominator)
        }
    }

    let storage: Storage

    public static let zero = Exact(0)
    public static let one = Exact(1)

    public init(_ value: Int) {
        storage = .small(Int64(value), 1)
    }

    /// `numerator / denominator`; the denominator must not be zero.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Exact: zero denominator")
        self = Exact.make(Int64(numerator), Int64(denominator))
    }

    init(storage: Storage) { self.storage = storage }

    /// Builds a reduced value from 64-bit parts, falling back to big integers
    /// for the one case (Int64.min) whose negation overflows.
    static func make(_ n: Int64, _ d: Int64) -> Exact {
        if d == 1, n != .min { return Exact(storage: .small(n, 1)) } // whole numbers, most sums of scores
        if n == .min || d == .min { return makeBig(BigInt(n), BigInt(d)) }
        var n = n, d = d
        if d < 0 { n = -n; d = -d }
        let g = gcd64(n.magnitude, d.magnitude)
        if g > 1 { n /= Int64(g); d /= Int64(g) }
        return Exact(storage: .small(n, d))
    }

    /// Builds a reduced value from big parts, returning to 64 bits when it fits.
    static func makeBig(_ n: BigInt, _ d: BigInt) -> Exact {
        precondition(!d.isZero, "Exact: zero denominator")
        var n = n, d = d
        if d.sign == .minus { n.negate(); d.negate() }
        let g = BigInt(n.magnitude.greatestCommonDivisor(with: d.magnitude))
        if g > 1 { n /= g; d /= g }
        if let sn = Int64(exactly: n), let sd = Int64(exactly: d), sn != .min {
            return Exact(storage: .small(sn, sd))
        }
        return Exact(storage: .big(BigParts(n, d)))
    }

    var bigParts: (BigInt, BigInt) {
        switch storage {
        case let .small(n, d): return (BigInt(n), BigInt(d))
        case let .big(parts): return (parts.numerator, parts.denominator)
        }
    }

    public var numerator: BigInt { bigParts.0 }
    public var denominator: BigInt { bigParts.1 }

    public var isZero: Bool {
        if case let .small(n, _) = storage { return n == 0 }
        return false
    }

    public var isNegative: Bool {
        switch storage {
        case let .small(n, _): return n < 0
        case let .big(parts): return parts.numerator.sign == .minus
        }
    }

    public var isInteger: Bool {
        switch storage {
        case let .small(_, d): return d == 1
        case let .big(parts): return parts.denominator == 1
        }
    }
}

@inline(__always)
func gcd64(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var a = a, b = b
    while b != 0 { (a, b) = (b, a % b) }
    return a
}

// MARK: - Arithmetic

extension Exact: AdditiveArithmetic, Comparable {
    public static func + (lhs: Exact, rhs: Exact) -> Exact {
        if case let .small(a, b) = lhs.storage, case let .small(c, d) = rhs.storage {
            if b == d {
                let (s, o) = a.addingReportingOverflow(c)
                if !o { return make(s, b) }
            } else {
                let g = Int64(gcd64(b.magnitude, d.magnitude))
                let (left, o1) = a.multipliedReportingOverflow(by: d / g)
                let (right, o2) = c.multipliedReportingOverflow(by: b / g)
                let (den, o3) = b.multipliedReportingOverflow(by: d / g)
                if !o1, !o2, !o3 {
                    let (s, o4) = left.addingReportingOverflow(right)
                    if !o4 { return make(s, den) }
                }
            }
        }
        let (a, b) = lhs.bigParts, (c, d) = rhs.bigParts
        return makeBig(a * d + c * b, b * d)
    }

    public static func - (lhs: Exact, rhs: Exact) -> Exact { lhs + (-rhs) }

    public static prefix func - (value: Exact) -> Exact {
        switch value.storage {
        case let .small(n, d) where n != .min: return Exact(storage: .small(-n, d))
        default:
            let (n, d) = value.bigParts
            return makeBig(-n, d)
        }
    }

    public static func * (lhs: Exact, rhs: Exact) -> Exact {
        if case let .small(a, b) = lhs.storage, case let .small(c, d) = rhs.storage {
            // Cross-reduce first so intermediate products stay small.
            let g1 = Int64(max(1, gcd64(a.magnitude, d.magnitude)))
            let g2 = Int64(max(1, gcd64(c.magnitude, b.magnitude)))
            let (n, o1) = (a / g1).multipliedReportingOverflow(by: c / g2)
            let (m, o2) = (b / g2).multipliedReportingOverflow(by: d / g1)
            if !o1, !o2 { return make(n, m) }
        }
        let (a, b) = lhs.bigParts, (c, d) = rhs.bigParts
        return makeBig(a * c, b * d)
    }

    public static func / (lhs: Exact, rhs: Exact) -> Exact {
        precondition(!rhs.isZero, "Exact: division by zero")
        return lhs * rhs.reciprocal
    }

    public var reciprocal: Exact {
        switch storage {
        case let .small(n, d): return Exact.make(d, n)
        case let .big(parts): return Exact.makeBig(parts.denominator, parts.numerator)
        }
    }

    public static func += (lhs: inout Exact, rhs: Exact) { lhs = lhs + rhs }
    public static func -= (lhs: inout Exact, rhs: Exact) { lhs = lhs - rhs }
    public static func *= (lhs: inout Exact, rhs: Exact) { lhs = lhs * rhs }

    public static func < (lhs: Exact, rhs: Exact) -> Bool {
        if case let .small(a, b) = lhs.storage, case let .small(c, d) = rhs.storage {
            if b == d { return a < c }
            let (x, o1) = a.multipliedReportingOverflow(by: d)
            let (y, o2) = c.multipliedReportingOverflow(by: b)
            if !o1, !o2 { return x < y }
        }
        let (a, b) = lhs.bigParts, (c, d) = rhs.bigParts
        return a * d < c * b
    }

    public var magnitude: Exact { isNegative ? -self : self }

    public static func sum<S: Sequence>(_ values: S) -> Exact where S.Element == Exact {
        values.reduce(.zero, +)
    }
}

extension Exact: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}
