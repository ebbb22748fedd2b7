/// The outcome coverage advice (`OutcomeCoverage`) as `score`, the chair's
/// totals and the printed report show it, and in JSON. Nothing when the
/// panel lists no outcome themes.
public enum OutcomeText {
    public static func lines(_ coverage: OutcomeCoverage, panel: Panel, width: Int) -> [String] {
        var out = AssessmentSummary.heading("Outcome coverage (advice)")
        let which = coverage.basis == .funded ? "funded bids" : coverage.set.count == 1 ? "winning bid" : "bids ranked first"
        let set = coverage.set.isEmpty ? "" : " (\(coverage.set.joined(separator: ", ")))"
        if !coverage.complete {
            out += DisplayWidth.wrap("PROVISIONAL: it follows the totals until every value is agreed.", width: width)
        }
        out += DisplayWidth.wrap("How the \(which)\(set) cover the outcome themes. A bid addresses a theme it names among its outcomes, "
            + "or one tagged on a criterion it earns marks on. This is advice only: it changes no mark, rank or award.", width: width)
        out.append("")
        for theme in coverage.themes {
            let bids = theme.bids.isEmpty ? "none" : theme.bids.joined(separator: ", ")
            out += DisplayWidth.wrap("\(theme.theme.title) (\(theme.theme.id)): \(bids)", width: width - 4)
                .enumerated().map { $0.offset == 0 ? $0.element : "    " + $0.element }
        }
        out.append("")
        let uncovered = coverage.uncovered.map(\.title)
        let one = coverage.basis == .funded ? "funded bid" : "winning bid"
        out += DisplayWidth.wrap(uncovered.isEmpty ? "Every theme is addressed by at least one \(one)."
            : "No \(one) addresses: \(uncovered.joined(separator: "; ")).", width: width)
        return out
    }

    /// The top-level `outcome_coverage` object.
    static func json(_ coverage: OutcomeCoverage) -> JSON {
        .object([
            ("basis", .string(coverage.basis.rawValue)), ("complete", .bool(coverage.complete)),
            ("set", .array(coverage.set.map(JSON.string))),
            ("themes", .array(coverage.themes.map { theme in
                .object([("id", .string(theme.theme.id)), ("title", .string(theme.theme.title)),
                         ("bids", .array(theme.bids.map(JSON.string)))])
            })),
            ("uncovered", .array(coverage.uncovered.map { .string($0.id) })),
        ])
    }
}
