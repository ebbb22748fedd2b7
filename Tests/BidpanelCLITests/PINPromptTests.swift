import Foundation
import Testing

/// Choosing a PIN at a real terminal (tmux): the rules first, and a PIN
/// that is refused is asked for again, three tries in all, so the next PIN
/// typed never lands in the shell. Scripts (--pin-stdin) fail at once.
@Suite("Choosing a PIN")
struct PINPromptTests {
    static let chairPrompt = "New PIN for the chair, Priya Shah:"

    static func count(_ text: String, in screen: String) -> Int { screen.components(separatedBy: text).count - 1 }

    @Test func initAndSetPinAskAgainAfterARefusedPIN() async throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "pins\n")).deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bidpanel = "'\(CLI.binary.path)'"
        let tmux = try Tmux(#"cd '\#(folder)' && "#
            + #"\#(bidpanel) init '\#(CLI.panels)/youth-services.toml' --out ys.bidpanel; echo "exit=$?" > init.txt; "#
            + #"\#(bidpanel) members ys.bidpanel set-pin zoe; echo "exit=$?" > set-pin.txt; sleep 600"#)
        defer { tmux.kill() }

        try await tmux.waitFor("A PIN has 4 to 64 characters: digits, letters or both.", "It cannot be one character repeated, such as 1111.", Self.chairPrompt)
        try tmux.type("12")
        try tmux.send("Enter")
        try await tmux.waitUntil("the PIN asked for again") { screen, _ in
            screen.contains("That PIN cannot be used: a PIN needs at least 4 characters.\nTry again (2 more tries).")
                && Self.count(Self.chairPrompt, in: screen) == 2
        }
        try tmux.type("2468")
        try tmux.send("Enter")
        try await tmux.waitFor("Type it again:")
        try tmux.type("2486")
        try tmux.send("Enter")
        try await tmux.waitUntil("the third try") { screen, _ in
            screen.contains("The two PINs differ.\nTry again (1 more try).") && Self.count(Self.chairPrompt, in: screen) == 3
        }
        try tmux.type("2468")
        try tmux.send("Enter")
        try await tmux.waitUntil("type it again, a second time") { screen, _ in Self.count("Type it again:", in: screen) == 2 }
        try tmux.type("2468")
        try tmux.send("Enter")
        try await tmux.waitFor("Made ys.bidpanel")
        #expect(try await Tmux.waitForFile(folder + "/init.txt", containing: "\n") == "exit=0\n")

        // set-pin: the chair's PIN, then the member's, with the same rules.
        try await tmux.waitFor("Chair's PIN (Priya Shah):")
        try tmux.type("2468")
        try tmux.send("Enter")
        try await tmux.waitFor("New PIN for Zoë Clarke (zoe):")
        try tmux.type("1111")
        try tmux.send("Enter")
        try await tmux.waitFor("That PIN cannot be used: a PIN cannot be one character repeated.", "Try again (2 more tries).")
        try tmux.type("7391")
        try tmux.send("Enter")
        try await tmux.waitUntil("type it again") { screen, _ in Self.count("Type it again:", in: screen) == 3 }
        try tmux.type("7391")
        try tmux.send("Enter")
        try await tmux.waitFor("PIN set for Zoë Clarke.")
        #expect(try await Tmux.waitForFile(folder + "/set-pin.txt", containing: "\n") == "exit=0\n")
        #expect(tmux.seen.allSatisfy { !$0.contains("2468") && !$0.contains("7391") }, "a PIN showed on screen")

        let signIn = try Tmux.run(CLI.binary.path, ["export", folder + "/ys.bidpanel", "--scores", folder + "/s.csv", "--pin-stdin"],
                                  input: "2468\n")
        #expect(signIn.status == 0, "\(signIn.err)")
    }

    @Test func threeRefusedPINsChangeNothing() async throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "pins\n")).deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try Tmux(#"cd '\#(folder)' && '\#(CLI.binary.path)' init '\#(CLI.panels)/youth-services.toml' --out ys.bidpanel; "#
            + #"echo "exit=$?" > init.txt; sleep 600"#)
        defer { tmux.kill() }
        for attempt in 1...3 {
            try await tmux.waitUntil("prompt \(attempt)") { screen, _ in Self.count(Self.chairPrompt, in: screen) == attempt }
            try tmux.type(String(repeating: "9", count: attempt))
            try tmux.send("Enter")
        }
        try await tmux.waitFor("no PIN was set after 3 tries, so nothing was changed")
        #expect(try await Tmux.waitForFile(folder + "/init.txt", containing: "\n") == "exit=1\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/ys.bidpanel"))
    }

    @Test func scriptsFailAtOnce() throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "pins\n")).deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Tmux.run(CLI.binary.path, ["init", "\(CLI.panels)/youth-services.toml", "--out", folder + "/ys.bidpanel",
                                                 "--pin-stdin"], input: "12\n2468\n")
        #expect(run.status == 1)
        #expect(run.err.contains("that PIN cannot be used: a PIN needs at least 4 characters"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/ys.bidpanel"))
    }
}
