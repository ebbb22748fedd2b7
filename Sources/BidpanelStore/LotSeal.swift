import BidpanelCore

/// What the seal names of a panel split into lots, so a change made with
/// the sqlite3 shell is named as "lot north's budget", not only as a
/// changed panel text: each lot's title, budget, abnormally-low setting and
/// weights, and each bid's lot. All of them come from the stored panel
/// text, which is sealed whole too. A panel without lots adds no item, so
/// the seal of every other file is as it always was.
struct LotSeal: Sendable {
    /// False for a panel without lots: then nothing is added.
    var held = false
    var lotOfBid: [String: String] = [:]
    var items: [SealItem] = []

    init() {}

    init(_ panel: Panel) {
        guard !panel.lots.isEmpty else { return }
        held = true
        for bid in panel.bids { if let lot = bid.lot { lotOfBid[bid.id] = lot } }
        for lot in panel.lots {
            items.append(SealItem(label: "lot \(lot.id)'s title", value: lot.title))
            items.append(SealItem(label: "lot \(lot.id)'s budget", value: lot.budget?.description ?? "none"))
            items.append(SealItem(label: "lot \(lot.id)'s abnormally-low setting", value: lot.abnormallyLow?.description ?? "none"))
            let weights = lot.weights.keys.sorted().map { "\($0) \(lot.weights[$0]!)" }.joined(separator: ", ")
            items.append(SealItem(label: "lot \(lot.id)'s weights", value: weights.isEmpty ? "none" : weights))
        }
    }
}
