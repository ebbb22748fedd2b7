/// A competition scored in stages, published as `score` publishes one
/// evaluation: each stage's table and shortlist, then the final result.
public enum StageText {
    public static func render(_ staged: StagedResult, panel: Panel, width: Int = 78) -> String {
        (ResultText.header(panel, width: width) + lines(staged, width: width)).joined(separator: "\n") + "\n"
    }

    /// Each stage, then the final result; `width` is the page's.
    public static func lines(_ staged: StagedResult, width: Int) -> [String] {
        var out: [String] = []
        let count = staged.stages.count
        for (index, outcome) in staged.stages.enumerated() {
            out.append("")
            let heading = SafeText.line("Stage \(index + 1) of \(count): \(outcome.stage.title)")
            out += DisplayWidth.wrap(heading, width: width)
            out.append(String(repeating: "-", count: min(width, DisplayWidth.of(heading))))
            if outcome.result.bids.isEmpty {
                out.append("No bids reached this stage.")
            } else {
                out += ResultText.table(outcome.result, panel: outcome.panel, width: width)
            }
            guard index < count - 1 else { break }
            out += DisplayWidth.wrap(ruleText(outcome.stage.shortlist, quality: outcome.panel.scoring.quality), width: width)
            out += shortlistLines(outcome, width: width)
            out += DisplayWidth.wrap(outcome.stage.carry.isZero
                ? "The next stage starts afresh: this stage's marks do not count in the final result."
                : "This stage makes up \(outcome.stage.carry)% of the final quality marks.", width: width)
        }
        out.append("")
        out.append("Final result")
        out.append("------------")
        let shares = zip(staged.stages, staged.finalPanel.stageShares).filter { !$0.1.isZero }
            .map { "\(($0.1 * Exact(100)).compactFormatted(places: 2))% \(SafeText.line($0.0.stage.title))" }
        if staged.stages.count > 1 {
            out += DisplayWidth.wrap("Quality marks: \(shares.joined(separator: ", ")). Price is scored here, among the bids that reached the last stage.", width: width)
        }
        if staged.final.bids.isEmpty {
            out.append("No bid reached the last stage.")
        } else {
            out += ResultText.table(staged.final, panel: staged.finalPanel, width: width)
        }
        if !staged.complete { out.append("PROVISIONAL") }
        return out
    }

    /// "Shortlist: the top 3 by quality marks, among those with at least 60% …"
    public static func ruleText(_ rule: ShortlistRule?, quality: Exact) -> String {
        guard let rule else { return "Shortlist: every bid still in contention goes on." }
        var parts: [String] = []
        if let top = rule.top { parts.append("the top \(top) by quality marks (a tie at the last place takes every tied bid)") }
        if let atLeast = rule.atLeast {
            let marks = (quality * atLeast / Exact(100)).compactFormatted(places: 2)
            parts.append("\(rule.top == nil ? "" : "among ")those with at least \(atLeast)% of the quality marks (\(marks))")
        }
        return "Shortlist: " + parts.joined(separator: ", ") + "."
    }

    static func shortlistLines(_ outcome: StageOutcome, width: Int) -> [String] {
        let goingOn = outcome.shortlist
        var lines = ["goes on: " + (goingOn.isEmpty ? "none" : goingOn.joined(separator: ", "))]
        let notOn = outcome.decisions.filter { !$0.goesOn }.map { "\($0.bid) (\(why($0.why)))" }
        if !notOn.isEmpty { lines.append("not shortlisted: " + notOn.joined(separator: "; ")) }
        for decision in outcome.decisions {
            guard case let .overridden(goesOn, reason, _) = decision.why else { continue }
            lines.append("the chair \(goesOn ? "put \(decision.bid) on" : "took \(decision.bid) off") the shortlist: \(SafeText.line(reason))")
        }
        // Said only when a bid has left: an unchanged shortlist reads as before.
        if outcome.drawnAtSignOff && !outcome.leftSince.isEmpty { lines.append(heldAtSignOff(leftSince: outcome.leftSince)) }
        return lines.flatMap { DisplayWidth.wrap($0, width: width - 2).map { "  " + $0 } }
    }

    /// A signed-off stage's shortlist holds as drawn up at sign-off.
    public static func heldAtSignOff(leftSince: [BidRemoval]) -> String {
        let left = leftSince.map { "\($0.bid) (\($0.standing.phrase): \(SafeText.line($0.reason)))" }
        return "This shortlist was drawn up when the stage was signed off and holds. "
            + (left.isEmpty ? "" : "Since then \(left.joined(separator: "; ")) left it, and no bid took the place. ")
            + "A bid withdrawn later leaves it; no bid joins it unless the chair puts it on, with a reason."
    }

    /// Why a bid does or does not go on, in a few words.
    public static func why(_ why: ShortlistDecision.Why) -> String {
        switch why {
        case .byRule: "shortlisted"
        case let .belowShare(needed): "below \(needed.compactFormatted(places: 2)) quality marks"
        case .outsideTop: "outside the top places"
        case .excluded: "excluded at this stage"
        case let .overridden(goesOn, _, _): goesOn ? "put on by the chair" : "taken off by the chair"
        }
    }
}

public enum StageJSON {
    /// SPEC §4's object for a tender in stages: the usual keys with "bids"
    /// holding the final result, and "stages" each stage with its shortlist.
    public static func render(_ staged: StagedResult, panel: Panel) -> String {
        let places = panel.scoring.decimals
        let root = JSON.object([
            ("tender", .string(panel.tender.id)), ("complete", .bool(staged.complete)),
            ("quality", .number(panel.scoring.quality.description)), ("price", .number(panel.priceShare.description)),
            ("price_formula", .string(panel.scoring.priceFormula.rawValue)), ("decimals", .number("\(places)")),
            ("stages", stages(staged)),
            ("bids", .array(ResultJSON.bids(staged.final, panel: staged.finalPanel, criteria: false))),
        ])
        return root.serialized() + "\n"
    }

    static func stages(_ staged: StagedResult) -> JSON {
        .array(staged.stages.enumerated().map { index, outcome in
            var fields: [(String, JSON)] = [("id", .string(outcome.stage.id)), ("title", .string(outcome.stage.title)),
                                            ("complete", .bool(outcome.result.complete)),
                                            ("share", .number((staged.finalPanel.stageShares[index] * Exact(100)).compactFormatted(places: 6)))]
            if index < staged.stages.count - 1 {
                let rule = outcome.stage.shortlist
                fields.append(("shortlist_rule", .object([("top", rule?.top.map { .number("\($0)") } ?? .null),
                                                          ("at_least", rule?.atLeast.map { .number($0.description) } ?? .null)])))
                fields.append(("shortlist", .array(outcome.shortlist.map(JSON.string))))
                // Only once a bid has left it, so older readers see the same keys.
                if !outcome.leftSince.isEmpty {
                    fields.append(("left_since_sign_off", .array(outcome.leftSince.map { .object([
                        ("bid", .string($0.bid)), ("standing", .string($0.standing.rawValue)), ("reason", .string($0.reason)),
                    ]) })))
                }
                fields.append(("decisions", .array(outcome.decisions.map { decision in
                    var entry: [(String, JSON)] = [("bid", .string(decision.bid)), ("goes_on", .bool(decision.goesOn)),
                                                   ("why", .string(StageText.why(decision.why)))]
                    if case let .overridden(_, reason, rule) = decision.why {
                        entry += [("reason", .string(reason)), ("rule_said", .bool(rule))]
                    }
                    return .object(entry)
                })))
            }
            fields.append(("bids", .array(ResultJSON.bids(outcome.result, panel: outcome.panel, criteria: false))))
            return .object(fields)
        })
    }
}

public enum StageCSV {
    public static let columns = ["stage", "goes_on"] + ResultCSV.columns

    /// Each stage's rows, then the final result's (stage "final"); goes_on
    /// is yes or no after a stage with a shortlist, blank otherwise.
    public static func rows(_ staged: StagedResult) -> [[String]] {
        var rows: [[String]] = []
        for (index, outcome) in staged.stages.enumerated() {
            let goingOn = Set(outcome.shortlist), last = index == staged.stages.count - 1
            for (bid, row) in zip(outcome.result.bids, ResultCSV.rows(outcome.result, panel: outcome.panel, criteria: false)) {
                rows.append([outcome.stage.id, last ? "" : (goingOn.contains(bid.bid.id) ? "yes" : "no")] + row)
            }
        }
        rows += ResultCSV.rows(staged.final, panel: staged.finalPanel, criteria: false).map { ["final", ""] + $0 }
        return rows
    }

    public static func render(_ staged: StagedResult) -> String {
        CSVOutput.write(header: columns, rows: rows(staged))
    }
}
