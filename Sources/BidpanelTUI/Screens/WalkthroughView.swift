import BidpanelCore

/// Drawing the walkthrough: question and guidance at the top, the bidder's
/// answer in a scrollable pane, the whole scale, then the comment line.
extension Walkthrough {
    func render(_ canvas: inout Canvas, state: AppState, session: Session) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        let plain = session.plainWording
        let choices = Steps.choices(for: step, panel: state.panel, plain: plain)
        Chrome.titleBar(&canvas, left: "Bid \(bid.titleWithLot)", right: "Step \(index + 1) of \(steps.count)")

        let savedValue = values[slot]
        let mark: (String, Tint) = readOnly
            ? (signedOff ? "signed off: read only" : submitted ? "submitted: read only" : "read only", .plain)
            : saving != nil ? ("saving…", .plain)
            : savedValue != nil ? ("✓ saved", .good) : pending != nil ? ("not saved yet", .warning) : ("not scored yet", .plain)
        let markWidth = DisplayWidth.of(mark.0)
        var heading = step.criterion.section == step.criterion.title
            ? step.criterion.title : step.criterion.section + " › " + step.criterion.title
        if let principle = step.principle, let number = state.panel.matrix.principles.firstIndex(of: principle) {
            heading = "Principle \(number + 1) of \(state.panel.matrix.principles.count): \(principle.title)"
        }
        canvas.put(DisplayWidth.truncate(heading, to: width - markWidth - 4), x: 1, y: 1, style: .bold)
        canvas.put(mark.0, x: width - markWidth - 1, y: 1, style: savedValue != nil && saving == nil ? .bold : [], tint: mark.1)

        let layout = self.layout(size: canvas.size, panel: state.panel, plain: plain)
        let question = Steps.question(for: step, plain: plain)
        let guidance = Steps.guidance(for: step, plain: plain, panel: state.panel)
        var y = Chrome.paragraph(&canvas, question, x: 1, y: 2, width: width - 2, maxLines: max(1, layout.questionLines))
        if layout.askedLines > 0 {
            y = Chrome.paragraph(&canvas, Self.askedPrefix + step.criterion.question, x: 1, y: y, width: width - 2,
                                 maxLines: layout.askedLines, style: .bold)
        }
        if layout.guidanceLines > 0 {
            y = Chrome.paragraph(&canvas, guidance, x: 1, y: y, width: width - 2, maxLines: layout.guidanceLines, style: .dim)
        }

        // The bidder's answer.
        let answerLines = self.answerLines(width: width, panel: state.panel)
        let rows = layout.answerRows
        let scroll = min(answerScroll, max(0, answerLines.count - rows))
        let shownTo = min(answerLines.count, scroll + rows)
        let more = answerLines.count > rows
            ? "lines \(scroll + 1)–\(shownTo) of \(answerLines.count)\(shownTo < answerLines.count ? " · PgDn more" : "")"
            : ""
        Chrome.rule(&canvas, y: y, label: "Their answer", right: more)
        for (offset, line) in answerLines[scroll..<shownTo].enumerated() {
            canvas.put(line, x: 2, y: y + 1 + offset)
        }
        y += 1 + rows

        // The scale, the ladder, the matrix levels or pass/fail.
        let scaleHeading: String = switch step.criterion.kind {
        case .ladder: plain ? "Where are they on the ladder?" : "Place the bid on the ladder"
        case .matrix: plain ? "Pick a level" : "Level for this principle"
        case .passFail: "Pass or fail"
        case .scored: plain ? "Your score" : "Score"
        }
        // What the final value decides, where the value is given.
        let rule = step.criterion.exclusionRule(plain: plain)
        Chrome.rule(&canvas, y: y, label: rule.map { scaleHeading + " · " + $0 } ?? scaleHeading)
        var cursor = drawChoices(&canvas, choices, top: y + 1, width: width, spare: layout.focusedExtra, expandAll: layout.expandAll)
        let commentY = height - 3
        if !readOnly {
            let label = step.criterion.commentRequired ? "Why (needed):" : (plain ? "Why? (you can skip)" : "Comment (optional):")
            // Always bold: the cursor and the key bar show when it takes the
            // keys, and a label that never changes costs no bytes per score.
            canvas.put(label, x: 1, y: commentY, style: .bold)
            let labelWidth = DisplayWidth.of(label) + 2
            let point = comment.draw(on: &canvas, x: labelWidth, y: commentY, width: width - labelWidth - 1)
            if focus == .comment { cursor = point }
        } else if let savedValue, !savedValue.comment.isEmpty {
            canvas.put(DisplayWidth.truncate("Comment: " + savedValue.comment, to: width - 2), x: 1, y: commentY)
        }

        if leaving != nil, let pending {
            let question = Self.leavingQuestion(Steps.describe(pending, for: step, panel: state.panel), plain: plain)
            let line = DisplayWidth.truncate(" ? " + question, to: width - 1)
            canvas.put(line, x: 0, y: height - 2, style: .bold, tint: .warning)
            cursor = Point(x: min(width - 1, DisplayWidth.of(line) + 1), y: height - 2)
        } else if let problem {
            Chrome.message(&canvas, "! " + problem, x: 0, y: height - 2, width: width - 1, lead: " ", style: .bold, tint: .problem)
        } else {
            Chrome.statusLine(&canvas, state.status)
        }
        Chrome.keyBar(&canvas, keyMap(plain: plain))
        return cursor
    }

    /// How the rows of a walkthrough screen are shared out. `update` uses
    /// it too, so scrolling stops where the answer ends.
    struct Layout {
        var questionLines: Int
        var guidanceLines: Int
        /// Extra rows for the focused choice's full meaning.
        var focusedExtra: Int
        /// A tall window: every meaning in full.
        var expandAll: Bool
        var answerRows: Int
        /// The question as the bidders were asked it (young assessors, Q).
        var askedLines = 0
    }

    /// Before the question as written, under the plain wording.
    static let askedPrefix = "As the bidders were asked: "

    /// Guidance that sets a gate (pass/fail) is shown whole, never cut:
    /// it is what the bid must meet.
    var guidanceIsAGate: Bool { step.criterion.kind == .passFail }

    func layout(size: Size, panel: Panel, plain: Bool) -> Layout {
        let width = size.width, height = size.height
        let choices = Steps.choices(for: step, panel: panel, plain: plain)
        let meaningWidth = self.meaningWidth(choices, width: width)
        var focusedExtra = 0
        if let highlighted, choices.indices.contains(highlighted) {
            focusedExtra = min(2, DisplayWidth.wrap(choices[highlighted].meaning, width: meaningWidth).count - 1)
        }
        var choiceBlock = choices.count + focusedExtra
        let fullBlock = choices.reduce(0) { $0 + DisplayWidth.wrap($1.meaning, width: meaningWidth).count }
        let expandAll = height - 2 - 3 - (plain ? 2 : 3) - 2 - 3 - fullBlock >= 6
        if expandAll {
            focusedExtra = fullBlock - choices.count
            choiceBlock = fullBlock
        }
        let question = Steps.question(for: step, plain: plain)
        let guidance = Steps.guidance(for: step, plain: plain, panel: panel)
        var questionLines = min(3, DisplayWidth.wrap(question, width: width - 2).count)
        let guidanceWrapped = DisplayWidth.wrap(guidance, width: width - 2).count
        var guidanceLines = guidance.isEmpty ? 0 : guidanceIsAGate ? guidanceWrapped : min(plain ? 2 : 3, guidanceWrapped)
        var askedLines = showingAsked && hasAskedQuestion(plain: plain)
            ? min(4, DisplayWidth.wrap(Self.askedPrefix + step.criterion.question, width: width - 2).count) : 0
        // Title, heading, question, guidance, answer rule, answer, scale rule, scale, comment, status, keys.
        func answerRows() -> Int { height - 2 - questionLines - askedLines - guidanceLines - 1 - 1 - choiceBlock - 3 }
        // The question as asked was asked for: the plain instruction gives way first.
        while askedLines > 0 && answerRows() < 3 && guidanceLines > 0 { guidanceLines -= 1 }
        while askedLines > 2 && answerRows() < 3 { askedLines -= 1 }
        while answerRows() < 4 && guidanceLines > 1 && !guidanceIsAGate { guidanceLines -= 1 }
        while answerRows() < 2 && guidanceLines > 1 { guidanceLines -= 1 }
        while answerRows() < 3 && questionLines > 2 { questionLines -= 1 }
        while answerRows() < 3 && focusedExtra > 0 && !expandAll { focusedExtra -= 1; choiceBlock -= 1 }
        return Layout(questionLines: questionLines, guidanceLines: guidanceLines, focusedExtra: focusedExtra,
                      expandAll: expandAll, answerRows: max(1, answerRows()), askedLines: askedLines)
    }

    func answerLines(width: Int, panel: Panel) -> [String] {
        // Every part that bears on this step: a matrix answer written in one
        // piece shows on each principle (BidAnswer says which is which).
        let answer = bid.answer(criterion: step.criterion.id, principle: step.principle?.id)
        return DisplayWidth.wrap(SafeText.visible(AnswerWording.text(answer, criterion: step.criterion, panel: panel)), width: width - 4)
    }


    /// Asked when a member leaves a pick that needs a comment without one.
    static func leavingQuestion(_ picked: String, plain: Bool) -> String {
        plain ? "\(picked) is not saved: it needs a reason. W write why, D drop it"
            : "\(picked) is not saved without a comment. W write why, D drop the pick"
    }

    /// Columns left for a choice's meaning after the marker, key and label
    /// (and, on the ladder, the stage names and rungs).
    func meaningWidth(_ choices: [Choice], width: Int) -> Int {
        let columns = choiceColumns(choices)
        let rails = step.criterion.kind == .ladder ? 4 : 0
        return max(10, width - 1 - columns.stage - rails - (2 + 4 + 2 + columns.label + 2) - 1)
    }

    /// The widths of the ladder's stage names (0 elsewhere) and of the labels.
    func choiceColumns(_ choices: [Choice]) -> (stage: Int, label: Int) {
        let stage = step.criterion.kind == .ladder ? (choices.compactMap(\.group).map(DisplayWidth.of).max() ?? 0) + 2 : 0
        return (stage, choices.map { DisplayWidth.of($0.label) }.max() ?? 0)
    }

    /// Draws every choice: "▸ (•) 3 Good   meaning". The highlighted one
    /// wraps its full meaning into spare rows. Returns the cursor position.
    private func drawChoices(_ canvas: inout Canvas, _ choices: [Choice], top: Int, width: Int, spare: Int,
                             expandAll: Bool) -> Point? {
        let ladder = step.criterion.kind == .ladder
        // Ladder: highest rung at the top, like a real ladder.
        let order = ladder ? Array(choices.indices.reversed()) : Array(choices.indices)
        let (stageWidth, labelWidth) = choiceColumns(choices)
        // The value shown as chosen: on its way to the file, saved, or held for a comment.
        let shownValue = saving ?? values[slot]?.value ?? pending
        var y = top
        var cursor: Point? = nil
        var extra = spare
        var previousGroup: String? = nil
        for choiceIndex in order {
            let choice = choices[choiceIndex]
            let focused = highlighted == choiceIndex
            let chosen = shownValue == choice.value
            var x = 1
            if ladder {
                let group = choice.group ?? ""
                if group != previousGroup {
                    canvas.put(group, x: x, y: y, style: .bold)
                    previousGroup = group
                }
                x += stageWidth
                x = canvas.put("├─┤", x: x, y: y, style: .dim) + 1
            }
            let start = x
            // Only the marker, key and label are highlighted: the meaning
            // stays plain, which reads better and sends less to the terminal.
            // The label is not padded: the highlight ends with the word, so
            // moving it rewrites fewer cells.
            let head = (focused ? "▸ " : "  ") + (chosen ? "(•) " : "( ) ") + String(choice.key).uppercased() + " "
                + choice.label
            let meaningX = start + DisplayWidth.of(head) - DisplayWidth.of(choice.label) + labelWidth + 2
            let meaningWidth = self.meaningWidth(choices, width: width)
            var lines = DisplayWidth.wrap(choice.meaning, width: meaningWidth)
            let allowed = expandAll ? lines.count : focused ? 1 + min(extra, lines.count - 1) : 1
            if lines.count > allowed {
                lines = Array(lines.prefix(allowed))
                if !focused || allowed < DisplayWidth.wrap(choice.meaning, width: meaningWidth).count {
                    lines[allowed - 1] = DisplayWidth.truncate(lines[allowed - 1] + " …", to: meaningWidth)
                }
            }
            let style: CellStyle = focused ? .reverse : (chosen ? .bold : [])
            canvas.put(head, x: start, y: y, style: style, tint: chosen ? .good : .plain)
            for (offset, line) in lines.enumerated() {
                canvas.put(line, x: meaningX, y: y + offset)
                // The ladder's rails carry on past a rung whose meaning wraps.
                if ladder && offset > 0 { canvas.put("│ │", x: 1 + stageWidth, y: y + offset, style: .dim) }
            }
            if focused || (highlighted == nil && cursor == nil) { cursor = Point(x: start + 2, y: y) }
            if focused && !expandAll { extra -= lines.count - 1 }
            y += lines.count
        }
        return cursor
    }
}
