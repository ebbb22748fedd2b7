/// The CSV interchange of SPEC §3. Every reader checks every row against the
/// panel and either returns all of it or throws every problem found, by file
/// and line: nothing from a bad file is ever applied.
public enum ScoresCSV {
    public static let memberColumns = ["bid", "criterion", "member", "value", "principle", "comment"]
    public static let moderatedColumns = ["bid", "criterion", "principle", "value", "reason"]
    public static let conflictColumns = ["bid", "member", "reason"]
    public static let bidColumns = ["id", "bidder", "price"]

    // MARK: Reading

    public static func memberValues(text: String, file: String, panel: Panel) throws -> [MemberValue] {
        Array(try readMemberValues(text: text, file: file, panel: panel, keepingLines: false).values)
    }

    /// A sheet holding the file's member values, read straight into it: a
    /// grants round's values are never held unpacked (`MemberValues`).
    public static func sheet(text: String, file: String, panel: Panel) throws -> ScoreSheet {
        ScoreSheet(packed: try readMemberValues(text: text, file: file, panel: panel, keepingLines: false).values)
    }

    /// As `memberValues`, each with the line it came from.
    public static func locatedMemberValues(text: String, file: String, panel: Panel) throws -> [Located<MemberValue>] {
        let (values, lines) = try readMemberValues(text: text, file: file, panel: panel, keepingLines: true)
        return zip(values, lines).map { Located($0, file: file, line: $1) }
    }

    /// The member CSV's columns, by their place in the header list.
    private enum MemberColumn: Int, CaseIterable {
        case bid, criterion, member, value, principle, comment, lot, stage
    }

    /// Reads a member CSV a row at a time, straight from its bytes. A grants
    /// round's file has hundreds of thousands of rows, mostly repeating the
    /// row before in bid and criterion, so a field with the same bytes as
    /// the row before reuses that row's text and lookup.
    static func readMemberValues(text: String, file: String, panel: Panel,
                                 keepingLines: Bool) throws -> (values: MemberValues, lines: [Int]) {
        do {
            return try readMemberValues(text: text, file: file, panel: panel, keepingLines: keepingLines, markingSeen: true)
        } catch is SeenTwice {
            return try readMemberValues(text: text, file: file, panel: panel, keepingLines: keepingLines, markingSeen: false)
        }
    }

    /// A member gave two values for one slot: read again, keeping lines, to say where.
    private struct SeenTwice: Error {}

    /// `markingSeen` keeps one bit per possible (bid, criterion, principle,
    /// member), a few hundred kilobytes for a grants round, instead of a
    /// dictionary of lines (16 MB); on the first member seen twice it gives
    /// up with SeenTwice, and the caller reads again with the dictionary.
    private static func readMemberValues(text: String, file: String, panel: Panel, keepingLines: Bool,
                                         markingSeen: Bool) throws -> (values: MemberValues, lines: [Int]) {
        var problems: [Diagnostic] = []
        // Each slot and member once at most (checked below), so recording never replaces.
        var values = MemberValues(), lines: [Int] = []
        // Every line but the header is usually a row.
        let estimate = text.utf8.reduce(into: 0) { count, byte in if byte == Byte.lineFeed { count += 1 } }
        values.reserveCapacity(estimate)
        if keepingLines { lines.reserveCapacity(estimate) }
        let principleCount = panel.matrix.principles.count + 1, memberCount = max(panel.members.count, 1)
        let keys = panel.bids.count * panel.criteria.count * principleCount * memberCount
        // At most 8 MB of bits (a million slots of a dozen members); beyond that, lines.
        let marking = markingSeen && keys <= 64 * 1024 * 1024
        var marks = [UInt64](repeating: 0, count: marking ? (keys + 63) / 64 : 0)
        var seen: [Int: Int] = [:]
        if !marking { seen.reserveCapacity(estimate) }
        var bids = RepeatedField(), criteria = RepeatedField(), principles = RepeatedField(), members = RepeatedField()
        var lastSlot: (Slot, Int, Int, Int)? // the last row's, when it named a slot
        // What each row needs of its criterion and member, taken from the panel once.
        func bit(_ role: Role) -> UInt8 { 1 << UInt8(Role.allCases.firstIndex(of: role)!) }
        let scoredBy = panel.criteria.map { $0.scoredBy.reduce(0) { $0 | bit($1) } }
        let roleBits = panel.members.map { bit($0.role) }, memberIDs = panel.members.map(\.id)
        let firstOfItsID = memberIDs.indices.map { panel.memberIndex(id: memberIDs[$0]) == $0 }
        var lastMember = -1
        let commentRequired = panel.criteria.map(\.commentRequired)
        let points = panel.criteria.map { criterion in // a scored criterion's scale values
            criterion.kind == .scored ? panel.scale(id: criterion.scaleID ?? "")?.points.map(\.value) ?? [] : []
        }
        var lots = RepeatedField(), stages = RepeatedField()
        try CSVTable.read(text: text, file: file, required: ["bid", "criterion", "member", "value"],
                          optional: ["principle", "comment"] + StructureColumns.names) { row in
            do {
                let bid = bids.text(of: row, .bid), criterionID = criteria.text(of: row, .criterion)
                let principle = principles.text(of: row, .principle)
                let lot = lots.text(of: row, .lot), stage = stages.text(of: row, .stage)
                let sameSlot = bids.repeated && criteria.repeated && principles.repeated && lots.repeated && stages.repeated
                let cached = sameSlot ? lastSlot : nil
                lastSlot = nil
                let (slot, b, c, p) = try cached ?? resolveSlot(bid: bid, criterion: criterionID, principle: principle, panel: panel)
                if cached == nil { try StructureColumns.check(lot: lot, stage: stage, bid: panel.bids[b], criterion: panel.criteria[c], panel: panel) }
                lastSlot = (slot, b, c, p)
                let memberID = members.text(of: row, .member)
                // Members usually follow in panel order: try the next one before the lookup.
                let guess = lastMember + 1 < memberIDs.count ? lastMember + 1 : 0
                let found = guess < memberIDs.count && memberIDs[guess] == memberID && firstOfItsID[guess]
                    ? guess : members.position(memberID, { panel.memberIndex(id: $0) })
                lastMember = found ?? -1
                guard let m = found else {
                    throw RowError("unknown member \"\(memberID)\": " + Suggest.hint(for: memberID, in: panel.members.map(\.id)))
                }
                guard scoredBy[c] & roleBits[m] != 0 else {
                    let criterion = panel.criteria[c], member = panel.members[m]
                    let roles = criterion.scoredBy.map(\.rawValue).joined(separator: ", ")
                    throw RowError("\(member.id) is \(member.role.rawValue) but \"\(criterion.id)\" is scored only by: \(roles)")
                }
                let valueText = row.trimmed(MemberColumn.value.rawValue)
                let value: Value
                if let number = Exact(simpleDecimal: valueText), points[c].contains(number) {
                    value = .scale(number) // what parseValue gives, without looking the criterion and scale up again
                } else {
                    value = try parseValue(valueText, criterion: panel.criteria[c], panel: panel)
                }
                if commentRequired[c] && row.trimmed(MemberColumn.comment.rawValue).isEmpty {
                    throw RowError("\"\(slot.criterion)\" needs a comment from each member", fix: "add the member's reason in the comment column")
                }
                // One number per (bid, criterion, principle, member): the
                // panel's positions stand for the ids they were found by.
                let key = ((b * panel.criteria.count + c) * principleCount + p + 1) * memberCount + m
                if marking {
                    let (word, bit) = (key / 64, UInt64(1) << UInt64(key % 64))
                    if marks[word] & bit != 0 { throw SeenTwice() }
                    marks[word] |= bit
                } else if let earlier = seen.updateValue(row.line, forKey: key) {
                    seen[key] = earlier
                    throw RowError("\(memberIDs[m]) already has a value for this on line \(earlier)",
                                   fix: "keep one row per member, bid, criterion and principle")
                }
                values.record(MemberValue(slot: slot, member: memberIDs[m], value: value,
                                          comment: row.raw(MemberColumn.comment.rawValue)))
                if keepingLines { lines.append(row.line) }
            } catch let error as RowError {
                problems.append(Diagnostic(.error, file: file, line: row.line, message: error.message, fix: error.fix))
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return (values, lines)
    }

    /// The last row's text of one column and where its id was found, kept
    /// while the next row has the same bytes there.
    private struct RepeatedField {
        private var field: CSVBytes.Field?
        private var text = ""
        private var found: Int?? = .none
        /// Whether the last text given was the same as the one before.
        private(set) var repeated = false

        private var started = false

        mutating func text(of row: CSVTable.Record, _ column: MemberColumn) -> String {
            let next = row.field(column.rawValue)
            switch (field, next) {
            case let (field?, next?) where row.text.sameBytes(field, next):
                repeated = true
                return text
            case (nil, nil) where started: // the column is absent
                repeated = true
                return text
            default:
                break
            }
            started = true
            repeated = false
            field = next
            text = row.trimmed(column.rawValue)
            found = .none
            return text
        }

        /// Where `text` (the last text given) is, by `lookup`, found once per run of rows.
        mutating func position(_ text: String, _ lookup: (String) -> Int?) -> Int? {
            if case let .some(position) = found { return position }
            let position = lookup(text)
            found = .some(position)
            return position
        }
    }

    public static func moderatedValues(text: String, file: String, panel: Panel) throws -> [ModeratedValue] {
        try locatedModeratedValues(text: text, file: file, panel: panel).map(\.item)
    }

    /// As `moderatedValues`, each with the line it came from.
    public static func locatedModeratedValues(text: String, file: String, panel: Panel) throws -> [Located<ModeratedValue>] {
        let table = try CSVTable(text: text, file: file, required: ["bid", "criterion", "value", "reason"],
                                 optional: ["principle"] + StructureColumns.names)
        var problems: [Diagnostic] = []
        var result: [Located<ModeratedValue>] = []
        var seen: [Slot: Int] = [:]
        for row in table.rows {
            do {
                let (slot, b, c, _) = try resolveSlot(bid: row["bid"], criterion: row["criterion"], principle: row["principle"],
                                                      panel: panel)
                try StructureColumns.check(lot: row["lot"], stage: row["stage"], bid: panel.bids[b], criterion: panel.criteria[c],
                                           panel: panel)
                let value = try parseValue(row["value"], criterion: panel.criteria[c], panel: panel)
                guard !row["reason"].isEmpty else {
                    throw RowError("a moderated value needs a reason", fix: "say briefly why the panel agreed this value")
                }
                if let earlier = seen[slot] {
                    throw RowError("this slot was already moderated on line \(earlier)", fix: "keep one row per bid, criterion and principle")
                }
                seen[slot] = row.line
                result.append(Located(ModeratedValue(slot: slot, value: value, reason: row["reason"]), file: file, line: row.line))
            } catch let error as RowError {
                problems.append(Diagnostic(.error, file: file, line: row.line, message: error.message, fix: error.fix))
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return result
    }

    /// The conflicts a CSV declares; a `none` row (no conflicts) adds none.
    public static func conflicts(text: String, file: String, panel: Panel) throws -> [Conflict] {
        try conflictDeclarations(text: text, file: file, panel: panel).conflicts.map(\.item)
    }

    /// A conflicts CSV as a paper declaration form: a row per conflict, and
    /// `none` in the bid column for a member who declared they have none.
    public static func conflictDeclarations(text: String, file: String, panel: Panel) throws
        -> (conflicts: [Located<Conflict>], none: [Located<String>]) {
        let table = try CSVTable(text: text, file: file, required: ["bid", "member"], optional: ["reason"])
        var problems: [Diagnostic] = []
        var result: [Located<Conflict>] = []
        var none: [Located<String>] = []
        for row in table.rows {
            let bid = row["bid"], member = row["member"]
            if panel.member(id: member) == nil {
                problems.append(Diagnostic(.error, file: file, line: row.line,
                                           message: "unknown member \"\(member)\": " + Suggest.hint(for: member, in: panel.members.map(\.id))))
            } else if bid.lowercased() == noConflicts && panel.bid(id: bid) == nil {
                none.append(Located(member, file: file, line: row.line))
            } else if panel.bid(id: bid) == nil {
                problems.append(Diagnostic(.error, file: file, line: row.line,
                                           message: "unknown bid \"\(bid)\": " + Suggest.hint(for: bid, in: panel.bids.map(\.id)),
                                           fix: "for a member with no conflicts, write none in the bid column"))
            } else {
                result.append(Located(Conflict(bid: bid, member: member, reason: row["reason"]), file: file, line: row.line))
            }
        }
        for declared in none {
            if let conflict = result.first(where: { $0.item.member == declared.item }) {
                problems.append(Diagnostic(.error, file: file, line: declared.line,
                                           message: "this row says \(declared.item) has no conflicts, but line \(conflict.line) gives one with bid \(conflict.item.bid)",
                                           fix: "keep the \"none\" row only for a member with no conflict rows"))
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems.sorted { $0.line < $1.line }) }
        return (result, none)
    }

    /// What the bid column says for a member who has no conflicts.
    public static let noConflicts = "none"

    /// Bids to add to a panel (`--bids`): `id,bidder,price`.
    public static func bids(text: String, file: String) throws -> [Bid] {
        try bidsWithWarnings(text: text, file: file).bids
    }

    /// The bids, and a warning at its line for each bid whose contact
    /// details an assessment summary needs are missing (as `validate` gives
    /// for bids in a panel file).
    public static func bidsWithWarnings(text: String, file: String) throws -> (bids: [Bid], warnings: [Diagnostic]) {
        let table = try CSVTable(text: text, file: file, required: ["id", "bidder"],
                                 optional: ["price", "supplier_id", "address", "email"])
        var problems: [Diagnostic] = [], warnings: [Diagnostic] = []
        var result: [Bid] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let id = row["id"], priceText = row["price"].replacingOccurrences(of: ",", with: "")
            var price: Exact?
            let priceDigits = priceText.hasPrefix("£") ? String(priceText.dropFirst()) : priceText
            let priceProblem = priceText.isEmpty ? nil : TextLimits.numberProblem(priceDigits)
            if !priceText.isEmpty, priceProblem == nil {
                price = Exact(decimal: priceDigits)
            }
            let message: String?
            if let priceProblem {
                message = "bid \"\(id)\": \(priceProblem.message); \(priceProblem.fix)"
            } else if !Identifier.isTenderID(id) {
                message = "bid id \"\(id)\" may use only letters, digits, dot, dash and underscore"
            } else if let earlier = seen[id] {
                message = "bid \"\(id)\" is listed twice (first on line \(earlier))"
            } else if row["bidder"].isEmpty {
                message = "bid \"\(id)\" has no bidder name"
            } else if !priceText.isEmpty && price == nil {
                message = "the price \"\(row["price"])\" is not a number"
            } else if price?.isNegative == true {
                message = "bid \"\(id)\" has a negative price"
            } else {
                message = nil
            }
            if let message {
                problems.append(Diagnostic(.error, file: file, line: row.line, message: message))
                continue
            }
            seen[id] = row.line
            func optional(_ column: String) -> String? { row[column].isEmpty ? nil : row[column] }
            let contact = BidderContact(supplierID: optional("supplier_id"), address: optional("address"), email: optional("email"))
            result.append(Bid(id: id, bidder: row["bidder"], price: price, contact: contact))
            if let warning = contact.missingDetailsWarning(bid: id, in: .bidsCSV) {
                warnings.append(Diagnostic(.warning, file: file, line: row.line, message: warning.message, fix: warning.fix))
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return (result, warnings)
    }

    // MARK: Values

    struct RowError: Error {
        var message: String
        var fix: String?
        init(_ message: String, fix: String? = nil) {
            self.message = message
            self.fix = fix
        }
    }

    /// The slot a row names, with the positions of its bid, criterion and
    /// principle (-1 for none) in the panel.
    private static func resolveSlot(bid: String, criterion criterionID: String, principle: String,
                                    panel: Panel) throws -> (slot: Slot, bid: Int, criterion: Int, principle: Int) {
        guard let b = panel.bidIndex(id: bid) else {
            throw RowError("unknown bid \"\(bid)\": " + Suggest.hint(for: bid, in: panel.bids.map(\.id)))
        }
        guard let c = panel.criterionIndex(id: criterionID) else {
            throw RowError("unknown criterion \"\(criterionID)\": " + Suggest.hint(for: criterionID, in: panel.criteria.map(\.id)))
        }
        let criterion = panel.criteria[c]
        if criterion.kind == .matrix {
            guard !principle.isEmpty else {
                throw RowError("\"\(criterion.id)\" is the co-production matrix, so the row needs a principle",
                               fix: "put one of \(panel.matrix.principles.map(\.id).joined(separator: ", ")) in the principle column")
            }
            guard let p = panel.matrix.principles.firstIndex(where: { $0.id == principle }) else {
                throw RowError("unknown principle \"\(principle)\": " + Suggest.hint(for: principle, in: panel.matrix.principles.map(\.id)))
            }
            return (Slot(bid: bid, criterion: criterion.id, principle: principle), b, c, p)
        }
        guard principle.isEmpty else {
            throw RowError("\"\(criterion.id)\" is not a matrix criterion, so the principle column must be empty")
        }
        return (Slot(bid: bid, criterion: criterion.id), b, c, -1)
    }

    /// Reads a value the way SPEC §3 writes it for the criterion's kind.
    public static func parseValue(_ text: String, criterion: Criterion, panel: Panel) throws -> Value {
        guard !text.isEmpty else { throw RowError("the value is empty") }
        switch criterion.kind {
        case .scored:
            guard let scale = panel.scale(id: criterion.scaleID ?? "") else { throw RowError("criterion has no scale") }
            // Nearly every value is a plain number such as 4 or 2.5, read
            // without big integers; anything else takes the general path.
            let simple = Exact(simpleDecimal: text)
            if simple == nil, let problem = TextLimits.numberProblem(text) { throw RowError(problem.message, fix: problem.fix) }
            guard let number = simple ?? Exact(decimal: text), let point = scale.point(number) else {
                let allowed = scale.points.map { $0.value.description }.joined(separator: ", ")
                throw RowError("\"\(text)\" is not a point on scale \"\(scale.id)\" for \"\(criterion.id)\" (use one of \(allowed))")
            }
            return .scale(point.value)
        case .ladder:
            let rungs = panel.ladder.rungs
            if let index = rungs.firstIndex(where: { $0.id == text || $0.label.lowercased() == text.lowercased() }) {
                return .rung(index)
            }
            throw RowError("\"\(text)\" is not a ladder rung: " + Suggest.hint(for: text, in: rungs.map(\.id)))
        case .matrix:
            let levels = panel.matrix.levels
            if let index = Int(text), levels.indices.contains(index) { return .level(index) }
            if let index = levels.firstIndex(where: { $0.lowercased() == text.lowercased() }) { return .level(index) }
            throw RowError("\"\(text)\" is not a matrix level (use 0 to \(levels.count - 1), or a label: \(levels.joined(separator: ", ")))")
        case .passFail:
            switch text.lowercased() {
            case "pass": return .pass(true)
            case "fail": return .pass(false)
            default: throw RowError("\"\(text)\" is not pass or fail")
            }
        }
    }

    /// The value as SPEC §3 writes it.
    public static func format(_ value: Value, panel: Panel) -> String {
        switch value {
        case let .scale(number): return number.description
        case let .rung(index): return panel.ladder.rungs.indices.contains(index) ? panel.ladder.rungs[index].id : "\(index)"
        case let .level(index): return "\(index)"
        case let .pass(passed): return passed ? "pass" : "fail"
        }
    }

    // MARK: Writing

    public static func write<Values: RandomAccessCollection<MemberValue>>(memberValues: Values, panel: Panel) -> String {
        func before(_ a: MemberValue, _ b: MemberValue) -> Bool { (a.slot, a.member) < (b.slot, b.member) }
        // A sheet read from the file is in this order already. Only a strictly
        // increasing one is kept as it is, so equal keys (text that differs
        // only in its Unicode form) are still ordered by the sort itself.
        let inOrder = zip(memberValues, memberValues.dropFirst()).allSatisfy { before($0, $1) }
        // In order, the values are written from the sheet as they are: a
        // copy would hold every value unpacked (50 MB in a grants round).
        let sorted = inOrder ? nil : memberValues.sorted(by: before)
        var formatted: [Value: String] = [:]
        let structure = StructureColumns(panel)
        var writer = CSVOutputBytes.Writer(header: structure.header + memberColumns, rows: memberValues.count)
        func write(_ value: MemberValue) {
            let text: String
            if let known = formatted[value.value] {
                text = known
            } else {
                text = format(value.value, panel: panel)
                formatted[value.value] = text
            }
            let fields = [value.slot.bid, value.slot.criterion, value.member, text, value.slot.principle ?? "", value.comment]
            writer.row(structure.isEmpty ? fields : structure.fields(value.slot) + fields)
        }
        if let sorted { sorted.forEach(write) } else { memberValues.forEach(write) }
        return writer.text(endingWithNewline: true)
    }

    public static func write(moderated: [ModeratedValue], panel: Panel) -> String {
        let structure = StructureColumns(panel)
        let rows = moderated.sorted { $0.slot < $1.slot }.map {
            structure.fields($0.slot) + [$0.slot.bid, $0.slot.criterion, $0.slot.principle ?? "", format($0.value, panel: panel), $0.reason]
        }
        return CSVOutput.write(header: structure.header + moderatedColumns, rows: rows)
    }

    /// `noConflicts`: the members who declared they have none, written as
    /// `none,MEMBER,` rows after the conflicts, as import reads them back.
    public static func write(conflicts: [Conflict], noConflicts: [String] = []) -> String {
        let rows = conflicts.sorted { ($0.bid, $0.member) < ($1.bid, $1.member) }.map { [$0.bid, $0.member, $0.reason] }
            + noConflicts.sorted().map { [Self.noConflicts, $0, ""] }
        return CSVOutput.write(header: conflictColumns, rows: rows)
    }
}

/// A row read from a file, with where it came from, so a message can name
/// its file and line.
public struct Located<Item: Sendable>: Sendable {
    public var item: Item
    public var file: String
    public var line: Int

    public init(_ item: Item, file: String, line: Int) {
        self.item = item
        self.file = file
        self.line = line
    }

    /// "scores.csv:4".
    public var place: String { "\(file):\(line)" }
}
