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

    /// Where a bid's details were written, for the fix a warning gives.
    public enum Source: Sendable { case panelFile, bidsCSV }

    /// The one warning for a bid whose summary would lack a detail reg 31
    /// asks for, or nil when every detail is given. A warning, not an
    /// error: a panel can score before the details are collected.
    public func missingDetailsWarning(bid id: String, in source: Source) -> (message: String, fix: String)? {
        let missing = missingKeys
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "\"\($0)\"" }
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
        let message = "bid \"\(id)\" has no \(list); the bidder's assessment summary must give its unique identifier, postal address and e-mail (Procurement Regulations 2024 reg 31)"
        switch source {
        case .panelFile:
            let examples = ["supplier_id": "supplier_id = \"PUK-123456\"",
                            "address": "address = \"1 High Street, Anytown AB1 2CD\"",
                            "email": "email = \"bids@example.org.uk\""]
            return (message, "add \(missing.count == 1 ? "a line" : "lines") such as: \(missing.compactMap { examples[$0] }.joined(separator: "; "))")
        case .bidsCSV:
            let columns = missing.count == 1 ? missing[0] : missing.dropLast().joined(separator: ", ") + " and " + missing.last!
            return (message, "fill in the \(columns) column\(missing.count == 1 ? "" : "s") on this row (add \(missing.count == 1 ? "the column" : "them") to the first line if the file has none)")
        }
    }
}

extension String {
    /// Without leading and trailing spaces and newlines (the core avoids Foundation).
    var trimmingSpaces: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
