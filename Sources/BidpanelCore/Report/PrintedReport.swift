/// The moderated totals as a printed A4 report the panel signs: a summary
/// table, every bid's criteria with the chair's reasons, the exclusions and
/// flags, with a `MeetingRecord` the record of the meeting (conflicts, who
/// scored, reopenings), and a signature line for each member who scores.
/// Plain text, at most 78 columns and 66 lines a page, pages split by form
/// feeds, so it prints on any printer. Nothing people wrote is ever cut: a
/// long name or reason wraps in full. Pure: the caller passes today's date,
/// the sign-off time and the record.
public enum PrintedReport {
    /// Columns per line: the same as the other reports, under the 80 a
    /// printer takes at ten characters an inch.
    static let width = AssessmentSummary.width
    /// Lines per page: an A4 sheet at six lines an inch, with margins.
    static let pageLength = 66
    static let formFeed = "\u{0C}"

    /// The whole report; every page after the first starts with a form feed,
    /// which tells the printer to start a new sheet. With `seal`, every page
    /// carries the audit seal (and its warning when the record does not verify).
    /// The result is let go once the pages are laid out, before their text
    /// is written (in a grants round each is over 10 MB).
    public static func render(result: consuming EvaluationResult, panel: Panel, sheet: ScoreSheet,
                              signedOff: String?, printedOn: String,
                              record: MeetingRecord? = nil, seal: RecordSeal? = nil, stages: [[String]] = []) -> String {
        let pages = laidOut(result: result, panel: panel, sheet: sheet, signedOff: signedOff, printedOn: printedOn,
                            record: record, seal: seal, stages: stages)
        _ = consume result
        return pages.text()
    }

    /// Each page's text (no form feeds), every one exactly `pageLength` lines
    /// so the footer sits at the foot of the sheet.
    public static func pages(result: EvaluationResult, panel: Panel, sheet: ScoreSheet,
                             signedOff: String?, printedOn: String,
                             record: MeetingRecord? = nil, seal: RecordSeal? = nil, stages: [[String]] = []) -> [String] {
        laidOut(result: result, panel: panel, sheet: sheet, signedOff: signedOff, printedOn: printedOn, record: record,
                seal: seal, stages: stages).pages
    }

    static func laidOut(result: EvaluationResult, panel: Panel, sheet: ScoreSheet, signedOff: String?, printedOn: String,
                        record: MeetingRecord?, seal: RecordSeal?, stages: [[String]]) -> Pagination {
        let provisional = !result.complete || signedOff == nil
        let top = header(panel, printedOn: printedOn, status: status(result, signedOff: signedOff), seal: seal)
        let reasons = Dictionary(sheet.moderated.map { ($0.slot, $0.reason) }, uniquingKeysWith: { $1 })
        var blocks = [introduction(result, panel: panel, signedOff: signedOff, record: record), summary(result, panel: panel)]
        // A tender in stages: each stage (StagePrinting) before the final result.
        if !stages.isEmpty { blocks.insert(Block(units: stages, continued: ["The stages (continued)", ""]), at: 1) }
        if let funding = FundingLine(result, rules: panel.scoring) { blocks.append(fundingBlock(funding, panel: panel)) }
        if let coverage = OutcomeCoverage(panel: panel, result: result) {
            // A unit a line, so many themes page like any list; the heading keeps its rule.
            let lines = OutcomeText.lines(coverage, panel: panel, width: width)
            blocks.append(Block(units: [Array(lines.prefix(2))] + lines.dropFirst(2).map { [$0] }))
        }
        blocks += breakdowns(result, panel: panel, reasons: reasons)
        blocks.append(exclusionsAndFlags(result, panel: panel))
        if let record { blocks += meeting(record, panel: panel) }
        blocks.append(signatures(panel, signedOff: signedOff, complete: result.complete))
        return Pagination(blocks: consume blocks, top: top) { page, count in
            footer(panel, page: page, of: count, provisional: provisional, seal: seal)
        }
    }

    // MARK: - Every page

    /// "PROVISIONAL: …" with the reasons, or "Signed off …" once it is both
    /// complete and signed off.
    static func status(_ result: EvaluationResult, signedOff: String?) -> String {
        if result.complete, let signedOff { return "Signed off \(signedOff)." }
        var why: [String] = []
        if !result.complete { why.append("not every value is in and moderated yet") }
        if signedOff == nil { why.append("the chair has not signed off") }
        return "PROVISIONAL: " + why.joined(separator: ", and ") + "."
    }

    static func header(_ panel: Panel, printedOn: String, status: String, seal: RecordSeal? = nil) -> [String] {
        var out = spread("MODERATED TOTALS", "Printed \(printedOn)")
        out += DisplayWidth.wrap(printable("\(panel.tender.title) (\(panel.tender.id))"), width: width)
        out += DisplayWidth.wrap(printable(panel.tender.authority), width: width)
        out += DisplayWidth.wrap(status, width: width)
        out += seal?.headerLines(width: width) ?? []
        return out + [String(repeating: "=", count: width), ""]
    }

    /// Always two lines, so every page has the same room for the body.
    static func footer(_ panel: Panel, page: Int, of count: Int, provisional: Bool, seal: RecordSeal? = nil) -> [String] {
        let right = "Page \(page) of \(count)"
        // Only the tender id may be shortened (it is in full in the header), never a warning.
        let marks = (provisional ? "  PROVISIONAL" : "") + (seal?.verified == false ? "  NOT VERIFIED" : "")
        let fitted = DisplayWidth.truncate(panel.tender.id, to: width - DisplayWidth.of(right) - 2 - DisplayWidth.of(marks)) + marks
        return [String(repeating: "-", count: width), DisplayWidth.pad(fitted, to: width - DisplayWidth.of(right)) + right]
    }

    /// Left and right on one line when they fit, else one under the other.
    static func spread(_ left: String, _ right: String) -> [String] {
        let used = DisplayWidth.of(left) + DisplayWidth.of(right)
        guard used + 2 <= width else { return DisplayWidth.wrap(left, width: width) + DisplayWidth.wrap(right, width: width) }
        return [left + String(repeating: " ", count: width - used) + right]
    }

    // MARK: - The sections

    static func introduction(_ result: EvaluationResult, panel: Panel, signedOff: String?, record: MeetingRecord?) -> Block {
        let formula = result.priceFormula == .none
            ? "price not scored" : "price \(result.price) marks (\(result.priceFormula.rawValue) scoring)"
        var lines = AssessmentSummary.paragraph("Quality \(result.quality) marks, \(formula). Moderation: \(panel.scoring.moderation.rawValue).")
        lines.append("")
        lines += AssessmentSummary.paragraph("This report shows the panel's totals, how each bid scored on every criterion and why, the bids left out of the ranking, and a place for each member to sign.")
        if let record {
            lines.append("")
            lines += AssessmentSummary.paragraph("It is also the record of the meeting: the conflicts each member declared, who scored each bid, and every sign-off and reopening with its reason. Times are local, with their offset from UTC. Made by bidpanel \(printable(record.version)).")
        }
        if !result.complete {
            lines.append("")
            lines += AssessmentSummary.paragraph("Not final: \(ResultText.missingSummary(result, panel: panel)) These totals may still change.")
        }
        if signedOff == nil {
            lines.append("")
            lines += AssessmentSummary.paragraph("The chair has not signed off this evaluation yet.")
        }
        return Block(units: [lines])
    }

    /// One row per bid: the same table as `ResultText`.
    static func summary(_ result: EvaluationResult, panel: Panel) -> Block {
        let places = panel.scoring.decimals
        let table = TotalsTable(result, panel: panel, width: width, bidder: printable)
        let rule = table.rule
        let top = table.headings + [rule]
        var units = table.rows
        if units.isEmpty { units = [["There are no bids."]] }
        units[0] = AssessmentSummary.heading("Summary of totals") + [""] + top + units[0]
        units.append([rule] + AssessmentSummary.paragraph("Marks are rounded to \(places) decimal places; ranks and exclusions come from the exact figures. Excluded bids have no rank."))
        return Block(units: units, continued: ["Summary of totals, continued", ""] + top)
    }

    /// A grants round's funding line, after the totals it follows from.
    static func fundingBlock(_ funding: FundingLine, panel: Panel) -> Block {
        let (opening, rows, closing) = FundingText.parts(funding, panel: panel, width: width)
        var units = rows.isEmpty ? [["No bid is in contention, so the pot funds none."]] : rows
        units[0] = opening + units[0]
        units[units.count - 1] += closing
        return Block(units: units, continued: ["The funding line, continued", ""] + Array(opening.suffix(2)))
    }

    /// One block per bid: its marks, then every criterion's final value,
    /// weight and marks, with the chair's reason or where the value came from.
    static func breakdowns(_ result: EvaluationResult, panel: Panel, reasons: [Slot: String]) -> [Block] {
        let places = panel.scoring.decimals
        let ranked = result.bids.filter { $0.rank != nil }.count
        let columns = AssessmentSummary.scoreColumns(panel: panel, result: result)
        let tableTop = AssessmentSummary.row(["Criterion", "Weight", "Final value", "Marks"], widths: columns) + [String(repeating: "-", count: width)]
        // Most notes are one of a few sentences ("The members' mean, …"): each is wrapped once.
        var notes: [String: [String]] = [:]
        var blocks = result.bids.map { bid -> Block in
            var marks = "Quality marks \(bid.qualityMarks.formatted(places: places))"
            if result.priceFormula != .none { marks += ", price marks \(bid.priceMarks.formatted(places: places))" }
            marks += ", total \(bid.total.formatted(places: places))."
            let standing = bid.rank.map { "Rank \($0) of \(ranked)." } ?? "Excluded, so not ranked."
            var opening = labelled(bid.bid)
            opening += AssessmentSummary.paragraph("\(standing) \(marks)")
            if !bid.complete { opening += AssessmentSummary.paragraph("Some of this bid's values are missing or not moderated yet.") }
            var units = bid.criteria.map {
                criterionLines($0, bid: bid.bid.id, panel: panel, reasons: reasons, columns: columns, notes: &notes)
            }
            if units.isEmpty { units = [[]] }
            units[0] = opening + [""] + tableTop + units[0]
            return Block(units: units, continued: ["\(bid.bid.id) continued", ""] + tableTop)
        }
        if !blocks.isEmpty { blocks[0].units[0] = AssessmentSummary.heading("Each bid in detail") + [""] + blocks[0].units[0] }
        return blocks
    }

    /// A criterion's row and the note beneath it; a matrix has a row and a
    /// note for each principle, as each is moderated on its own.
    static func criterionLines(_ c: CriterionResult, bid: String, panel: Panel, reasons: [Slot: String], columns: [Int],
                               notes: inout [String: [String]]) -> [String] {
        func paragraph(_ text: String, indent: Int) -> [String] {
            let key = "\(indent) \(text)"
            if let known = notes[key] { return known }
            let lines = AssessmentSummary.paragraph(text, indent: indent)
            notes[key] = lines
            return lines
        }
        let criterion = c.criterion
        let marks = criterion.kind == .passFail ? "-" : c.marks.formatted(places: panel.scoring.decimals)
        let valueText = printable(AssessmentSummary.valueText(c, panel: panel))
        // A criterion's row differs between bids only in its value and marks,
        // most of them one of a few: each is laid out once (keys start with a
        // NUL, which no paragraph key does, so the two never meet).
        let rowKey = "\u{0}\(criterion.id)\u{0}\(valueText)\u{0}\(marks)"
        var out: [String]
        if let known = notes[rowKey] {
            out = known
        } else {
            let weight = criterion.kind == .passFail ? "-" : criterion.weight.description
            out = AssessmentSummary.row([printable(criterion.title), weight, valueText, marks], widths: columns)
            notes[rowKey] = out
        }
        guard criterion.kind == .matrix else {
            let slot = Slot(bid: bid, criterion: criterion.id)
            return out + paragraph(note(c.basis, kind: criterion.kind, reason: reasons[slot], panel: panel), indent: 4)
        }
        for principle in c.principles {
            let title = panel.matrix.principle(id: principle.principle)?.title ?? principle.principle
            out += AssessmentSummary.row([printable(title), "", printable(AssessmentSummary.levelText(principle, panel: panel)), ""], widths: columns, indent: 2)
            let slot = Slot(bid: bid, criterion: criterion.id, principle: principle.principle)
            out += paragraph(note(principle.basis, kind: criterion.kind, reason: reasons[slot], panel: panel), indent: 6)
        }
        return out
    }

    /// The chair's reason for a moderated value; otherwise where the value
    /// came from, so a reader can tell an agreed figure from a stopgap.
    static func note(_ basis: Basis, kind: CriterionKind, reason: String?, panel: Panel) -> String {
        let waiting = panel.scoring.moderation == .consensus
        switch basis {
        case .moderated:
            guard let reason, reason.contains(where: { !$0.isWhitespace }) else { return "Moderated; no reason was recorded." }
            return "Moderated: \(printable(reason))"
        case .mean:
            return waiting ? "Not moderated yet: the members' mean is used for now." : "The members' mean, as the panel's rules say."
        case .median:
            return "The members' median, as the panel's rules say."
        case .members:
            return waiting ? "Not moderated yet: the members' votes decide it for now, and one fail fails it."
                : "Decided by the members' votes: one fail fails it."
        case .missing:
            return kind == .passFail ? "Nobody has decided this yet; it counts as a pass for now."
                : "Nobody has scored this yet; it counts as the bottom of the scale."
        }
    }

    static func exclusionsAndFlags(_ result: EvaluationResult, panel: Panel) -> Block {
        let places = panel.scoring.decimals
        let money = Money(currency: panel.tender.currency)
        let opening = AssessmentSummary.heading("Exclusions and flags") + [""]
            + AssessmentSummary.paragraph("An excluded bid keeps every reason that applies. Flags are advice for the chair: they never change a mark or a rank.")
        var units = result.bids.filter { !$0.reasons.isEmpty || !$0.flags.isEmpty }.map { bid in
            [""] + labelled(bid.bid)
                + bid.reasons.flatMap { AssessmentSummary.paragraph("Excluded: \($0.text(decimals: places, money: money))", indent: 4) }
                + bid.flags.flatMap { AssessmentSummary.paragraph("Flag: \($0.text(decimals: places))", indent: 4) }
        }
        if units.isEmpty { units = [["", "No bid was excluded, and nothing was flagged."]] }
        units[0] = opening + units[0]
        return Block(units: units, continued: ["Exclusions and flags, continued"])
    }

    /// A signature and date line for every member who scores, then the
    /// chair's sign-off. Observers are listed as present: they score nothing,
    /// so they are not asked to sign the scores.
    static func signatures(_ panel: Panel, signedOff: String?, complete: Bool) -> Block {
        let signHere = "Signature: _________________________________   Date: _______________"
        let opening = AssessmentSummary.heading("The panel")
            + [""] + AssessmentSummary.paragraph("By signing, each member confirms that these are the scores the panel agreed.")
        var units = panel.members.filter { $0.role != .observer && !$0.isPair }.map { member in
            [""] + AssessmentSummary.paragraph(person(member.id, panel: panel)) + ["", signHere]
        }
        let observers = panel.members.filter { $0.role == .observer }
        if !observers.isEmpty {
            let who = observers.count == 1 ? "an observer, who reads the bids but does not score, so does not sign"
                : "observers, who read the bids but do not score, so do not sign"
            units.append([""] + AssessmentSummary.paragraph("Also present as \(who):")
                + observers.flatMap { hanging(printable($0.name), indent: 2) })
        }
        var chair = ["", "Chair's sign-off", ""]
        let name = printable(panel.members.first { $0.role == .chair }?.name ?? "The chair")
        chair += AssessmentSummary.paragraph("\(name), chair, signs off these moderated totals as the panel's decision.")
        if let signedOff {
            chair += AssessmentSummary.paragraph("Recorded in bidpanel as signed off \(signedOff).")
            if !complete { chair += AssessmentSummary.paragraph("Not every value was in and moderated when it was signed off.") }
        } else {
            chair += AssessmentSummary.paragraph("Do not sign off while this report is PROVISIONAL.")
        }
        chair += ["", signHere]
        units.append(chair)
        units[0] = opening + units[0]
        return Block(units: units, continued: ["The panel, continued"])
    }

    /// "B2  Café Mosaic Youth Project", a long name wrapped beside the id.
    static func labelled(_ bid: Bid) -> [String] {
        let label = bid.id + "  "
        let indent = min(DisplayWidth.of(label), width / 2)
        return DisplayWidth.wrap(printable(bid.bidder), width: width - indent).enumerated().map {
            ($0.offset == 0 ? label : String(repeating: " ", count: indent)) + $0.element
        }
    }

    /// Text people wrote (names, titles, reasons), on one line and safe to
    /// print: a tab or line break reads as a space, and a form feed, escape
    /// or bidi control shows as a visible mark, so none can break the
    /// columns, start a page in the wrong place or reach the printer.
    static func printable(_ text: String) -> String { SafeText.line(text) }

    // MARK: - Pages

    /// A run of lines the pages are cut from. Cuts fall only between units
    /// (a table row with its note, a criterion with its reason), so a reason
    /// is never parted from its row.
    struct Block {
        var units: [[String]]
        /// Printed at the top of a page the block runs onto, so a reader
        /// knows what they are looking at.
        var continued: [String] = []

        var height: Int { units.reduce(0) { $0 + $1.count } }
    }

    /// Pages cut from blocks, each with the header and footer every page
    /// carries, each line trimmed of trailing spaces.
    struct Pagination {
        let top: [String]
        private(set) var bodies: [[String]]
        let capacity: Int
        let footer: (_ page: Int, _ count: Int) -> [String]

        /// Two lines at the foot of every page.
        static let footerHeight = 2

        init(blocks: [Block], top: [String], footer: @escaping (_ page: Int, _ count: Int) -> [String]) {
            self.top = top
            // At least one line, so even an absurdly long title cannot stall the pages.
            capacity = max(1, pageLength - top.count - Self.footerHeight)
            bodies = paginate(blocks, capacity: capacity)
            self.footer = footer
        }

        /// Page `index`'s lines, from the header to the footer.
        private func lines(_ index: Int, body: [String]) -> [String] {
            let filler = [String](repeating: "", count: max(0, capacity - body.count))
            return (top + body + filler + footer(index + 1, bodies.count)).map(AssessmentSummary.trimmed)
        }

        var pages: [String] {
            bodies.indices.map { lines($0, body: bodies[$0]).joined(separator: "\n") + "\n" }
        }

        /// Every page in one text, a form feed before each page after the
        /// first. Written into one string of the right size, letting each
        /// page's lines go once written: a grants round's report is 20 MB,
        /// and joining pages held it three times over.
        consuming func text() -> String {
            let margins = (top + footer(bodies.count, bodies.count)).reduce(0) { $0 + $1.utf8.count + 1 } + formFeed.utf8.count
            var size = bodies.count * (margins + capacity)
            for body in bodies { for line in body { size += line.utf8.count } }
            var text = ""
            text.reserveCapacity(size)
            for index in bodies.indices {
                if index > 0 { text += formFeed }
                let body = bodies[index]
                bodies[index] = []
                for line in lines(index, body: body) {
                    text += line
                    text += "\n"
                }
            }
            return text
        }
    }

    /// Fills pages of `capacity` lines. A block starts on a fresh page when
    /// it does not fit on this one but would fit on a page of its own; a block
    /// longer than any page runs on, with its `continued` lines at each cut.
    static func paginate(_ blocks: [Block], capacity: Int) -> [[String]] {
        var pages: [[String]] = []
        var page: [String] = []
        // Whether anything but a `continued` heading is on this page yet.
        var used = false
        func turn(_ carry: [String]) {
            pages.append(page)
            page = carry.count < capacity ? carry : []
            used = false
        }
        for block in blocks {
            if used, page.count + 1 + block.height > capacity, block.height <= capacity { turn([]) }
            // The gap between blocks never makes a full page one line too long.
            if used { if page.count + 1 >= capacity { turn([]) } else { page.append("") } }
            var started = false
            for unit in block.units {
                if used, page.count + unit.count > capacity { turn(started ? block.continued : []) }
                // A unit's opening blank line only separates it from the one above.
                let lines = used ? unit[...] : unit.drop(while: \.isEmpty)
                // A unit longer than a page (a very long reason) can only be
                // cut between lines.
                for line in lines {
                    if page.count >= capacity { turn(block.continued) }
                    page.append(line)
                    used = true
                    started = true
                }
            }
        }
        if used || pages.isEmpty { pages.append(page) }
        return pages
    }
}
