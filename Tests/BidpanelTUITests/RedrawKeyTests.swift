import BidpanelCore
import BidpanelStore
import BidpanelTUI
import Testing

/// Ctrl+L repaints the whole screen, on any screen, and is never typed.
@Suite(.serialized) struct RedrawKeyTests {
    @Test func ctrlLRepaintsTheScreenWithoutTypingIntoTheField() throws {
        let (store, _) = try Youth.evaluation()
        let backend = StoreBackend(store: store)
        // Ctrl+L while the name search has focus, then while a comment is typed.
        var script: [TerminalEvent] = .keys("da") + .key(.control("l")) + .keys("vid") + .key(.enter)
        script += .keys("1357") + .key(.enter)
        script += .key(.enter) + .keys("y") + .key(.enter) // no conflicts; open B1
        script += .keys("4") + .keys("Clear track") + .key(.control("l")) + .keys(" record")
        script += [.stop(reason: "SIGTERM")]
        let device = ScriptedDevice(script: script)
        let program = Program(state: AppState(panel: store.panel, members: try backend.memberEntries(), size: device.size),
                              backend: backend, device: device, clock: { 1 })
        #expect(program.run() == "SIGTERM")

        // Each Ctrl+L wiped the terminal, and the same screen was painted again at once.
        #expect(device.wipes == 2)
        for wiped in device.wipedAfterFrames {
            try #require(wiped > 0 && wiped < device.frames.count)
            #expect(device.frames[wiped].text == device.frames[wiped - 1].text)
            #expect(device.frames[wiped].cursor == device.frames[wiped - 1].cursor)
        }
        // Nothing was typed: the name was found and the comment is whole.
        let david = try store.signIn(member: "david", pin: Youth.pins["david"]!)
        let value = try #require(try david.myValues(bid: "B1").first { $0.slot.criterion == "experience" })
        #expect(value.comment == "Clear track record")
    }

    @Test func theHelpNamesCtrlL() {
        #expect(Program.redrawKey == .control("l"))
        var driver = Driver()
        driver.signIn("zoe")
        driver.press(.character("?"))
        // The list of bids draws its help from its key map: "Ctrl+L  redraws …".
        #expect(driver.canvas.text.contains("Ctrl+L  redraws the screen"))
        driver.press(.character("x"))
        driver.open("B1")
        driver.press(.character("?"))
        // The walkthrough's help is longer than the window: Ctrl+L is further down.
        driver.press(.pageDown, .pageDown)
        #expect(driver.canvas.text.contains("Ctrl+L  redraws the screen"))
    }
}
