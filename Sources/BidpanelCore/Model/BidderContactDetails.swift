extension BidderContact {
    /// The details an assessment summary must give (Procurement Regulations
    /// 2024 reg 31(2)(a) to (c)), with the panel file key each comes from.
    /// A detail of only spaces counts as missing.
    public var details: [(key: String, value: String?)] {
        [("supplier_id", supplierID), ("address", address), ("email", email)].map { key, value in
            let given = value?.trimmingSpaces
            return (key, given?.isEmpty == false ? given : nil)
        }
    }

    /// The keys of the details not given, in panel file order.
    public var missingKeys: [String] { details.filter { $0.value == nil }.map(\.key) }
}

extension String {
    /// Without leading and trailing spaces and newlines (the core avoids Foundation).
    var trimmingSpaces: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
