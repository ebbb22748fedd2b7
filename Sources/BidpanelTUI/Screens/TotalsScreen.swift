import BidpanelCore

/// The engine's totals, live, with two advisory views: what would change
/// under other price/quality settings, and how far members agreed.
public struct TotalsScreen: Sendable, Equatable {
    public enum View: String, Sendable, CaseIterable { case totals = "Totals", whatIf = "What if", agreement = "Agreement" }

    public var view = View.totals
    public var scroll = 0
    /// The chair deciding a tied lot (D), or undoing a decision (U).
    public var tie: TieChoice?
    public var problem: String?

    public init() {}

    enum Navigation { case board }

    public enum Command: Sendable, Equatable { case nextView, previousView, scroll, page, top, bottom, print, board, decideTie, undoTie }

    /// The totals' keys: the same in every view.
    static func keyMap() -> KeyMap<Command> {
        KeyMap([
            KeyBinding([.tab, .right], "Tab", "next view",
                       help: "shows the next view: Totals, then What if, then Agreement. → does the same.", .nextView),
            KeyBinding([.backTab, .left], "Shift+Tab", "last view", help: "shows the view before. ← does the same.",
                       inBar: false, .previousView),
            KeyBinding([.up, .down], "↑↓", "scroll", help: "scrolls a line at a time when the view is longer than the window.", .scroll),
            KeyBinding([.pageDown, .pageUp, .character(" ")], "PgDn PgUp", "page",
                       help: "scrolls a window at a time. Space does the same as PgDn.", inBar: false, .page),
            KeyBinding([.home], "Home", "top", help: "goes to the top of the view.", inBar: false, .top),
            KeyBinding([.end], "End", "bottom", help: "goes to the bottom of the view.", inBar: false, .bottom),
            .letter("p", "print report", help: "prints the moderated totals, as bidpanel report --print does. "
                + "With no printer, the report is saved beside the evaluation file and the screen says where.", .print),
            KeyBinding([.escape], "Esc", "board", help: "goes back to the panel board.", .board),
            // The line above the keys says when a lot is tied (`tieLine`).
            .letter("d", "decide a tie", help: "in a tender in lots, when a lot's leading bids are tied: you choose which wins, "
                + "and type why. Tab chooses the bid, ↑↓ the lot. The reason goes into the audit log and the report.", inBar: false, .decideTie),
            .letter("u", "undo a tie decision", help: "takes back your decision on a tied lot, with a reason.", inBar: false, .undoTie),
        ])
    }

    static func help(width: Int) -> [String] {
        ["Totals (chair)"]
            + DisplayWidth.wrap("These are the engine's totals on what is agreed so far, live. "
                + "PROVISIONAL means some values are not agreed yet. "
                + "\"What if\" shows the order of bids under other price and quality settings; "
                + "\"Agreement\" shows how far members' own scores agreed. Both are advice only. "
                + "In a grants round with a pot, the funding line follows the totals (End goes to it).", width: width)
            + [""] + keyMap().helpLines(width: width)
    }

    /// The view's lines at this window size, and how far they scroll (not
    /// at all while they are still being worked out).
    private func extent(chair: ChairData, size: Size, background: Bool) -> (page: Int, last: Int) {
        let page = pageHeight(chair: chair, height: size.height)
        let count = lines(chair: chair, width: Self.linesWidth(size), background: background)?.count ?? 0
        return (page, max(0, count - page))
    }

    mutating func update(_ command: Command, key: Key, chair: ChairData, size: Size,
                         background: Bool = false) -> (effects: [Effect], navigation: Navigation?) {
        func extent() -> (page: Int, last: Int) { self.extent(chair: chair, size: size, background: background) }
        let views = View.allCases, here = views.firstIndex(of: view)!
        problem = nil
        switch command {
        case .decideTie, .undoTie: problem = startTie(undo: command == .undoTie, chair: chair)
        case .board: return ([], .board)
        case .print: return ([.printReport], nil)
        case .nextView: view = views[(here + 1) % views.count]; scroll = 0
        case .previousView: view = views[(here + views.count - 1) % views.count]; scroll = 0
        case .scroll:
            let (_, last) = extent()
            scroll = key == .up ? max(0, scroll - 1) : min(last, scroll + 1)
        case .page:
            let (page, last) = extent()
            scroll = key == .pageUp ? max(0, scroll - page) : min(last, scroll + page)
        case .top: scroll = 0
        case .bottom: scroll = extent().last
        }
        return ([], nil)
    }

    /// Every line fits `width`: a line too long is wrapped under its own
    /// indent, never cut, so no figure loses its end.
    func lines(chair: ChairData, width: Int) -> [String] {
        // Kept until the data changes: a key that only scrolls draws no table again.
        chair.lines(Self.linesKey(view, width: width)) { Self.lines(view, chair: chair, width: width) }
    }

    /// In the background (the program loop), only lines already worked out:
    /// nil while they are still being made (`ChairData.prepare`).
    func lines(chair: ChairData, width: Int, background: Bool) -> [String]? {
        background ? chair.readyLines(Self.linesKey(view, width: width)) : lines(chair: chair, width: width)
    }

    /// What names a view's lines in the data's cache.
    static func linesKey(_ view: View, width: Int) -> String { "totals \(view.rawValue) \(width)" }

    /// The lines' width in a window of `size`.
    static func linesWidth(_ size: Size) -> Int { size.width - 4 }

    /// Shown, for the moment it takes at a grants round's size, instead of
    /// a view still being worked out.
    static func workingOut(_ view: View) -> String {
        switch view {
        case .totals: "Working out the totals. They show here in a moment."
        case .whatIf: "Working out what other settings would do. It shows here in a moment."
        case .agreement: "Working out how far members agreed. It shows here in a moment."
        }
    }

    static func lines(_ view: View, chair: ChairData, width: Int) -> [String] {
        let raw: [String] = switch view {
        case .totals: StageBoard.totalsLines(chair, width: width) ?? chair.tender.map { lotTotalsLines($0, panel: chair.panel, width: width) }
            ?? totalsLines(chair.result, panel: chair.panel, width: width)
        case .whatIf: chair.tender == nil ? whatIfLines(chair: chair, width: width) : lotWhatIfLines(chair: chair, width: width)
        case .agreement: agreementLines(chair: chair, width: width)
        }
        // A loop, not flatMap: at 500 bids the report has some 20,000 lines,
        // and an array per line cost as much as the checks.
        var out: [String] = []
        out.reserveCapacity(raw.count)
        for line in raw {
            let shown = SafeText.line(line)
            guard DisplayWidth.of(shown) > width else { out.append(shown); continue }
            let indent = String(shown.prefix { $0 == " " })
            out += DisplayWidth.wrap(shown, width: max(10, width - indent.count)).map { indent + $0 }
        }
        return out
    }

    /// The totals report's lines, exactly as splitting its text at each line
    /// break gives them, without building and splitting that text (at 500
    /// bids the split alone cost as much as the report).
    static func totalsLines(_ result: EvaluationResult, panel: Panel, width: Int) -> [String] {
        let parts = ResultText.lines(shown(result), panel: panel, width: width)
        // A part holding a line break (odd panel text: a title with "\r") is
        // split as the whole text would be, "\r\n" kept as one break.
        guard !parts.contains(where: { $0.utf8.contains(10) || $0.utf8.contains(13) }) else {
            return (parts.joined(separator: "\n") + "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return parts + [""]
    }

    /// The result with each bidder's name as the screen will draw it, so the
    /// table is laid out for the marks a control character becomes.
    static func shown(_ result: EvaluationResult) -> EvaluationResult {
        var result = result
        for index in result.bids.indices { result.bids[index].bid.bidder = SafeText.line(result.bids[index].bid.bidder) }
        return result
    }

    /// Each other setting's order of bids, and any bid that would change
    /// places, in words.
    static func whatIfLines(chair: ChairData, width: Int) -> [String] {
        DisplayWidth.wrap("Would other price and quality settings change the order? This is advice only: "
            + "the panel's published settings decide." + (chair.board.stages == nil ? "" : " " + stagesWhatIfNote), width: width)
            + [""] + whatIfLines(chair.sensitivity, width: width)
    }

    /// In stages, which result the what-if runs are tried on.
    static let stagesWhatIfNote = "In stages, they are tried on the final result: the bids that reached the last stage, "
        + "each stage's marks in its share, with price."

    /// One report's runs: each setting's order, and who would change places.
    static func whatIfLines(_ report: SensitivityReport, width: Int) -> [String] {
        var out: [String] = []
        func order(_ scenario: SensitivityScenario) -> String {
            let ranked = scenario.bids.filter { $0.rank != nil }.map { "\($0.rank!) \($0.bid)" }
            let excluded = scenario.bids.filter { $0.rank == nil }.map(\.bid)
            return ranked.joined(separator: ", ") + (excluded.isEmpty ? "" : " (excluded: \(excluded.joined(separator: ", ")))")
        }
        out.append("Now: \(report.actual.name)")
        out += DisplayWidth.wrap(order(report.actual), width: width - 4).map { "    " + $0 }
        if let note = report.note { out += DisplayWidth.wrap(note, width: width) }
        for scenario in report.scenarios {
            out.append("")
            out.append(scenario.name)
            out += DisplayWidth.wrap(order(scenario), width: width - 4).map { "    " + $0 }
            if scenario.reversals.isEmpty {
                out.append("    The order would not change.")
            } else {
                out += scenario.reversals.map { "    ⚠ \($0)." }
            }
        }
        if !report.scenarios.isEmpty {
            out.append("")
            out.append(report.anyReversal ? "Under some settings, bids would change places."
                                          : "No setting tried would change the order.")
        }
        return out
    }

    static func agreementLines(chair: ChairData, width: Int) -> [String] {
        var out = DisplayWidth.wrap("How far members' own scores agreed, before moderation (Krippendorff's alpha). "
            + "1 means they agreed completely; 0 means no more than chance. This is advice only: it changes no score."
            + (chair.board.stages == nil ? "" : " Each stage so far is shown apart: its own criteria, the bids in it."),
            width: width)
        guard let stages = chair.stageAgreement else { return out + [""] + agreementLines(chair.agreement, panel: chair.panel, width: width) }
        for (name, report) in stages {
            let heading = name.prefix(1).uppercased() + name.dropFirst()
            out += ["", SafeText.line(String(heading)), String(repeating: "-", count: min(width, DisplayWidth.of(SafeText.line(String(heading)))))]
            out += agreementLines(report, panel: chair.panel, width: width)
        }
        return out
    }

    /// One report's criteria and overall figure.
    static func agreementLines(_ report: AgreementReport, panel: Panel, width: Int) -> [String] {
        var out: [String] = []
        let titleWidth = min(40, width - 24)
        out.append(DisplayWidth.pad("Criterion", to: titleWidth) + DisplayWidth.pad("Alpha", to: 8, right: true) + "  Values")
        for row in report.criteria {
            let title = panel.criterion(id: row.criterion)?.title ?? row.criterion
            out.append(DisplayWidth.pad(DisplayWidth.truncate(title, to: titleWidth - 1), to: titleWidth)
                + DisplayWidth.pad(row.alpha.map { $0.formatted(places: 2) } ?? "-", to: 8, right: true)
                + "  \(row.values)")
            out += DisplayWidth.wrap(Agreement.meaning(row.alpha), width: width - 4).map { "    " + $0 }
        }
        out.append("")
        let overall = report.overall.map { $0.formatted(places: 2) } ?? "-"
        out.append("Overall: \(overall)")
        out += DisplayWidth.wrap(Agreement.meaning(report.overall), width: width - 4).map { "    " + $0 }
        return out
    }

    func render(_ canvas: inout Canvas, state: AppState, chair: ChairData) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        Chrome.titleBar(&canvas, left: "bidpanel · \(chair.panel.tender.id) · Totals", right: "live")
        var x = 2, cursor = Point(x: 3, y: 2)
        for view in View.allCases {
            if view == self.view { cursor = Point(x: x + 1, y: 2) }
            let label = " \(view.rawValue) "
            x = canvas.put(label, x: x, y: 2, style: view == self.view ? [.reverse, .bold] : .dim) + 1
        }
        let banner: (String, Tint)
        if !(StageBoard.complete(chair) ?? chair.result.complete) {
            banner = ("PROVISIONAL: not every value is agreed", .problem)
        } else if let when = chair.board.signedOffAt {
            banner = ("Signed off \(ChairWording.time(when))", .good)
        } else {
            banner = ("Complete · not signed off yet", .accent)
        }
        let bannerX = max(x + 1, width - DisplayWidth.of(banner.0) - 2)
        canvas.put(DisplayWidth.truncate(banner.0, to: width - bannerX - 1), x: bannerX, y: 2, style: .bold, tint: banner.1)

        let lines = lines(chair: chair, width: Self.linesWidth(canvas.size), background: state.workInBackground)
            ?? DisplayWidth.wrap(Self.workingOut(view), width: Self.linesWidth(canvas.size))
        let page = pageHeight(chair: chair, height: height)
        let first = min(scroll, max(0, lines.count - page))
        for (offset, line) in lines.dropFirst(first).prefix(page).enumerated() {
            let provisional = line.hasPrefix("PROVISIONAL") || line.contains("EXCLUDED") || line.contains("⚠")
            canvas.put(line, x: 2, y: 4 + offset,
                       style: provisional ? .bold : [], tint: provisional ? .problem : .plain)
        }
        if lines.count > page {
            let more = "lines \(first + 1)–\(min(lines.count, first + page)) of \(lines.count)"
            canvas.put(more, x: width - DisplayWidth.of(more) - 2, y: height - 3, style: .dim)
        }
        if let tie {
            canvas.put(DisplayWidth.pad("", to: width - 2), x: 2, y: height - 3)
            cursor = renderTie(&canvas, tie)
            if let problem { Chrome.statusLine(&canvas, Status(problem, tone: .problem)) }
            Chrome.keyBar(&canvas, Self.tieKeyMap(tie))
            return cursor
        }
        if let line = Self.tieLine(chair) {
            canvas.put(DisplayWidth.truncate(line, to: width - 4), x: 2, y: height - 4, style: .bold, tint: .warning)
        }
        if let problem { Chrome.statusLine(&canvas, Status(problem, tone: .problem)) } else { Chrome.statusLine(&canvas, state.status) }
        Chrome.keyBar(&canvas, Self.keyMap())
        return cursor
    }

    /// How many lines of the view show at once: one fewer while a line
    /// about a tied lot (or the question deciding it) sits under them.
    func pageHeight(chair: ChairData, height: Int) -> Int {
        max(1, height - 7 - (tie == nil && Self.tieLine(chair) == nil ? 0 : 1))
    }

    /// Above the keys while a lot is tied, or a decision on one no longer applies.
    static func tieLine(_ chair: ChairData) -> String? {
        guard let awards = awards(chair) else { return nil }
        let tied = awards.decisions.filter { if case .tied = $0.outcome { return true } else { return false } }.map(\.lot)
        let setAside = awards.decisions.filter { $0.setAside != nil }.map(\.lot)
        var parts: [String] = []
        if !tied.isEmpty { parts.append("Tied: lot \(tied.joined(separator: ", ")). D decides which bid wins") }
        if !setAside.isEmpty { parts.append("your decision on lot \(setAside.joined(separator: ", ")) no longer applies (scores changed)") }
        if parts.isEmpty { return nil }
        return parts.joined(separator: " · ") + (chair.board.tieDecisions.isEmpty ? "." : " · U undoes a decision.")
    }
}
