import BidpanelCore
import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// A large panel as people name themselves: long names, accents, many bids.
enum CrowdedPanel {
    static let members: [MemberEntry] = (1...24).map { n in
        let names = ["Aoife Ní Bhriain-Castellanos", "Oluwaseun Adeyemi-Whitfield", "Zoë Clarke", "Kyle Mensah",
                     "Bartholomew Featherstonehaugh", "Siobhán O'Donnell-Price"]
        let role: Role = n == 1 ? .chair : n % 3 == 0 ? .officer : .young
        return MemberEntry(member: Member(id: "m\(n)", name: "\(names[n % names.count]) \(n)", role: role), hasPIN: n != 7)
    }

    static let bids: [Bid] = (1...60).map { n in
        Bid(id: "B\(n)", bidder: "The Very Long Named Community Interest Company of Ward \(n) Limited", price: nil)
    }

    static func session(_ member: Member) -> Session {
        let progress = Dictionary(uniqueKeysWithValues: bids.map {
            ($0.id, BidProgress(recorded: 0, needed: 8, submitted: false, conflicted: false))
        })
        return Session(member: member, bids: bids, progress: progress, conflictsDeclared: false)
    }
}

@Suite struct SignInListTests {
    @Test func everyNameOfTwentyFourCanBeReachedAt80x24() {
        var driver = Driver()
        driver.state.members = CrowdedPanel.members
        #expect(driver.canvas.text.contains("↓ 12 more"))
        Snapshot.check(driver.canvas, named: "sign-in-many")
        // Down to the last name, one at a time: each is on the screen as it is chosen.
        for index in 1..<CrowdedPanel.members.count {
            driver.press(.down)
            #expect(driver.canvas.text.contains(CrowdedPanel.members[index].member.name), "name \(index + 1)")
        }
        #expect(driver.canvas.text.contains("↑ 12 more"))
        #expect(!driver.canvas.line(8 + 11).contains("more"))
        driver.press(.home)
        driver.press(.pageDown)
        #expect(driver.canvas.line(8 + 11).contains("▸ " + CrowdedPanel.members[12].member.name))
        driver.press(.end)
        Snapshot.check(driver.canvas, named: "sign-in-many-end")
        driver.press(.enter)
        #expect(driver.canvas.text.contains("PIN for \(CrowdedPanel.members[23].member.name):"))
        // The PIN's own rows push nothing off: the chosen name stays in view.
        #expect(driver.canvas.text.contains("▸ " + CrowdedPanel.members[23].member.name))
    }

    @Test func theDemoNoteDoesNotCoverTheLastNameShown() {
        var driver = Driver(demo: true)
        driver.state.members = CrowdedPanel.members
        driver.state.demoNote = "The demo file already holds some scores."
        let lastRow = 8 + SignInScreen.listRows(height: 24, typingPIN: false, demo: true) - 1
        #expect(driver.canvas.line(lastRow).contains("↓"))
        #expect(!driver.canvas.line(lastRow).contains("demo"))
    }

    @Test func aNameTypedWhileTheWindowIsTooSmallIsKept() {
        var driver = Driver()
        driver.send(.resized(Size(width: 60, height: 20)))
        driver.type("kyl")
        driver.press(.backspace)
        driver.type("le")
        // "?" and Enter wait for the window; the letters went into Find.
        driver.press(.character("?"))
        #expect(!driver.state.showingHelp)
        driver.send(.resized(Size(width: 80, height: 24)))
        guard case let .signIn(screen) = driver.state.screen else { Issue.record("not on sign-in"); return }
        #expect(screen.filter.text == "kyle")
        #expect(driver.canvas.line(8).contains("▸ Kyle Mensah"))
        driver.press(.enter)
        #expect(driver.canvas.text.contains("PIN for Kyle Mensah:"))
    }

    @Test func theBarAndHelpComeFromTheMap() {
        var driver = Driver()
        let names = SignInScreen.keyMap(typingPIN: false)
        #expect(driver.canvas.line(23).hasPrefix(names.bar.map { $0.key + " " + $0.meaning }.joined(separator: "  ")))
        driver.press(.character("?"))
        #expect(driver.canvas.text.contains("PgDn"))
        #expect(driver.canvas.text.contains("shows the next page of names."))
        driver.press(.escape)
        driver.type("da")
        driver.press(.enter)
        let pin = SignInScreen.keyMap(typingPIN: true)
        #expect(driver.canvas.line(23).hasPrefix(pin.bar.map { $0.key + " " + $0.meaning }.joined(separator: "  ")))
        #expect(!driver.canvas.line(23).contains("? help"))
    }
}

@Suite struct ConflictDeclarationTests {
    @Test func declaringMarkedBidsAsksFirstAndSaysWhoCanUndoIt() {
        var driver = Driver()
        driver.signIn("david", declared: false)
        driver.press(.down, .character(" "))
        driver.type("I chair its board")
        driver.press(.enter)
        driver.press(.end, .enter)
        #expect(driver.drain().isEmpty)
        let text = driver.canvas.text
        #expect(text.contains("Declare a conflict with bid B1? Y yes, N no"))
        #expect(text.contains("Only the chair can take it back, with bidpanel conflicts withdraw."))
        Snapshot.check(driver.canvas, named: "conflicts-confirm")
        // N goes back with the mark kept; nothing is sent.
        driver.press(.character("n"))
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("[x] B1"))
        driver.press(.enter, .character("Y"))
        #expect(driver.drain() == [.declareConflicts([ConflictDeclaration(bid: "B1", reason: "I chair its board")])])
    }

    @Test func aConflictAddedLaterAsksTooAndSaysWhoCanTakeItBack() {
        var driver = Driver()
        driver.signIn("david")
        driver.press(.character("c"))
        #expect(driver.canvas.text.contains("the chair can take it back, with bidpanel conflicts withdraw."))
        driver.press(.down, .down, .character(" "))
        driver.type("My partner is a trustee")
        driver.press(.enter, .end, .enter)
        #expect(driver.drain().isEmpty)
        Snapshot.check(driver.canvas, named: "conflicts-later-confirm")
        driver.press(.escape)
        #expect(driver.drain().isEmpty)
        driver.press(.enter, .character("y"))
        #expect(driver.drain() == [.declareConflicts([ConflictDeclaration(bid: "B2", reason: "My partner is a trustee")])])
    }

    @Test func sixtyBidsScrollAndDoneCanBeReached() {
        var driver = Driver()
        let member = Youth.member("helen")
        driver.send(.signedIn(CrowdedPanel.session(member)))
        _ = driver.drain()
        #expect(driver.canvas.text.contains("↓ more"))
        #expect(!driver.canvas.text.contains("Done:"))
        for _ in 0..<45 { driver.press(.down) }
        #expect(driver.canvas.text.contains("▸ [ ] B45"))
        driver.press(.character(" "))
        driver.type("My brother works there")
        driver.press(.enter)
        driver.press(.end)
        #expect(driver.canvas.text.contains("▸ Done: declare the bids marked [x]"))
        #expect(driver.canvas.text.contains("↑ more"))
        Snapshot.check(driver.canvas, named: "conflicts-many")
        driver.press(.enter, .character("y"))
        #expect(driver.drain() == [.declareConflicts([ConflictDeclaration(bid: "B45", reason: "My brother works there")])])
    }
}

@Suite struct DecisionsInViewTests {
    /// The youth panel with a minimum score on "experience".
    static func driverWithThreshold(_ member: String) -> Driver {
        var driver = Driver()
        let index = driver.state.panel.criteria.firstIndex { $0.id == "experience" }!
        driver.state.panel.criteria[index].threshold = Exact(2)
        driver.signIn(member)
        driver.open("B1")
        return driver
    }

    @Test func theThresholdIsStatedInWordsWhereTheValueIsGiven() {
        var officer = Self.driverWithThreshold("david")
        #expect(officer.canvas.text.contains("Score · A final value below 2 excludes the bid."))
        Snapshot.check(officer.canvas, named: "walk-threshold-officer")
        officer.press(.character("m"))
        #expect(officer.canvas.text.contains("A final value below 2 excludes the bid."))
        let young = Self.driverWithThreshold("zoe")
        #expect(young.canvas.text.contains("A final score below 2 means the bid cannot win."))
        // No rule, no words: the next step has no threshold.
        officer.press(.escape, .right)
        #expect(!officer.canvas.text.contains("excludes"))
    }

    @Test func aYoungAssessorCanOpenTheQuestionAsBiddersWereAskedIt() {
        var driver = Driver.opened("B1", by: "zoe")
        let criterion = Youth.panel.criterion(id: "experience")!
        #expect(!driver.canvas.text.contains("As the bidders were asked"))
        #expect(driver.canvas.line(23).contains("Q as asked"))
        driver.press(.character("q"))
        let text = driver.canvas.text
        #expect(text.contains(criterion.plain!))
        #expect(text.contains("As the bidders were asked: " + criterion.question.prefix(40)))
        #expect(driver.canvas.line(23).contains("Q hide it"))
        #expect(driver.canvas.line(23).hasSuffix("Ctrl+X hand over"))
        Snapshot.check(driver.canvas, named: "walk-asked-young")
        driver.press(.character("Q"))
        #expect(!driver.canvas.text.contains("As the bidders were asked"))
        driver.press(.character("m"))
        #expect(driver.canvas.text.contains("The question as the bidders were asked it"))
        // Officers read the question as written already: no Q for them.
        let officer = Driver.opened("B1", by: "david")
        #expect(!officer.canvas.line(23).contains("as asked"))
    }

    @Test func theLadderIsNumberedFromZeroAtTheBottom() {
        var driver = Driver.opened("B1", by: "zoe")
        let ladder = Steps.steps(panel: Youth.panel, role: .young).firstIndex { $0.criterion.kind == .ladder }!
        for _ in 0..<ladder { driver.press(.right) }
        #expect(driver.canvas.line(23).hasPrefix("0-6 score"))
        driver.press(.character("0"))
        #expect(driver.drain() == [.record(Slot(bid: "B1", criterion: "ladder"), SavedValue(value: .rung(0), comment: ""))])
        driver.press(.escape, .character("6"))
        #expect(driver.drain() == [.record(Slot(bid: "B1", criterion: "ladder"), SavedValue(value: .rung(6), comment: ""))])
        #expect(driver.canvas.text.contains("6 " + Youth.panel.ladder.rungs[6].label))
    }
}

@Suite struct LiveStandingTests {
    static func progress(submitted: Set<String>) -> [String: BidProgress] {
        Dictionary(uniqueKeysWithValues: Youth.panel.bids.map {
            ($0.id, BidProgress(recorded: 12, needed: 12, submitted: submitted.contains($0.id), conflicted: false))
        })
    }

    @Test func aBidTheChairReopensOpensAgainWithNoKeyPressed() {
        var driver = Driver()
        driver.send(.signedIn(Youth.session("david", progress: Self.progress(submitted: ["B1"]))))
        _ = driver.drain()
        driver.open("B1", values: [:], submitted: true)
        #expect(driver.canvas.text.contains("submitted: read only"))
        driver.send(.standingChanged(MemberStanding(progress: Self.progress(submitted: []), signedOff: false)))
        #expect(!driver.canvas.text.contains("read only"))
        #expect(driver.canvas.text.contains("The chair reopened bid B1 for you."))
        driver.press(.character("3"))
        #expect(driver.drain() == [.record(Slot(bid: "B1", criterion: "experience"), SavedValue(value: .scale(Exact(3)), comment: ""))])
    }

    @Test func signOffTurnsEveryScreenReadOnlyWithNoKeyPressed() {
        var driver = Driver.opened("B1", by: "zoe")
        driver.press(.character("3"))
        driver.confirmSaves()
        driver.type("half a comm")
        driver.send(.standingChanged(MemberStanding(progress: Youth.session("zoe").progress, signedOff: true)))
        #expect(driver.canvas.text.contains("signed off: read only"))
        #expect(driver.canvas.text.contains("The panel has finished."))
        Snapshot.check(driver.canvas, named: "walk-signed-off-young")
        driver.press(.character("4"))
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("The panel has finished, so scores cannot change now."))
        driver.press(.character("r"), .character("s"))
        #expect(driver.drain().isEmpty)
        driver.press(.escape)
        #expect(driver.canvas.text.contains("The evaluation is signed off. You can read your scores, but not change them."))
        // Reopened: scoring works again.
        driver.send(.standingChanged(MemberStanding(progress: Youth.session("zoe").progress, signedOff: false)))
        #expect(driver.canvas.text.contains("The chair has opened the scoring again."))
    }

    @Test func theChairsOwnSignOffLineIsNotOverwritten() {
        var driver = Driver()
        driver.signIn("priya")
        driver.send(.signedOff(seal: "Audit seal 1a2b3c4d5e6f7a8b, 388 entries", witnessProblem: nil))
        driver.send(.standingChanged(MemberStanding(progress: Youth.session("priya").progress, signedOff: true)))
        #expect(driver.state.status?.text == "Signed off. Write down: Audit seal 1a2b3c4d5e6f7a8b, 388 entries.")
        #expect(driver.state.session?.signedOff == true)
    }

    @Test func aConflictTheChairWithdrawsOpensTheBid() {
        var driver = Driver()
        var progress = Youth.session("david").progress
        progress["B2"]?.conflicted = true
        driver.send(.signedIn(Youth.session("david", progress: progress)))
        driver.press(.down, .enter)
        #expect(driver.canvas.text.contains("You declared a conflict with bid B2"))
        progress["B2"]?.conflicted = false
        driver.send(.standingChanged(MemberStanding(progress: progress, signedOff: false)))
        #expect(driver.canvas.text.contains("The chair withdrew your conflict with bid B2."))
        _ = driver.drain()
        driver.press(.enter)
        #expect(driver.drain() == [.openBid("B2")])
    }

    @Test func anUnchangedStandingSaysNothing() {
        var driver = Driver.opened("B1", by: "david")
        driver.send(.standingChanged(MemberStanding(progress: Youth.session("david").progress, signedOff: false)))
        #expect(driver.state.status == nil)
    }
}
