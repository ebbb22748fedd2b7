import TOMLKit

/// `[[stage]]` tables (docs/panel-format.md §3.12). Rules between stages and
/// criteria are checked in `PanelValidator+Stages`.
extension PanelParser {
    static let stageKeys = ["id", "title", "shortlist_top", "shortlist_at_least", "carry"]
    /// More stages than any procedure has.
    static let mostStages = 10

    func readStages(_ root: TOMLTable) -> [Stage] {
        let tables = limited(reader.tables(root, "stage", path: "", what: "the panel file"), "stage", Self.mostStages)
        return tables.compactMap(readStage)
    }

    private func readStage(_ entry: (TOMLTable, String)) -> Stage? {
        let (table, path) = entry
        let id = reader.string(table, "id", path: path, what: "a [[stage]]", required: true, example: "\"written\"")
        let what = "[[stage]] \"\(id ?? "?")\""
        reader.checkKeys(table, path: path, allowed: Self.stageKeys, what: what)
        let title = reader.string(table, "title", path: path, what: what, required: true, example: "\"Written bids\"")
        let top = reader.integer(table, "shortlist_top", path: path, what: what, example: "3")
        let atLeast = reader.number(table, "shortlist_at_least", path: path, what: what, example: "60")
        let carry = reader.number(table, "carry", path: path, what: what, example: "40") ?? .zero
        if let top, top < 1 {
            reader.error(at: "\(path).shortlist_top", "shortlist_top of \(what) is \(top) but must be 1 or more")
        }
        if let atLeast, atLeast < .zero || atLeast > Exact(100) {
            reader.error(at: "\(path).shortlist_at_least", "shortlist_at_least of \(what) is \(atLeast) but must be 0 to 100 (a percentage of quality)")
        }
        if carry < .zero || !(carry < Exact(100)) {
            reader.error(at: "\(path).carry", "carry of \(what) is \(carry) but must be 0 or more and below 100 (a percentage of the final quality marks)")
        }
        guard let id, let title else { return nil }
        let rule = top == nil && atLeast == nil ? nil : ShortlistRule(top: top, atLeast: atLeast)
        return Stage(id: id, title: title, shortlist: rule, carry: carry)
    }
}
