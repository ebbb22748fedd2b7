import BigInt

/// Reading and publishing decimal figures.
extension Exact {
    /// Parses a decimal literal such as `12.5`, `-3`, `238000`, `1e-05` or
    /// `2.5E3` exactly. Returns nil for anything else (no `nan`, `inf`, hex,
    /// thousands separators or currency signs).
    public init?(decimal text: String) {
        var chars = Substring(text.trimmingCharacters(in: [" "]))
        var negative = false
        if let first = chars.first, first == "-" || first == "+" {
            negative = first == "-"
            chars = chars.dropFirst()
        }
        var mantissa = chars
        var exponent = 0
        if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = chars[..<e]
            var expText = chars[chars.index(after: e)...]
            var expNegative = false
            if let sign = expText.first, sign == "-" || sign == "+" {
                expNegative = sign == "-"
                expText = expText.dropFirst()
            }
            guard !expText.isEmpty, expText.count <= 4, expText.allSatisfy(\.isASCIIDigit),
                  let value = Int(expText) else { return nil }
            exponent = expNegative ? -value : value
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty),
              whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
              let digits = BigInt(String(whole + fraction)) else { return nil }
        let scale = exponent - fraction.count
        var n = negative ? -digits : digits
        var d = BigInt(1)
        if scale >= 0 { n *= BigInt(10).power(scale) } else { d = BigInt(10).power(-scale) }
        self = Exact.makeBig(n, d)
    }

    /// The common case of `init(decimal:)` without big integers: an optional
    /// `-`, at least one digit, and optionally a point and at least one more
    /// digit, within `TextLimits` (at most `wholeDigits` before the point,
    /// not counting leading zeros, and `decimals` after) and within 64 bits.
    /// Nil means "not this simple form", never "not a number": anything
    /// else (a `+`, spaces, an exponent, `.5`, a long number) is for
    /// `TextLimits.numberProblem` and `init(decimal:)`, which give the same
    /// value for everything this accepts.
    init?(simpleDecimal text: String) {
        var units: Int64 = 0
        var wholeDigits = 0, significantWholeDigits = 0, fractionDigits = 0
        var negative = false, inFraction = false, atStart = true
        for byte in text.utf8 {
            if atStart {
                atStart = false
                if byte == UInt8(ascii: "-") { negative = true; continue }
            }
            if byte == UInt8(ascii: ".") {
                guard !inFraction, wholeDigits > 0 else { return nil }
                inFraction = true
                continue
            }
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            if inFraction {
                fractionDigits += 1
            } else {
                wholeDigits += 1
                if significantWholeDigits > 0 || digit != 0 { significantWholeDigits += 1 }
            }
            let (shifted, o1) = units.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            units = sum
        }
        guard wholeDigits > 0, !inFraction || fractionDigits > 0, fractionDigits <= TextLimits.decimals,
              significantWholeDigits <= TextLimits.wholeDigits else { return nil }
        var denominator: Int64 = 1
        for _ in 0..<fractionDigits { denominator *= 10 }
        self = Exact.make(negative ? -units : units, denominator)
    }

    /// Rounds to `places` decimal places, half away from zero (SPEC §2).
    public func rounded(places: Int) -> Exact {
        precondition(places >= 0)
        if let (negative, units, scale) = smallRounded(places: places) {
            return Exact.make(negative ? -Int64(units) : Int64(units), scale)
        }
        let scale = BigInt(10).power(places)
        let (n, d) = bigParts
        let scaled = n.magnitude * scale.magnitude
        let (q, r) = scaled.quotientAndRemainder(dividingBy: d.magnitude)
        var units = q
        if r * 2 >= d.magnitude { units += 1 }
        let signed = n.sign == .minus ? -BigInt(units) : BigInt(units)
        return Exact.makeBig(signed, scale)
    }

    /// `rounded(places:)` in 64 bits, when the value and the result fit: the
    /// units of 10^-places, and whether the result is below zero. Nil sends
    /// the caller to big integers, which give the same figures.
    private func smallRounded(places: Int) -> (negative: Bool, units: UInt64, scale: Int64)? {
        guard case let .small(n, d) = storage, places <= 18 else { return nil }
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let (scaled, overflow) = n.magnitude.multipliedReportingOverflow(by: UInt64(scale))
        guard !overflow else { return nil }
        let divisor = UInt64(d)
        var (units, remainder) = scaled.quotientAndRemainder(dividingBy: divisor)
        if remainder >= divisor - remainder { units += 1 } // half or more rounds away from zero
        guard units <= UInt64(Int64.max) else { return nil }
        return (n < 0 && units > 0, units, scale)
    }

    /// The value rounded half away from zero and written with exactly
    /// `places` decimals, e.g. `57.14` or `-0.50`; used for every published
    /// figure.
    public func formatted(places: Int) -> String {
        let negative: Bool
        var digits: String
        if let (isNegative, units, _) = smallRounded(places: places) {
            negative = isNegative
            digits = String(units)
        } else {
            let r = rounded(places: places)
            let (n, _) = r.bigParts
            let scaled = n.magnitude * BigInt(10).power(places).magnitude / r.bigParts.1.magnitude
            negative = r.isNegative
            digits = String(scaled)
        }
        if places > 0 {
            if digits.count <= places {
                digits = String(repeating: "0", count: places - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        return (negative ? "-" : "") + digits
    }

    /// Like `formatted(places:)` but drops trailing zeros (and a bare point):
    /// `57.10` becomes `57.1`, `60.00` becomes `60`. JSON uses this form.
    public func compactFormatted(places: Int) -> String {
        var text = formatted(places: places)
        if text.utf8.contains(UInt8(ascii: ".")) {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// An exact decimal rendering when the value has a finite one (for error
    /// messages and panel figures such as weights); otherwise a fraction.
    public var description: String {
        if case let .small(n, denominator) = storage {
            var d = UInt64(denominator)
            var twos = 0, fives = 0
            while d % 2 == 0 { d /= 2; twos += 1 }
            while d % 5 == 0 { d /= 5; fives += 1 }
            if d == 1 { return compactFormatted(places: max(twos, fives)) }
            return "\(n)/\(denominator)"
        }
        var d = bigParts.1.magnitude
        var twos = 0, fives = 0
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        if d == 1 { return compactFormatted(places: max(twos, fives)) }
        return "\(bigParts.0)/\(bigParts.1)"
    }
}

extension Exact: CustomStringConvertible {}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
