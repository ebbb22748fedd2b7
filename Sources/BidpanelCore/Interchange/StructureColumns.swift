/// The optional `lot` and `stage` columns of the scores and moderated CSVs
/// (SPEC §3, docs/evaluation-file.md). A bid is in one lot and a criterion
/// in one stage, so the columns add nothing the bid and criterion do not
/// already say: they are there for people reading the file, and a row whose
/// lot or stage disagrees with the panel is refused (a row typed against
/// the wrong lot's sheet, say). Files without them read as always; they are
/// written only for a panel in lots or in stages, so every other panel's
/// files are exactly as before.
struct StructureColumns {
    static let names = ["lot", "stage"]

    private let lotOfBid: [String: String]?
    private let stageOfCriterion: [String: String]?

    init(_ panel: Panel) {
        lotOfBid = panel.lots.isEmpty ? nil
            : Dictionary(panel.bids.map { ($0.id, $0.lot ?? "") }, uniquingKeysWith: { first, _ in first })
        stageOfCriterion = panel.stages.isEmpty ? nil
            : Dictionary(panel.criteria.map { ($0.id, $0.stage ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    var isEmpty: Bool { lotOfBid == nil && stageOfCriterion == nil }

    /// "lot", "stage", or both, before the file's usual columns.
    var header: [String] { (lotOfBid == nil ? [] : ["lot"]) + (stageOfCriterion == nil ? [] : ["stage"]) }

    func fields(_ slot: Slot) -> [String] {
        (lotOfBid.map { [$0[slot.bid] ?? ""] } ?? []) + (stageOfCriterion.map { [$0[slot.criterion] ?? ""] } ?? [])
    }

    /// A row's lot and stage ("" when the column is absent) against the
    /// panel: empty, or exactly the bid's lot and the criterion's stage.
    static func check(lot: String, stage: String, bid: Bid, criterion: Criterion, panel: Panel) throws {
        if !lot.isEmpty {
            if panel.lots.isEmpty {
                throw ScoresCSV.RowError("the lot column says \"\(lot)\", but this panel is not split into lots",
                                         fix: "leave the lot column empty, or take it out")
            }
            if lot != bid.lot {
                throw ScoresCSV.RowError("the lot column says \"\(lot)\", but bid \(bid.id) is in lot \"\(bid.lot ?? "")\"",
                                         fix: "check the bid id and the lot on the paper sheet; write \(bid.lot ?? "") or leave the lot empty")
            }
        }
        if !stage.isEmpty {
            if panel.stages.isEmpty {
                throw ScoresCSV.RowError("the stage column says \"\(stage)\", but this panel is not scored in stages",
                                         fix: "leave the stage column empty, or take it out")
            }
            if stage != criterion.stage {
                throw ScoresCSV.RowError("the stage column says \"\(stage)\", but criterion \"\(criterion.id)\" is scored in stage \"\(criterion.stage ?? "")\"",
                                         fix: "check the criterion and the stage on the paper sheet; write \(criterion.stage ?? "") or leave the stage empty")
            }
        }
    }
}
