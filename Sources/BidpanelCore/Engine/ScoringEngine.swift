/// The scoring rules of SPEC §2 as one pure function: a panel and what has
/// been recorded in, exact results out. No I/O, no clocks, no globals.
public enum ScoringEngine {
    public static func score(_ panel: Panel, _ sheet: ScoreSheet) -> EvaluationResult {
        let spans = criterionSpans(panel)
        return ranked(panel: panel, bidResults(panel: panel, sheet: sheet, spans: spans))
    }

    /// Every bid's own result, in panel order, before price marks, ranks and
    /// the flags that compare bids (`ranked` adds those).
    static func bidResults(panel: Panel, sheet: ScoreSheet, spans: [CriterionSpan]) -> [BidResult] {
        let index = SheetIndex(panel: panel, sheet: sheet)
        let removals = Dictionary(sheet.removals.map { ($0.bid, $0) }, uniquingKeysWith: { $1 })
        return panel.bids.indices.map {
            bidResult(panel: panel, index: index, spans: spans, bid: $0, removal: removals[panel.bids[$0].id])
        }
    }

    static func criterionSpans(_ panel: Panel) -> [CriterionSpan] {
        panel.criteria.map { CriterionSpan(criterion: $0, panel: panel) }
    }

    /// The result from every bid's own result: price marks, ranks and flags.
    static func ranked(panel: Panel, _ bidResults: [BidResult]) -> EvaluationResult {
        var results = bidResults
        awardPriceMarks(panel: panel, results: &results)
        let order = rankAndFlag(panel: panel, results: &results)
        return EvaluationResult(complete: results.allSatisfy(\.complete), quality: panel.scoring.quality,
                                price: panel.priceShare, priceFormula: panel.scoring.priceFormula,
                                bids: order.map { results[$0] })
    }

    // MARK: - One bid's quality

    /// A criterion's scale figures, worked out once per run rather than once
    /// per bid (rebuilding a scale's minimum and maximum was a quarter of
    /// the engine's work).
    struct CriterionSpan {
        /// The bottom of the scale (or ladder) and its width.
        var minimum: Exact
        var range: Exact
        /// The spread that flags a slot for discussion.
        var discussAt: Exact
        /// Where an unscored value counts for a threshold.
        var bottom: Exact

        init(criterion: Criterion, panel: Panel) {
            let scale = criterion.kind == .scored ? panel.scale(id: criterion.scaleID ?? "") : nil
            bottom = scale?.minimum ?? .zero
            switch criterion.kind {
            case .scored where scale != nil:
                (minimum, range) = (scale!.minimum, scale!.range)
            case .matrix:
                (minimum, range) = (.zero, Exact(max(panel.matrix.levels.count - 1, 1)))
            case .passFail:
                (minimum, range) = (.zero, .one)
            default:
                (minimum, range) = (.zero, Exact(max(panel.ladder.rungs.count - 1, 1)))
            }
            discussAt = panel.scoring.discussSpread * range
        }
    }

    private static func bidResult(panel: Panel, index: SheetIndex, spans: [CriterionSpan], bid b: Int,
                                  removal: BidRemoval?) -> BidResult {
        let rules = panel.scoring
        var criteria: [CriterionResult] = []
        criteria.reserveCapacity(panel.criteria.count)
        var complete = true
        var failures: [Exclusion] = [], belowThresholds: [Exclusion] = []
        var flags: [Flag] = []
        var quality = Exact.zero // summed in criterion order, as `Exact.sum` would
        for (c, criterion) in panel.criteria.enumerated() {
            let outcome = criterionResult(panel: panel, index: index, span: spans[c], bid: b, criterion: c, criterion,
                                          moderation: rules.moderation)
            complete = complete && outcome.complete
            let result = outcome.result
            if result.passed == false { failures.append(.failed(criterion: criterion.id)) }
            if let threshold = criterion.threshold, criterion.kind == .scored {
                let value = result.finalValue ?? spans[c].bottom
                if value < threshold {
                    belowThresholds.append(.belowThreshold(criterion: criterion.id, value: result.finalValue, threshold: threshold))
                }
            }
            if result.discuss { flags.append(.discuss(criterion: criterion.id)) }
            quality += result.marks
            criteria.append(result)
        }
        let bid = panel.bids[b]
        // A bid taken out of the competition says so first; then SPEC §2's
        // order: pass/fail, thresholds, budget, quality.
        var reasons = removal.map { [Exclusion.removed($0.standing, reason: $0.reason)] } ?? []
        reasons += failures + belowThresholds
        if let budget = rules.budget, let price = bid.price, price > budget {
            reasons.append(.overBudget(price: price, budget: budget))
        }
        if rules.qualityThreshold > .zero {
            let needed = rules.quality * rules.qualityThreshold / Exact(100)
            if quality < needed { reasons.append(.belowQualityThreshold(marks: quality, needed: needed)) }
        }
        return BidResult(bid: bid, qualityMarks: quality, priceMarks: .zero, rank: nil, reasons: reasons,
                         flags: flags, criteria: criteria, complete: complete)
    }

    /// One criterion's result, built once at the end: the result holds a
    /// copy of its criterion (seven strings), so the engine copies it once
    /// per result and not again while filling the result in.
    private static func criterionResult(panel: Panel, index: SheetIndex, span: CriterionSpan, bid b: Int,
                                        criterion c: Int, _ criterion: borrowing Criterion,
                                        moderation: Moderation) -> (result: CriterionResult, complete: Bool) {
        var finalValue: Exact?, passed: Bool?, share = Exact.zero, basis = Basis.missing
        var principles: [PrincipleResult] = [], reasons: [String] = [], discuss = false
        var complete = true
        switch criterion.kind {
        case .scored, .ladder:
            let (minimum, range) = (span.minimum, span.range)
            let slot = index.slot(bid: b, criterion: c)
            let final = self.finalValue(index: index, slot: slot, moderation: moderation)
            complete = final.complete
            basis = final.basis
            finalValue = final.value
            if let value = final.value, !range.isZero { share = (value - minimum) / range }
            discuss = index.spreads(slot: slot, atLeast: span.discussAt)
            if let reason = index.reason(slot: slot) { reasons.append(reason) }
        case .matrix:
            let levels = span.range
            var shares = Exact.zero
            var bases = Set<Basis>()
            let matrixPrinciples = panel.matrix.principles
            principles.reserveCapacity(matrixPrinciples.count)
            for (p, principle) in matrixPrinciples.enumerated() {
                let slot = index.slot(bid: b, criterion: c, principle: p)
                let final = self.finalValue(index: index, slot: slot, moderation: moderation)
                complete = complete && final.complete
                bases.insert(final.basis)
                if let level = final.value { shares += level / levels }
                principles.append(PrincipleResult(principle: principle.id, level: final.value, basis: final.basis))
                if index.spreads(slot: slot, atLeast: span.discussAt) { discuss = true }
                if let reason = index.reason(slot: slot) { reasons.append("\(principle.id): \(reason)") }
            }
            let count = Exact(max(matrixPrinciples.count, 1))
            share = shares / count
            finalValue = share
            basis = bases.count == 1 ? bases.first! : (bases.contains(.missing) ? .missing : .mean)
        case .passFail:
            let slot = index.slot(bid: b, criterion: c)
            if let moderated = index.moderated[slot] {
                passed = moderated.number == .one
                basis = .moderated
            } else if case let values = index.values(slot: slot), !values.isEmpty {
                passed = !values.contains(.zero)
                basis = .members
                complete = moderation != .consensus
            } else {
                passed = true
                complete = false
            }
            discuss = index.spreads(slot: slot, atLeast: span.discussAt)
            if let reason = index.reason(slot: slot) { reasons.append(reason) }
        }
        let marks = criterion.weight * share
        return (CriterionResult(criterion: copy criterion, finalValue: finalValue, passed: passed, share: share,
                                marks: marks, basis: basis, principles: principles, reasons: reasons,
                                discuss: discuss), complete)
    }

    /// The final value of one slot under the panel's moderation rule.
    private static func finalValue(index: SheetIndex, slot: Int,
                                   moderation: Moderation) -> (value: Exact?, basis: Basis, complete: Bool) {
        if let moderated = index.moderated[slot] { return (moderated.number, .moderated, true) }
        if let bytes = index.smallValues(slot: slot) {
            guard !bytes.isEmpty else { return (nil, .missing, false) }
            switch moderation {
            case .consensus: return (mean(bytes), .mean, false)
            case .mean: return (mean(bytes), .mean, true)
            case .median: return (median(bytes), .median, true)
            }
        }
        let values = index.values(slot: slot)
        guard !values.isEmpty else { return (nil, .missing, false) }
        switch moderation {
        case .consensus: return (mean(values), .mean, false)
        case .mean: return (mean(values), .mean, true)
        case .median: return (median(values), .median, true)
        }
    }

    static func mean<Values: Collection<Exact>>(_ values: Values) -> Exact {
        Exact.sum(values) / Exact(values.count)
    }

    /// The same mean and median of small whole numbers, worked in integers
    /// (a byte each, so a sum cannot overflow) with one `Exact` at the end;
    /// `Exact` is always reduced, so the result is the identical value.
    static func mean(_ values: ArraySlice<Int8>) -> Exact {
        var sum = 0
        for value in values { sum += Int(value) }
        return Exact(sum, values.count)
    }

    static func median(_ values: ArraySlice<Int8>) -> Exact {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return Exact(Int(sorted[middle])) }
        return Exact(Int(sorted[middle - 1]) + Int(sorted[middle]), 2)
    }

    /// The median; of an even count, the mean of the middle two.
    static func median<Values: Collection<Exact>>(_ values: Values) -> Exact {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        return (sorted[middle - 1] + sorted[middle]) / Exact(2)
    }

    // MARK: - Price marks, ranks and flags

    private static func awardPriceMarks(panel: Panel, results: inout [BidResult]) {
        let share = panel.priceShare
        let contenders = results.indices.filter { !results[$0].excluded }
        guard let range = PriceRange.inContention(results) else { return }
        let (lowest, highest) = (range.lowest, range.highest)
        for i in contenders {
            guard let price = results[i].bid.price else { continue }
            switch panel.scoring.priceFormula {
            case .none:
                results[i].priceMarks = .zero
            case .relative:
                results[i].priceMarks = price.isZero ? share : share * lowest / price
            case .linear:
                results[i].priceMarks = highest == lowest ? share : share * (highest - price) / (highest - lowest)
            }
        }
    }

    /// Ranks bids in contention, adds the price and close-call flags, and
    /// returns the order to publish them in.
    private static func rankAndFlag(panel: Panel, results: inout [BidResult]) -> [Int] {
        let rules = panel.scoring
        let contenders = results.indices.filter { !results[$0].excluded }
        // Worked out once, not once per comparison.
        let totals = results.map(\.total), qualities = results.map(\.qualityMarks), prices = results.map(\.bid.price)
        func compare(_ a: Int, _ b: Int) -> Int {
            if totals[a] != totals[b] { return totals[a] > totals[b] ? -1 : 1 }
            for rule in rules.tieBreak {
                switch rule {
                case .quality:
                    if qualities[a] != qualities[b] { return qualities[a] > qualities[b] ? -1 : 1 }
                case .price:
                    if let p = prices[a], let q = prices[b], p != q { return p < q ? -1 : 1 }
                }
            }
            return 0
        }
        let ranked = contenders.sorted { a, b in
            let order = compare(a, b)
            return order != 0 ? order < 0 : a < b
        }
        for (position, i) in ranked.enumerated() {
            if position > 0, compare(ranked[position - 1], i) == 0 {
                results[i].rank = results[ranked[position - 1]].rank
            } else {
                results[i].rank = position + 1
            }
        }
        flagAbnormallyLow(rules: rules, contenders: contenders, results: &results)
        if ranked.count >= 2 {
            let margin = results[ranked[0]].total - results[ranked[1]].total
            if margin <= rules.closeMargin {
                results[ranked[0]].flags.append(.closeCall(margin: margin))
                results[ranked[1]].flags.append(.closeCall(margin: margin))
            }
        }
        let excluded = results.indices.filter { results[$0].excluded }
        return ranked + excluded
    }

    private static func flagAbnormallyLow(rules: ScoringRules, contenders: [Int], results: inout [BidResult]) {
        // Only where price is scored: a small grant request is not a risk sign.
        guard rules.priceFormula != .none else { return }
        let priced = contenders.filter { results[$0].bid.price != nil }
        guard priced.count >= 2 else { return }
        let total = Exact.sum(priced.map { results[$0].bid.price! })
        let hundred = Exact(100)
        for i in priced {
            let price = results[i].bid.price!
            let othersMean = (total - price) / Exact(priced.count - 1)
            guard othersMean > .zero else { continue }
            if price < othersMean * (hundred - rules.abnormallyLow) / hundred {
                results[i].flags.append(.abnormallyLow(percentBelow: (othersMean - price) * hundred / othersMean))
            }
        }
    }
}
