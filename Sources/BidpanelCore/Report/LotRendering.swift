/// A tender split into lots, published as `score` publishes one evaluation
/// (SPEC §4): each lot's totals table, then who wins each lot. The figures
/// of each lot are those of `ResultText`, `ResultJSON` and `ResultCSV` for
/// that lot alone.
public enum LotText {
    public static func render(_ tender: TenderResult, panel: Panel, width: Int = 78) -> String {
        lines(tender, panel: panel, width: width).joined(separator: "\n") + "\n"
    }

    public static func lines(_ tender: TenderResult, panel: Panel, width: Int = 78) -> [String] {
        let money = Money(currency: panel.tender.currency)
        var out = ResultText.header(panel, width: width)
        out += DisplayWidth.wrap("The tender is split into \(tender.lots.count) lot\(tender.lots.count == 1 ? "" : "s"). "
            + "Each lot is scored on its own: its price marks, exclusions and ranks come only from the bids in it."
            + (panel.scoring.maxLotsPerBidder.map { " One bidder may win at most \($0) lot\($0 == 1 ? "" : "s")." } ?? ""),
            width: width)
        for lot in tender.lots {
            out.append("")
            let heading = SafeText.line("Lot \(lot.lot.id): \(lot.lot.title)")
            out += DisplayWidth.wrap(heading, width: width)
            out.append(String(repeating: "=", count: min(width, DisplayWidth.of(heading))))
            var settings: [String] = []
            if let budget = lot.lot.budget { settings.append("budget \(money.format(budget))") }
            if let low = lot.lot.abnormallyLow { settings.append("abnormally low below \(low)% of the others' mean") }
            if !lot.lot.weights.isEmpty {
                settings.append("its own weights: " + lot.lot.weights.keys.sorted().map { "\($0) \(lot.lot.weights[$0]!)" }.joined(separator: ", "))
            }
            if !settings.isEmpty { out += DisplayWidth.wrap("This lot: " + settings.joined(separator: "; ") + ".", width: width) }
            if let staged = lot.stages {
                out += StageText.lines(staged, width: width)
                continue
            }
            if lot.result.bids.isEmpty {
                out.append("No bids in this lot.")
                continue
            }
            out += ResultText.table(lot.result, panel: lot.panel, width: width)
        }
        out.append("")
        out.append("Who wins each lot")
        out.append("-----------------")
        for decision in tender.awards.decisions {
            out += DisplayWidth.wrap(awardLine(decision, tender: tender), width: width)
            for passed in decision.passedOver {
                out += DisplayWidth.wrap(passedOverLine(passed, tender: tender), width: width - 6).map { "      " + $0 }
            }
        }
        if !tender.complete { out.append("PROVISIONAL: the awards may still change.") }
        return out
    }

    /// "north: B1 Riverside Youth Arts" (or tied, or no bid in contention).
    static func awardLine(_ decision: LotAwards.Decision, tender: TenderResult) -> String {
        let bids = tender.lot(decision.lot)?.result
        func name(_ id: String) -> String { SafeText.line("\(id) \(bids?.bid(id)?.bid.bidder ?? "")") }
        switch decision.outcome {
        case let .awarded(bid): return "\(decision.lot): \(name(bid))" + setAside(decision)
        case let .tied(ids):
            return "\(decision.lot): tied between \(ids.map(name).joined(separator: " and ")). The chair decides, and records why."
                + setAside(decision)
        case let .chairDecided(bid, ids, reason):
            return "\(decision.lot): \(name(bid)), the chair's decision: the lot was tied between "
                + "\(ids.map(name).joined(separator: " and ")). The chair's reason: \(SafeText.line(reason))"
        case .noBid where !decision.passedOver.isEmpty:
            return "\(decision.lot): not awarded: every bid in contention is from a bidder who has won the most lots allowed."
        case .noBid: return "\(decision.lot): no bid is in contention." + setAside(decision)
        }
    }

    /// The chair's earlier choice on a tie, when scores changed since and it no longer applies.
    static func setAside(_ decision: LotAwards.Decision) -> String {
        guard let old = decision.setAside else { return "" }
        return " The chair's earlier decision (\(old.bid): \(SafeText.line(old.reason))) no longer applies: "
            + (decision.outcome.tiedBids.isEmpty ? "the lot is not tied now." : "\(old.bid) is not among the tied bids now.")
    }

    static func passedOverLine(_ passed: LotAwards.PassedOver, tender: TenderResult) -> String {
        let won = passed.lotsWon.joined(separator: ", ")
        return "passed over: \(passed.bid) (rank \(passed.rank)); its bidder has already won \(passed.lotsWon.count) lot\(passed.lotsWon.count == 1 ? "" : "s") (\(won)), the most allowed."
    }
}

public enum LotJSON {
    /// SPEC §4's object for a tender in lots: the same top-level keys, with
    /// "bids" holding every bid lot by lot, each with its "lot" (ranks are
    /// within the lot), and "lots" giving each lot and its award.
    /// `criteria: true` gives each bid its criteria, as `ResultJSON` does (the report).
    public static func render(_ tender: TenderResult, panel: Panel, criteria detailed: Bool = false) -> String {
        let places = panel.scoring.decimals
        var bids: [JSON] = []
        for lot in tender.lots {
            for case let .object(fields) in ResultJSON.bids(lot.result, panel: lot.panel, criteria: detailed) {
                bids.append(.object([("lot", .string(lot.lot.id))] + fields))
            }
        }
        let lots: [JSON] = tender.lots.map { lot in
            let decision = tender.awards.decision(lot: lot.lot.id)
            var fields: [(String, JSON)] = [("id", .string(lot.lot.id)), ("title", .string(lot.lot.title)),
                                            ("complete", .bool(lot.result.complete))]
            if let budget = lot.lot.budget { fields.append(("budget", .number(budget.description))) }
            switch decision?.outcome {
            case let .awarded(bid)?: fields += [("award", .string("awarded")), ("awarded_to", .string(bid))]
            case let .tied(ids)?: fields += [("award", .string("tied")), ("tied", .array(ids.map(JSON.string)))]
            case let .chairDecided(bid, ids, reason)?:
                fields += [("award", .string("chair-decided")), ("awarded_to", .string(bid)), ("tied", .array(ids.map(JSON.string))),
                           ("reason", .string(reason))]
            default: fields.append(("award", .string("no-bid")))
            }
            if let old = decision?.setAside {
                fields.append(("set_aside", .object([("bid", .string(old.bid)), ("reason", .string(old.reason))])))
            }
            if let staged = lot.stages { fields.append(("stages", StageJSON.stages(staged))) }
            fields.append(("passed_over", .array((decision?.passedOver ?? []).map { passed in
                .object([("bid", .string(passed.bid)), ("rank", .number("\(passed.rank)")),
                         ("lots_won", .array(passed.lotsWon.map(JSON.string)))])
            })))
            return .object(fields)
        }
        let root = JSON.object([
            ("tender", .string(panel.tender.id)), ("complete", .bool(tender.complete)),
            ("quality", .number(panel.scoring.quality.description)), ("price", .number(panel.priceShare.description)),
            ("price_formula", .string(panel.scoring.priceFormula.rawValue)), ("decimals", .number("\(places)")),
            ("max_lots_per_bidder", panel.scoring.maxLotsPerBidder.map { .number("\($0)") } ?? .null),
            ("lots", .array(lots)),
            ("bids", .array(bids)),
        ])
        return root.serialized() + "\n"
    }
}

public enum LotCSV {
    /// ResultCSV's rows (in stages, StageCSV's), lot by lot, with a first column "lot".
    /// `criteria: true` (without stages) adds ResultCSV's criterion columns;
    /// a lot's own weights are in its marks, so the columns are the panel's.
    public static func render(_ tender: TenderResult, panel: Panel, criteria detailed: Bool = false) -> String {
        var rows: [[String]] = []
        let staged = !panel.stages.isEmpty
        for lot in tender.lots {
            if let stages = lot.stages {
                rows += StageCSV.rows(stages).map { [lot.lot.id] + $0 }
            } else {
                rows += ResultCSV.rows(lot.result, panel: lot.panel, criteria: detailed && !staged).map { [lot.lot.id] + $0 }
            }
        }
        let criterionColumns = detailed && !staged ? ResultCSV.criterionColumns(panel: panel) : []
        return CSVOutput.write(header: ["lot"] + (staged ? StageCSV.columns : ResultCSV.columns) + criterionColumns, rows: rows)
    }
}
