import BidpanelCore
import BidpanelStore
import BidpanelTUI
import Testing

/// The rules of the screens, through the pure update function.
@Suite struct UpdateTests {
    func walkthrough(_ driver: Driver) -> Walkthrough? {
        if case let .walkthrough(walk) = driver.state.screen { return walk }
        return nil
    }

    @Test func aDigitSavesAtOnceAndEnterMovesOn() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B1")
        driver.press(.character("4"))
        let effects = driver.drain()
        #expect(effects == [.record(Slot(bid: "B1", criterion: "experience"), SavedValue(value: .scale(Exact(4)), comment: ""))])
        driver.send(.saved(Slot(bid: "B1", criterion: "experience"), SavedValue(value: .scale(Exact(4)), comment: "")))
        driver.press(.enter)
        #expect(walkthrough(driver)?.step.criterion.id == "activities")
        #expect(driver.drain().isEmpty)
    }

    @Test func aCommentIsSavedWithTheValueWhenEnterIsPressed() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B1")
        driver.press(.character("3"))
        driver.confirmSaves()
        driver.type("Good? Yes")
        #expect(!driver.state.showingHelp) // "?" is text in a comment
        driver.press(.enter)
        #expect(driver.drain() == [.record(Slot(bid: "B1", criterion: "experience"), SavedValue(value: .scale(Exact(3)), comment: "Good? Yes"))])
    }

    @Test func aRequiredCommentComesBeforeTheValueIsSaved() {
        var driver = Driver.pickedWhereACommentIsRequired()
        #expect(driver.canvas.text.contains("not saved yet"))
        driver.press(.enter)
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("Please write why you gave this score."))
        driver.type("Few results")
        driver.press(.enter)
        #expect(driver.drain() == [.record(Slot(bid: "B1", criterion: "experience"), SavedValue(value: .scale(Exact(2)), comment: "Few results"))])
    }

    @Test func aConflictedBidCannotBeOpened() {
        var driver = Driver()
        var progress = Youth.session("zoe").progress
        progress["B1"]?.conflicted = true
        driver.send(.signedIn(Youth.session("zoe", progress: progress)))
        #expect(driver.drain() == [.watchStanding])
        driver.press(.enter)
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("You declared a conflict with bid B1"))
        driver.press(.down, .enter)
        #expect(driver.drain() == [.openBid("B2")])
    }

    @Test func aSubmittedBidIsReadOnly() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B1", values: [Slot(bid: "B1", criterion: "experience"): SavedValue(value: .scale(Exact(3)), comment: "ok")],
                     submitted: true)
        driver.press(.character("5"), .tab)
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("submitted: read only"))
        #expect(driver.canvas.text.contains("Ask the chair"))
    }

    @Test func observersReadEveryQuestionButRecordNothing() {
        var driver = Driver()
        let observer = Member(id: "olu", name: "Olu Adeyemi", role: .observer)
        driver.send(.signedIn(Session(member: observer, bids: Youth.session("zoe").bids, progress: Youth.session("zoe").progress,
                                      conflictsDeclared: true)))
        driver.open("B1")
        let walk = walkthrough(driver)
        #expect(walk?.steps.count == 12)
        #expect(walk?.readOnly == true)
        driver.press(.character("3"), .enter)
        #expect(driver.drain().isEmpty)
        Snapshot.check(driver.canvas, named: "walk-observer")
    }

    @Test func handingOverSavesTheTypedCommentThenForgetsEverything() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B1")
        driver.press(.character("3"))
        driver.confirmSaves()
        driver.type("half-typed")
        driver.press(.control("x"))
        #expect(driver.drain() == [.record(Slot(bid: "B1", criterion: "experience"), SavedValue(value: .scale(Exact(3)), comment: "half-typed")),
                                   .signOut])
        #expect(driver.state.session == nil)
        let text = driver.canvas.text
        #expect(!text.contains("half-typed"))
        #expect(!text.contains("Northgate"))
        #expect(text.contains("Handed over"))
        Snapshot.check(driver.canvas, named: "sign-in-after-hand-over")
    }

    @Test func theIdleLockWaitsForTheLimit() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B1")
        driver.press(.character("1"))
        let last = driver.now
        driver.send(.tick(last + 299))
        #expect(driver.state.session != nil)
        driver.send(.tick(last + 300))
        #expect(driver.state.session == nil)
        #expect(driver.drain().last == .signOut)
        #expect(driver.canvas.text.contains("Locked after 5 minutes"))
    }

    @Test func keysDoNothingWhileTheWindowIsTooSmall() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.send(.resized(Size(width: 79, height: 24)))
        driver.press(.enter)
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("79 × 24"))
        driver.send(.resized(Size(width: 80, height: 24)))
        driver.press(.enter)
        #expect(driver.drain() == [.openBid("B1")])
    }

    @Test func namesWithAccentsAndEmojiLineUp() {
        var members = Youth.members
        members[4].member.name = "Kyle 🚀 Mensah"
        var driver = Driver()
        driver.state = AppState(panel: Youth.panel, members: members, size: Size(width: 80, height: 24))
        let canvas = driver.canvas
        // The role column starts at the same screen column on every row.
        let roleColumns = (8...12).map { y -> Int in
            let row = canvas.cells[y].map(\.text)
            return (0..<row.count - 5).first { x in row[x..<x + 5].joined() == "young" || row[x..<x + 5].joined() == "chair" || row[x..<x + 5].joined() == "offic" }!
        }
        #expect(Set(roleColumns).count == 1, "role columns: \(roleColumns)")
        Snapshot.check(canvas, named: "sign-in-emoji")
    }

    @Test func biggerWindowsShowTheWholeScale() {
        var driver = Driver(size: Size(width: 100, height: 40))
        driver.signIn("david")
        driver.open("B1")
        let text = driver.canvas.text
        // Every point's full meaning, wrapped, with nothing cut off.
        #expect(!text.contains("…"))
        #expect(text.contains("An outstanding response: specific to the borough and its young people, fully"))
        #expect(text.contains("evidenced, with no weaknesses."))
    }
}

/// What a first trial by a new user turned up, fixed and kept fixed.
@Suite struct FirstTrialTests {
    @Test func aStraySpaceDoesNotDeclareNoConflicts() {
        var driver = Driver()
        driver.signIn("kyle", declared: false)
        driver.press(.character(" "))
        #expect(driver.drain().isEmpty)
        driver.press(.enter)
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("No conflicts with any of these bids? Y yes, N no"))
        driver.press(.character("y"))
        #expect(driver.drain() == [.declareConflicts([])])
    }

    @Test func aConflictCanBeAddedLaterButNotTakenBack() {
        var driver = Driver()
        var progress = Youth.session("kyle").progress
        progress["B2"]?.conflicted = true
        driver.send(.signedIn(Youth.session("kyle", progress: progress)))
        _ = driver.drain()
        driver.press(.character("c"))
        #expect(driver.canvas.line(9).hasPrefix("    [x] B2   Café Mosaic Youth Project"))
        #expect(driver.canvas.line(9).hasSuffix("declared"))
        driver.press(.down, .down, .enter)
        #expect(driver.canvas.text.contains("Only the chair can withdraw it"))
        driver.press(.down, .enter)
        driver.type("My sister runs it")
        driver.press(.enter)
        for _ in 0..<6 { driver.press(.down) }
        driver.press(.enter)
        // Nothing is declared before a yes, and the question says who can undo it.
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("Say you have a conflict with bid B3? Y yes, N no"))
        #expect(driver.canvas.text.contains("Only the chair can undo this."))
        driver.press(.character("y"))
        #expect(driver.drain() == [.declareConflicts([ConflictDeclaration(bid: "B3", reason: "My sister runs it")])])
    }

    @Test func namesStartingWithTheTypedLettersComeFirst() {
        var driver = Driver()
        driver.type("k")
        #expect(driver.canvas.line(8).contains("▸ Kyle Mensah"))
    }

    @Test func arrowsMoveFromWhereTheCursorIs() {
        var driver = Driver()
        driver.signIn("david")
        driver.open("B1")
        let top = (0..<24).first { driver.canvas.line($0).contains("0 Unacceptable") }
        #expect(driver.canvas.cursor?.y == top) // on the top point, 0
        driver.press(.down, .down, .down, .enter)
        #expect(driver.drain() == [.record(Slot(bid: "B1", criterion: "experience"), SavedValue(value: .scale(Exact(3)), comment: ""))])
    }

    @Test func scrollingStopsAtTheEndOfTheAnswer() {
        var driver = Driver()
        driver.signIn("david")
        driver.open("B1")
        for _ in 0..<10 { driver.press(.pageDown) }
        let bottom = driver.canvas.text
        #expect(bottom.contains("lines 7–11 of 11"))
        driver.press(.pageUp)
        #expect(driver.canvas.text.contains("lines 3–7 of 11"))
    }

    @Test func aCommentNeedsAScoreFirst() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B1")
        driver.press(.tab)
        #expect(driver.canvas.text.contains("Pick a score first"))
        driver.type("note")
        #expect(!driver.canvas.text.contains("note"))
    }

    @Test func changingAValueFromTheReviewGoesBackToIt() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B1")
        driver.press(.character("r"), .up, .up, .enter)
        driver.press(.character("2"))
        driver.confirmSaves()
        driver.press(.enter)
        guard case .review = driver.state.screen else {
            Issue.record("not back on the review")
            return
        }
    }

    @Test func mShowsEverythingInFull() {
        var driver = Driver()
        driver.signIn("david")
        driver.open("B5")
        for _ in 0..<11 { driver.press(.right) }
        // What a pass needs is shown whole on the step itself, never cut.
        #expect(!driver.canvas.text.contains("…"))
        #expect(driver.canvas.text.contains("Any missing element is a fail."))
        #expect(driver.canvas.text.contains("Pass or fail · A final Fail excludes the bid."))
        driver.press(.character("m"))
        let text = driver.canvas.text
        #expect(text.contains("Any missing element is a fail."))
        #expect(text.contains("The bid meets every part of this requirement."))
        Snapshot.check(driver.canvas, named: "read-all-officer")
        driver.press(.escape)
        #expect(driver.canvas.text.contains("Pass or fail"))
    }

    @Test func aHalfTypedPINIsClearedWhenIdle() {
        var driver = Driver()
        driver.type("pr")
        driver.press(.enter)
        driver.type("24")
        driver.send(.tick(driver.now + 301))
        #expect(!driver.canvas.text.contains("PIN for Priya"))
    }

    @Test func digitsOffTheScaleSaySo() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B1")
        driver.press(.character("9"))
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("9 is not on this scale: use 0 to 5."))
    }
}

/// Points from the second new-user trial (a young assessor and an officer).
@Suite struct SecondTrialTests {
    @Test func capitalROpensTheReviewLikeLowercase() {
        var driver = Driver.opened("B1", by: "zoe")
        driver.press(.character("R"))
        #expect(driver.canvas.text.contains("Check your scores."), "R did not open the review")
    }

    /// Typing under way when the window shrinks is kept; other keys wait.
    @Test func typingWhileTheWindowIsTooSmallIsNotLost() {
        var driver = Driver.opened("B1", by: "zoe")
        driver.press(.character("3"))
        driver.confirmSaves()
        driver.type("Go")
        driver.send(.resized(Size(width: 70, height: 20)))
        driver.type("od times")
        #expect(driver.canvas.text.contains("Please make the window bigger"))
        driver.send(.resized(Size(width: 80, height: 24)))
        #expect(driver.canvas.text.contains("Why? (you can skip) Good times"))
        // Keys that are not typing do nothing while the window is too small.
        driver.press(.escape)
        driver.send(.resized(Size(width: 70, height: 20)))
        driver.press(.character("4"), .right)
        #expect(driver.drain() == [.record(Slot(bid: "B1", criterion: "experience", principle: nil),
                                           SavedValue(value: .scale(3), comment: "Good times"))])
        driver.send(.resized(Size(width: 80, height: 24)))
        #expect(driver.canvas.text.contains("Step 1 of 8"))
    }

    /// A comment saved on the way to the next step says which step it was.
    @Test func aSaveOnLeavingAStepNamesThatStep() {
        var driver = Driver.opened("B1", by: "zoe")
        driver.press(.character("3"))
        driver.confirmSaves()
        #expect(driver.canvas.line(22) == " ✓ Saved: 3 Good")
        driver.type("Clear plan")
        driver.press(.enter)
        driver.confirmSaves()
        #expect(driver.canvas.text.contains("Step 2 of 8"))
        #expect(driver.canvas.line(22) == " ✓ Saved: Your experience, 3 Good, with your comment")
        driver.press(.right)
        #expect(!driver.canvas.text.contains("Saved:"))
    }

    /// M shows everything: the ladder's stages explained and the whole answer.
    @Test func readAllShowsTheStagesAndTheWholeAnswer() {
        var driver = Driver.opened("B1", by: "zoe")
        for _ in 0..<7 { driver.press(.right) }
        #expect(driver.canvas.text.contains("Step 8 of 8"))
        driver.press(.character("M"))
        var pages = driver.canvas.text
        for _ in 0..<4 { driver.press(.pageDown); pages += driver.canvas.text }
        #expect(pages.contains("  Doing to: people have no say."))
        #expect(pages.contains("  Doing with: people share power with staff."))
        #expect(pages.contains(" Their answer"))
        // The answer's first and last words are both there (the walkthrough shows 8 lines of it).
        #expect(pages.contains("  We place ourselves at co-designing."))
        #expect(pages.contains("take us up to co-producing."))
    }
}
