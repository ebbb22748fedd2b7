/// The score sheet laid out by integer slot so the engine does each string
/// lookup once per value, not once per use. Values from members who declared
/// a conflict for the bid, who are not on the panel, or whose role does not
/// score the criterion never reach the engine.
struct SheetIndex {
    /// Slot → members' values (as engine numbers); a flat array because
    /// every slot of every bid is visited.
    private(set) var values: [[Exact]]
    /// Slot → the chair's moderated value.
    private(set) var moderated: [Int: Value] = [:]
    private var reasons: [Int: String] = [:]
    private let slotBase: [Int]
    private let slotsPerBid: Int

    init(panel: Panel, sheet: ScoreSheet) {
        var base: [Int] = []
        var next = 0
        for criterion in panel.criteria {
            base.append(next)
            next += criterion.kind == .matrix ? max(panel.matrix.principles.count, 1) : 1
        }
        slotBase = base
        slotsPerBid = max(next, 1)
        values = Array(repeating: [], count: panel.bids.count * slotsPerBid)

        let bids = Dictionary(panel.bids.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let criteria = Dictionary(panel.criteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let principles = Dictionary(panel.matrix.principles.enumerated().map { ($1.id, $0) },
                                    uniquingKeysWith: { a, _ in a })
        let members = Dictionary(panel.members.map { ($0.id, $0.role) }, uniquingKeysWith: { a, _ in a })
        let conflicted = Set(sheet.conflicts.map { "\($0.bid)\u{0}\($0.member)" })

        // Rows usually arrive grouped by bid and criterion: remember the last
        // lookups so most values cost string comparisons, not hashing.
        var lastBid = ("", -1), lastCriterion = ("", -1)
        func bidIndex(_ id: String) -> Int? {
            if id == lastBid.0 { return lastBid.1 }
            guard let b = bids[id] else { return nil }
            lastBid = (id, b)
            return b
        }
        func criterionIndex(_ id: String) -> Int? {
            if id == lastCriterion.0 { return lastCriterion.1 }
            guard let c = criteria[id] else { return nil }
            lastCriterion = (id, c)
            return c
        }
        let perBid = slotsPerBid
        func slot(_ s: Slot) -> Int? {
            guard let b = bidIndex(s.bid), let c = criterionIndex(s.criterion) else { return nil }
            let isMatrix = panel.criteria[c].kind == .matrix
            if isMatrix {
                guard let name = s.principle, let p = principles[name] else { return nil }
                return b * perBid + base[c] + p
            }
            return s.principle == nil ? b * perBid + base[c] : nil
        }

        for value in sheet.memberValues {
            guard let s = slot(value.slot), let role = members[value.member],
                  panel.criteria[lastCriterion.1].scoredBy.contains(role) else { continue }
            if !conflicted.isEmpty, conflicted.contains("\(value.slot.bid)\u{0}\(value.member)") { continue }
            values[s].append(value.value.number)
        }
        for value in sheet.moderated {
            guard let s = slot(value.slot) else { continue }
            moderated[s] = value.value
            if !value.reason.isEmpty { reasons[s] = value.reason }
        }
    }

    func slot(bid: Int, criterion: Int, principle: Int = 0) -> Int {
        bid * slotsPerBid + slotBase[criterion] + principle
    }

    func reason(slot: Int) -> String? { reasons[slot] }

    /// True when at least two members gave values whose spread reaches
    /// `threshold`.
    func spreads(slot: Int, atLeast threshold: Exact) -> Bool {
        let list = values[slot]
        guard list.count >= 2, let low = list.min(), let high = list.max() else {
            return false
        }
        return high > low && high - low >= threshold
    }
}
