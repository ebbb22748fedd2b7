import Foundation
import Testing

/// The steps the stage-by-stage tmux tests share: a terminal running
/// `bidpanel open` in the test's folder, a sign-in with one PIN per person
/// (a pair gives two), and the chair signing stage 1 off from the board.
enum StagesDay {
    /// A tmux window running `bidpanel open FILE` in `folder`, writing its exit code to code-TAG.txt.
    static func terminal(folder: String, file: String, tag: String) throws -> Tmux {
        try Tmux(#"cd '\#(folder)' && trap : INT; "#
            + #"BIDPANEL_CRASH_LOG='\#(folder)/crash.log' '\#(CLI.binary.path)' open \#(file); code=$?; "#
            + #"echo "exit=$code" > code-\#(tag).txt; sleep 600"#)
    }

    /// Finds a name with `find`, chooses `chosen`, and answers each PIN prompt in turn.
    static func signIn(_ terminal: Tmux, find: String, chosen: String, pins: [(prompt: String, pin: String)]) async throws {
        try await terminal.waitFor("Who are you?")
        try terminal.type(find)
        try await terminal.waitFor("▸ \(chosen)")
        try terminal.send("Enter")
        for (prompt, pin) in pins {
            try await terminal.waitFor(prompt)
            try terminal.type(pin)
            try terminal.send("Enter")
        }
    }

    /// The chair (Chris in panels/youth-stages.toml) signs stage 1 off on
    /// the board; the values came on paper, so with a reason.
    static func chairSignsOffStageOne(_ chair: Tmux, pin: String) async throws {
        try await signIn(chair, find: "ch", chosen: "Chris", pins: [("PIN for Chris:", pin)])
        try await chair.waitFor("Panel board", "Stage 1 of 2: Written bids · S signs it off")
        try chair.type("s")
        try await chair.waitFor("Why sign off anyway?")
        try chair.type("Scored on paper")
        try chair.send("Enter")
        try await chair.waitFor("Stage 2 of 2: Interviews · shortlist (top 2): B1, B2", "Stage signed off. Write down: Audit seal")
    }

    /// The young member's terminal follows to stage 2 with no key pressed,
    /// opens B1 (shortlisted, in focus) and scores its interview 4.
    static func youngScoresTheInterview(_ member: Tmux) async throws {
        try await member.waitFor("Part 1 is finished. Now part 2: Interviews.", "Part 2 of 2: Interviews", "not picked")
        try member.send("Enter")
        try await member.waitFor("Bid B1 · Riverside Youth Arts", "Step 1 of 1", "Did they answer our questions well?")
        try member.type("4")
        try await member.waitFor("✓ saved")
    }

    /// Stage 1's values for panels/youth-stages.toml, with `young` as the young assessor's id.
    static func writtenScores(young: String) -> String {
        "bid,criterion,member,value\n" + [("B1", 4, 4, 5), ("B2", 3, 3, 3), ("B3", 2, 1, 2)].map { bid, chris, tom, youngValue in
            "\(bid),plan,chris,\(chris)\n\(bid),plan,tom,\(tom)\n\(bid),plan,\(young),\(youngValue)\n"
        }.joined()
    }

    /// Nothing in the crash log the terminals write to says one crashed.
    static func expectNoCrash(folder: String) {
        let log = (try? String(contentsOfFile: folder + "/crash.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("Backtrac") && !log.contains("crashed"), "\(log.prefix(500))")
    }
}
