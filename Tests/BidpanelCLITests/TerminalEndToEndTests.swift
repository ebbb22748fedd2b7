import BidpanelCore
import Foundation
import Testing

/// The real `bidpanel open` on a real terminal (tmux, 80×24), driven by keys
/// as a panel member would, then checked through the evaluation file itself.
@Suite("Terminal end to end", .serialized)
struct TerminalEndToEndTests {
    static let zoePIN = "7391", davidPIN = "1357"

    @Test func youngAssessorScoresEveryStepAndSubmits() async throws {
        let evaluation = try Evaluation(pins: ["zoe": Self.zoePIN])
        defer { evaluation.remove() }
        let tmux = try Tmux(evaluation.script)
        defer { tmux.kill() }
        try await tmux.openB1(find: "zo", name: "Zoë Clarke", pin: Self.zoePIN)

        // experience, activities, qualities, the four matrix principles, the ladder.
        let steps: [(key: String, comment: String?)] = [
            ("4", "Good track record"), ("3", nil), ("5", nil),
            ("2", nil), ("3", nil), ("1", nil), ("0", nil), ("6", nil),
        ]
        for (index, step) in steps.enumerated() {
            try await tmux.waitUntil("step \(index + 1) of 8, not scored yet") { screen, _ in
                screen.contains("Step \(index + 1) of 8") && screen.contains("not scored yet")
            }
            try tmux.send(step.key)
            try await tmux.waitFor("✓ saved")
            try await tmux.waitForCursor(y: 21)   // the comment line
            if let comment = step.comment {
                try tmux.type(comment)
                try await tmux.waitFor("Why? (you can skip) \(comment)")
            }
            try tmux.send("Enter")
        }

        let review = try await tmux.waitFor("Review", "8 of 8 scored")
        #expect(review.contains("Good track record"))
        #expect(review.contains("6 Co-producing"))
        let cursor = try tmux.cursor()
        let rows = Tmux.rows(review)
        #expect((4...11).contains(cursor.y) && rows[cursor.y].contains("▸ "),
                "cursor \(cursor) is not on a list item:\n\(review)")

        try tmux.send("s")
        try await tmux.waitFor("Send in your scores for bid B1?")
        try tmux.send("y")
        try await tmux.waitFor("✓ submitted", "Bid B1 is sent in")

        try tmux.send("C-c")
        try await tmux.waitFor("bidpanel closed")
        #expect(try await evaluation.exitStatus() == 0)
        #expect(try evaluation.terminalRestored())
        #expect(tmux.seen.allSatisfy { !$0.contains(Self.zoePIN) }, "the PIN showed on screen")

        let saved = try evaluation.scores(member: "zoe", bid: "B1")
        #expect(saved.count == 8, "\(saved)")
        #expect(saved.contains(["B1", "ladder", "zoe", "co-producing", "", ""]), "\(saved)")
        #expect(saved.contains(["B1", "coproduction", "zoe", "1", "peer-support", ""]), "\(saved)")
        #expect(saved.contains(["B1", "coproduction", "zoe", "0", "facilitating", ""]), "\(saved)")
        #expect(saved.contains(["B1", "experience", "zoe", "4", "", "Good track record"]), "\(saved)")
    }

    @Test func resizingRelaysOutAndComesBackToTheSamePlace() async throws {
        let evaluation = try Evaluation(pins: ["zoe": Self.zoePIN])
        defer { evaluation.remove() }
        let tmux = try Tmux(evaluation.script)
        defer { tmux.kill() }
        try await tmux.openB1(find: "zo", name: "Zoë Clarke", pin: Self.zoePIN)
        try tmux.send("2")
        try await tmux.waitFor("✓ saved")
        try tmux.type("abc")
        try await tmux.waitFor("Why? (you can skip) abc")
        try await tmux.waitForCursor(x: 24, y: 21)   // just after "abc"

        // The cursor stays just after the comment, wherever that line is now.
        func onComment(_ screen: String, _ cursor: (x: Int, y: Int)) -> Bool {
            let rows = Tmux.rows(screen)
            return cursor.x == 24 && rows.indices.contains(cursor.y) && rows[cursor.y].hasSuffix("Why? (you can skip) abc")
        }

        try tmux.resize(100, 30)
        try await tmux.waitUntil("the walkthrough laid out at 100×30") { screen, cursor in
            let rows = Tmux.rows(screen)
            // "Step 1 of 8" ends at column 99, a space from the new right edge.
            return rows.count == 30 && rows[0].count == 99 && rows[0].hasSuffix("Step 1 of 8")
                && rows[29].hasPrefix("Enter save, next") && onComment(screen, cursor)
        }

        try tmux.resize(60, 20)
        try await tmux.waitFor("Please make the window bigger", "60 × 20")

        try tmux.resize(80, 24)
        let back = try await tmux.waitUntil("the walkthrough back at 80×24, cursor at 24,21") { screen, cursor in
            Tmux.rows(screen).count == 24 && screen.contains("Step 1 of 8") && cursor == (24, 21) && onComment(screen, cursor)
        }
        #expect(back.contains("▸ (•) 2 Fair"))
        #expect(!back.contains("Please make the window bigger"))

        try tmux.send("C-c")
        #expect(try await evaluation.exitStatus() == 0)
    }

    /// Ctrl+C (SIGINT from the terminal), SIGTERM (kill, shutdown), SIGHUP
    /// (terminal closed) and Ctrl+\ (SIGQUIT from the terminal): the comment
    /// typed but not yet entered is kept, and the terminal is left as it was
    /// (`stty -g` the same before and after). Ctrl+C is how a person closes
    /// bidpanel, so it ends quietly with status 0; the others end with the
    /// shell's status for the signal.
    @Test(arguments: [(SIGINT, 0), (SIGTERM, 143), (SIGHUP, 129), (SIGQUIT, 131)] as [(Int32, Int32)])
    func aSignalKeepsTheTypedCommentAndTheTerminal(signal: Int32, status: Int32) async throws {
        let evaluation = try Evaluation(pins: ["david": Self.davidPIN])
        defer { evaluation.remove() }
        let tmux = try Tmux(evaluation.script)
        defer { tmux.kill() }
        try await tmux.openB1(find: "da", name: "David Okafor", pin: Self.davidPIN)
        try await tmux.waitFor("Step 1 of 12")
        try tmux.send("3")
        try await tmux.waitFor("✓ saved")
        try await tmux.waitForCursor(y: 21)
        let comment = "typed then signal \(signal)"
        try tmux.type(comment)
        try await tmux.waitFor("Comment (optional): \(comment)")

        if signal == SIGINT {
            try tmux.send("C-c")
            #expect(try await evaluation.exitStatus() == status)
        } else {
            if signal == SIGQUIT {
                try tmux.send("C-\\") // as a member presses it: the terminal sends SIGQUIT
            } else {
                #expect(kill(try tmux.child(named: "bidpanel"), signal) == 0)
            }
            #expect(try await evaluation.exitStatus() == status)
            try await tmux.waitFor("bidpanel stopped by signal \(signal). Everything entered is saved.")
            // No backtrace painted over the screen or left behind it.
            #expect(!(try tmux.screen()).contains("Backtrac"))
            let log = (try? String(contentsOfFile: evaluation.crashLog, encoding: .utf8)) ?? ""
            #expect(!log.contains("Backtrac") && !log.contains("crashed"), "\(log.prefix(500))")
        }
        #expect(try evaluation.terminalRestored())
        let saved = try evaluation.scores(member: "david", bid: "B1")
        #expect(saved == [["B1", "experience", "david", "3", "", comment]])
    }

    /// The README's first command: the demo opens the screens with the demo
    /// PINs shown, and the chair can sign in with hers.
    @Test func theDemoOpensWithItsPINsShown() async throws {
        let folder = URL(fileURLWithPath: try CLI.temporary("README", "demo\n")).deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try Tmux(#"cd '\#(folder)' && trap : INT; TMPDIR='\#(folder)' BIDPANEL_PANELS='\#(CLI.panels)' "#
            + #"'\#(CLI.binary.path)' demo; echo "exit=$?" > code.txt; sleep 600"#)
        defer { tmux.kill() }
        try await tmux.waitFor("Priya Shah", "demo PIN: 2468", "Kyle Mensah", "demo PIN: 9753")
        try tmux.type("pr")
        try tmux.send("Enter")
        try tmux.type("2468")
        try tmux.send("Enter")
        // Her declaration came in with the sample scores, as from paper.
        try await tmux.waitFor("Priya Shah · chair", "Panel board")
        try tmux.send("C-c")
        try await tmux.waitFor("bidpanel demo closed. The demo evaluation is kept at:")
        _ = try await Tmux.waitForFile(folder + "/code.txt", containing: "exit=0")
        // The demo's folder and file hold scores, names and PIN hashes: owner-only.
        let demo = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasPrefix("bidpanel-demo-") })
        let attributes = { (path: String) in (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue }
        #expect(try attributes(folder + "/" + demo) == 0o700)
        #expect(try attributes(folder + "/" + demo + "/youth-services.bidpanel") == 0o600)
    }

    /// A crash (here a SIGSEGV from outside) puts the terminal settings back,
    /// writes the log, tells the user where it is, and loses nothing saved.
    @Test func aCrashPutsTheTerminalBackAndWritesTheLog() async throws {
        let evaluation = try Evaluation(pins: ["david": Self.davidPIN])
        defer { evaluation.remove() }
        let tmux = try Tmux(evaluation.script)
        defer { tmux.kill() }
        try await tmux.openB1(find: "da", name: "David Okafor", pin: Self.davidPIN)
        try tmux.send("4")
        try await tmux.waitFor("✓ saved")

        let pid = try tmux.child(named: "bidpanel")
        #expect(kill(pid, SIGSEGV) == 0)
        #expect(try await evaluation.exitStatus() == 128 + SIGSEGV)
        // The path may wrap at 80 columns, so look for the words only.
        try await tmux.waitFor("bidpanel crashed (SIGSEGV); details are in /")
        #expect(try evaluation.terminalRestored())
        let log = try String(contentsOfFile: evaluation.crashLog, encoding: .utf8)
        #expect(log.hasPrefix("bidpanel crashed: signal \(SIGSEGV) (SIGSEGV) at "))
        #expect(log.contains("\nbidpanel version \(BidpanelVersion.current)\n"))
        #expect(try FileManager.default.attributesOfItem(atPath: evaluation.crashLog)[.posixPermissions] as? Int == 0o600)
        #expect(try evaluation.scores(member: "david", bid: "B1") == [["B1", "experience", "david", "4", "", ""]])
    }
}

/// A fresh evaluation file of panels/youth-services.toml in its own temp folder.
struct Evaluation {
    static let chairPIN = "2468"
    let folder: String
    var file: String { folder + "/evaluation.bidpanel" }
    var crashLog: String { folder + "/crash.log" }

    init(pins: [String: String], panel: String = "youth-services.toml") throws {
        folder = URL(fileURLWithPath: try CLI.temporary("README", "bidpanel end-to-end test\n"))
            .deletingLastPathComponent().path
        let made = try bidpanel(["init", "\(CLI.panels)/\(panel)", "--out", file, "--pin-stdin"],
                                input: Self.chairPIN + "\n")
        try #require(made.status == 0, "\(made.err)")
        for (member, pin) in pins {
            let set = try bidpanel(["members", file, "set-pin", member, "--pin-stdin"], input: "\(Self.chairPIN)\n\(pin)\n")
            try #require(set.status == 0, "\(set.err)")
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    func bidpanel(_ arguments: [String], input: String) throws -> CLI.Run {
        try Tmux.run(CLI.binary.path, arguments, input: input, in: folder)
    }

    /// What the pane runs: bidpanel between two `stty -g`, then its exit status.
    var script: String {
        // `trap : INT QUIT`: Ctrl+C and Ctrl+\ must not end the shell too
        // (an interactive shell ignores them, as with a real shell's job control).
        #"cd '\#(folder)' && trap : INT QUIT; stty -g > before.txt; "#
            + #"BIDPANEL_CRASH_LOG='\#(crashLog)' '\#(CLI.binary.path)' open '\#(file)'; code=$?; "#
            + #"stty -g > after.txt; echo "exit=$code" > code.txt; sleep 600"#
    }

    /// Waits for bidpanel to end and returns its exit status as the shell saw it.
    func exitStatus(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int32 {
        let text = try await Tmux.waitForFile(folder + "/code.txt", containing: "\n", sourceLocation: sourceLocation)
        return try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst("exit=".count)))
    }

    /// The terminal settings after bidpanel are the ones from before it.
    func terminalRestored() throws -> Bool {
        let before = try String(contentsOfFile: folder + "/before.txt", encoding: .utf8)
        let after = try String(contentsOfFile: folder + "/after.txt", encoding: .utf8)
        return !before.isEmpty && before == after
    }

    /// Exported rows (bid, criterion, member, value, principle, comment) for one member and bid.
    func scores(member: String, bid: String) throws -> [[String]] {
        let run = try bidpanel(["export", file, "--scores", "scores.csv", "--pin-stdin"], input: Self.chairPIN + "\n")
        try #require(run.status == 0, "\(run.err)")
        let csv = try String(contentsOfFile: folder + "/scores.csv", encoding: .utf8)
        return csv.split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", maxSplits: 5, omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count == 6 && $0[0] == bid && $0[2] == member }
    }
}

extension Tmux {
    /// The chair signs in and declares no conflicts; the board comes next.
    func signInChair(find: String = "pr", name: String = "Priya Shah", pin: String = Evaluation.chairPIN) async throws {
        try await waitFor("Who are you?")
        try type(find)
        try await waitFor("▸ \(name)")
        try send("Enter")
        try await waitFor("PIN for \(name):")
        try type(pin)
        try send("Enter")
        try await waitFor("▸ I have no conflicts")
        try send("Enter")
        try type("y")
    }

    /// Sign in (PIN shown only as dots), declare no conflicts and open bid B1.
    func openB1(find: String, name: String, pin: String) async throws {
        try await waitFor("Who are you?")
        try type(find)
        try await waitFor("Find: \(find)", "▸ \(name)")
        try send("Enter")
        try await waitFor("PIN for \(name):")
        try type(pin)
        let dots = try await waitFor("PIN for \(name): ••••")
        #expect(!dots.contains(pin))
        try send("Enter")
        try await waitFor("Before you see any bid: conflicts of interest", "▸ I have no conflicts")
        try send("Enter")
        try await waitFor("No conflicts with any of these bids? Y yes, N no")
        try type("y")
        try await waitFor("The bids", "▸ B1   Northgate Youth Collective")
        try send("Enter")
        try await waitFor("Bid B1 · Northgate Youth Collective", "Step 1 of")
    }
}
