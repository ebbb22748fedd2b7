/// Members' values, held packed: each distinct slot, member, value and
/// comment is kept once, and each recorded value is a row of five 32-bit
/// numbers pointing at them. A grants round records half a million values;
/// as `MemberValue`s (four strings, a value and a comment each, 104 bytes)
/// they took 50 MB, packed they take about a fifth of that. Reads give
/// back whole `MemberValue`s, so callers see a plain collection.
///
/// At most one value per member per slot: recording again replaces it in
/// place (`ScoreSheet.record`).
public struct MemberValues: RandomAccessCollection, Sendable {
    struct Row: Sendable {
        var slot: Int32
        var member: Int32
        var value: Int32
        /// 0 for no comment.
        var comment: Int32
        /// The row recorded before this one in the same slot, -1 for none.
        /// A slot has a dozen or so values, so walking the chain is cheap.
        var earlier: Int32
    }

    /// Keys numbered in the order first seen, each kept once.
    struct Numbering<Key: Hashable & Sendable>: Sendable {
        private(set) var keys: [Key] = []
        private var numbers: [Key: Int32] = [:]

        func number(of key: Key) -> Int32? { numbers[key] }

        /// The key's number, and whether it was new.
        mutating func number(_ key: Key) -> (number: Int32, added: Bool) {
            if let known = numbers[key] { return (known, false) }
            let number = Int32(keys.count)
            keys.append(key)
            numbers[key] = number
            return (number, true)
        }
    }

    private(set) var rows: [Row] = []
    /// Each distinct slot, member and value.
    private var slotNumbering = Numbering<Slot>()
    private var memberNumbering = Numbering<String>()
    private var valueNumbering = Numbering<Value>()
    var slots: [Slot] { slotNumbering.keys }
    var members: [String] { memberNumbering.keys }
    var values: [Value] { valueNumbering.keys }
    private var comments: [String] = [""]
    /// Each slot's latest row.
    private var lastInSlot: [Int32] = []
    /// The last slot and member numbered: values usually arrive slot by
    /// slot with members in the panel's order, so most cost a comparison,
    /// not a hash.
    private var recentSlot: Int32 = -1
    private var recentMember: Int32 = -1

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(position: Int) -> MemberValue {
        let row = rows[position]
        return MemberValue(slot: slots[Int(row.slot)], member: members[Int(row.member)],
                           value: values[Int(row.value)], comment: comments[Int(row.comment)])
    }

    mutating func reserveCapacity(_ count: Int) {
        rows.reserveCapacity(count)
    }

    /// Records a value, replacing the member's earlier value in its slot.
    mutating func record(_ value: MemberValue) {
        let slot = slotNumber(value.slot), member = memberNumber(value.member)
        let number = valueNumber(value.value)
        if let earlier = row(member: member, slot: slot) {
            let old = rows[earlier].comment
            rows[earlier].value = number
            rows[earlier].comment = comment(value.comment, replacing: old)
            return
        }
        let comment = comment(value.comment, replacing: 0)
        rows.append(Row(slot: slot, member: member, value: number, comment: comment, earlier: lastInSlot[Int(slot)]))
        lastInSlot[Int(slot)] = Int32(rows.count - 1)
    }

    /// The member's value at the slot, if recorded.
    func value(of member: String, at slot: Slot) -> MemberValue? {
        guard let slot = slotNumbering.number(of: slot), let member = memberNumbering.number(of: member),
              let row = row(member: member, slot: slot) else { return nil }
        return self[row]
    }

    private func row(member: Int32, slot: Int32) -> Int? {
        var index = lastInSlot[Int(slot)]
        while index >= 0 {
            if rows[Int(index)].member == member { return Int(index) }
            index = rows[Int(index)].earlier
        }
        return nil
    }

    private mutating func slotNumber(_ slot: Slot) -> Int32 {
        if recentSlot >= 0, slots[Int(recentSlot)] == slot { return recentSlot }
        let (number, added) = slotNumbering.number(slot)
        if added { lastInSlot.append(-1) }
        recentSlot = number
        return number
    }

    private mutating func memberNumber(_ member: String) -> Int32 {
        let next = recentMember + 1
        if Int(next) < members.count, members[Int(next)] == member {
            recentMember = next
            return next
        }
        if recentMember >= 0, members[Int(recentMember)] == member { return recentMember }
        recentMember = memberNumbering.number(member).number
        return recentMember
    }

    private mutating func valueNumber(_ value: Value) -> Int32 {
        valueNumbering.number(value).number
    }

    /// Where a comment is kept: in the place of the one it replaces, when
    /// there was one, so replacing a value many times does not pile up text.
    private mutating func comment(_ text: String, replacing old: Int32) -> Int32 {
        if text.isEmpty {
            if old != 0 { comments[Int(old)] = "" }
            return 0
        }
        if old != 0 {
            comments[Int(old)] = text
            return old
        }
        comments.append(text)
        return Int32(comments.count - 1)
    }
}
