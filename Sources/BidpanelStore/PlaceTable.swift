/// The places of member values (four interned ids), each given a slot in the
/// order first added: the replay keeps one per value the log recorded, so
/// the table is a flat array of keys and one of buckets, with a hash made
/// for four small numbers, rather than a Dictionary hashing each key
/// through SipHash.
struct PlaceTable {
    /// Each slot's place.
    private(set) var keys: [AuditReplay.ValueKey] = []
    /// Open addressing: a slot, or -1 for an empty bucket; at most half full.
    private var buckets: [Int32]

    init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        buckets = Array(repeating: -1, count: size)
        keys.reserveCapacity(capacity)
    }

    var count: Int { keys.count }

    /// The slot of `key`, if it was added. `guess`: the slot it is likely
    /// to have (the table lists values in the order the log first recorded
    /// them, so the slot after the one before), checked first.
    func slot(of key: AuditReplay.ValueKey, guess: Int) -> Int? {
        if guess >= 0, guess < keys.count, keys[guess] == key { return guess }
        return slot(of: key)
    }

    /// The slot of `key`, if it was added.
    func slot(of key: AuditReplay.ValueKey) -> Int? {
        var bucket = Self.hash(key) & (buckets.count - 1)
        while buckets[bucket] >= 0 {
            if keys[Int(buckets[bucket])] == key { return Int(buckets[bucket]) }
            bucket = (bucket + 1) & (buckets.count - 1)
        }
        return nil
    }

    /// The slot of `key`, added as the next slot when new.
    mutating func slot(adding key: AuditReplay.ValueKey) -> (slot: Int, added: Bool) {
        var bucket = Self.hash(key) & (buckets.count - 1)
        while buckets[bucket] >= 0 {
            if keys[Int(buckets[bucket])] == key { return (Int(buckets[bucket]), false) }
            bucket = (bucket + 1) & (buckets.count - 1)
        }
        let slot = keys.count
        keys.append(key)
        buckets[bucket] = Int32(slot)
        if keys.count * 2 > buckets.count { grow() }
        return (slot, true)
    }

    private mutating func grow() {
        buckets = Array(repeating: -1, count: buckets.count * 2)
        for (slot, key) in keys.enumerated() {
            var bucket = Self.hash(key) & (buckets.count - 1)
            while buckets[bucket] >= 0 { bucket = (bucket + 1) & (buckets.count - 1) }
            buckets[bucket] = Int32(slot)
        }
    }

    /// The bid, criterion and principle mixed by multiplication, and the
    /// member kept in the low bits: a criterion's values for every member
    /// then sit side by side, in one or two cache lines, as the log and the
    /// table list them.
    private static func hash(_ key: AuditReplay.ValueKey) -> Int {
        let high = UInt64(UInt32(bitPattern: key.bid)) << 32 | UInt64(UInt32(bitPattern: key.criterion))
        var hash = (high &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(UInt32(bitPattern: key.principle))
        hash = (hash ^ (hash >> 31)) &* 0xD6E8_FEB8_6659_FD93
        return Int(truncatingIfNeeded: (hash ^ (hash >> 32)) ^ UInt64(UInt32(bitPattern: key.member)))
    }
}
