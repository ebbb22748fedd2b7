import Synchronization

/// A panel's ids → positions, one dictionary per list, each built the first
/// time it is needed: a grants round looks a bid up once per CSV row, and a
/// scan of 1,000 bids per row made reading the scores file quadratic.
///
/// A `Panel` is a value whose lists can change, so it replaces its lookups
/// with a fresh, empty one whenever a list changes; copies made before the
/// change keep theirs, which still matches their own lists. The lock makes
/// the lazy build safe when a panel is shared between threads.
final class PanelLookups: Sendable, Equatable {
    enum List: Int { case scales, criteria, members, bids }

    private let positions = Mutex<[[String: Int]?]>([nil, nil, nil, nil])

    /// The first position of `id` in `items`, the panel's `list`.
    func position<Item>(of id: String, in list: List, among items: [Item], id itemID: (Item) -> String) -> Int? {
        positions.withLock { tables in
            if let table = tables[list.rawValue] { return table[id] }
            var table: [String: Int] = [:]
            table.reserveCapacity(items.count)
            for (index, item) in items.enumerated() where table[itemID(item)] == nil { table[itemID(item)] = index }
            tables[list.rawValue] = table
            return table[id]
        }
    }

    /// Derived from the lists, so it never makes two panels differ.
    static func == (_: PanelLookups, _: PanelLookups) -> Bool { true }
}
