import BidpanelCore

/// The totals and what-if of a tender split into lots: each lot on its
/// own (its price marks, ranks, exclusions and flags from its bids alone),
/// then who wins each lot under the award rule, as `bidpanel score` and
/// the printed report give them.
extension TotalsScreen {
    static func lotTotalsLines(_ tender: TenderResult, panel: Panel, width: Int) -> [String] {
        var shownTender = tender
        for index in shownTender.lots.indices { shownTender.lots[index].result = shown(shownTender.lots[index].result) }
        let parts = LotText.lines(shownTender, panel: panel, width: width)
        // As `totalsLines`: a part holding a line break is split as the whole text would be.
        return (parts.joined(separator: "\n") + "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Each lot's what-if runs, over that lot's bids alone.
    static func lotWhatIfLines(chair: ChairData, width: Int) -> [String] {
        var out = DisplayWidth.wrap("Would other price and quality settings change the order in any lot? Each lot is tried "
            + "on its own. This is advice only: the panel's published settings decide."
            + (chair.board.stages == nil ? "" : " " + stagesWhatIfNote), width: width)
        for (lot, report) in chair.lotSensitivity {
            out.append("")
            let heading = SafeText.line("Lot \(lot.id): \(lot.title)")
            out += DisplayWidth.wrap(heading, width: width)
            out.append(String(repeating: "=", count: min(width, DisplayWidth.of(heading))))
            out += whatIfLines(report, width: width)
        }
        return out
    }
}
