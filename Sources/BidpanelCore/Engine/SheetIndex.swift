/// The score sheet laid out by integer slot so the engine does each string
/// lookup once per value, not once per use. Values from members who declared
/// a conflict for the bid, who are not on the panel, or whose role does not
/// score the criterion never reach the engine.
struct SheetIndex {
    /// Members' values (as engine numbers) slot after slot: slot s has
    /// those from `starts[s]` to `starts[s + 1]`, in the order they were
    /// recorded. One array rather than one per slot (a grants round has
    /// 40,000 slots), and a byte a value when every value is a whole number
    /// that fits in one, as scale points, rungs and levels nearly always do
    /// (480,000 values take 11 MB as `Exact`s, half a megabyte as bytes).
    private let flat: [Exact]
    private let small: [Int8]?
    private let starts: [Int]
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
        let slotCount = panel.bids.count * slotsPerBid

        let bids = Dictionary(panel.bids.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let criteria = Dictionary(panel.criteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let principles = Dictionary(panel.matrix.principles.enumerated().map { ($1.id, $0) },
                                    uniquingKeysWith: { a, _ in a })
        let members = Dictionary(panel.members.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        func bit(_ role: Role) -> UInt8 { 1 << UInt8(Role.allCases.firstIndex(of: role)!) }
        let roleBits = panel.members.map { bit($0.role) }
        let scoredBy = panel.criteria.map { $0.scoredBy.reduce(0) { $0 | bit($1) } }
        let memberCount = panel.members.count
        // A declared conflict as bid × members + member (a person's conflict
        // stops their pair too); conflicts naming a bid or member not on the
        // panel can match no value.
        let conflicted = Set(sheet.conflicts.flatMap { conflict -> [Int] in
            guard let b = bids[conflict.bid] else { return [] }
            return panel.stoppedByConflict(of: conflict.member).compactMap { members[$0] }.map { b * memberCount + $0 }
        })

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

        // The values in the order recorded; usually (a sheet read from a CSV
        // sorted by bid and criterion) that is slot order already. Otherwise
        // a second pass puts the values in slot order by a counting sort.
        // Either way each slot keeps its values in the order they were
        // recorded. The sheet keeps each distinct slot, member and value
        // once (`MemberValues`), so each is looked up once here, not once
        // per value.
        let packed = sheet.memberValues
        var slotOf = [Int](repeating: -1, count: packed.slots.count)
        var bidOf = slotOf, criterionOf = slotOf
        for (number, packedSlot) in packed.slots.enumerated() {
            guard let s = slot(packedSlot) else { continue }
            (slotOf[number], bidOf[number], criterionOf[number]) = (s, lastBid.1, lastCriterion.1)
        }
        let memberOf = packed.members.map { members[$0] ?? -1 }
        let numberOf = packed.values.map(\.number)
        let byteOf = numberOf.map(\.wholeByte)
        func included(_ row: MemberValues.Row) -> Int? {
            let packedSlot = Int(row.slot), s = slotOf[packedSlot], m = memberOf[Int(row.member)]
            guard s >= 0, m >= 0, scoredBy[criterionOf[packedSlot]] & roleBits[m] != 0 else { return nil }
            if !conflicted.isEmpty, conflicted.contains(bidOf[packedSlot] * memberCount + m) { return nil }
            return s
        }
        var bytes: [Int8] = [], numbers: [Exact] = [], allBytes = true
        bytes.reserveCapacity(packed.count)
        var counts = [Int](repeating: 0, count: slotCount + 1)
        var inSlotOrder = true, previous = -1
        for row in packed.rows {
            guard let s = included(row) else { continue }
            if s < previous { inSlotOrder = false }
            previous = s
            let value = Int(row.value)
            if allBytes, let byte = byteOf[value] {
                bytes.append(byte)
            } else {
                if allBytes { // the first value that is not a small whole number
                    allBytes = false
                    numbers = bytes.map { Exact(Int($0)) }
                    numbers.reserveCapacity(packed.count)
                    bytes = []
                }
                numbers.append(numberOf[value])
            }
            counts[s + 1] += 1
        }
        for s in 0..<slotCount { counts[s + 1] += counts[s] }
        starts = counts
        var compact = bytes, flat = numbers
        if !inSlotOrder {
            var fill = counts
            var n = 0
            for row in packed.rows {
                guard let s = included(row) else { continue }
                if allBytes { compact[fill[s]] = bytes[n] } else { flat[fill[s]] = numbers[n] }
                fill[s] += 1
                n += 1
            }
        }
        small = allBytes ? compact : nil
        self.flat = flat

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

    /// Members' values at a slot.
    func values(slot: Int) -> SlotValues {
        let range = starts[slot]..<starts[slot + 1]
        if let small { return SlotValues(small: small[range], exact: []) }
        return SlotValues(small: nil, exact: flat[range])
    }

    /// A slot's values as bytes, when the index keeps every value so: the
    /// engine then sums and compares them as integers and makes one `Exact`
    /// per slot instead of one per value.
    func smallValues(slot: Int) -> ArraySlice<Int8>? {
        small?[starts[slot]..<starts[slot + 1]]
    }

    /// One slot's values, from whichever form the index keeps.
    struct SlotValues: RandomAccessCollection {
        let small: ArraySlice<Int8>?
        let exact: ArraySlice<Exact>

        var startIndex: Int { small?.startIndex ?? exact.startIndex }
        var endIndex: Int { small?.endIndex ?? exact.endIndex }
        subscript(position: Int) -> Exact {
            if let small { return Exact(Int(small[position])) }
            return exact[position]
        }
    }

    /// True when at least two members gave values whose spread reaches
    /// `threshold`.
    func spreads(slot: Int, atLeast threshold: Exact) -> Bool {
        if let bytes = smallValues(slot: slot) {
            guard bytes.count >= 2, var low = bytes.first else { return false }
            var high = low
            for value in bytes { low = min(low, value); high = max(high, value) }
            return high > low && Exact(Int(high) - Int(low)) >= threshold
        }
        let list = values(slot: slot)
        guard list.count >= 2, var low = list.first else { return false }
        var high = low
        for value in list[(list.startIndex + 1)...] {
            if value < low { low = value } else if high < value { high = value }
        }
        return high > low && high - low >= threshold
    }
}

extension Exact {
    /// The value as a byte, when it is a whole number from -128 to 127.
    var wholeByte: Int8? {
        guard case let .small(n, 1) = storage else { return nil }
        return Int8(exactly: n)
    }
}
