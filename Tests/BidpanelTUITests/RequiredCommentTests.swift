import BidpanelCore
import BidpanelTUI
import Testing

/// A pick on a `comment_required` criterion waits for its comment. Leaving
/// the step without one never drops the pick silently: the member is asked
/// to write why or drop it, and the review lists a dropped pick.
@Suite("Required comments")
struct RequiredCommentTests {
    static let experience = Slot(bid: "B1", criterion: "experience")

    /// Zoë on B1, whose first step (experience) needs a comment, with 2 picked.
    static func picked() -> Driver {
        var driver = Driver.pickedWhereACommentIsRequired()
        driver.press(.escape) // out of the comment line, back to the scale
        return driver
    }

    @Test(arguments: [Key.right, .left, .character("r"), .escape, .control("x")])
    func leavingWithoutTheCommentAsks(_ key: Key) {
        var driver = Self.picked()
        driver.press(key)
        #expect(driver.drain().isEmpty)
        let text = driver.canvas.text
        #expect(text.contains("Step 1 of 8"), "still on the step:\n\(text)")
        #expect(text.contains("2 Fair is not saved: it needs a reason. W write why, D drop it"), "\(text)")
        #expect(text.contains("W write why"))
        #expect(driver.state.session != nil, "not handed over yet")
    }

    @Test func writeWhyGoesToTheCommentAndSavesWithIt() {
        var driver = Self.picked()
        driver.press(.right)
        driver.press(.character("w"))
        #expect(!driver.canvas.text.contains("W write why"))
        driver.type("Few results")
        driver.press(.enter)
        #expect(driver.drain() == [.record(Self.experience, SavedValue(value: .scale(Exact(2)), comment: "Few results"))])
    }

    @Test func droppingGoesOnAndTheReviewListsTheStep() {
        var driver = Self.picked()
        driver.press(.character("r"))
        driver.press(.character("d"))
        #expect(driver.drain().isEmpty, "nothing saved without the comment")
        let review = driver.canvas.text
        #expect(review.contains("Review"))
        #expect(review.contains("Your experience") && review.contains("not scored  dropped: say why"), "\(review)")
        driver.press(.up)
        #expect(driver.canvas.text.contains("You dropped your pick 2 Fair"), "\(driver.canvas.text)")
        // Submitting names it as still to score.
        driver.press(.character("s"))
        #expect(driver.canvas.text.contains("Still to score: Your experience"))
        // Opening it again starts on the dropped pick.
        driver.press(.home, .enter)
        #expect(driver.canvas.text.contains("Step 1 of 8"))
        driver.press(.enter)
        driver.type("Few results")
        driver.press(.enter)
        #expect(driver.drain() == [.record(Self.experience, SavedValue(value: .scale(Exact(2)), comment: "Few results"))])
        driver.confirmSaves()
        #expect(!driver.canvas.text.contains("dropped"))
    }

    @Test func droppingOnHandOverSignsOut() {
        var driver = Self.picked()
        driver.press(.control("x"))
        driver.press(.character("d"))
        #expect(driver.drain() == [.signOut])
        #expect(driver.state.session == nil)
    }

    @Test func otherKeysWhileAskingDoNothing() {
        var driver = Self.picked()
        driver.press(.right)
        driver.press(.character("5"), .right, .left)
        #expect(driver.drain().isEmpty)
        #expect(driver.canvas.text.contains("W write why, D drop it"))
    }

    @Test func askingSnapshot() {
        var driver = Self.picked()
        driver.press(.right)
        Snapshot.check(driver.canvas, named: "walk-comment-needed-young")
        driver.press(.character("d"))
        driver.press(.character("r"), .up)
        Snapshot.check(driver.canvas, named: "review-dropped-pick-young")
    }
}
