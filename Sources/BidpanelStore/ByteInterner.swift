/// Byte strings, each made of two parts, numbered in the order first seen
/// and found again by their bytes alone: the audit check looks up the same
/// few ids and values hundreds of thousands of times, and building a Swift
/// String for each lookup cost more than the lookup. Exact bytes only: two
/// spellings Swift's String equality calls equal ("é" as one character or
/// two) are two items here; `AuditReplay.Interned` adds that equality.
struct ByteInterner {
    /// Every item's bytes, one after another.
    private var arena: [UInt8] = []
    /// Item i is arena[starts[i]..<splits[i]] then arena[splits[i]..<starts[i + 1]].
    private var starts: [Int] = [0]
    private var splits: [Int] = []
    /// Open addressing: an item's number, or -1 for an empty slot.
    private var slots: [Int32] = Array(repeating: -1, count: 16)

    var count: Int { splits.count }

    /// The number of the item `first` then `second`, adding it if new.
    mutating func number<A: Collection<UInt8>, B: Collection<UInt8>>(_ first: A, _ second: B) -> Int32 {
        let hash = Self.hash(first, second)
        var slot = hash & (slots.count - 1)
        while slots[slot] >= 0 {
            if matches(Int(slots[slot]), first, second) { return slots[slot] }
            slot = (slot + 1) & (slots.count - 1)
        }
        let number = Int32(count)
        arena.append(contentsOf: first)
        splits.append(arena.count)
        arena.append(contentsOf: second)
        starts.append(arena.count)
        slots[slot] = number
        if count * 2 > slots.count { grow() }
        return number
    }

    mutating func number<A: Collection<UInt8>>(_ bytes: A) -> Int32 { number(bytes, EmptyCollection()) }

    /// The number of the item, if it was added.
    func find<A: Collection<UInt8>, B: Collection<UInt8>>(_ first: A, _ second: B) -> Int32? {
        var slot = Self.hash(first, second) & (slots.count - 1)
        while slots[slot] >= 0 {
            if matches(Int(slots[slot]), first, second) { return slots[slot] }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// An item's two parts.
    func parts(_ number: Int32) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        let item = Int(number)
        return (arena[starts[item]..<splits[item]], arena[splits[item]..<starts[item + 1]])
    }

    private func matches<A: Collection<UInt8>, B: Collection<UInt8>>(_ item: Int, _ first: A, _ second: B) -> Bool {
        let start = starts[item], split = splits[item], end = starts[item + 1]
        guard split - start == first.count, end - split == second.count else { return false }
        return arena[start..<split].elementsEqual(first) && arena[split..<end].elementsEqual(second)
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        for item in 0..<count {
            let (first, second) = parts(Int32(item))
            var slot = Self.hash(first, second) & (slots.count - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(item)
        }
    }

    /// FNV-1a over both parts, with the first part's length between them so
    /// that ("ab", "c") and ("a", "bc") differ.
    private static func hash<A: Collection<UInt8>, B: Collection<UInt8>>(_ first: A, _ second: B) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in first { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ UInt64(first.count)) &* 0x100_0000_01b3
        for byte in second { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
