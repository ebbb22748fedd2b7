import BidpanelCore
import BidpanelStore

/// Drawing the moderation screen: the members' values (scrolling), the
/// spread, the agreed value, the reason and the note; or, in its other
/// modes, the bidder's answer, or why the others' values are hidden.
extension ModerationScreen {
    func render(_ canvas: inout Canvas, state: AppState, chair: ChairData) -> Point? {
        let width = canvas.size.width
        let panel = chair.panel
        // In stages, the items are the stage being scored, and the title says which.
        let stage = chair.countedStage.map { $0.prefix(1).uppercased() + $0.dropFirst() + " · item" } ?? "Item"
        Chrome.titleBar(&canvas, left: "Moderate · Bid \(bid.titleWithLot)", right: "\(stage) \(index + 1) of \(slots.count)")
        guard let step = step(panel: panel) else { return nil }
        let weight = step.criterion.kind == .passFail ? "pass or fail" : "weight \(step.criterion.weight)"
        canvas.put(DisplayWidth.truncate(step.title, to: width - DisplayWidth.of(weight) - 6), x: 2, y: 2, style: .bold)
        canvas.put(weight, x: width - DisplayWidth.of(weight) - 2, y: 2, style: .dim)
        // The rule that can exclude the bid, where decisions are made.
        if let rule = step.criterion.exclusionRule(panel: panel) {
            canvas.put(DisplayWidth.truncate("⚠ " + rule, to: width - 4), x: 2, y: 3, tint: .warning)
        }
        var cursor: Point?
        if focus == .answer {
            cursor = renderAnswer(&canvas, step: step, panel: panel)
        } else if hidden {
            cursor = renderHidden(&canvas, chair: chair)
        } else {
            cursor = renderMembers(&canvas, step: step, chair: chair)
        }
        Chrome.problemLine(&canvas, problem)
        if problem == nil { Chrome.statusLine(&canvas, state.status) }
        Chrome.keyBar(&canvas, keyMap)
        return cursor
    }

    /// Rows the choices take: two columns.
    static func choiceRows(_ count: Int) -> Int { (count + 1) / 2 }

    private func renderMembers(_ canvas: inout Canvas, step: Step, chair: ChairData) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        let panel = chair.panel
        let review = SlotReview.of(slot, panel: panel, sheet: chair.board.sheet)
        let choices = Steps.choices(for: step, panel: panel, plain: false)
        let choicesRows = Self.choiceRows(choices.count)
        let bottom = height - 9 - choicesRows // first row below the members' block

        // Members' values, originals as recorded; every comment in full, scrolling.
        let page = memberPage(chair: chair, size: canvas.size)
        let lines = page.lines, rows = page.rows
        let first = page.first
        let shown = lines[first..<page.end]
        let header = DisplayWidth.pad("Member", to: lines.first?.nameWidth ?? 16)
            + DisplayWidth.pad("Value", to: lines.first?.valueWidth ?? 8) + "Comment"
        canvas.put(header, x: 2, y: 4, style: .underline)
        if let top = shown.first?.member, let last = shown.last?.member {
            let count = review.entries.count
            let range = lines.count <= rows ? "\(count) member\(count == 1 ? "" : "s")"
                : "\(top + 1)–\(last + 1) of \(count)" + (page.end < lines.count ? " ↓ PgDn" : " ↑ PgUp")
            canvas.put(range, x: width - DisplayWidth.of(range) - 2, y: 4, style: .dim)
        }
        for (offset, line) in shown.enumerated() {
            canvas.put(line.text, x: 2, y: 5 + offset, style: line.dim ? .dim : [])
        }

        var y = bottom
        let counted = review.entries.filter { $0.leftOut == nil && $0.value != nil }.count
        if let spread = review.spread, counted >= 2 {
            let share = review.range.isZero ? Exact.zero : spread / review.range * Exact(100)
            let label = { (number: Exact) in
                choices.first { $0.value.number == number }.map { "\($0.key) \($0.label)" } ?? number.formatted(places: 2)
            }
            let spreadText = spread.isInteger ? spread.description : spread.formatted(places: 2)
            let unit = step.criterion.kind == .ladder ? (spread == .one ? " rung" : " rungs")
                : step.criterion.kind == .matrix ? (spread == .one ? " level" : " levels") : ""
            var text = step.criterion.kind == .passFail
                ? (spread.isZero ? "Members agree." : "Members differ: some said pass, some fail.")
                : spread.isZero ? "Spread: none. Every member gave \(label(review.low!))."
                : "Spread: \(spreadText)\(unit), from \(label(review.low!)) to \(label(review.high!)) (\(share.formatted(places: 0))% of the scale)"
            if review.discuss { text += " ⚑ DISCUSS" }
            canvas.put(DisplayWidth.truncate(text, to: width - 4), x: 2, y: y, style: review.discuss ? .bold : [],
                       tint: review.discuss ? .problem : .plain)
        } else {
            canvas.put("Spread: too few values to compare yet.", x: 2, y: y, style: .dim)
        }
        let agreed: String
        if let moderated = review.moderated {
            agreed = "Agreed: \(Steps.describe(moderated.value, for: step, panel: panel)). Reason: \(moderated.reason)"
        } else {
            agreed = "Agreed: not yet." + Self.membersSummary(review, step: step)
        }
        Chrome.paragraph(&canvas, agreed, x: 2, y: y + 1, width: width - 4, maxLines: 2,
                         style: review.moderated == nil ? .dim : [], tint: review.moderated == nil ? .plain : .good)
        y += 1

        canvas.put(chair.signedOff ? "Signed off: read only." : "The agreed value:", x: 2, y: y + 2, style: .bold)
        var cursor: Point?
        let columnWidth = (width - 4) / 2
        for (offset, choice) in choices.enumerated() {
            let column = offset / choicesRows, row = offset % choicesRows
            let focused = offset == highlighted
            let mark = step.criterion.excludes(choice.value) ? "  (excludes)" : ""
            let text = DisplayWidth.truncate("\(choice.key)  \(choice.label)", to: columnWidth - 4 - DisplayWidth.of(mark)) + mark
            let x = 2 + column * columnWidth, cy = y + 3 + row
            canvas.put((focused ? "▸ " : "  ") + text, x: x, y: cy, style: focused ? .reverse : [])
            if focused && focus == .choices { cursor = Point(x: x + 2, y: cy) }
        }
        let reasonY = y + 3 + choicesRows
        if focus == .confirmExclude, let highlighted, choices.indices.contains(highlighted) {
            let question = "Agreeing \(Steps.describe(choices[highlighted].value, for: step, panel: panel)) excludes bid \(bid.id). "
                + (step.criterion.exclusionRule(panel: panel) ?? "") + " Agree it anyway? Y yes, N no."
            Chrome.paragraph(&canvas, question, x: 2, y: reasonY, width: width - 4, maxLines: 2, style: .bold, tint: .problem)
            return Point(x: 2, y: reasonY)
        }
        canvas.put("Reason: ", x: 2, y: reasonY, style: focus == .reason ? .bold : .dim)
        let field = reason.draw(on: &canvas, x: 10, y: reasonY, width: width - 12, style: focus == .reason ? .underline : [])
        if focus == .reason { cursor = field }
        if focus == .reason, let highlighted, choices.indices.contains(highlighted),
           step.criterion.excludes(choices[highlighted].value) {
            canvas.put(DisplayWidth.truncate("⚠ This value excludes the bid. You will be asked to confirm.", to: width - 4),
                       x: 2, y: reasonY + 1, style: .bold, tint: .warning)
        } else {
            canvas.put("Note: ", x: 2, y: reasonY + 1, style: focus == .note ? .bold : .dim)
            let noteField = note.draw(on: &canvas, x: 10, y: reasonY + 1, width: width - 12, style: focus == .note ? .underline : [])
            if focus == .note { cursor = noteField }
            if note.text.isEmpty && focus != .note {
                canvas.put("none (N adds one)", x: 10, y: reasonY + 1, style: .dim)
            }
        }
        return cursor ?? Point(x: 2, y: y + 2)
    }

    /// The page of the members' block in view: its lines from `first` up to
    /// `end`, always starting at the first line of member `memberScroll`, so
    /// a page never opens with the tail of someone else's name or comment.
    struct MemberPage {
        var lines: [MemberLine]
        var rows: Int
        var first: Int
        var end: Int
        var scrolls: Bool { lines.count > rows }
    }

    func memberPage(chair: ChairData, size: Size? = nil) -> MemberPage {
        let size = size ?? self.size
        guard let step = step(panel: chair.panel) else { return MemberPage(lines: [], rows: 1, first: 0, end: 0) }
        let review = SlotReview.of(slot, panel: chair.panel, sheet: chair.board.sheet)
        let notScoring = Set(chair.board.moderationNotes.notScoring[bid.id].map { [$0.by] } ?? [])
        let lines = memberLines(review, step: step, panel: chair.panel, width: size.width, notScoring: notScoring)
        let bottom = size.height - 9 - Self.choiceRows(choices(chair).count)
        let rows = max(1, bottom - 5)
        guard lines.count > rows else { return MemberPage(lines: lines, rows: rows, first: 0, end: lines.count) }
        let last = lines.last?.member ?? 0
        let member = min(memberScroll, last)
        let first = lines.firstIndex { $0.member == member } ?? 0
        return MemberPage(lines: lines, rows: rows, first: first, end: min(lines.count, first + rows))
    }

    /// The first member of the next page: the one cut off at the bottom of
    /// this page (so it shows whole at the top of the next), or the one after.
    func nextMemberPage(chair: ChairData) -> Int {
        let page = memberPage(chair: chair)
        guard page.end < page.lines.count else { return memberScroll }
        let cut = page.lines[page.end].member
        return cut == page.lines[page.first].member ? min(cut + 1, page.lines.last?.member ?? cut) : cut
    }

    /// The first member of the page before: as many members above as fit.
    func previousMemberPage(chair: ChairData) -> Int {
        let page = memberPage(chair: chair)
        var member = min(memberScroll, page.lines.last?.member ?? 0), used = 0
        while member > 0 {
            let height = page.lines.filter { $0.member == member - 1 }.count
            if used + height > page.rows { break }
            used += height
            member -= 1
        }
        return member
    }

    /// One screen line of the members' block.
    struct MemberLine {
        var member: Int
        var text: String
        var dim: Bool
        var nameWidth: Int
        var valueWidth: Int
    }

    /// Every member's value and whole comment as screen lines, in panel order.
    func memberLines(_ review: SlotReview, step: Step, panel: Panel, width: Int, notScoring: Set<String> = []) -> [MemberLine] {
        let choices = Steps.choices(for: step, panel: panel, plain: false)
        // Names take up to 35% of the width; comments wrap in what is left.
        let nameWidth = min(max(16, width * 35 / 100 + 1), max(8, (review.entries.map { DisplayWidth.of($0.member.name) }.max() ?? 8) + 2))
        let valueWidth = min(22, max(12, (choices.map { DisplayWidth.of("\($0.key) \($0.label)") }.max() ?? 8) + 2))
        let commentWidth = max(10, width - 4 - nameWidth - valueWidth)
        var lines: [MemberLine] = []
        for (number, entry) in review.entries.enumerated() {
            // A long name wraps under itself rather than being cut: two
            // "Councillor Alexandra …" must stay apart.
            let names = DisplayWidth.wrap(entry.member.name, width: nameWidth - 2)
            let value: String, comment: [String], dim: Bool
            switch (entry.value, entry.leftOut) {
            case (_, .conflict?): (value, comment, dim) = ("conflict: left out", [], true)
            case (nil, nil): (value, comment, dim) = (notScoring.contains(entry.member.id) ? "not scoring" : "not yet", [], true)
            case let (recorded?, nil):
                (value, comment, dim) = (Steps.describe(recorded, for: step, panel: panel),
                                         DisplayWidth.wrap(entry.comment, width: commentWidth), false)
            }
            for row in 0..<max(1, names.count, comment.count) {
                let name = row < names.count ? names[row] : "", text = row < comment.count ? comment[row] : ""
                lines.append(MemberLine(member: number, text: DisplayWidth.pad(name, to: nameWidth)
                                            + DisplayWidth.pad(row == 0 ? value : "", to: valueWidth) + text,
                                        dim: dim, nameWidth: nameWidth, valueWidth: valueWidth))
            }
        }
        return lines
    }

    /// Why the chair cannot see the others' values yet, and what to do.
    private func renderHidden(_ canvas: inout Canvas, chair: ChairData) -> Point? {
        let width = canvas.size.width
        var own = ""
        if case let .pending(recorded, needed) = independence(chair) {
            // In stages the counts are the stage's, and say so.
            let stage = chair.countedStage.map { " in \($0)" } ?? ""
            own = recorded == 0 ? "You have not put in any of your own values for it\(stage) yet."
                : "You have put in \(recorded) of your \(needed) values for it\(stage). If you say you are not scoring it, they stay as they are."
        }
        var y = Chrome.paragraph(&canvas, "You score bid \(bid.id) too. So that your score is your own, the other members' values and comments stay hidden until you submit your own values for this bid, or say you are not scoring it.",
                                 x: 2, y: 5, width: width - 4, maxLines: 4)
        y = Chrome.paragraph(&canvas, own, x: 2, y: y + 1, width: width - 4, maxLines: 2)
        y = Chrome.paragraph(&canvas, "Press O to score it yourself, then submit it. Or press I if you are not scoring this bid: that is kept in the audit log, and you then record nothing for it.",
                             x: 2, y: y + 1, width: width - 4, maxLines: 3, style: .dim)
        if focus == .confirmNotScoring {
            _ = Chrome.paragraph(&canvas, "Say you are not scoring bid \(bid.id)? You then record nothing for it, and the others' values show. Y yes, N no.",
                                 x: 2, y: y + 1, width: width - 4, maxLines: 2, style: .bold, tint: .problem)
        }
        return Point(x: 2, y: 5)
    }

    /// The bidder's answer for the item, scrolling.
    private func renderAnswer(_ canvas: inout Canvas, step: Step, panel: Panel) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        Chrome.rule(&canvas, y: 4, label: "The bidder's answer")
        let answer = bid.answer(criterion: slot.criterion, principle: slot.principle)
        let lines = DisplayWidth.wrap(SafeText.visible(AnswerWording.text(answer, criterion: step.criterion, panel: panel)), width: width - 4)
        let rows = max(1, height - 9)
        let first = max(0, min(answerScroll, lines.count - rows))
        for (offset, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            canvas.put(line, x: 2, y: 5 + offset, style: answer.isMissing ? .dim : [])
        }
        if first + rows < lines.count {
            canvas.put("↓ more", x: width - 9, y: 5 + rows, style: .dim)
        }
        return Point(x: 2, y: 5)
    }
}
