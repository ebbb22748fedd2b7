import BidpanelCore

/// `M` on a walkthrough step: the question, the guidance, every point of the
/// scale and the bidder's answer in full, for when an 80×24 screen has had to
/// cut them short.
extension Walkthrough {
    func readAllLines(width: Int, panel: Panel, plain: Bool) -> [(text: String, style: CellStyle)] {
        var lines: [(String, CellStyle)] = []
        func add(_ text: String, indent: Int = 1, style: CellStyle = []) {
            for line in DisplayWidth.wrap(text, width: width - indent - 1) {
                lines.append((String(repeating: " ", count: indent) + line, style))
            }
        }
        add(step.title, style: .bold)
        lines.append(("", []))
        add("Question", style: .underline)
        add(Steps.question(for: step, plain: plain))
        if hasAskedQuestion(plain: plain) {
            lines.append(("", []))
            add("The question as the bidders were asked it", style: .underline)
            add(step.criterion.question)
        }
        let guidance = Steps.guidance(for: step, plain: plain, panel: panel)
        if !guidance.isEmpty {
            lines.append(("", []))
            add(plain ? "What to do" : "What to look for", style: .underline)
            add(guidance)
        }
        if let rule = step.criterion.exclusionRule(plain: plain) {
            lines.append(("", []))
            add(rule, style: .bold)
        }
        lines.append(("", []))
        add(step.criterion.kind == .ladder ? "The ladder, top rung first" : "The scale", style: .underline)
        var choices = Steps.choices(for: step, panel: panel, plain: plain)
        if step.criterion.kind == .ladder {
            choices.reverse()
            // The built-in ladder's three stages, in a line each.
            var seen: [String] = []
            for stage in choices.compactMap(\.group) where !seen.contains(stage) {
                seen.append(stage)
                if let meaning = Self.stageMeanings[stage.lowercased()] { add(stage.prefix(1).uppercased() + stage.dropFirst() + ": " + meaning, indent: 2) }
            }
        }
        for choice in choices {
            let group = choice.group.map { " (\($0))" } ?? ""
            add("\(String(choice.key).uppercased()) \(choice.label)\(group)", indent: 2, style: .bold)
            add(choice.meaning, indent: 6)
        }
        // The bidder's whole answer last: the scale is what M is most often for.
        lines.append(("", []))
        add("Their answer", style: .underline)
        for line in answerLines(width: width, panel: panel) { lines.append(("  " + line, [])) }
        return lines
    }

    static let stageMeanings = [
        "doing with": "people share power with staff.",
        "doing for": "staff decide; people are told or asked.",
        "doing to": "people have no say.",
    ]

    mutating func updateReadAll(_ command: Command, key: Key, size: Size, panel: Panel, plain: Bool) {
        let total = readAllLines(width: size.width, panel: panel, plain: plain).count
        let page = max(1, size.height - 3)
        let last = max(0, total - page)
        switch command {
        case .readLine: readAllScroll = key == .up ? max(0, readAllScroll - 1) : min(last, readAllScroll + 1)
        case .readPage: readAllScroll = key == .pageUp ? max(0, readAllScroll - page + 1) : min(last, readAllScroll + page - 1)
        case .closeReadAll:
            readingAll = false
            readAllScroll = 0
        default: break
        }
    }

    func renderReadAll(_ canvas: inout Canvas, panel: Panel, plain: Bool) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        Chrome.titleBar(&canvas, left: "Bid \(bid.titleWithLot)", right: "Step \(index + 1) of \(steps.count) · in full")
        let lines = readAllLines(width: width, panel: panel, plain: plain)
        let page = max(1, height - 3)
        let scroll = min(readAllScroll, max(0, lines.count - page))
        for (offset, line) in lines.dropFirst(scroll).prefix(page).enumerated() {
            canvas.put(line.text, x: 0, y: 1 + offset, style: line.style)
        }
        if lines.count > page {
            let to = min(lines.count, scroll + page)
            canvas.put("lines \(scroll + 1)–\(to) of \(lines.count)", x: 1, y: height - 2, style: .dim)
        }
        Chrome.keyBar(&canvas, keyMap(plain: plain))
        return Point(x: 1, y: 1)
    }
}
