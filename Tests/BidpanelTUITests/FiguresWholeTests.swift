import BidpanelCore
import BidpanelFixtures
import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// Issue 11 point 5: every screen at 80×24 with the large panel (long and
/// wide names, prices in the millions) shows whole every figure its state
/// holds for what is on screen: names give way, numbers never do.
@Suite struct FiguresWholeTests {
    /// Each screen, in the state a panel day brings it to.
    enum Shown: String, CaseIterable, CustomTestStringConvertible {
        case signIn, conflicts, bidListOfficer, bidListYoung, bidListObserver
        case walkthroughScale, walkthroughMatrix, walkthroughLadder, walkthroughPassFail, readAll, review
        case board, moderation, totals, totalsWhatIf, totalsAgreement
        case helpSignIn, helpBidList, helpWalkthrough, helpReview, helpBoard, helpModeration, helpTotals

        var testDescription: String { rawValue }
    }

    @Test(arguments: Shown.allCases) func everyFigureOnScreenIsWhole(_ shown: Shown) {
        let (driver, figures) = Self.scene(shown)
        let canvas = driver.canvas
        let text = canvas.text
        let missing = figures.filter { !text.contains($0) }
        let cut = Self.cutFigures(canvas)
        #expect(missing.isEmpty, "\(shown.rawValue): not shown whole: \(missing.prefix(8))\n\(text)")
        #expect(cut.isEmpty, "\(shown.rawValue): a figure is cut: \(cut.prefix(8))\n\(text)")
        // B60's escape sequence and bidi override are drawn as marks, never sent.
        #expect(SafeText.isSafe(text), "\(shown.rawValue): a control character reached the screen")
        // A test that finds nothing to check proves nothing.
        #expect(!text.isEmpty)
    }

    /// Where the screen shows a figure cut short: a digit, currency sign or
    /// percent just before "…", or a digit in the last column (clipped).
    static func cutFigures(_ canvas: Canvas) -> [String] {
        let figureEnds = Set("0123456789£€$%")
        return canvas.text.split(separator: "\n").flatMap { line -> [String] in
            let characters = Array(line)
            // "£1,234,…" and "4.…" are cut figures too; "Ashcombe.…" is a cut sentence.
            func cutFigure(before index: Int) -> Bool {
                guard index > 0 else { return false }
                if figureEnds.contains(characters[index - 1]) { return true }
                return index > 1 && ",.".contains(characters[index - 1]) && characters[index - 2].isNumber
            }
            var found = characters.indices.filter { characters[$0] == "…" && cutFigure(before: $0) }
                .map { index in String(characters[max(0, index - 12)...index]) }
            if DisplayWidth.of(String(line)) >= canvas.size.width, let last = characters.last, last.isNumber {
                found.append(String(characters.suffix(12)))
            }
            return found
        }
    }

    /// The screen's lines that show a bid's row: "▸ B7 …" or "  B7 …".
    static func row(of bid: String, in text: String) -> String? {
        text.split(separator: "\n").map(String.init).first { line in
            // A table row, not a line about the bid ("B1 · Priyanka …, chair: submitted").
            let tokens = line.split(separator: " ").map(String.init).drop { $0 == "▸" }
            return tokens.first == bid && tokens.dropFirst().first != "·"
        }
    }

    // MARK: each screen and the figures its state holds

    static func scene(_ shown: Shown) -> (Driver, [String]) {
        switch shown {
        case .signIn:
            return (Large.driver(), [])
        case .conflicts:
            var driver = Large.driver()
            var session = Large.session(Large.officerID)
            session.conflictsDeclared = false
            driver.send(.signedIn(session))
            return (driver, Large.panel.bids.compactMap { row(of: $0.id, in: driver.canvas.text) == nil ? nil : $0.id })
        case .bidListOfficer: return bidList(Large.officerID)
        case .bidListYoung: return bidList(Large.youngID)
        case .bidListObserver: return bidList(Large.observerID)
        case .walkthroughScale: return walkthrough(Large.officerID, at: .scored)
        case .walkthroughMatrix: return walkthrough(Large.youngID, at: .matrix)
        case .walkthroughLadder: return walkthrough(Large.youngID, at: .ladder)
        case .walkthroughPassFail: return walkthrough(Large.officerID, at: .passFail)
        case .readAll:
            var driver = walkthrough(Large.officerID, at: .scored).0
            driver.press(.character("m"))
            guard case let .walkthrough(walk) = driver.state.screen else { return (driver, ["(not reading)"]) }
            // The page scrolls: each point of the scale on screen has its key beside it.
            let text = driver.canvas.text
            return (driver, Steps.choices(for: walk.step, panel: Large.panel, plain: false)
                .filter { text.contains(" \($0.label)") }.map { "\($0.key) \($0.label)" }
                + ["Step \(walk.index + 1) of \(walk.steps.count)"])
        case .review:
            var driver = Large.opened("B17", by: Large.officerID)
            driver.press(.character("r"))
            guard case let .review(review) = driver.state.screen else { return (driver, ["(no review)"]) }
            let walk = review.walkthrough
            let figures = walk.steps.compactMap { step in
                walk.values[step.slot(bid: walk.bid.id)].map { Steps.describe($0.value, for: step, panel: Large.panel) }
            }
            return (driver, figures)
        case .board:
            let driver = Large.signedIn(Large.chairID)
            guard let chair = driver.state.chair, case let .board(screen) = driver.state.screen
            else { return (driver, ["(no board)"]) }
            // The columns scroll (← →): every cell of the members in view is whole.
            let shape = screen.layout(chair: chair, size: driver.state.size)
            let inView = Array(PanelBoardScreen.scorers(chair).dropFirst(shape.firstColumn).prefix(shape.visibleColumns))
            var figures: [String] = []
            for bid in Large.panel.bids {
                guard let line = row(of: bid.id, in: driver.canvas.text) else { continue }
                let moderation = chair.moderation(bid: bid.id)
                figures.append("\(moderation.agreed)/\(moderation.slots)")
                let cells = inView.map { PanelBoardScreen.cell(chair.board.progress[$0.id]?[bid.id]) }
                let inRow = cells.filter { $0.contains("/") }
                if !inRow.allSatisfy(line.contains) || line.filter({ $0 == "✓" }).count < cells.filter({ $0 == "✓" }).count {
                    figures.append("row \(bid.id): \(cells.joined(separator: " "))")
                }
            }
            return (driver, figures)
        case .moderation:
            var driver = Large.signedIn(Large.chairID)
            driver.press(.enter)
            guard case let .moderation(screen) = driver.state.screen,
                  let step = screen.step(panel: Large.panel) else { return (driver, ["(not moderating)"]) }
            // The members' list scrolls (PgDn): every member's value is whole on some page.
            var lines: [String] = [], pages = driver
            for _ in 0..<Large.scorers.count {
                lines += pages.canvas.text.split(separator: "\n").map(String.init)
                let before = pages.canvas.text
                pages.press(.pageDown)
                if pages.canvas.text == before { break }
            }
            var figures: [String] = []
            for member in Large.scorers where step.criterion.scoredBy.contains(member.role) {
                guard let value = Large.sheet.value(of: member.id, at: screen.slot) else { continue }
                let described = Steps.describe(value.value, for: step, panel: Large.panel)
                let first = String(member.name.split(separator: " ")[0])
                let row = lines.first { $0.contains(first) }
                // Not on any page whole: reported as missing from the screen.
                if row?.contains(described) != true { figures.append("\(member.name): \(described)") }
            }
            return (driver, figures)
        case .totals: return totals(.totals)
        case .totalsWhatIf: return totals(.whatIf)
        case .totalsAgreement: return totals(.agreement)
        case .helpSignIn:
            var driver = Large.driver()
            driver.press(.character("?"))
            return (driver, [])
        case .helpBidList: return help(bidList(Large.officerID).0)
        case .helpWalkthrough: return help(walkthrough(Large.officerID, at: .ladder).0)
        case .helpReview: return help(scene(.review).0)
        case .helpBoard: return help(Large.signedIn(Large.chairID))
        case .helpModeration: return help(scene(.moderation).0)
        case .helpTotals: return help(totals(.totals).0)
        }
    }

    static func help(_ driver: Driver) -> (Driver, [String]) {
        var driver = driver
        driver.press(.character("?"))
        return (driver, [])
    }

    /// The list of bids, part-way down: each row's price (when the member
    /// may see it) and progress.
    static func bidList(_ member: String) -> (Driver, [String]) {
        var driver = Large.signedIn(member)
        for _ in 0..<25 { driver.press(.down) }
        guard let session = driver.state.session else { return (driver, ["(not signed in)"]) }
        let money = Money(currency: Large.panel.tender.currency)
        var figures: [String] = []
        var rows = 0
        for bid in session.bids {
            guard row(of: bid.id, in: driver.canvas.text) != nil else { continue }
            rows += 1
            if let price = bid.price { figures.append(money.format(price)) }
            figures.append(BidListScreen.progressText(session.progress[bid.id], session: session))
        }
        if rows == 0 { figures.append("(no bid rows)") }
        return (driver, figures)
    }

    /// A walkthrough step of this kind on B17: the step count, and every
    /// choice's key with its label.
    static func walkthrough(_ member: String, at kind: CriterionKind) -> (Driver, [String]) {
        var driver = Large.opened("B17", by: member)
        for _ in 0..<20 {
            guard case let .walkthrough(walk) = driver.state.screen, walk.step.criterion.kind != kind else { break }
            driver.press(.right)
        }
        guard case let .walkthrough(walk) = driver.state.screen, walk.step.criterion.kind == kind else {
            return (driver, ["(no \(kind) step)"])
        }
        let choices = Steps.choices(for: walk.step, panel: Large.panel, plain: walk.step.criterion.kind != .passFail
                                    && driver.state.plainWording)
        return (driver, ["Step \(walk.index + 1) of \(walk.steps.count)"]
            + choices.map { "\(String($0.key).uppercased()) \($0.label)" })
    }

    /// The totals screen in one of its views, scrolled to the middle of it.
    static func totals(_ view: TotalsScreen.View) -> (Driver, [String]) {
        var driver = Large.signedIn(Large.chairID)
        driver.press(.character("t"))
        while case let .totals(totals) = driver.state.screen, totals.view != view { driver.press(.tab) }
        guard case let .totals(screen) = driver.state.screen, let chair = driver.state.chair else {
            return (driver, ["(no totals)"])
        }
        let all = screen.lines(chair: chair, width: driver.state.size.width - 4)
        for _ in 0..<(max(0, all.count - (driver.state.size.height - 7)) / 2) { driver.press(.down) }
        let text = driver.canvas.text
        var figures: [String] = []
        let places = chair.panel.scoring.decimals
        switch view {
        case .totals:
            let money = Money(currency: chair.panel.tender.currency)
            // The whole view, as it scrolls: each bid's row holds all its
            // figures, under one heading line that names every column.
            let heading = all.first { line in ["Rank", "Bid", "Bidder", "Price", "Quality", "Total"].allSatisfy(line.contains) }
            if heading == nil { figures.append("(no heading line with every column)") }
            let totalEnds = heading.map { DisplayWidth.of($0) } ?? 0
            var rows = 0
            for bid in chair.result.bids {
                // A totals row starts with the rank, then the bid.
                guard let line = all.first(where: { line in
                    let tokens = line.split(separator: " ")
                    return tokens.count > 1 && tokens[1] == bid.bid.id
                }) else { continue }
                rows += 1
                let wanted = [bid.rank.map(String.init) ?? "-", bid.bid.price.map(money.format) ?? "",
                              bid.qualityMarks.formatted(places: places), bid.priceMarks.formatted(places: places),
                              bid.total.formatted(places: places)]
                figures += wanted.filter { !line.contains($0) }.map { "\(bid.bid.id) \($0)" }
                // The total sits under "Total": the columns line up.
                if !(line.hasSuffix(wanted[4]) && DisplayWidth.of(String(line)) == totalEnds) {
                    figures.append("(\(bid.bid.id)'s total is not under the heading)")
                }
            }
            if rows != chair.result.bids.count { figures.append("(\(rows) rows for \(chair.result.bids.count) bids)") }
        case .whatIf:
            // Every rank in every order, across the whole view.
            // A rank and its bid may fall either side of a line break.
            let joined = all.joined(separator: " ").split(separator: " ").joined(separator: " ")
            for scenario in [chair.sensitivity.actual] + chair.sensitivity.scenarios {
                figures += scenario.bids.compactMap { bid in
                    bid.rank.map { "\($0) \(bid.bid)" }.flatMap { joined.contains($0) ? nil : "\(scenario.name): \($0)" }
                }
            }
        case .agreement:
            for row in chair.agreement.criteria {
                let alpha = row.alpha.map { $0.formatted(places: 2) } ?? "-"
                let line = all.first { $0.contains("  \(row.values)") && $0.contains(alpha) }
                if line == nil { figures.append("\(row.criterion): \(alpha) \(row.values)") }
            }
        }
        // What the screen draws are the view's own lines, none of them cut.
        let drawn = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(4).prefix(driver.state.size.height - 7)
            .map { $0.dropFirst(2).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("lines ") }
        let allTrimmed = Set(all.map { $0.trimmingCharacters(in: .whitespaces) })
        figures += drawn.filter { !allTrimmed.contains($0) }.map { "(drawn but not a whole line: \($0))" }
        return (driver, figures)
    }
}

/// The large panel itself, as the store takes it, and the totals screen's
/// look with it at 80×24.
@Suite struct LargePanelTests {
    @Test func theStoreTakesTheLargePanelAndEveryMemberCanSignIn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try LargePanel.create(at: folder.appendingPathComponent("large.bidpanel").path, base: Youth.loaded.text)
        #expect(store.panel.members.count == LargePanel.memberCount)
        #expect(store.panel.bids.count == LargePanel.bidCount)
        #expect(Set(store.panel.members.map(\.name)).count == LargePanel.memberCount)
        #expect(store.panel.members.filter { $0.role != .observer }.count == 18)
        #expect(store.panel.bids.contains { DisplayWidth.of($0.bidder) > 60 })
        #expect(store.panel.bids.allSatisfy { $0.price.map { $0 > Exact(1_000_000) } == true })
        for member in LargePanel.members {
            let session = try store.signIn(member: member.id, pin: LargePanel.pin(member.id))
            // Young assessors and observers never see a price.
            let sees = member.role == .chair || member.role == .officer
            #expect(session.bids().allSatisfy { ($0.price != nil) == sees }, "\(member.name)")
        }
    }

    @Test func totalsOfTheLargePanelAt80x24() {
        var driver = Large.signedIn(Large.chairID)
        driver.press(.character("t"))
        Snapshot.check(driver.canvas, named: "chair-totals-large")
        driver.press(.end)
        Snapshot.check(driver.canvas, named: "chair-totals-large-end")
    }
}
