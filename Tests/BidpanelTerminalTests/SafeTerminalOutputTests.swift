import BidpanelTUI
import Foundation
import Glibc
import Testing

@testable import BidpanelTerminal

extension TerminalTests {
    /// The bytes ncurses sends to the terminal for a frame holding a bidder's
    /// name with OSC 52, OSC 0, a C1 CSI and bidi controls: the terminal's own
    /// cursor moves, but nothing from the name that a terminal would obey.
    @Suite
    struct SafeTerminalOutputTests {
        @Test func aHostileNameReachesTheTerminalOnlyAsMarks() throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-tty-\(UUID().uuidString)").path
            defer { unlink(path) }
            var ends: [Int32] = [0, 0]
            #expect(pipe(&ends) == 0)
            let input = fdopen(ends[0], "r")!
            let output = fopen(path, "w")!
            let terminal = try NcursesTerminal(colour: true, input: input, output: output, termType: "xterm-256color")
            terminal.resize(to: Size(width: 80, height: 24))
            var canvas = Canvas(size: Size(width: 80, height: 24))
            canvas.put("Café \u{1B}]52;c;ZWNobyBvd25lZA==\u{07}Mosaic", x: 0, y: 2)
            canvas.put("\u{1B}]0;Signed off\u{07}\u{202E}Project\u{9B}2J \u{2066}x\u{2069}\u{85}", x: 0, y: 3, style: .bold, tint: .warning)
            terminal.draw(canvas)
            let shown = terminal.readBack()
            terminal.shutdown()
            fclose(output)
            close(ends[1])
            fclose(input)

            #expect(shown[2] == "Café ␛]52;c;ZWNobyBvd25lZA==␇Mosaic")
            #expect(shown[3] == "␛]0;Signed off␇\u{FFFD}Project\u{FFFD}2J \u{FFFD}x\u{FFFD}\u{FFFD}")
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(!bytes.isEmpty)
            #expect(!bytes.contains(0x07), "BEL reached the terminal")
            #expect(!Self.contains(bytes, [0x1B, 0x5D]), "an OSC (ESC ]) reached the terminal")
            for (sequence, name) in [([0xE2, 0x80, 0xAE], "U+202E"), ([0xE2, 0x81, 0xA6], "U+2066"), ([0xE2, 0x81, 0xA9], "U+2069"),
                                     ([0xC2, 0x9B], "C1 CSI"), ([0xC2, 0x85], "C1 NEL")] as [([UInt8], String)] {
                #expect(!Self.contains(bytes, sequence), "\(name) reached the terminal")
            }
            #expect(Self.contains(bytes, Array("Mosaic".utf8)))
        }

        static func contains(_ bytes: [UInt8], _ sequence: [UInt8]) -> Bool {
            guard bytes.count >= sequence.count else { return false }
            return (0...(bytes.count - sequence.count)).contains { Array(bytes[$0..<($0 + sequence.count)]) == sequence }
        }
    }
}
