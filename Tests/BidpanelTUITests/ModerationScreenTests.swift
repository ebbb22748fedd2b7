import BidpanelCore
import BidpanelStore
@testable import BidpanelTUI
import Testing

/// A big panel in memory, as a council might run it: the youth panel with
/// 20 scorers (long names, some alike), long comments (one with an escape
/// sequence pasted in), and the chair's own progress on B1 as asked.
enum BigPanel {
    static let names = ["Councillor Alexandra Montgomery-Whitfield", "Councillor Alexandra Montgomery-Wright",
                        "Dr Oluwaseun Adebayo-Richardson", "Siobhán Ní Mhaoldomhnaigh", "Zoë Clarke", "Kyle Mensah"]

    static var panel: Panel {
        var panel = Youth.panel
        var members = [panel.member(id: "priya")!]
        for index in 1..<20 {
            let name = index <= names.count ? names[index - 1] : "Young Assessor Number \(index) of the Youth Council"
            members.append(Member(id: "m\(index)", name: name, role: index % 3 == 0 ? .officer : .young))
        }
        panel.members = members
        return panel
    }

    static let slot = Slot(bid: "B1", criterion: "experience")

    /// Every member's value for B1's first item; the chair's as asked.
    static func board(panel: Panel, chairSubmitted: Bool, notScoring: Bool = false, chairRecorded: Int = 12) -> PanelBoard {
        var sheet = ScoreSheet()
        for (index, member) in panel.members.enumerated() where member.role != .chair {
            let comment = index == 2 ? "Evidence is at https://example.org/a/very/long/link/to/the/bidders/outcomes/report-2026.pdf and it is thin \u{1B}[31m"
                : index % 4 == 0 ? "Member \(index) says: the track record is local and recent, and outcomes are evidenced." : ""
            sheet.record(MemberValue(slot: slot, member: member.id, value: .scale(Exact(index % 6)), comment: comment))
        }
        if chairSubmitted || chairRecorded > 0 {
            sheet.record(MemberValue(slot: slot, member: "priya", value: .scale(5), comment: "The chair's own view"))
        }
        var progress: [String: [String: BidProgress]] = [:]
        for member in panel.members {
            let needed = Steps.steps(panel: panel, role: member.role).count
            progress[member.id] = Dictionary(uniqueKeysWithValues: panel.bids.map { bid in
                let chair = member.role == .chair && bid.id == "B1"
                return (bid.id, BidProgress(recorded: chair ? (chairSubmitted ? needed : chairRecorded) : 1, needed: needed,
                                            submitted: chair && chairSubmitted, conflicted: false))
            })
        }
        var board = PanelBoard(sheet: sheet, progress: progress, signedOffAt: nil)
        if notScoring { board.moderationNotes.notScoring["B1"] = .init(by: "priya", at: "2026-11-22T10:00:00.000Z") }
        return board
    }

    /// The chair signed in on the big panel, moderating B1.
    static func driver(panel: Panel = panel, chairSubmitted: Bool = true, chairRecorded: Int = 12) -> Driver {
        var driver = Driver()
        driver.state = AppState(panel: panel, members: panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24))
        let progress = Dictionary(uniqueKeysWithValues: panel.bids.map {
            ($0.id, BidProgress(recorded: 0, needed: 12, submitted: false, conflicted: false))
        })
        driver.send(.signedIn(Session(member: panel.member(id: "priya")!, bids: panel.bids, progress: progress, conflictsDeclared: true)))
        driver.send(.boardChanged(board(panel: panel, chairSubmitted: chairSubmitted, chairRecorded: chairRecorded)))
        driver.press(.enter) // B1, the first bid
        _ = driver.drain()
        return driver
    }

    static func screen(_ driver: Driver) -> ModerationScreen? {
        if case let .moderation(screen) = driver.state.screen { screen } else { nil }
    }
}

@Suite struct ModerationScreenTests {
    /// 20 scorers at 80×24: PgDn reaches every one, each name whole (wrapped,
    /// never cut), and the mean is over all of them, not the ones on screen.
    @Test func twentyMembersScrollAndTheMeanIsOverAllOfThem() throws {
        var driver = BigPanel.driver()
        Snapshot.check(driver.canvas, named: "moderation-20-members")
        let panel = BigPanel.panel
        var seen = driver.canvas.text
        #expect(seen.contains("of 20 ↓ PgDn"))
        for _ in 0..<12 { driver.press(.pageDown); seen += driver.canvas.text }
        #expect(driver.canvas.text.contains("of 20 ↑ PgUp"))
        Snapshot.check(driver.canvas, named: "moderation-20-members-end")
        let words = Set(seen.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        for member in panel.members {
            for word in member.name.split(separator: " ") { #expect(words.contains(String(word)), "\(member.name)") }
        }
        // The long link is shown whole across lines, and the escape is a visible mark.
        #expect(!seen.contains("\u{1B}"))
        let board = BigPanel.board(panel: panel, chairSubmitted: true)
        let mean = try #require(SlotReview.of(BigPanel.slot, panel: panel, sheet: board.sheet).mean)
        let values = panel.members.compactMap { board.sheet.value(of: $0.id, at: BigPanel.slot)?.value.number }
        #expect(values.count == 20)
        #expect(mean == values.reduce(Exact.zero, +) / Exact(20))
        #expect(driver.canvas.text.contains("Members' mean: \(mean.formatted(places: 2)), over all 20 values in."))
        driver.press(.pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp)
        #expect(driver.canvas.text.contains("1–"))
        #expect(driver.canvas.text.contains(panel.members[0].name))
    }

    /// Where the chair scores the bid, nothing of the others shows until
    /// the chair submits or says "I am not scoring this bid" (asked first).
    @Test func theChairSeesOthersOnlyAfterScoringOrSayingTheyAreNot() throws {
        var driver = BigPanel.driver(chairSubmitted: false, chairRecorded: 0)
        let panel = BigPanel.panel
        Snapshot.check(driver.canvas, named: "moderation-hidden")
        var screen = try #require(BigPanel.screen(driver))
        #expect(screen.hidden)
        let text = driver.canvas.text
        #expect(text.contains("You score bid B1 too"))
        for member in panel.members where member.role != .chair { #expect(!text.contains(member.name)) }
        #expect(!text.contains("Members' mean"))
        // Choosing is not open: a digit does nothing and says nothing.
        driver.press(.character("3"))
        #expect(driver.drain().isEmpty)
        #expect(BigPanel.screen(driver)?.focus == .choices)
        // O opens the chair's own scoring of the bid.
        driver.press(.character("o"))
        #expect(driver.drain() == [.openBid("B1")])
        driver = BigPanel.driver(chairSubmitted: false, chairRecorded: 0)
        driver.press(.character("i"))
        #expect(driver.canvas.text.contains("Say you are not scoring bid B1?"))
        driver.press(.character("n"))
        #expect(driver.drain().isEmpty)
        driver.press(.character("i"), .character("y"))
        #expect(driver.drain() == [.declareNotScoring(bid: "B1")])
        // The store answers: the file now says so, and the values show.
        driver.send(.boardChanged(BigPanel.board(panel: panel, chairSubmitted: false, notScoring: true, chairRecorded: 0)))
        driver.send(.saidNotScoring(bid: "B1"))
        screen = try #require(BigPanel.screen(driver))
        #expect(!screen.hidden)
        #expect(driver.canvas.text.contains(panel.members[1].name.prefix(15)))
        #expect(driver.canvas.text.contains("You are not scoring bid B1: saved in the audit log."))
    }

    /// A bid the chair has half scored: the screen says how far they got.
    @Test func aHalfScoredBidSaysHowFarTheChairGot() throws {
        var driver = BigPanel.driver(chairSubmitted: false, chairRecorded: 3)
        #expect(driver.canvas.text.contains("You have put in 3 of your 12 values for it."))
        #expect(!driver.canvas.text.contains(BigPanel.names[0].prefix(15)))
        // Saying so now keeps the three values as they are; the store records nothing more from the chair.
        driver.press(.character("i"), .character("y"))
        #expect(driver.drain() == [.declareNotScoring(bid: "B1")])
    }

    /// A: the bidder's answer for the item, as the bid has it, scrolling; Esc back.
    @Test func oneKeyShowsTheBiddersAnswerForTheItem() throws {
        var driver = BigPanel.driver()
        driver.press(.character("a"))
        Snapshot.check(driver.canvas, named: "moderation-answer")
        let answer = BigPanel.panel.bid(id: "B1")!.answer(criterion: "experience")
        let firstLine = try #require(DisplayWidth.wrap(SafeText.visible(answer.text), width: 76).first)
        #expect(driver.canvas.text.contains(firstLine))
        #expect(BigPanel.screen(driver)?.focus == .answer)
        driver.press(.escape)
        #expect(BigPanel.screen(driver)?.focus == .choices)
        guard case .moderation = driver.state.screen else { Issue.record("Esc left moderation"); return }
    }

    /// A threshold in words where the decision is made, and a value that
    /// would exclude the bid asks before it is agreed.
    @Test func aValueThatExcludesTheBidWarnsAndAsksFirst() throws {
        var panel = BigPanel.panel
        let index = try #require(panel.criteria.firstIndex { $0.id == "experience" })
        panel.criteria[index].threshold = 2
        var driver = BigPanel.driver(panel: panel)
        #expect(driver.canvas.text.contains("⚠ A final value below 2 (Fair) excludes the bid."))
        #expect(driver.canvas.text.contains("1  Poor  (excludes)"))
        driver.press(.character("1"))
        #expect(driver.canvas.text.contains("This value excludes the bid"))
        driver.type("Little evidence")
        driver.press(.enter)
        #expect(driver.drain().isEmpty)
        Snapshot.check(driver.canvas, named: "moderation-exclude-confirm")
        #expect(driver.canvas.text.contains("Agreeing 1 Poor excludes bid B1."))
        driver.press(.character("n"))
        #expect(driver.drain().isEmpty)
        #expect(BigPanel.screen(driver)?.focus == .reason)
        driver.press(.enter, .character("y"))
        #expect(driver.drain() == [.moderate(BigPanel.slot, .scale(1), reason: "Little evidence")])
        // A value above the threshold is agreed with no question.
        driver = BigPanel.driver(panel: panel)
        driver.press(.character("3"))
        driver.type("Sound")
        driver.press(.enter)
        #expect(driver.drain() == [.moderate(BigPanel.slot, .scale(3), reason: "Sound")])
        // Pass/fail says what a fail does.
        let gate = try #require(panel.criteria.first { $0.kind == .passFail })
        #expect(gate.exclusionRule(panel: panel) == "A final Fail excludes the bid.")
        #expect(gate.excludes(.pass(false)) && !gate.excludes(.pass(true)))
    }

    /// N writes a note on the item, besides the reason; the store's answer shows it.
    @Test func aNotePerItemBesidesTheReason() throws {
        var driver = BigPanel.driver()
        driver.press(.character("n"))
        #expect(BigPanel.screen(driver)?.isTyping == true)
        driver.type("Ask the bidder for their 2025 figures ?")
        Snapshot.check(driver.canvas, named: "moderation-note")
        driver.press(.enter)
        #expect(driver.drain() == [.noteItem(BigPanel.slot, note: "Ask the bidder for their 2025 figures ?")])
        var board = BigPanel.board(panel: BigPanel.panel, chairSubmitted: true)
        board.moderationNotes.notes[BigPanel.slot] = .init(text: "Ask the bidder for their 2025 figures ?", by: "priya", at: "now")
        driver.send(.boardChanged(board))
        driver.send(.itemNoted(BigPanel.slot, note: "Ask the bidder for their 2025 figures ?"))
        driver.press(.right, .left) // the note is read back from the file
        #expect(driver.canvas.text.contains("Note:   Ask the bidder for their 2025 figures ?"))
        // Esc leaves the note unsaved.
        driver.press(.character("n"), .character("x"), .escape)
        #expect(driver.drain().isEmpty)
    }

    /// Keys as data: in every mode, each key the map (so the bar and help)
    /// names does something on this screen.
    @Test func everyKeyInEveryModeDoesSomething() throws {
        let modes: [(String, (inout Driver) -> Void)] = [
            ("choices", { _ in }),
            ("reason", { $0.press(.character("3")); $0.type("abc") }),
            ("note", { $0.press(.character("n")); $0.type("abc") }),
            ("answer", { $0.press(.character("a"), .pageDown) }),
            ("exclude", { driver in
                driver.press(.character("0")); driver.type("r"); driver.press(.enter)
            }),
        ]
        var panel = BigPanel.panel
        panel.criteria[panel.criteria.firstIndex { $0.id == "experience" }!].threshold = 2
        for (name, enter) in modes {
            var start = BigPanel.driver(panel: panel)
            start.press(.right) // the second item, so ← has somewhere to go
            enter(&start)
            let map = try #require(BigPanel.screen(start)).keyMap
            for binding in map.bindings {
                for key in binding.keys {
                    var driver = start
                    _ = driver.drain()
                    let before = driver.state
                    driver.press(key)
                    #expect(driver.state != before || !driver.drain().isEmpty, "\(name): \(binding.label) (\(key))")
                }
            }
        }
        // The hidden mode, and its yes/no question.
        for confirming in [false, true] {
            var start = BigPanel.driver(chairSubmitted: false, chairRecorded: 0)
            start.press(.right)
            if confirming { start.press(.character("i")) }
            let map = try #require(BigPanel.screen(start)).keyMap
            for binding in map.bindings {
                var driver = start
                let before = driver.state
                driver.press(binding.keys[0])
                #expect(driver.state != before || !driver.drain().isEmpty, "hidden: \(binding.label)")
            }
        }
    }

    /// The bar and the help are the map's, in each mode; help lists every key.
    @Test func helpAndBarComeFromTheMap() throws {
        var driver = BigPanel.driver()
        let screen = try #require(BigPanel.screen(driver))
        for (label, meaning) in screen.keyMap.bar.prefix(3) {
            #expect(driver.canvas.text.contains("\(label) \(meaning)"))
        }
        driver.press(.character("?"))
        let help = HelpScreen.lines(for: driver.state.screen, plain: false, chair: true, width: 72)
        for binding in screen.keyMap.bindings { #expect(help.contains { $0.hasPrefix(binding.label) }, "\(binding.label)") }
        #expect(help.contains { $0.contains("Ctrl+X") })
        #expect(driver.canvas.text.contains("Agreeing values (chair)"))
    }
}
