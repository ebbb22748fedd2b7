import BidpanelCore

/// The walkthrough's keys, declared once for each state it can be in: on
/// the scale, typing a comment, asked "write why, or drop the pick?", or
/// reading a step in full. `update`, the key bar and help all read them.
extension Walkthrough {
    public enum Command: Sendable, Equatable {
        case pick, highlight, choose, comment, step, review, readAll
        case answerDown, answerUp, bidList, askedQuestion
        /// On the comment line.
        case saveComment, backToScore
        /// Asked about a pick that needs a comment.
        case writeWhy, dropPick
        /// The "in full" page.
        case readLine, readPage, closeReadAll
    }

    /// Whether Q can show the question as the bidders were asked it: young
    /// assessors read the plain wording, and this step has one of its own.
    func hasAskedQuestion(plain: Bool) -> Bool {
        guard plain, step.principle == nil, let simple = step.criterion.plain, !simple.isEmpty else { return false }
        return simple != step.criterion.question && !step.criterion.question.isEmpty
    }

    func keyMap(plain: Bool) -> KeyMap<Command> {
        if readingAll {
            return KeyMap([
                KeyBinding([.up, .down], "↑↓", "read", help: "moves a line up or down.", .readLine),
                KeyBinding([.pageUp, .pageDown, .character(" ")], "PgUp PgDn", "page", help: "moves a page up or down (Space too).", .readPage),
                KeyBinding([.character("m"), .character("M"), .escape, .enter], "M or Esc", "back to scoring",
                           help: "goes back to scoring this step.", .closeReadAll),
            ], common: [.handOver])
        }
        if leaving != nil {
            return KeyMap([
                KeyBinding([.character("w"), .character("W"), .enter, .tab, .escape], "W", "write why",
                           help: "goes to the comment line, so you can say why and save your pick.", .writeWhy),
                .letter("d", "drop the pick", help: "drops the pick (it is not saved) and goes where you were going.", .dropPick),
            ], common: [.handOver])
        }
        if focus == .comment {
            let next = returnToReview ? "save, back to review" : index == steps.count - 1 ? "save, then review" : "save, next"
            return KeyMap([
                KeyBinding([.enter], "Enter", next, help: "saves the comment and goes on.", .saveComment),
                KeyBinding([.escape, .tab, .backTab, .up], "Esc/Tab", "back to score",
                           help: "goes back to the scale; the comment is saved.", .backToScore),
                KeyBinding([.pageDown], "PgDn", "their answer", help: "shows more of the bidder's answer.", .answerDown),
                KeyBinding([.pageUp], "PgUp", "back up", help: "goes back up the bidder's answer.", inBar: false, .answerUp),
            ], common: [.handOver])
        }
        var bindings: [KeyBinding<Command>] = []
        let range = Steps.keyRange(choiceKeys)
        let pickKeys = choiceKeys.flatMap { key -> [Key] in
            let upper = Character(key.uppercased())
            return upper == key ? [.character(key)] : [.character(key), .character(upper)]
        }
        bindings.append(KeyBinding(pickKeys, range, readOnly ? "score (locked)" : "score",
                                   help: readOnly ? "says why scores cannot change here."
                                                  : "picks that score and saves it at once; then you can type a comment.",
                                   inBar: !readOnly, .pick))
        bindings.append(KeyBinding([.up, .down], "↑↓", "move", help: "moves along the scale from where the cursor is.", inBar: false, .highlight))
        bindings.append(KeyBinding([.enter], "Enter", "pick",
                                   help: readOnly ? "goes to the next step." : "picks the score the cursor is on (or, with one saved, goes on).",
                                   inBar: false, .choose))
        bindings.append(KeyBinding([.left, .right], "←→", "step", help: "goes to the previous or next step; nothing is lost.", .step))
        if !readOnly {
            bindings.append(KeyBinding([.tab], "Tab", "comment", help: "goes to the comment line for your score.",
                                       inBar: !hasAskedQuestion(plain: plain), .comment))
        }
        bindings.append(KeyBinding([.pageDown, .character(" ")], "PgDn", "more", help: "shows more of the bidder's answer (Space too).", inBar: false, .answerDown))
        bindings.append(KeyBinding([.pageUp], "PgUp", "back up", help: "goes back up the bidder's answer.", inBar: false, .answerUp))
        if hasAskedQuestion(plain: plain) {
            bindings.append(.letter("q", showingAsked ? "hide it" : "as asked",
                                    help: "shows the question as the bidders were asked it, beside the plain wording. Q again hides it.",
                                    .askedQuestion))
        }
        bindings.append(.letter("m", "read all", help: "shows the question, the guidance, the whole scale and the answer in full.", .readAll))
        bindings.append(.letter("r", "review", help: "shows all your scores for this bid, and lets you submit it.", .review))
        bindings.append(KeyBinding([.escape], "Esc", "all bids", help: "goes back to the list of bids. Nothing you entered is lost.", inBar: false, .bidList))
        return KeyMap(bindings)
    }

    /// What `?` shows on a walkthrough step.
    func help(plain: Bool, width: Int) -> [String] {
        HelpIntro.lines("Scoring a bid",
                        "Each screen is one question. Read the bidder's answer in the middle. "
                            + "Your score is saved the moment you pick it. A comment is saved when you press Enter or leave the step.",
                        width: width) + keyMap(plain: plain).helpLines(width: width)
    }
}
