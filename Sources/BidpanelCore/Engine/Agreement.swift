/// How far a panel's members agree: Krippendorff's alpha for interval data.
/// Advice for the chair only: nothing in scoring reads it.
public struct AgreementReport: Sendable {
    /// One row per criterion members score, in panel order. `values` counts
    /// the values alpha used: those in slots rated by at least two members,
    /// after conflicted members' values are left out.
    public var criteria: [(criterion: String, alpha: Exact?, values: Int)]
    /// Every scored slot pooled, each value as a share (0…1) of its range.
    public var overall: Exact?

    public init(criteria: [(criterion: String, alpha: Exact?, values: Int)], overall: Exact?) {
        self.criteria = criteria
        self.overall = overall
    }
}

public struct Agreement {
    /// Krippendorff's alpha, interval metric δ²(c,k) = (c−k)², from the
    /// coincidence-matrix formulation:
    ///
    ///     α = 1 − D_o / D_e
    ///     D_o = 1/n · Σ_u 1/(m_u−1) · Σ_{i≠j in u} (v_i−v_j)²
    ///     D_e = 1/(n(n−1)) · Σ_{i≠j over all pairable values} (v_i−v_j)²
    ///
    /// Each unit is the values members gave one slot. Units with fewer than
    /// two values cannot be paired and are dropped; `n` counts the values
    /// that remain. Nil when fewer than two values remain or there is no
    /// spread at all (D_e = 0), where agreement cannot be measured.
    ///
    /// Exact throughout. Pair sums come from plain sums, so the cost is
    /// linear: Σ_{i≠j} (v_i−v_j)² = 2(m·Σv² − (Σv)²) over ordered pairs.
    public static func alpha(units: [[Exact]]) -> Exact? {
        var n = 0
        var sum = Exact.zero, sumOfSquares = Exact.zero
        // Σ_u (m_u·Σv² − (Σv)²) / (m_u − 1): the observed part, halved.
        var observed = Exact.zero
        for unit in units where unit.count >= 2 {
            var unitSum = Exact.zero, unitSquares = Exact.zero
            for value in unit {
                unitSum += value
                unitSquares += value * value
            }
            let m = Exact(unit.count)
            observed += (m * unitSquares - unitSum * unitSum) / (m - .one)
            n += unit.count
            sum += unitSum
            sumOfSquares += unitSquares
        }
        guard n >= 2 else { return nil }
        // n·Σv² − (Σv)²: the expected part, halved. Zero only when every
        // pairable value is the same.
        let expected = Exact(n) * sumOfSquares - sum * sum
        guard !expected.isZero else { return nil }
        // D_o / D_e = [2·observed / n] / [2·expected / (n(n−1))]
        //           = (n − 1) · observed / expected.
        return .one - Exact(n - 1) * observed / expected
    }

    /// Alpha per criterion and overall, from members' values only (not the
    /// chair's moderated values), leaving out values from members with a
    /// conflict for the bid, members not on the panel and roles that do not
    /// score the criterion (the same values the engine uses).
    ///
    /// Per criterion the raw numbers are used: a scale point, a ladder rung
    /// index, a matrix level index (every principle of every bid is a unit),
    /// 1 for pass and 0 for fail. Alpha is unchanged by rescaling a single
    /// criterion, so raw numbers are fine there.
    ///
    /// Overall pools every slot, but criteria use different scales: pooled
    /// raw, a 0–100 criterion's gaps would swamp a 0–3 matrix or a pass/fail,
    /// and the figure would mostly describe the widest scale. So each value
    /// is first turned into its share of its scale's range (0…1), as the
    /// engine does for marks, and every criterion speaks in the same units.
    public static func report(panel: Panel, sheet: ScoreSheet) -> AgreementReport {
        let index = SheetIndex(panel: panel, sheet: sheet)
        let roles = Set(panel.members.map(\.role))
        var rows: [(criterion: String, alpha: Exact?, values: Int)] = []
        var pooled: [[Exact]] = []
        for (c, criterion) in panel.criteria.enumerated() where criterion.scoredBy.contains(where: roles.contains) {
            let principles = criterion.kind == .matrix ? panel.matrix.principles.count : 1
            var units: [[Exact]] = []
            for b in panel.bids.indices {
                for p in 0..<principles {
                    units.append(Array(index.values(slot: index.slot(bid: b, criterion: c, principle: p))))
                }
            }
            let pairable = units.reduce(0) { $0 + ($1.count >= 2 ? $1.count : 0) }
            rows.append((criterion.id, alpha(units: units), pairable))
            let (minimum, range) = span(of: criterion, in: panel)
            pooled += units.map { unit in unit.map { ($0 - minimum) / range } }
        }
        return AgreementReport(criteria: rows, overall: alpha(units: pooled))
    }

    /// The lowest value and the width of a criterion's scale, to turn values
    /// into shares. A zero width becomes 1 so a one-point scale cannot divide
    /// by zero (its values are all equal, so they add no spread either way).
    private static func span(of criterion: Criterion, in panel: Panel) -> (minimum: Exact, range: Exact) {
        let (minimum, range): (Exact, Exact)
        switch criterion.kind {
        case .scored:
            let scale = panel.scale(id: criterion.scaleID ?? "")
            (minimum, range) = (scale?.minimum ?? .zero, scale?.range ?? .one)
        case .ladder: (minimum, range) = (.zero, Exact(panel.ladder.rungs.count - 1))
        case .matrix: (minimum, range) = (.zero, Exact(panel.matrix.levels.count - 1))
        case .passFail: (minimum, range) = (.zero, .one)
        }
        return (minimum, range.isZero || range.isNegative ? .one : range)
    }

    /// Krippendorff's guidance: α ≥ .800 is reliable, .667 the lowest for
    /// tentative conclusions. Below zero, members disagree more than values
    /// drawn at random from the same pool would.
    static let close = Exact(8, 10)
    static let broad = Exact(667, 1000)

    /// One plain-English line for the chair.
    public static func meaning(_ alpha: Exact?) -> String {
        guard let alpha else { return "Not enough scores to say yet." }
        if alpha >= close { return "Members agree closely." }
        if alpha >= broad { return "Members broadly agree; worth a quick check." }
        if alpha >= .zero { return "Members often disagree: discuss before moderating." }
        return "Members disagree more than chance would: check the scale was understood the same way."
    }
}
