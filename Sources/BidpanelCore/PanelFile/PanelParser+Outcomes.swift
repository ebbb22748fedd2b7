import TOMLKit

/// `[[outcome]]` themes and the `outcomes` a criterion or bid names
/// (docs/panel-format.md §3.13), for the coverage advice.
extension PanelParser {
    static let outcomeKeys = ["id", "title"]
    /// More themes than any outcomes framework has.
    static let mostOutcomes = 50

    func readOutcomes(_ root: TOMLTable) -> [OutcomeTheme] {
        limited(reader.tables(root, "outcome", path: "", what: "the panel file"), "outcome", Self.mostOutcomes)
            .compactMap { table, path in
                let id = reader.string(table, "id", path: path, what: "an [[outcome]]", required: true, example: "\"healthier\"")
                let what = "[[outcome]] \"\(id ?? "?")\""
                reader.checkKeys(table, path: path, allowed: Self.outcomeKeys, what: what)
                let title = reader.string(table, "title", path: path, what: what, required: true, example: "\"Healthier communities\"")
                guard let id, let title else { return nil }
                return OutcomeTheme(id: id, title: title)
            }
    }
}

extension PanelValidator {
    /// Theme ids are unique and well formed, and every theme a criterion or
    /// bid names is one of them.
    func checkOutcomes() {
        let themes = panel.outcomes
        duplicates(themes.map(\.id), path: { "outcome[\($0)].id" }, what: "outcome")
        for (index, theme) in themes.enumerated() where !Identifier.isTenderID(theme.id) {
            reader.error(at: "outcome[\(index)].id", "outcome id \"\(theme.id)\" may use only letters, digits, dot, dash and underscore")
        }
        let ids = themes.map(\.id)
        func check(_ named: [String], path: String, what: String) {
            for (position, name) in named.enumerated() where !ids.contains(name) {
                if ids.isEmpty {
                    reader.error(at: "\(path).outcomes[\(position)]", "\(what) names outcome \"\(name)\", but the file has no [[outcome]]",
                                 fix: "add an [[outcome]] with id = \"\(name)\" and a title, or remove the outcomes line")
                } else {
                    reader.error(at: "\(path).outcomes[\(position)]", "\(what) names outcome \"\(name)\", which is not defined: " + Suggest.hint(for: name, in: ids),
                                 fix: "name one of the [[outcome]] ids")
                }
            }
        }
        for (index, criterion) in panel.criteria.enumerated() {
            check(criterion.outcomes, path: "criterion[\(index)]", what: "criterion \"\(criterion.id)\"")
        }
        for (index, bid) in panel.bids.enumerated() {
            check(bid.outcomes, path: "bid[\(index)]", what: "bid \"\(bid.id)\"")
        }
    }
}
