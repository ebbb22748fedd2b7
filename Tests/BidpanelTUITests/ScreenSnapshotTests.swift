import BidpanelCore
import BidpanelTUI
import Testing

@Suite struct ScreenSnapshotTests {
    @Test func signInListsEveryMemberWithTheCursorOnTheFirst() {
        let driver = Driver()
        Snapshot.check(driver.canvas, named: "sign-in")
        #expect(driver.canvas.cursor == Point(x: 4, y: 8))
    }

    @Test func demoSignInShowsThePINs() {
        let driver = Driver(demo: true)
        Snapshot.check(driver.canvas, named: "sign-in-demo")
    }

    @Test func typingFiltersNamesAndThePINIsMasked() {
        var driver = Driver()
        driver.type("zo")
        Snapshot.check(driver.canvas, named: "sign-in-filtered")
        driver.press(.enter)
        driver.type("2580")
        let canvas = driver.canvas
        Snapshot.check(canvas, named: "sign-in-pin")
        #expect(!canvas.text.contains("2580"))
        #expect(canvas.text.contains("••••"))
    }

    @Test func youngAssessorDeclaresConflicts() {
        var driver = Driver()
        driver.signIn("zoe", declared: false)
        Snapshot.check(driver.canvas, named: "conflicts-young")
        driver.press(.down, .down, .character(" "))
        driver.type("My cousin works there")
        Snapshot.check(driver.canvas, named: "conflicts-reason")
    }

    @Test func officerBidListShowsPricesAndProgress() {
        var driver = Driver()
        var progress = Youth.session("david").progress
        progress["B1"]?.recorded = 4
        progress["B2"]?.submitted = true
        progress["B3"]?.conflicted = true
        driver.send(.signedIn(Youth.session("david", progress: progress)))
        Snapshot.check(driver.canvas, named: "bid-list-officer")
    }

    @Test func youngAssessorBidListHasNoPrices() {
        var driver = Driver()
        driver.signIn("zoe")
        let canvas = driver.canvas
        Snapshot.check(canvas, named: "bid-list-young")
        #expect(!canvas.text.contains("£"))
    }

    @Test func walkthroughScaleYoungAndOfficer() {
        var young = Driver()
        young.signIn("zoe")
        young.open("B1")
        Snapshot.check(young.canvas, named: "walk-scale-young")
        young.press(.character("3"))
        young.confirmSaves()
        Snapshot.check(young.canvas, named: "walk-scale-young-saved")

        var officer = Driver()
        officer.signIn("david")
        officer.open("B1")
        Snapshot.check(officer.canvas, named: "walk-scale-officer")
    }

    @Test func walkthroughMatrixAndLadder() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B2")
        // experience, activities, qualities, then the four matrix principles, then the ladder.
        driver.press(.right, .right, .right)
        Snapshot.check(driver.canvas, named: "walk-matrix-young")
        driver.press(.right, .right, .right, .right)
        driver.press(.up, .up)
        Snapshot.check(driver.canvas, named: "walk-ladder-young")
    }

    @Test func walkthroughPassFailOfficerNoColour() {
        var driver = Driver(colour: false)
        driver.signIn("david")
        driver.open("B5")
        for _ in 0..<11 { driver.press(.right) }
        let canvas = driver.canvas
        Snapshot.check(canvas, named: "walk-passfail-officer-nocolour")
        #expect(canvas.cells.allSatisfy { $0.allSatisfy { $0.tint == .plain } })
    }

    @Test func reviewAndSubmitConfirmation() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B1")
        for key in ["3", "4", "2", "1", "2", "2", "1", "6"] {
            driver.type(key)
            driver.confirmSaves()
            driver.press(.enter)
        }
        Snapshot.check(driver.canvas, named: "review-young")
        driver.press(.character("s"))
        Snapshot.check(driver.canvas, named: "review-confirm-young")
    }

    @Test func helpAndTooSmall() {
        var driver = Driver()
        driver.signIn("zoe")
        driver.open("B1")
        driver.press(.character("?"))
        Snapshot.check(driver.canvas, named: "help-walkthrough")
        driver.press(.character("x"))
        driver.send(.resized(Size(width: 70, height: 20)))
        let small = driver.canvas
        #expect(small.text.contains("Please make the window bigger"))
        #expect(small.text.contains("70 × 20"))
    }
}
