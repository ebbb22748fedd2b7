/// What-if checks for the chair: would the order of the bids change under a
/// different price/quality split or the other price formula? Each scenario is
/// a real run of the scoring engine over a changed copy of the panel, so it
/// follows every rule the actual result follows (exclusions, ties, rounding).
public enum Sensitivity {
    /// The quality marks tried, as in price:quality 60:40, 40:60 and 20:80.
    public static let qualityShares: [Exact] = [40, 60, 80]

    public static func analyse(panel: Panel, sheet: ScoreSheet) -> SensitivityReport {
        let rules = panel.scoring
        let actual = ScoringEngine.score(panel, sheet)
        let baseline = SensitivityScenario(
            name: scenarioName(quality: rules.quality, formula: rules.priceFormula),
            quality: rules.quality, priceFormula: rules.priceFormula,
            bids: actual.bids.map { ScenarioBid(bid: $0.bid.id, rank: $0.rank, total: $0.total) }, reversals: [])
        guard rules.priceFormula != .none else {
            return SensitivityReport(actual: baseline, scenarios: [],
                                     note: "Price is not scored, so there is no price and quality balance to vary.")
        }
        var settings: [(quality: Exact, formula: PriceFormula)] = []
        var note: String?
        if rules.quality.isZero {
            // Every weight is zero, so there is nothing to rescale towards a new quality share.
            note = "Quality carries no marks, so only the price formula is varied."
        } else {
            settings += qualityShares.map { ($0, rules.priceFormula) }
        }
        settings.append((rules.quality, rules.priceFormula == .relative ? .linear : .relative))
        let scenarios = settings
            .filter { !($0.quality == rules.quality && $0.formula == rules.priceFormula) }
            .map { setting -> SensitivityScenario in
                let result = ScoringEngine.score(variant(of: panel, quality: setting.quality, formula: setting.formula), sheet)
                let bids = result.bids.map { ScenarioBid(bid: $0.bid.id, rank: $0.rank, total: $0.total) }
                return SensitivityScenario(name: scenarioName(quality: setting.quality, formula: setting.formula),
                                           quality: setting.quality, priceFormula: setting.formula, bids: bids,
                                           reversals: reversals(from: baseline.bids, to: bids))
            }
        return SensitivityReport(actual: baseline, scenarios: scenarios, note: note)
    }

    /// The panel with a different quality share and price formula. Every
    /// weight is scaled by newQuality / oldQuality, exactly, so the weights
    /// still add up to the quality share and each criterion keeps its part of
    /// it. Thresholds are percentages of quality, so they apply unchanged.
    /// A panel with quality 0 has only zero weights, which stay zero.
    public static func variant(of panel: Panel, quality: Exact, formula: PriceFormula) -> Panel {
        var changed = panel
        if panel.scoring.quality != quality, !panel.scoring.quality.isZero {
            let factor = quality / panel.scoring.quality
            changed.criteria = panel.criteria.map { criterion in
                var scaled = criterion
                scaled.weight = criterion.weight * factor
                return scaled
            }
        }
        changed.scoring.quality = quality
        changed.scoring.priceFormula = formula
        return changed
    }

    /// "Price 60 : quality 40, relative".
    static func scenarioName(quality: Exact, formula: PriceFormula) -> String {
        let price = Exact(100) - quality
        return formula == .none
            ? "Quality \(quality), price not scored"
            : "Price \(price) : quality \(quality), \(formula.rawValue)"
    }

    /// Pairs of ranked bids whose order flips. A bid that shares a rank on
    /// either side is level with the other, not above it, so it is no flip.
    static func reversals(from actual: [ScenarioBid], to scenario: [ScenarioBid]) -> [RankReversal] {
        let ranks = Dictionary(uniqueKeysWithValues: scenario.map { ($0.bid, $0.rank) })
        let ranked = actual.filter { $0.rank != nil }
        var found: [RankReversal] = []
        for (i, higher) in ranked.enumerated() {
            for lower in ranked[(i + 1)...] {
                guard let wasHigher = higher.rank, let wasLower = lower.rank, wasHigher < wasLower,
                      let nowHigher = ranks[higher.bid] ?? nil, let nowLower = ranks[lower.bid] ?? nil,
                      nowLower < nowHigher else { continue }
                found.append(RankReversal(risen: lower.bid, fallen: higher.bid))
            }
        }
        return found
    }
}

public struct SensitivityReport: Sendable, Equatable {
    /// The panel's own settings and result, which every scenario is compared with.
    public var actual: SensitivityScenario
    /// The what-if scenarios, in the order they were tried.
    public var scenarios: [SensitivityScenario]
    /// Why there are fewer scenarios than usual (or none), if so.
    public var note: String?

    public var anyReversal: Bool { scenarios.contains { !$0.reversals.isEmpty } }
}

public struct SensitivityScenario: Sendable, Equatable {
    /// "Price 60 : quality 40, relative".
    public var name: String
    public var quality: Exact
    public var priceFormula: PriceFormula
    /// In the scenario's own order: ranked bids first, then excluded ones.
    public var bids: [ScenarioBid]
    /// Against the actual result; empty for the actual result itself.
    public var reversals: [RankReversal]

    public func bid(_ id: String) -> ScenarioBid? { bids.first { $0.bid == id } }
}

public struct ScenarioBid: Sendable, Equatable {
    public var bid: String
    /// Nil when the bid is excluded.
    public var rank: Int?
    public var total: Exact
}

/// One pair of bids whose order flips: `risen` was below `fallen` in the
/// actual result and is above it in the scenario.
public struct RankReversal: Sendable, Equatable, CustomStringConvertible {
    public var risen: String
    public var fallen: String

    /// "B2 would move above B1".
    public var description: String { "\(risen) would move above \(fallen)" }
}

extension SensitivityReport {
    /// The report as plain text, at most 78 columns: each scenario's ranks
    /// and totals beside the actual ones, then the flips in words.
    public func text(panel: Panel) -> String {
        let places = panel.scoring.decimals
        var out = DisplayWidth.wrap("\(panel.tender.title) (\(panel.tender.id))", width: 78)
        out.append("Sensitivity: would other price and quality settings change the order?")
        out.append("Actual settings: \(actual.name).")
        if let note { out += DisplayWidth.wrap(note, width: 78) }
        for scenario in scenarios {
            out.append("")
            out.append(scenario.name)
            out.append(DisplayWidth.pad("  Bid", to: 12) + DisplayWidth.pad("Rank now", to: 10, right: true)
                + DisplayWidth.pad("Total now", to: 12, right: true) + DisplayWidth.pad("Rank", to: 8, right: true)
                + DisplayWidth.pad("Total", to: 12, right: true))
            for bid in scenario.bids {
                let now = actual.bid(bid.bid)
                out.append(DisplayWidth.pad("  " + DisplayWidth.truncate(bid.bid, to: 9), to: 12)
                    + DisplayWidth.pad(now?.rank.map(String.init) ?? "-", to: 10, right: true)
                    + DisplayWidth.pad(now.map { $0.total.formatted(places: places) } ?? "", to: 12, right: true)
                    + DisplayWidth.pad(bid.rank.map(String.init) ?? "-", to: 8, right: true)
                    + DisplayWidth.pad(bid.total.formatted(places: places), to: 12, right: true))
            }
            if scenario.reversals.isEmpty { out.append("  The order would not change.") }
            for reversal in scenario.reversals { out.append("  \(reversal).") }
        }
        if !scenarios.isEmpty {
            out.append("")
            out.append(anyReversal ? "Under some of these settings, bids would change places."
                                   : "None of these settings would change the order of the bids.")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
