import BidpanelCore
import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// A panel of 20 members with long names (twelve young assessors told apart
/// only by a number) and 60 bids, as the chair's board sees it at 80×24.
enum LargeBoard {
    static var panel: Panel {
        var panel = Youth.panel
        let officers = ["Dr Alexandra Montgomery-Fitzwilliam", "Oluwaseun Adebayo-Richardson", "Siobhán Ní Mhaoldomhnaigh",
                        "Bartholomew Featherstonehaugh", "Wiremu Te Whatu", "Priyanka Venkataraghavan"]
        panel.members = [Member(id: "priya", name: "Priya Shah", role: .chair)]
            + officers.enumerated().map { Member(id: "officer\($0.offset + 1)", name: $0.element, role: .officer) }
            + (1...12).map { Member(id: "young\($0)", name: "Young assessor \($0)", role: .young) }
            + [Member(id: "obs", name: "Observer from the Council", role: .observer)]
        panel.bids = (1...60).map {
            Bid(id: "B\($0)", bidder: "The Very Long Named Community Interest Company Number \($0) Limited", price: Exact(10_000 + $0))
        }
        return panel
    }

    /// Varied progress for every scoring member and bid.
    static var board: PanelBoard {
        let panel = panel
        var progress: [String: [String: BidProgress]] = [:]
        for (i, member) in panel.members.enumerated() where member.role != .observer {
            let needed = Steps.steps(panel: panel, role: member.role).count
            progress[member.id] = Dictionary(uniqueKeysWithValues: panel.bids.enumerated().map { j, bid in
                let conflicted = (i * 7 + j) % 23 == 4
                let recorded = conflicted ? 0 : (i + j) % (needed + 1)
                return (bid.id, BidProgress(recorded: recorded, needed: needed, submitted: !conflicted && (i + j) % 3 == 0,
                                            conflicted: conflicted))
            })
        }
        return PanelBoard(sheet: ScoreSheet(), progress: progress, signedOffAt: nil)
    }

    static func driver() -> Driver {
        let panel = panel
        var driver = Driver()
        driver.state = AppState(panel: panel, members: panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24), idleLimit: 300, now: 1000)
        driver.send(.signedIn(Session(member: panel.members[0], bids: panel.bids, progress: [:], conflictsDeclared: true)))
        driver.send(.boardChanged(board))
        _ = driver.drain()
        return driver
    }
}

@Suite(.serialized) struct BoardScreenTests {
    func line(_ driver: Driver, _ y: Int) -> String { driver.canvas.line(y) }

    @Test func everyScorerAndEveryBidIsReachableAt80x24() throws {
        var driver = LargeBoard.driver()
        Snapshot.check(driver.canvas, named: "board-20-members")
        let scorers = LargeBoard.panel.members.filter { $0.role != .observer }
        let header = line(driver, 5)
        #expect(!header.contains("…") && !header.contains("You"), "\(header)")
        // Stepping right names each member in full, and their column stays in view.
        for (index, member) in scorers.enumerated() {
            #expect(line(driver, 4).contains(member.name + ", " + member.role.name), "\(member.name): \(line(driver, 4))")
            guard case let .board(board) = driver.state.screen else { Issue.record("not on the board"); return }
            #expect(board.column == index)
            let heading = PanelBoardScreen.columnNames(scorers, width: 5)[index]
            #expect(line(driver, 5).contains(heading), "\(heading) not in \(line(driver, 5))")
            driver.press(.right)
        }
        #expect(driver.canvas.text.contains("members 11–19 of 19"), "\(driver.canvas.text)")
        driver.press(.end)
        #expect(line(driver, 18).contains("▸ B60"))
        #expect(driver.canvas.text.contains("bids 48–60 of 60"))
        driver.press(.up, times: 20)
        Snapshot.check(driver.canvas, named: "board-20-members-scrolled")
        #expect(line(driver, 4).hasPrefix("  B40 · Young assessor 12, young assessor: "))
    }

    /// The sign-off list with 19 members still to submit scrolls to every
    /// one, and each says how many bids before it lists them.
    @Test func theSignOffListReachesEveryMemberStillToSubmit() throws {
        var driver = LargeBoard.driver()
        guard case var .board(board) = driver.state.screen else { Issue.record("not on the board"); return }
        board.mode = .signOffAnyway(reason: TextField(), scroll: 0)
        driver.state.screen = .board(board)
        let outstanding = LargeBoard.board.outstanding(panel: LargeBoard.panel)
        #expect(outstanding.count == 19)
        #expect(driver.canvas.text.contains("19 members have not submitted every bid they can score:"))
        var seen = Set<String>()
        for _ in 0..<outstanding.count {
            for entry in outstanding {
                let name = LargeBoard.panel.member(id: entry.member)!.name
                if driver.canvas.text.contains("  \(name): \(entry.bids.count) bids (") { seen.insert(entry.member) }
            }
            driver.press(.down)
        }
        #expect(seen == Set(outstanding.map(\.member)))
        #expect(driver.canvas.text.contains("of 19 · ↑↓ scroll"))
    }

    @Test func columnHeadingsAreFirstNamesOrInitialsNeverCutNames() {
        #expect(PanelBoardScreen.columnNames(Youth.panel.members, width: 9) == ["Priya", "David", "Helen", "Zoë", "Kyle"])
        let young = (1...12).map { Member(id: "y\($0)", name: "Young assessor \($0)", role: .young) }
        #expect(PanelBoardScreen.columnNames(young, width: 5) == (1...12).map { "YA\($0)" })
        let alike = [Member(id: "a", name: "Anna Brown", role: .officer), Member(id: "b", name: "Alan Baker", role: .officer),
                     Member(id: "c", name: "Anna Bell", role: .officer)]
        #expect(PanelBoardScreen.columnNames(alike, width: 5) == ["AB1", "AB2", "AB3"])
        // Initials are letters: "(Yamada" gives Y, not "(".
        let bracketed = [Member(id: "l", name: "Lee (Siu-lung) Wong", role: .officer),
                         Member(id: "a", name: "Lee Ann Wong", role: .officer)]
        #expect(PanelBoardScreen.columnNames(bracketed, width: 4) == ["LSW", "LAW"])
        // An escape sequence in a name is shown, not obeyed, even as an initial.
        let hostile = [Member(id: "x", name: "\u{1B}[31mRed", role: .officer), Member(id: "z", name: "\u{1B}[31mRose", role: .officer)]
        #expect(PanelBoardScreen.columnNames(hostile, width: 5).allSatisfy { !$0.contains("\u{1B}") })
    }

    /// On a real file: Zoë submits B2, the chair picks her ✓ on the board,
    /// types why, and the store reopens it; the board then shows it open.
    @Test func theChairReopensOneMembersSubmittedBidWithAReason() throws {
        let (store, chair) = try ChairFixture.evaluation()
        let zoe = try store.signIn(member: "zoe", pin: Youth.pins["zoe"]!)
        try zoe.submit(bid: "B2")
        var driver = try ChairFixture.driver(chair)
        driver.press(.right, times: 3) // Priya, David, Helen, Zoë
        #expect(line(driver, 4).contains("B1 · Zoë Clarke, young assessor: 8 of 8 values in"))
        driver.press(.character("r"))
        #expect(driver.canvas.text.contains("Zoë Clarke has not submitted B1, so it is open already."))
        driver.press(.down, .character("r"))
        #expect(driver.canvas.text.contains("Why reopen B2 for Zoë Clarke?"))
        Snapshot.check(driver.canvas, named: "board-reopen-bid")
        driver.press(.enter)
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("Type why, then press Enter."))
        driver.type("Zoë pressed submit too soon")
        driver.press(.enter)
        let effects = driver.drain()
        #expect(effects == [.reopenBid(bid: "B2", member: "zoe", reason: "Zoë pressed submit too soon")])

        let backend = StoreBackend(store: store)
        _ = backend.perform(.signIn(member: "priya", pin: Youth.pins["priya"]!))
        for action in backend.perform(effects[0]) { driver.send(action) }
        #expect(driver.canvas.text.contains("Reopened B2 for Zoë Clarke."))
        #expect(try chair.board().progress["zoe"]?["B2"]?.submitted == false)
        let entry = try #require(try chair.auditEntries().last)
        #expect(entry.action == "reopen-bid" && entry.member == "zoe" && entry.reason == "Zoë pressed submit too soon")
        // Esc leaves a reason unsent; a conflicted cell says why it cannot be reopened.
        driver.press(.character("r"), .character("x"), .escape)
        #expect(driver.drain().isEmpty)
    }

    /// Attendance from the board goes to the file; a member marked absent
    /// drops out of the sign-off list, and signing off anyway needs a reason.
    @Test func attendanceIsMarkedFromTheBoardAndSignOffListsWhoHasNotSubmitted() throws {
        let (store, chair) = try ChairFixture.evaluation(moderated: true)
        let backend = StoreBackend(store: store)
        _ = backend.perform(.signIn(member: "priya", pin: Youth.pins["priya"]!))
        var driver = try ChairFixture.driver(chair)
        driver.press(.character("a"))
        #expect(driver.canvas.text.contains("Who is at the meeting?"))
        driver.press(.down, times: 2) // Helen
        driver.press(.character("a"))
        let effects = driver.drain()
        #expect(effects == [.markAttendance(member: "helen", present: false)])
        for action in backend.perform(effects[0]) { driver.send(action) }
        driver.press(.up, .character("p")) // David, here
        for action in backend.perform(try #require(driver.drain().first)) { driver.send(action) }
        #expect(driver.canvas.text.contains("David Okafor is marked present."))
        var board = try chair.board()
        #expect(board.attendance["helen"]?.present == false && board.attendance["david"]?.present == true)
        // Fixed times for the snapshot.
        board.attendance["helen"]?.at = "2026-11-22T13:58:00.000Z"
        board.attendance["david"]?.at = "2026-11-22T14:01:00.000Z"
        driver.send(.boardChanged(board))
        Snapshot.check(driver.canvas, named: "board-attendance")
        driver.press(.character("p")) // David again
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("David Okafor is already marked present."))

        driver.press(.escape, .character("s"))
        let text = driver.canvas.text
        #expect(text.contains("4 members have not submitted every bid they can score"))
        #expect(text.contains("Zoë Clarke: 6 bids (B1, B2, B3, B4, B5, B6)"))
        #expect(!text.contains("Helen Marsh"))
        Snapshot.check(driver.canvas, named: "board-sign-off-anyway")
        driver.press(.enter)
        #expect(driver.drain().isEmpty)
        driver.type("Scored on paper; values typed in by the officer")
        driver.press(.enter)
        let signOff = driver.drain()
        #expect(signOff == [.signOff(anyway: "Scored on paper; values typed in by the officer")])
        for action in backend.perform(signOff[0]) { driver.send(action) }
        #expect(try chair.isSignedOff())
        #expect(driver.canvas.text.contains("SIGNED OFF"))
        #expect(try chair.auditEntries().last?.oldValue.hasPrefix("not submitted: priya (B1") == true)
    }

    @Test func helpAndTheKeyBarComeFromTheBoardsKeyMapInEachMode() throws {
        let (_, chair) = try ChairFixture.evaluation()
        var driver = try ChairFixture.driver(chair)
        let bar = driver.canvas.line(23)
        for binding in PanelBoardScreen.keyMap(.browse, signedOff: false).bindings where binding.inBar {
            #expect(bar.contains(binding.label + " " + binding.meaning), "\(binding.label) missing from \(bar)")
        }
        #expect(bar.contains("Ctrl+X hand over"))
        driver.press(.character("?"))
        #expect(driver.canvas.text.contains("reopens the bid in focus for the member in focus"))
        driver.press(.escape, .character("a"), .character("?"))
        #expect(driver.canvas.text.contains("marks the member present at the meeting"))
        driver.press(.escape, .escape, .character("r"))
        #expect(driver.canvas.line(23).hasPrefix("Enter") || driver.canvas.text.contains("has not submitted"))
    }
}
