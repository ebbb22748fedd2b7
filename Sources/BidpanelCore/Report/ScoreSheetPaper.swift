/// A blank A4 score sheet for one member and one bid, for a member who
/// scores on paper: every criterion their role scores, its question (the
/// plain wording for a young assessor), the scale with its descriptors, a
/// box for the value and lines for a comment; then what the officer types
/// into `bidpanel import`. Plain text, at most 78 columns and 66 lines a
/// page, pages split by form feeds, like `PrintedReport`. No price is ever
/// printed: a sheet is about quality, and young assessors never see prices.
/// Every page carries the match line, so a loose page still names its sheet.
public enum ScoreSheetPaper {
    static let width = PrintedReport.width
    static let pageLength = PrintedReport.pageLength
    static let matchPrefix = "Sheet for: "

    /// "Sheet for: member=zoe bid=B2": what the officer (or a script) reads
    /// to know whose sheet it is and which bid it scores.
    public static func matchLine(member: String, bid: String) -> String {
        "\(matchPrefix)member=\(SafeText.line(member)) bid=\(SafeText.line(bid))"
    }

    /// The member and bid a match line names, or nil for any other line.
    public static func match(_ line: String) -> (member: String, bid: String)? {
        guard line.hasPrefix(matchPrefix) else { return nil }
        var found: [String: String] = [:]
        for part in line.dropFirst(matchPrefix.count).split(separator: " ") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { found[String(pair[0])] = String(pair[1]) }
        }
        guard let member = found["member"], let bid = found["bid"] else { return nil }
        return (member, bid)
    }

    /// The criteria a member's role scores, in the panel's order; in a
    /// tender in stages, given a stage, only that stage's.
    public static func criteria(for member: Member, in panel: Panel, stage: Stage? = nil) -> [Criterion] {
        panel.criteria.filter { $0.scoredBy.contains(member.role) && (stage == nil || $0.stage == stage?.id) }
    }

    /// The whole sheet; every page after the first starts with a form feed.
    /// With a stage, the sheet is that stage's: it says so and holds only
    /// its criteria.
    public static func render(panel: Panel, member: Member, bid: Bid, stage: Stage? = nil) -> String {
        pages(panel: panel, member: member, bid: bid, stage: stage)
            .enumerated().map { $0.offset == 0 ? $0.element : PrintedReport.formFeed + $0.element }.joined()
    }

    /// Each page's text (no form feeds), every one exactly `pageLength` lines.
    public static func pages(panel: Panel, member: Member, bid: Bid, stage: Stage? = nil) -> [String] {
        let top = header(panel, member: member, bid: bid, stage: stage)
        let capacity = max(1, pageLength - top.count - 2)
        var blocks = [introduction(member)]
        blocks += criteria(for: member, in: panel, stage: stage).map { entry($0, panel: panel, member: member) }
        blocks.append(declaration())
        blocks.append(officer(panel, member: member, bid: bid, stage: stage))
        let bodies = PrintedReport.paginate(blocks, capacity: capacity)
        let match = matchLine(member: member.id, bid: bid.id)
        return bodies.enumerated().map { index, body in
            let filler = [String](repeating: "", count: max(0, capacity - body.count))
            let right = "Page \(index + 1) of \(bodies.count)"
            let foot = [String(repeating: "-", count: width),
                        DisplayWidth.pad(DisplayWidth.truncate(match, to: width - DisplayWidth.of(right) - 2),
                                         to: width - DisplayWidth.of(right)) + right]
            return (top + body + filler + foot).map(AssessmentSummary.trimmed).joined(separator: "\n") + "\n"
        }
    }

    // MARK: - Parts

    static func header(_ panel: Panel, member: Member, bid: Bid, stage: Stage? = nil) -> [String] {
        var out = ["SCORE SHEET"]
        out += AssessmentSummary.paragraph(SafeText.line("\(panel.tender.title) (\(panel.tender.id))"))
        out += AssessmentSummary.field("Bid", SafeText.line("\(bid.id): \(bid.bidder)"), label: 8)
        if let lot = bid.lot {
            let title = panel.lots.first { $0.id == lot }.map { ": " + $0.title } ?? ""
            out += AssessmentSummary.field("Lot", SafeText.line(lot + title), label: 8)
        }
        if let stage, let index = panel.stages.firstIndex(of: stage) {
            out += AssessmentSummary.field("Stage", SafeText.line("\(index + 1) of \(panel.stages.count): \(stage.title) (\(stage.id))"), label: 8)
        }
        out += AssessmentSummary.field("Member", SafeText.line("\(member.name) (\(member.id), \(member.role.name))"), label: 8)
        // The match line stays whole: ids are short, and a script must find it.
        out.append(matchLine(member: member.id, bid: bid.id))
        return out + [String(repeating: "=", count: width), ""]
    }

    static func introduction(_ member: Member) -> PrintedReport.Block {
        let text = member.role == .young
            ? "Read the bid, then write one value in each box. Say why in the comment lines. Give this sheet to the chair when you have finished."
            : "Read the bid, then write one value in each box and your reasons in the comment lines. Give the sheet to the chair."
        return .init(units: [AssessmentSummary.paragraph(text)])
    }

    static func entry(_ criterion: Criterion, panel: Panel, member: Member) -> PrintedReport.Block {
        let young = member.role == .young
        let title = SafeText.line("\(criterion.title) (\(criterion.id))")
        let titleLines = AssessmentSummary.paragraph(title)
        var about = titleLines + [String(repeating: "-", count: titleLines.map(DisplayWidth.of).max() ?? 0)]
        if young {
            about += AssessmentSummary.paragraph(SafeText.line(criterion.plain ?? criterion.guidance))
        } else {
            if !criterion.question.isEmpty { about += AssessmentSummary.field("Question", SafeText.line(criterion.question)) }
            if !criterion.guidance.isEmpty { about += AssessmentSummary.field("Guidance", SafeText.line(criterion.guidance)) }
        }
        about += AssessmentSummary.field("Scored by", criterion.scoredBy.map(\.name).joined(separator: ", "))
        if let threshold = criterion.threshold {
            about += AssessmentSummary.paragraph("A final value below \(threshold) excludes the bid.")
        }
        if criterion.commentRequired { about += AssessmentSummary.paragraph("A comment is needed.") }
        var units = [about]
        let box = { (principle: String?) in
            ["", "Score: [      ]  (criterion=\(SafeText.line(criterion.id))"
                + (principle.map { " principle=\(SafeText.line($0))" } ?? "") + ")",
             "Comment:", rule, rule, rule]
        }
        switch criterion.kind {
        case .scored:
            let points = panel.scale(id: criterion.scaleID ?? "")?.points ?? []
            units.append(["", "Write one of:"] + points.flatMap { point in
                descriptor(point.value.description, "\(point.label): " + (young && !point.plain.isEmpty ? point.plain : point.meaning))
            } + box(nil))
        case .ladder:
            units.append(["", "Write the id of one rung:"] + panel.ladder.rungs.flatMap { rung in
                descriptor(rung.id, "\(rung.label) (\(rung.stage)): " + (young && !rung.plain.isEmpty ? rung.plain : rung.meaning))
            } + box(nil))
        case .matrix:
            for principle in panel.matrix.principles {
                var lines = [""] + AssessmentSummary.paragraph(SafeText.line("\(principle.title): \(principle.question)"))
                lines.append("Write one of:")
                for (index, level) in panel.matrix.levels.enumerated() {
                    let words = young && principle.plain.indices.contains(index) ? principle.plain[index]
                        : (principle.descriptors.indices.contains(index) ? principle.descriptors[index] : "")
                    lines += descriptor("\(index)", level + (words.isEmpty ? "" : ": \(words)"))
                }
                units.append(lines + box(principle.id))
            }
        case .passFail:
            units.append(["", "Write pass or fail."] + box(nil))
        }
        return .init(units: units, continued: AssessmentSummary.paragraph(title + " (continued)"))
    }

    static let rule = "  " + String(repeating: "_", count: width - 4)

    /// "  3    Good: …", the words wrapped under themselves; a value wider
    /// than its column (a long rung id) has a line of its own, never cut.
    static func descriptor(_ value: String, _ words: String) -> [String] {
        let indent = 7
        let shown = SafeText.line(value)
        let wrapped = DisplayWidth.wrap(SafeText.line(words), width: width - indent).map { String(repeating: " ", count: indent) + $0 }
        guard DisplayWidth.of(shown) <= indent - 3, let first = wrapped.first else {
            return DisplayWidth.wrap(shown, width: width - 2).map { "  " + $0 } + wrapped
        }
        return ["  " + DisplayWidth.pad(shown, to: indent - 2) + first.dropFirst(indent)] + wrapped.dropFirst()
    }

    static func declaration() -> PrintedReport.Block {
        .init(units: [AssessmentSummary.heading("Declaration")
            + AssessmentSummary.paragraph("I have no conflict of interest with this bidder. (If you have one, do not score this bid: tell the chair.)")
            + ["", "Signed: ______________________________   Date: _______________"]])
    }

    /// What the officer types: the exact rows for `bidpanel import`.
    static func officer(_ panel: Panel, member: Member, bid: Bid, stage: Stage? = nil) -> PrintedReport.Block {
        let id = SafeText.line(member.id), bidID = SafeText.line(bid.id)
        var rows: [String] = []
        for criterion in criteria(for: member, in: panel, stage: stage) {
            let principles: [String] = criterion.kind == .matrix ? panel.matrix.principles.map(\.id) : [""]
            for principle in principles {
                // In lots, the lot first: import checks it is the bid's (a row typed from the wrong lot's sheet).
                let lot = panel.lots.isEmpty ? "" : SafeText.line(bid.lot ?? "") + ","
                rows.append("\(lot)\(bidID),\(SafeText.line(criterion.id)),\(id),VALUE,\(SafeText.line(principle)),\"COMMENT\"")
            }
        }
        var lines = AssessmentSummary.heading("For the officer who types this sheet in")
        lines += AssessmentSummary.paragraph("Type one row per box into the scores file for bidpanel import --scores. Put the value from the box for VALUE and the comment for COMMENT (a quote inside it is written twice):")
        // The rows as they are typed, not indented; ids are short, so a row wraps only in an extreme case.
        let columns = (panel.lots.isEmpty ? [] : ["lot"]) + ScoresCSV.memberColumns
        lines += ["", columns.joined(separator: ",")] + rows.flatMap { AssessmentSummary.paragraph($0) }
        lines.append("")
        lines += AssessmentSummary.paragraph("Type the member's declaration of interests into the conflicts file for --conflicts, in the same import: the row none,\(id), if they have no conflicts, or one row \(bidID),\(id),REASON for each bid they have a conflict with (see docs/panel-format.md, section 7.6).")
        return .init(units: [lines], continued: ["For the officer (continued)"])
    }
}
