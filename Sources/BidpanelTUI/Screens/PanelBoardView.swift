import BidpanelCore
import BidpanelStore

/// Drawing the board: a table of bids by members that scrolls both ways,
/// so every bid and every scoring member can be reached at 80×24.
extension PanelBoardScreen {
    /// Columns the member grid may use; the rest is the bid and the agreed counts.
    struct Layout {
        var bidWidth: Int
        var column: Int
        var firstColumn: Int
        var visibleColumns: Int
        var firstRow: Int
        var rows: Int
    }

    func layout(chair: ChairData, size: Size) -> Layout {
        let scorers = Self.scorers(chair).count
        let bidWidth = min(10, max(4, (chair.panel.bids.map { DisplayWidth.of($0.id) }.max() ?? 3) + 1))
        let available = max(6, size.width - 4 - 2 - bidWidth - 16)
        let width = max(6, min(10, available / max(scorers, 1)))
        let visible = max(1, min(scorers, available / width))
        let firstColumn = max(0, min(Self.firstColumn(focus: column, visible: visible), scorers - visible))
        let rows = max(1, size.height - 6 - 5)
        // Rows are lines: in lots, a heading line before each lot's bids.
        let lines = Self.rows(chair)
        let at = lines.firstIndex(of: .bid(selected)) ?? selected
        let firstRow = max(0, min(at - rows + 1, lines.count - rows))
        return Layout(bidWidth: bidWidth, column: width, firstColumn: firstColumn, visibleColumns: visible,
                      firstRow: firstRow, rows: rows)
    }

    /// A line of the table: a lot's heading, or a bid (its index in `ChairData.boardBids`).
    enum Row: Equatable {
        case lot(Lot)
        case bid(Int)
    }

    /// The table's lines: the bids, each lot's under a heading in a tender in lots.
    static func rows(_ chair: ChairData) -> [Row] {
        let bids = chair.boardBids
        guard !chair.panel.lots.isEmpty else { return bids.indices.map(Row.bid) }
        var out: [Row] = [], lot: String?? = .none
        for (index, bid) in bids.enumerated() {
            if lot != .some(bid.lot) {
                lot = .some(bid.lot)
                if let found = chair.panel.lots.first(where: { $0.id == bid.lot }) { out.append(.lot(found)) }
            }
            out.append(.bid(index))
        }
        return out
    }

    /// A lot's heading: its title, what is agreed in it (in the stage being
    /// scored) and, after the first stage, its shortlist.
    static func heading(_ lot: Lot, chair: ChairData) -> String {
        let bids = chair.boardBids.filter { $0.lot == lot.id }
        let counts = bids.map { chair.moderation(bid: $0.id) }
        var text = SafeText.line("Lot \(lot.id): \(lot.title)")
        text += " · agreed \(counts.map(\.agreed).reduce(0, +)) of \(counts.map(\.slots).reduce(0, +))"
        if let stages = chair.board.stages, stages.current > 0, stages.currentStage != nil {
            text += " · shortlist: " + StageBoard.shortlist(bids, stages)
        }
        return text
    }

    /// The first column shown: the focused one stays on screen, at the right edge when far along.
    private static func firstColumn(focus: Int, visible: Int) -> Int { max(0, focus - visible + 1) }

    func render(_ canvas: inout Canvas, state: AppState, session: Session, chair: ChairData) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        Chrome.memberTitleBar(&canvas, state: state, session: session)
        canvas.put("Panel board", x: 2, y: 2, style: .bold)
        if let when = chair.board.signedOffAt {
            let text = "SIGNED OFF \(ChairWording.time(when)) · read only"
            canvas.put(text, x: width - DisplayWidth.of(text) - 2, y: 2, style: .bold, tint: .good)
        } else {
            let text = "Open · updates as members score"
            canvas.put(text, x: width - DisplayWidth.of(text) - 2, y: 2, style: .dim)
        }
        let counts = chair.overall()
        if let line = StageBoard.line(chair) {
            canvas.put(DisplayWidth.truncate(line, to: width - 4), x: 2, y: 3, style: .bold, tint: .accent)
        } else {
        canvas.put(DisplayWidth.truncate("Values in: \(counts.values) of \(counts.expected) · Agreed: \(counts.agreed) of \(counts.slots) · To discuss: \(counts.discuss)", to: width - 4),
                   x: 2, y: 3)
        }

        var cursor: Point?
        switch mode {
        case .attendance(let row):
            cursor = renderAttendance(&canvas, chair: chair, selected: row)
        case .signOffAnyway(_, let scroll):
            renderOutstanding(&canvas, chair: chair, scroll: scroll)
        default:
            cursor = renderTable(&canvas, chair: chair)
        }
        switch mode {
        case let .reopenEvaluation(field):
            cursor = ask(&canvas, "Why reopen the evaluation? ", field)
        case let .reopenBid(bid, member, field):
            let name = chair.panel.member(id: member)?.name ?? member
            cursor = ask(&canvas, "Why reopen \(bid) for \(SafeText.line(name))? ", field)
        case let .signOffAnyway(field, _):
            cursor = ask(&canvas, "Why sign off anyway? ", field)
        case let .shortlist(_, bid, goesOn, field):
            cursor = ask(&canvas, goesOn ? "Why put \(bid) on the shortlist? " : "Why take \(bid) off the shortlist? ", field)
        case .confirmSignOff:
            let question = StageBoard.confirmQuestion(chair, stage: stageSigningOff)
                ?? "Sign off now? The evaluation becomes read-only. Y signs off; any other key goes back."
            Chrome.message(&canvas, question, x: 2, y: height - 3, width: width - 4, style: .bold, tint: .accent)
        case .browse, .attendance:
            Chrome.problemLine(&canvas, problem)
        }
        if problem == nil && reason == nil && mode != .confirmSignOff { Chrome.statusLine(&canvas, state.status) }
        Chrome.keyBar(&canvas, Self.keyMap(mode, signedOff: chair.signedOff))
        return cursor
    }

    /// A question with a text field on the prompt line; a problem with it on the status line.
    private func ask(_ canvas: inout Canvas, _ label: String, _ field: TextField) -> Point {
        let width = canvas.size.width, y = canvas.size.height - 3
        let shown = DisplayWidth.truncate(label, to: width / 2)
        canvas.put(shown, x: 2, y: y, style: .bold)
        let cursor = field.draw(on: &canvas, x: 2 + DisplayWidth.of(shown), y: y, width: width - 4 - DisplayWidth.of(shown))
        if let problem { Chrome.statusLine(&canvas, Status(problem, tone: .problem)) }
        return cursor
    }

    private func renderTable(_ canvas: inout Canvas, chair: ChairData) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        let scorers = Self.scorers(chair), bids = chair.boardBids, lines = Self.rows(chair)
        let shape = layout(chair: chair, size: canvas.size)
        let shown = Array(scorers.indices.dropFirst(shape.firstColumn).prefix(shape.visibleColumns))

        // Who the focused column is, in full: the headers may be initials.
        if scorers.indices.contains(column), bids.indices.contains(selected) {
            let member = scorers[column], bid = bids[selected].id
            let absent = chair.board.attendance[member.id]?.present == false ? " (absent)" : ""
            let progress = chair.board.progress[member.id]?[bid]
            let described = Self.describe(progress, signedOff: chair.signedOff)
            // The chair said "I am not scoring this bid": say so, with any values they had put in.
            let state = chair.board.moderationNotes.notScoring[bid]?.by == member.id
                ? "not scoring this bid" + ((progress?.recorded ?? 0) > 0 ? " (\(described))" : "")
                : described
            var where_ = ""
            if shown.count < scorers.count { where_ = "members \(shape.firstColumn + 1)–\(shape.firstColumn + shown.count) of \(scorers.count) ←→" }
            if lines.count > shape.rows {
                let inView = lines.dropFirst(shape.firstRow).prefix(shape.rows).compactMap { row -> Int? in
                    if case let .bid(index) = row { return index } else { return nil }
                }
                let bidsShown = "bids \((inView.first ?? 0) + 1)–\((inView.last ?? 0) + 1) of \(bids.count)"
                where_ = where_.isEmpty ? bidsShown : bidsShown + " · " + where_
            }
            let lot = bids[selected].lot.map { " (lot \($0))" } ?? ""
            let about = "\(bid)\(lot) · " + SafeText.line(member.name) + ", \(member.role.name)\(absent): \(state)"
            canvas.put(DisplayWidth.truncate(about, to: width - 4), x: 2, y: 4, style: .bold)
            // In stages the counts are the stage's, and the line says which.
            if let stage = chair.countedStage {
                let counts = chair.overall()
                let text = "In \(stage): values in \(counts.values) of \(counts.expected) · agreed \(counts.agreed) of \(counts.slots)"
                canvas.put(DisplayWidth.truncate(text, to: max(0, width - 6 - DisplayWidth.of(where_))), x: 2, y: 6 + shape.rows, style: .dim)
            }
            // Under the table: how much of it is in view, when not all of it is.
            if !where_.isEmpty { canvas.put(where_, x: width - 2 - DisplayWidth.of(where_), y: 6 + shape.rows, style: .dim) }
        }

        let names = Self.columnNames(scorers, width: shape.column - 1)
        let gridX = 4 + shape.bidWidth
        var header = "  " + DisplayWidth.pad("Bid", to: shape.bidWidth)
        for index in shown { header += DisplayWidth.pad(names[index], to: shape.column) }
        header += DisplayWidth.pad("Agreed", to: 9) + "Discuss"
        canvas.put(DisplayWidth.truncate(header, to: width - 2), x: 2, y: 5, style: .underline)
        if let slot = shown.firstIndex(of: column) {
            let x = gridX + slot * shape.column
            canvas.restyle(y: 5, from: x, to: x + shape.column - 1, style: [.underline, .reverse])
        }

        let top = 6
        var cursor: Point?
        for (row, entry) in lines.dropFirst(shape.firstRow).prefix(shape.rows).enumerated() {
            let index: Int
            switch entry {
            case let .lot(lot):
                canvas.put(DisplayWidth.truncate(Self.heading(lot, chair: chair), to: width - 4), x: 2, y: top + row, style: .bold, tint: .accent)
                continue
            case let .bid(at): index = at
            }
            let bid = bids[index], focused = index == selected
            var line = (focused ? "▸ " : "  ") + DisplayWidth.pad(DisplayWidth.truncate(bid.id, to: shape.bidWidth - 1), to: shape.bidWidth)
            for member in shown.map({ scorers[$0] }) {
                line += DisplayWidth.pad(Self.cell(chair.board.progress[member.id]?[bid.id]), to: shape.column)
            }
            let moderation = chair.moderation(bid: bid.id)
            // A bid not in the stage being scored has nothing to agree in it.
            line += DisplayWidth.pad(moderation.slots == 0 && chair.board.stages != nil ? "–" : "\(moderation.agreed)/\(moderation.slots)", to: 9)
            line += moderation.toDiscuss > 0 ? "\(moderation.toDiscuss) ⚑" : ""
            canvas.put(DisplayWidth.truncate(line, to: width - 2), x: 2, y: top + row, style: focused ? .reverse : [])
            if focused, let slot = shown.firstIndex(of: column) {
                let x = gridX + slot * shape.column
                canvas.restyle(y: top + row, from: x, to: x + shape.column - 1, style: [.bold, .underline])
                cursor = Point(x: x, y: top + row)
            } else if focused {
                cursor = Point(x: 4, y: top + row)
            }
        }
        let legend = "✓ submitted   3/7 values in   – conflict   · nothing yet   ⚑ to discuss"
        // In a later stage: the bid in focus on the shortlist, and why.
        let shortlist = bids.indices.contains(selected) ? StageBoard.about(chair, bid: bids[selected].id) : nil
        if let shortlist {
            // With the chair's reason it can be long: it wraps into the prompt
            // row below while no question or problem is there.
            let free = mode == .browse && problem == nil
            for (offset, line) in Chrome.fitted(shortlist, width: width - 4, maxLines: free ? 2 : 1).enumerated() {
                canvas.put(line, x: 2, y: height - 4 + offset, style: .bold)
            }
        } else {
            canvas.put(legend, x: 2, y: height - 4, style: .dim)
        }
        return cursor
    }

    /// Column headings: first names when they tell everyone apart and fit,
    /// otherwise initials ("YA12" for "Young assessor 12"), made unique with
    /// a number. Never a cut name: a heading of "You…" tells no one apart.
    static func columnNames(_ members: [Member], width: Int) -> [String] {
        // A pair is both first names ("Amira+Jay"): its first word alone would name one person.
        let first = members.map { member -> String in
            let words = member.name.split(separator: " ")
            guard member.isPair else { return SafeText.line(String(words.first ?? Substring(member.name))) }
            return SafeText.line(words.filter { !["and", "&"].contains($0.lowercased()) }.joined(separator: "+"))
        }
        if Set(first).count == first.count, first.allSatisfy({ DisplayWidth.of($0) <= width }) { return first }
        var names = members.map { member -> String in
            let words = SafeText.line(member.name).split(separator: " ")
            // The first letter of each word: "(Yamada" gives "Y", not "(".
            let initials = words.compactMap { word -> String? in
                if word.allSatisfy(\.isNumber) { return String(word) }
                return word.first(where: \.isLetter).map { String($0).uppercased() }
            }.joined()
            return String(initials.isEmpty ? member.id : initials)
        }
        let counts = Dictionary(names.map { ($0, 1) }, uniquingKeysWith: +)
        var seen: [String: Int] = [:]
        for index in names.indices where counts[names[index]]! > 1 {
            let name = names[index]
            seen[name, default: 0] += 1
            names[index] = name + String(seen[name]!)
        }
        names = names.map { fitting($0, width: width) }
        // Still alike once cut to fit: number the columns instead.
        if Set(names).count != names.count { return members.indices.map { "\($0 + 1)" } }
        return names
    }

    /// The start of a heading that fits, never with "…".
    private static func fitting(_ text: String, width: Int) -> String {
        var out = ""
        for character in text {
            guard DisplayWidth.of(out + String(character)) <= width else { break }
            out.append(character)
        }
        return out
    }

    static func cell(_ progress: BidProgress?) -> String {
        guard let progress else { return "" }
        if progress.conflicted { return "–" }
        if progress.submitted { return "✓" }
        if progress.recorded == 0 { return "·" }
        return "\(progress.recorded)/\(progress.needed)"
    }

    /// A cell in words, for the line naming the focused member.
    static func describe(_ progress: BidProgress?, signedOff: Bool) -> String {
        guard let progress else { return "does not score" }
        if progress.conflicted { return "declared a conflict" }
        if progress.submitted { return signedOff ? "submitted" : "submitted (R reopens it)" }
        if progress.recorded == 0 { return "nothing yet" }
        return "\(progress.recorded) of \(progress.needed) values in"
    }
}

/// Wording the chair's screens share.
enum ChairWording {
    /// The board before the first read of the file has come back.
    static func loading(_ canvas: inout Canvas, state: AppState, session: Session) -> Point? {
        Chrome.memberTitleBar(&canvas, state: state, session: session)
        canvas.put("Reading the evaluation file…", x: 2, y: 2, style: .bold)
        return Point(x: 2, y: 2)
    }

    /// "2026-11-22T14:02:11.123Z" → "22 Nov 2026 14:02 UTC" (stored in UTC).
    static func time(_ stored: String) -> String {
        let parts = stored.split(whereSeparator: { $0 == "T" || $0 == " " })
        let date = parts.first.map { $0.split(separator: "-") } ?? []
        guard date.count == 3, let month = Int(date[1]), (1...12).contains(month) else { return stored }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = Int(date[2]).map(String.init) ?? String(date[2])
        let clock = parts.count > 1 ? " " + parts[1].prefix(5) + " UTC" : ""
        return "\(day) \(months[month - 1]) \(date[0])\(clock)"
    }
}
