import Foundation
import Testing

/// The real `bidpanel open` in tmux: a young assessor scores Kingsmead (B6),
/// whose answers file has one `## coproduction` section for the whole matrix,
/// and reads that answer on every principle and in M.
@Suite("Answers end to end")
struct AnswerEndToEndTests {
    static let zoePIN = "7391"
    static let answerStart = "Our work starts from young people's own agenda"
    static let answerEnd = "in planning our routes, in recruitment or in governance."

    /// The "lines 1–21 of 38" a long page shows, as numbers.
    static func linesShown(_ screen: String) -> (to: Int, of: Int)? {
        guard let match = screen.firstMatch(of: /lines (\d+)–(\d+) of (\d+)/),
              let to = Int(match.2), let of = Int(match.3) else { return nil }
        return (to, of)
    }

    /// The words of a screen, however its lines wrapped.
    static func words(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test func youngAssessorScoresAnUnsplitMatrixAnswerReadingIt() async throws {
        let evaluation = try Evaluation(pins: ["zoe": Self.zoePIN])
        defer { evaluation.remove() }
        let tmux = try Tmux(evaluation.script)
        defer { tmux.kill() }
        try await tmux.openB1(find: "zo", name: "Zoë Clarke", pin: Self.zoePIN)
        try tmux.send("Escape")
        try await tmux.waitFor("The bids", "▸ B1")
        for _ in 0..<5 { try tmux.send("Down") }
        try await tmux.waitFor("▸ B6   Kingsmead Detached Youth Work")
        try tmux.send("Enter")
        try await tmux.waitFor("Bid B6 · Kingsmead Detached Youth Work", "Step 1 of 8")
        // experience, activities, qualities; then the four principles.
        try tmux.send("Right", "Right", "Right")

        for (number, level) in ["2", "1", "2", "0"].enumerated() {
            let screen = try await tmux.waitFor("Principle \(number + 1) of 4", Self.answerStart)
            #expect(screen.contains("in one piece"), "the member is told why the text repeats:\n\(screen)")
            #expect(!screen.contains("no answer"))
            if number == 2 {
                // M: the whole answer, to its last words.
                try tmux.send("m")
                var screen = try await tmux.waitUntil("M drawn, with its line count", timeout: 30) { screen, _ in
                    screen.contains("in full") && (Self.linesShown(screen) != nil || Self.words(screen).contains(Self.answerEnd))
                }
                var pages = screen
                // Page down until the last line is on screen ("lines 20–38 of 38").
                while !Self.words(pages).contains(Self.answerEnd), let shown = Self.linesShown(screen), shown.to < shown.of {
                    try tmux.send("PageDown")
                    screen = try await tmux.waitUntil("the page after line \(shown.to)", timeout: 30) { next, _ in
                        (Self.linesShown(next)?.to ?? 0) > shown.to
                    }
                    pages += screen
                }
                #expect(Self.words(pages).contains(Self.answerEnd), "the whole answer, to its last words")
                #expect(Self.words(pages).contains(Self.answerStart))
                try tmux.send("Escape")
                try await tmux.waitFor("Principle 3 of 4", "not scored yet")
            }
            try tmux.send(level)
            try await tmux.waitFor("✓ saved")
            try await tmux.waitForCursor(y: 21)
            try tmux.send("Enter")
        }
        try await tmux.waitFor("Step 8 of 8")
        try tmux.send("C-c")
        try await tmux.waitFor("bidpanel closed")
        #expect(try await evaluation.exitStatus() == 0)

        let saved = try evaluation.scores(member: "zoe", bid: "B6").filter { $0[1] == "coproduction" }
        #expect(saved.count == 4, "\(saved)")
        #expect(saved.contains(["B6", "coproduction", "zoe", "2", "capabilities", ""]), "\(saved)")
        #expect(saved.contains(["B6", "coproduction", "zoe", "0", "facilitating", ""]), "\(saved)")
    }
}
