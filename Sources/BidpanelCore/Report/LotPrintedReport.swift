/// The printed report of a tender split into lots: the same pages as
/// `PrintedReport`, with the totals table, each bid in detail, and the
/// exclusions and flags given lot by lot (each lot's figures from its own
/// bids), then who wins each lot under the award rule, the record of the
/// meeting and the signatures.
extension PrintedReport {
    public static func render(tender: consuming TenderResult, panel: Panel, sheet: ScoreSheet, signedOff: String?, printedOn: String,
                              record: MeetingRecord? = nil, seal: RecordSeal? = nil) -> String {
        let pages = laidOut(tender: tender, panel: panel, sheet: sheet, signedOff: signedOff, printedOn: printedOn, record: record, seal: seal)
        _ = consume tender
        return pages.text()
    }

    public static func pages(tender: TenderResult, panel: Panel, sheet: ScoreSheet, signedOff: String?, printedOn: String,
                             record: MeetingRecord? = nil, seal: RecordSeal? = nil) -> [String] {
        laidOut(tender: tender, panel: panel, sheet: sheet, signedOff: signedOff, printedOn: printedOn, record: record, seal: seal).pages
    }

    static func laidOut(tender: TenderResult, panel: Panel, sheet: ScoreSheet, signedOff: String?, printedOn: String,
                        record: MeetingRecord?, seal: RecordSeal?) -> Pagination {
        // Every lot's bids together: what the introduction counts as missing.
        let all = EvaluationResult(complete: tender.complete, quality: panel.scoring.quality, price: panel.priceShare,
                                   priceFormula: panel.scoring.priceFormula, bids: tender.lots.flatMap(\.result.bids))
        let reasons = Dictionary(sheet.moderated.map { ($0.slot, $0.reason) }, uniquingKeysWith: { $1 })
        var blocks = [introduction(all, panel: panel, signedOff: signedOff, record: record), lotsIntroduction(tender, panel: panel)]
        for lot in tender.lots {
            let heading = printable("Lot \(lot.lot.id): \(lot.lot.title)")
            let title = DisplayWidth.wrap(heading, width: width) + [String(repeating: "=", count: min(width, DisplayWidth.of(heading))), ""]
            var summary = summary(lot.result, panel: lot.panel)
            if let staged = lot.stages {
                // In stages, the lot's stages and shortlists come before its final result.
                var stages = StagePrinting.units(staged, of: "This lot")
                stages[0] = title + stages[0]
                blocks.append(Block(units: stages, continued: DisplayWidth.wrap(printable("Lot \(lot.lot.id), its stages, continued"), width: width)))
            } else {
                summary.units[0] = title + summary.units[0]
            }
            summary.continued = DisplayWidth.wrap(printable("Lot \(lot.lot.id), continued"), width: width) + summary.continued
            blocks.append(summary)
            blocks += breakdowns(lot.result, panel: lot.panel, reasons: reasons)
            blocks.append(exclusionsAndFlags(lot.result, panel: lot.panel))
        }
        blocks.append(awards(tender))
        if let record { blocks += meeting(record, panel: panel) }
        blocks.append(signatures(panel, signedOff: signedOff, complete: tender.complete))
        let top = header(panel, printedOn: printedOn, status: status(all, signedOff: signedOff), seal: seal)
        let provisional = !tender.complete || signedOff == nil
        return Pagination(blocks: consume blocks, top: top) { page, count in
            footer(panel, page: page, of: count, provisional: provisional, seal: seal)
        }
    }

    static func lotsIntroduction(_ tender: TenderResult, panel: Panel) -> Block {
        let count = tender.lots.count
        let limit = panel.scoring.maxLotsPerBidder.map { " One bidder may win at most \($0) lot\($0 == 1 ? "" : "s")." } ?? ""
        return Block(units: [AssessmentSummary.paragraph("The tender is split into \(count) lot\(count == 1 ? "" : "s"). "
            + "Each lot is scored on its own: its price marks, exclusions, ranks and flags come only from the bids in it." + limit)])
    }

    /// Who wins each lot, with any bidder passed over and any tie for the chair.
    static func awards(_ tender: TenderResult) -> Block {
        var lines = AssessmentSummary.heading("Who wins each lot") + [""]
        for decision in tender.awards.decisions {
            lines += AssessmentSummary.paragraph(printable(LotText.awardLine(decision, tender: tender)))
            for passed in decision.passedOver {
                lines += AssessmentSummary.paragraph(printable(LotText.passedOverLine(passed, tender: tender)), indent: 6)
            }
        }
        if !tender.complete { lines += AssessmentSummary.paragraph("PROVISIONAL: the awards may still change.") }
        return Block(units: [lines])
    }
}
