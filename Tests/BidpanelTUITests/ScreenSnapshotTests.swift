import Foundation
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

/// NO_COLOR and monochrome: every screen says the same without colour.
@Suite struct NoColourTests {
    /// A tour of every screen, as keys and store answers.
    static let tour: [(String, @Sendable (inout Driver) -> Void)] = [
        ("sign-in", { _ in }),
        ("pin", { $0.type("kyl"); $0.press(.enter); $0.type("12") }),
        ("wrong PIN", { $0.type("kyl"); $0.press(.enter); $0.type("1234"); $0.press(.enter); $0.send(.signInFailed("wrong PIN for Kyle Mensah. 4 more tries before a one-minute lock")) }),
        ("conflicts", { $0.signIn("kyle", declared: false); $0.press(.down, .down, .character(" ")); $0.type("Aunt") }),
        ("bid list", { driver in
            var progress = Youth.session("kyle").progress
            progress["B2"]?.submitted = true
            progress["B3"]?.conflicted = true
            driver.send(.signedIn(Youth.session("kyle", progress: progress)))
        }),
        ("scale saved", { $0.signIn("kyle"); $0.open("B1"); $0.press(.character("2")); $0.confirmSaves() }),
        ("matrix", { $0.signIn("kyle"); $0.open("B1"); $0.press(.right, .right, .right, .down) }),
        ("ladder", { $0.signIn("kyle"); $0.open("B1"); $0.press(.left); for _ in 0..<7 { $0.press(.right) }; $0.press(.character("6")); $0.confirmSaves() }),
        ("pass/fail", { $0.signIn("helen"); $0.open("B5"); for _ in 0..<11 { $0.press(.right) }; $0.press(.character("f")); $0.confirmSaves() }),
        ("save failed", { $0.signIn("kyle"); $0.open("B1"); $0.press(.character("2")); _ = $0.drain(); $0.send(.failed("the evaluation file is busy")) }),
        ("review", { $0.signIn("kyle"); $0.open("B1"); $0.press(.character("r"), .character("s")) }),
        ("confirm", { driver in
            driver.signIn("kyle"); driver.open("B1")
            for key in ["1", "2", "3", "0", "1", "2", "3", "4"] { driver.type(key); driver.confirmSaves(); driver.press(.enter) }
            driver.press(.character("s"))
        }),
        ("help", { $0.signIn("kyle"); $0.press(.character("?")) }),
        ("too small", { $0.send(.resized(Size(width: 40, height: 10))) }),
    ]

    @Test(arguments: tour.indices)
    func theScreenLosesNothingButColour(_ index: Int) {
        let (name, steps) = Self.tour[index]
        var colour = Driver(colour: true)
        var mono = Driver(colour: false)
        steps(&colour)
        steps(&mono)
        let withColour = colour.canvas, without = mono.canvas
        #expect(without.text == withColour.text, "\(name): the words differ without colour")
        #expect(without.cursor == withColour.cursor, "\(name)")
        #expect(without.cells.map { $0.map(\.style) } == withColour.cells.map { $0.map(\.style) }, "\(name): the emphasis differs")
        #expect(without.cells.allSatisfy { $0.allSatisfy { $0.tint == .plain } }, "\(name): colour left under NO_COLOR")
        #expect(without.cursor != nil, "\(name): no cursor")
        // Kyle is a young assessor: these are his screens, without colour.
        Snapshot.check(without, named: "nocolour-" + name.replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "/", with: "-"))
    }

    @Test func colourIsReallyUsedWhereAllowed() {
        var driver = Driver(colour: true)
        driver.signIn("kyle")
        driver.open("B1")
        driver.press(.character("2"))
        driver.confirmSaves()
        #expect(driver.canvas.cells.contains { $0.contains { $0.tint == .good } })
    }
}
