import BidpanelCore
import BidpanelTUI
import Foundation
import Testing

/// Signing in as a pair (panels/youth-pair.toml): one entry on the list,
/// then each person's PIN in turn; both go to the store in one effect.
@Suite("Pair sign-in screen")
struct PairSignInTests {
    static let loaded = try! PanelFile.load(path: Youth.folder + "/youth-pair.toml")
    static var panel: Panel { loaded.panel }

    static func driver() -> Driver {
        var driver = Driver()
        driver.state = AppState(panel: panel, members: panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                size: Size(width: 80, height: 24), idleLimit: 300, now: 1000)
        return driver
    }

    @Test func thePairIsOneEntryAndEachPersonTypesTheirOwnPIN() {
        var driver = Self.driver()
        driver.type("amira and")
        Snapshot.check(driver.canvas, named: "pair-sign-in-list")
        driver.press(.enter)
        Snapshot.check(driver.canvas, named: "pair-sign-in-first-pin")
        #expect(driver.canvas.text.contains("PIN for Amira Hassan:"))
        driver.type("4826")
        driver.press(.enter)
        #expect(driver.drain().isEmpty) // nothing checked until both have typed
        Snapshot.check(driver.canvas, named: "pair-sign-in-second-pin")
        #expect(driver.canvas.text.contains("PIN for Jay Morgan:"))
        #expect(!driver.canvas.text.contains("4826"))
        driver.type("7391")
        driver.press(.enter)
        #expect(driver.drain() == [.signInPair(pair: "amira-jay", pins: ["4826", "7391"])])
    }

    @Test func aWrongPINStartsThePairAgainFromTheFirstPerson() {
        var driver = Self.driver()
        driver.type("amira and")
        driver.press(.enter)
        driver.type("4826"); driver.press(.enter)
        driver.type("0000"); driver.press(.enter)
        _ = driver.drain()
        driver.send(.signInFailed("wrong PIN for Jay Morgan. 4 more tries before a 1-minute lock"))
        Snapshot.check(driver.canvas, named: "pair-sign-in-wrong-pin")
        #expect(driver.canvas.text.contains("PIN for Amira Hassan:"))
        #expect(driver.canvas.text.contains("Wrong PIN for Jay Morgan"))
    }

    @Test func aPersonInAPairIsTakenToThePairsSignIn() {
        var driver = Self.driver()
        driver.type("jay")
        #expect(driver.canvas.text.contains("signs in as Amira and Jay"))
        driver.press(.enter)
        #expect(driver.drain().isEmpty)
        guard case let .signIn(screen) = driver.state.screen else { Issue.record("left sign-in"); return }
        #expect(screen.pinFor == "amira-jay")
        #expect(driver.canvas.text.contains("PIN for Amira Hassan:"))
        Snapshot.check(driver.canvas, named: "pair-sign-in-from-one-person")
        // Both PINs, in the file's order, go to the store together.
        driver.type("4826"); driver.press(.enter)
        driver.type("7391"); driver.press(.enter)
        #expect(driver.drain() == [.signInPair(pair: "amira-jay", pins: ["4826", "7391"])])
    }

    @Test func escapeClearsThePINsTypedSoFar() {
        var driver = Self.driver()
        driver.type("amira and")
        driver.press(.enter)
        driver.type("4826"); driver.press(.enter)
        driver.press(.escape)
        guard case let .signIn(screen) = driver.state.screen else { Issue.record("left sign-in"); return }
        #expect(screen.pairPINs.isEmpty && screen.pinFor == nil)
    }
}
