@testable import BidpanelTerminal
import BidpanelTUI
import Testing

@Test func ctrlLArrivesAsTheProgramsRedrawKey() {
    // Ctrl+L is byte 0x0C; the program loop repaints on it.
    #expect(KeyDecoding.character(0x0C) == .control("l"))
    #expect(KeyDecoding.character(0x0C) == Program.redrawKey)
    // Its neighbours stay what they were: Ctrl+K, and Enter (13).
    #expect(KeyDecoding.character(0x0B) == .control("k"))
    #expect(KeyDecoding.character(0x0D) == .enter)
}
