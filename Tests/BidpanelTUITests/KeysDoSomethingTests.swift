import BidpanelCore
import BidpanelFixtures
@testable import BidpanelTUI
import Foundation
import Testing

/// Issue 11 point 9: on every screen converted to a `KeyMap`, every key its
/// map names (so every key its bar and help show) does something there: it
/// changes the state or asks for an effect. Each screen is put in a state
/// where every key has work to do (part-way down a long list), so a key that
/// does nothing is a key the screen promises and ignores.
@Suite struct KeysDoSomethingTests {
    /// A screen with a key map, the state to try its keys in, and its map.
    struct Keyed: CustomTestStringConvertible, Sendable {
        var name: String
        var start: @Sendable () -> Driver
        /// Each binding's label and keys, then the bar and the help as the map has them.
        var bindings: @Sendable () -> [(label: String, keys: [Key])]
        var bar: @Sendable () -> [(key: String, meaning: String)]
        var help: @Sendable (Int) -> [String]
        /// The shared keys that work on this screen (Ctrl+X only once someone is signed in).
        var shared: @Sendable () -> [CommonKey]
        var testDescription: String { name }
    }

    static func keyed<C>(_ name: String, map: @escaping @Sendable () -> KeyMap<C>,
                         help: @escaping @Sendable (Int) -> [String], start: @escaping @Sendable () -> Driver) -> Keyed {
        Keyed(name: name, start: start, bindings: { map().bindings.map { ($0.label, $0.keys) } },
              bar: { map().bar }, help: help, shared: { map().sharedKeys })
    }

    /// Every converted screen. A screen converted on another branch joins
    /// with one more line here.
    static let screens: [Keyed] = [
        keyed("the bids (officer)", map: { BidListScreen.keyMap(chair: false) },
              help: { BidListScreen.help(chair: false, width: $0) }) {
            var driver = Large.signedIn(Large.officerID)
            for _ in 0..<10 { driver.press(.down) }
            return driver
        },
        keyed("the bids (chair)", map: { BidListScreen.keyMap(chair: true) },
              help: { BidListScreen.help(chair: true, width: $0) }) {
            var driver = Large.signedIn(Large.chairID)
            driver.press(.character("o"))
            for _ in 0..<10 { driver.press(.down) }
            return driver
        },
        // The youth panel's walkthrough, on its second step with a value
        // saved, part-way down its answer, so ← → PgUp PgDn, M and R all have work.
        keyed("the walkthrough (officer)", map: { Driver.walkthrough(by: "helen").keyMap(plain: false) },
              help: { Driver.walkthrough(by: "helen").help(plain: false, width: $0) }) {
            Driver.partWay(by: "helen")
        },
        // Part-way down the 20 names, with a letter typed in Find (so Esc has it to clear).
        keyed("signing in", map: { SignInScreen.keyMap(typingPIN: false) }, help: { SignInScreen.help(width: $0) }) {
            var driver = Large.driver()
            driver.type("a")
            for _ in 0..<3 { driver.press(.down) }
            return driver
        },
        keyed("checking your scores", map: { ReviewScreen.keyMap(confirming: false, readOnly: false) },
              help: { width in
                  var driver = Driver.partWay(by: "helen")
                  driver.press(.character("r"))
                  guard case let .review(review) = driver.state.screen else { return [] }
                  return review.help(width: width)
              }) {
            var driver = Driver.partWay(by: "helen")
            driver.press(.character("r"))
            driver.press(.down)
            return driver
        },
        keyed("the panel board", map: { PanelBoardScreen.keyMap(.browse, signedOff: false) },
              help: { PanelBoardScreen.help(PanelBoardScreen(), width: $0) }) {
            var driver = Large.signedIn(Large.chairID)
            for _ in 0..<10 { driver.press(.down) }
            for _ in 0..<3 { driver.press(.right) }
            return driver
        },
    ] + TotalsScreen.View.allCases.map { view in
        keyed("totals: \(view.rawValue)", map: { TotalsScreen.keyMap() }, help: { TotalsScreen.help(width: $0) }) {
            var driver = FiguresWholeTests.totals(view).0
            guard case let .totals(screen) = driver.state.screen, screen.view == view, screen.scroll > 0 else {
                Issue.record("totals \(view.rawValue) did not open part-way down")
                return driver
            }
            _ = driver.drain()
            return driver
        }
    }

    @Test(arguments: screens) func everyKeyInTheMapDoesSomething(_ screen: Keyed) {
        let start = screen.start()
        var keys = screen.bindings().flatMap { binding in binding.keys.map { (binding.label, $0) } }
        // Shared keys are AppState's; Ctrl+L is the program loop's (RedrawKeyTests).
        keys += screen.shared().filter { $0 != .redraw }.map { ($0.label, $0.key) }
        #expect(keys.count >= 4)
        for (label, key) in keys {
            var driver = start
            driver.state.status = nil
            let before = driver.state
            driver.press(key)
            var after = driver.state
            after.lastActivity = before.lastActivity
            #expect(after != before || !driver.drain().isEmpty, "\(screen.name): \(label) (\(key)) does nothing")
        }
    }

    @Test(arguments: screens) func theBarAndHelpAreTheMap(_ screen: Keyed) {
        let driver = screen.start()
        let lines = driver.canvas.text.split(separator: "\n", omittingEmptySubsequences: false)
        let barLine = String(lines[lines.count - 1])
        // The bar may leave out the last keys for lack of room, never change them.
        let shown = screen.bar().filter { barLine.contains("\($0.key) \($0.meaning)") }
        #expect(!shown.isEmpty && shown.map(\.key) == Array(screen.bar().prefix(shown.count)).map(\.key),
                "\(screen.name): bar \(barLine)")
        let width = HelpScreen.textWidth(driver.state.size)
        let help = HelpScreen.lines(for: driver.state.screen, plain: driver.state.plainWording, chair: driver.state.isChair,
                                    width: width)
        #expect(help.starts(with: screen.help(width)), "\(screen.name): the help screen is not the map's help")
        for binding in screen.bindings() {
            #expect(help.contains { $0.hasPrefix(binding.label + " ") }, "\(screen.name): help leaves out \(binding.label)")
        }
        for common in screen.shared() {
            #expect(help.contains { $0.hasPrefix(common.label + " ") }, "\(screen.name): help leaves out \(common.label)")
        }
    }
}

/// docs/terminal.md's key tables are the key maps, word for word.
@Suite struct KeyTableTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/terminal.md")

    @Test func theManualListsEachScreensKeysAsItsMapHasThem() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        guard let begin = text.range(of: KeyTable.begin), let end = text.range(of: KeyTable.end + "\n"),
              begin.lowerBound < end.lowerBound else {
            Issue.record("docs/terminal.md has no generated key table between its marks")
            return
        }
        let inDocument = String(text[begin.lowerBound..<end.upperBound])
        if ProcessInfo.processInfo.environment["BIDPANEL_RECORD_SNAPSHOTS"] == "1", inDocument != KeyTable.markdown {
            try text.replacingCharacters(in: begin.lowerBound..<end.upperBound, with: KeyTable.markdown)
                .write(to: Self.document, atomically: true, encoding: .utf8)
            Issue.record("docs/terminal.md key table rewritten from the key maps; look at the diff")
            return
        }
        #expect(inDocument == KeyTable.markdown, "docs/terminal.md's key table differs from the key maps:\n\(KeyTable.markdown)")
        // Every converted screen's every key is in it.
        for binding in BidListScreen.keyMap(chair: true).bindings + [] {
            #expect(inDocument.contains("| \(KeyTable.cell(binding.label)) |"))
        }
        for binding in TotalsScreen.keyMap().bindings {
            #expect(inDocument.contains("| \(KeyTable.cell(binding.label)) |"))
        }
    }
}

extension Driver {
    /// A member part-way through a bid: a value saved on step 1, now on step 2.
    static func partWay(by member: String, bid: String = "B1") -> Driver {
        var driver = Driver.opened(bid, by: member)
        driver.press(.character("3"))
        driver.confirmSaves()
        driver.press(.enter)
        driver.press(.right)
        // Part-way down the answer too, so PgUp has somewhere to go.
        driver.press(.pageDown)
        return driver
    }

    static func walkthrough(by member: String, bid: String = "B1") -> Walkthrough {
        guard case let .walkthrough(walk) = partWay(by: member, bid: bid).state.screen else { fatalError("no walkthrough") }
        return walk
    }
}
