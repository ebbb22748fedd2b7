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

    /// Ctrl+C, Ctrl+\ and Ctrl+D at a PIN prompt cancel it and change
    /// nothing; the terminal's settings are as they were before (echo back
    /// on in the shell), and the exit status is the one a shell expects. So
    /// does SIGTERM from another terminal.
    @Test func cancellingAPromptPutsTheTerminalBack() async throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "pins\n")).deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let initCommand = "'\(CLI.binary.path)' init '\(CLI.panels)/youth-services.toml' --out ys.bidpanel"
        var script = "cd '\(folder)' && stty -g > before.txt; "
        for run in ["interrupt", "quit", "end", "terminated", "made"] {
            script += #"\#(initCommand); echo "exit=$?" > \#(run).txt; stty -g > \#(run).stty; "#
        }
        script += #"printf 'Say something: '; read answer; echo "answer=$answer" > answer.txt; sleep 600"#
        let tmux = try Tmux(script, height: 60)
        defer { tmux.kill() }
        func cancel(_ key: String, run: String, prompt: Int, status: Int) async throws {
            try await tmux.waitUntil("prompt \(prompt), for \(run)") { screen, _ in Self.count(Self.chairPrompt, in: screen) == prompt }
            try tmux.type("7153")
            try tmux.send(key)
            #expect(try await Tmux.waitForFile("\(folder)/\(run).txt", containing: "\n") == "exit=\(status)\n", "\(run)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/ys.bidpanel"), "\(run)")
        }
        try await cancel("C-c", run: "interrupt", prompt: 1, status: 130)
        try await cancel("C-\\", run: "quit", prompt: 2, status: 131)
        try await cancel("C-d", run: "end", prompt: 3, status: 1)
        let screen = try tmux.screen()
        #expect(Self.count("Cancelled: nothing was changed.", in: screen) == 3, "\(screen)")
        // SIGTERM from another terminal while the PIN is typed.
        try await tmux.waitUntil("prompt 4") { screen, _ in Self.count(Self.chairPrompt, in: screen) == 4 }
        try tmux.type("7153")
        #expect(kill(try tmux.child(named: "bidpanel"), SIGTERM) == 0)
        #expect(try await Tmux.waitForFile(folder + "/terminated.txt", containing: "\n") == "exit=143\n")
        // Backspace still corrects a PIN typed byte by byte.
        try await tmux.waitUntil("prompt 5") { screen, _ in Self.count(Self.chairPrompt, in: screen) == 5 }
        try tmux.type("24689")
        try tmux.send("BSpace")
        try tmux.send("Enter")
        try await tmux.waitFor("Type it again:")
        try tmux.type("2468")
        try tmux.send("Enter")
        #expect(try await Tmux.waitForFile(folder + "/made.txt", containing: "\n") == "exit=0\n")

        let before = try String(contentsOfFile: folder + "/before.txt", encoding: .utf8)
        #expect(before.count > 10)
        for run in ["interrupt", "quit", "end", "terminated", "made"] {
            #expect(try String(contentsOfFile: "\(folder)/\(run).stty", encoding: .utf8) == before, "stty -g after \(run)")
        }
        // The shell echoes what is typed again, and none of the PINs ever showed.
        try await tmux.waitFor("Say something:")
        try tmux.type("hello there")
        try await tmux.waitFor("Say something: hello there")
        try tmux.send("Enter")
        #expect(try await Tmux.waitForFile(folder + "/answer.txt", containing: "\n") == "answer=hello there\n")
        #expect(tmux.seen.allSatisfy { !$0.contains("7153") && !$0.contains("2468") }, "a PIN showed on screen")

        let signIn = try Tmux.run(CLI.binary.path, ["export", folder + "/ys.bidpanel", "--scores", folder + "/s.csv", "--pin-stdin"],
                                  input: "2468\n")
        #expect(signIn.status == 0, "\(signIn.err)")
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
