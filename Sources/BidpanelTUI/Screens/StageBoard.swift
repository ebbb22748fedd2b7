import BidpanelCore
import BidpanelStore

/// A tender in stages on the chair's board: the stage being scored, its
/// shortlist with the rule, signing the stage off (S) and changing the
/// shortlist (L). Nil everywhere for a tender scored in one go.
enum StageBoard {
    /// The stage S signs off, when it is not the last (the last is signed
    /// off with the evaluation, as without stages).
    static func stageToSignOff(_ chair: ChairData) -> String? {
        guard let stages = chair.board.stages, !stages.isLastStage, let stage = stages.currentStage else { return nil }
        return stage.id
    }

    /// The panel the current stage is scored on: its criteria, the bids in it.
    static func stagePanel(_ chair: ChairData) -> Panel? {
        guard let stages = chair.board.stages, let stage = stages.currentStage else { return nil }
        return chair.panel.stagePanel(stage, bids: chair.panel.bids.filter { stages.inCurrentStage(bid: $0.id) })
    }

    /// Who has not submitted the bids they score in this stage.
    static func outstanding(_ chair: ChairData) -> [Outstanding] {
        chair.board.outstanding(panel: stagePanel(chair) ?? chair.panel)
    }

    /// The board's line about the stage, instead of the counts of values.
    static func line(_ chair: ChairData) -> String? {
        guard let stages = chair.board.stages else { return nil }
        guard let stage = stages.currentStage else {
            return stages.stages.count == 1 ? "The stage is signed off." : "All \(stages.stages.count) stages are signed off."
        }
        var text = "Stage \(stages.current + 1) of \(stages.stages.count): \(SafeText.line(stage.title))"
        // Once the evaluation is signed off, nothing here can change: no key hints.
        if chair.signedOff { return text + " · signed off" }
        if stages.current > 0 {
            let rule = rule(stages.stages[stages.current - 1].shortlist)
            if chair.panel.lots.isEmpty {
                text += " · shortlist (\(rule)): \(shortlist(chair.panel.bids, stages)) · L changes it"
            } else {
                // Each lot has its own: the bid in focus shows its lot's (`about`).
                text += " · shortlist: \(rule) in each lot · L changes it"
            }
        }
        if !stages.isLastStage { text += " · S signs it off" }
        return text
    }

    /// "N1, N2" or "none": which of `bids` are scored in the current stage.
    static func shortlist(_ bids: [Bid], _ stages: StageStanding) -> String {
        let on = bids.map(\.id).filter { stages.inCurrentStage(bid: $0) }
        return on.isEmpty ? "none" : on.joined(separator: ", ")
    }

    /// The shortlist's rule in a few words: "top 2", "at least 50%".
    static func rule(_ rule: ShortlistRule?) -> String {
        let parts = [rule?.top.map { "top \($0)" }, rule?.atLeast.map { "at least \($0)%" }].compactMap { $0 }
        return parts.isEmpty ? "all in contention" : parts.joined(separator: ", ")
    }

    /// What the bid in focus is, on the shortlist into this stage.
    static func about(_ chair: ChairData, bid: String) -> String? {
        guard let stages = chair.board.stages, let decision = stages.decisionIntoCurrent(bid: bid) else { return nil }
        var text = "\(bid): \(decision.goesOn ? "on the shortlist" : "not shortlisted")"
        // "On the shortlist (shortlisted)" would say it twice: the reason only when it adds something.
        if decision.why != .byRule { text += " (\(StageText.why(decision.why)))" }
        if case let .overridden(_, reason, _) = decision.why { text += ": \(SafeText.line(reason))" }
        // In lots, the shortlist of the bid's own lot.
        if let lot = chair.panel.bids.first(where: { $0.id == bid })?.lot, !chair.panel.lots.isEmpty {
            text += " · lot \(SafeText.line(lot)): \(shortlist(chair.panel.bids.filter { $0.lot == lot }, stages))"
        }
        return text
    }

    /// Whether every stage and the final result are complete (the chair's
    /// totals are over every criterion, and a bid not shortlisted has no
    /// value for a later stage); nil for a tender scored in one go.
    static func complete(_ chair: ChairData) -> Bool? {
        guard chair.board.stages != nil else { return nil }
        // In lots, each lot has its own shortlists (LotScoring).
        if let tender = tender(chair) { return tender.complete }
        return StageScoring.score(chair.panel, chair.board.sheet, overrides: overrides(chair), signedOff: signedOff(chair)).complete
    }

    /// A tender in lots and in stages: each lot's stages and final result,
    /// and the awards with the chair's decisions on ties. Nil otherwise
    /// (in lots alone, `ChairData.tender` keeps it up to date).
    static func tender(_ chair: ChairData) -> TenderResult? {
        guard chair.board.stages != nil, !chair.panel.lots.isEmpty else { return nil }
        return chair.stagedTender {
            LotScoring.score(chair.panel, chair.board.sheet, overrides: overrides(chair), tieDecisions: chair.board.tieDecisions,
                             signedOff: signedOff(chair))
        }
    }

    /// The signed-off stages with the bids out at each sign-off, so the
    /// screens draw the shortlists the store holds (a bid withdrawn after
    /// sign-off leaves the shortlist; no bid joins it by itself).
    static func signedOff(_ chair: ChairData) -> [StageAtSignOff] { chair.board.stages?.atSignOff ?? [] }

    /// The chair's overrides, as the board's shortlists carry them.
    static func overrides(_ chair: ChairData) -> [ShortlistOverride] {
        var overrides: [ShortlistOverride] = []
        for (stage, decisions) in chair.board.stages?.decisions ?? [:] {
            for decision in decisions {
                guard case let .overridden(goesOn, reason, _) = decision.why else { continue }
                overrides.append(ShortlistOverride(stage: stage, bid: decision.bid, goesOn: goesOn, reason: reason))
            }
        }
        return overrides
    }

    /// The totals of a tender in stages: each stage's table with its
    /// shortlist, then the final result, as `bidpanel score` prints them.
    /// In lots too: lot by lot, each lot's stages and final result, then
    /// who wins each lot under the award rule.
    static func totalsLines(_ chair: ChairData, width: Int) -> [String]? {
        guard chair.board.stages != nil else { return nil }
        if let tender = tender(chair) {
            return (LotText.lines(tender, panel: chair.panel, width: width).joined(separator: "\n") + "\n")
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        let staged = StageScoring.score(chair.panel, chair.board.sheet, overrides: overrides(chair), signedOff: signedOff(chair))
        return StageText.lines(staged, width: width)
    }

    /// "Sign off stage 1? …" for Y.
    static func confirmQuestion(_ chair: ChairData, stage: String?) -> String? {
        guard let stage, let stages = chair.board.stages, let index = stages.index(of: stage) else { return nil }
        return "Sign off stage \(index + 1)? Its marks are then fixed and the shortlist is drawn up. Y signs off; any other key goes back."
    }
}

/// What a member is told when the stage changes, in plain words for young
/// assessors.
enum StageWording {
    static func news(before: StageStanding?, now: StageStanding?, plain: Bool) -> String? {
        guard let now, let before, now.current != before.current, let stage = now.currentStage else { return nil }
        return plain
            ? "Part \(now.current) is finished. Now part \(now.current + 1): \(SafeText.line(stage.title)). You score only the bids that were picked."
            : "The chair signed off stage \(now.current). Stage \(now.current + 1) (\(SafeText.line(stage.title))) has started, for the shortlisted bids."
    }

    /// Whether this member's role scores nothing in the stage being scored
    /// (young assessors while the written bids are scored).
    static func scoresNothingNow(_ stages: StageStanding, panel: Panel, role: Role) -> Bool {
        guard let stage = stages.currentStage, role != .observer else { return false }
        return Steps.steps(panel: panel, role: role, stage: stage.id).isEmpty
    }

    /// For a member with nothing to score in this stage: when they do score,
    /// in plain words for young assessors. Nil when they score in it.
    static func nothingNow(_ stages: StageStanding, panel: Panel, role: Role, plain: Bool) -> String? {
        guard scoresNothingNow(stages, panel: panel, role: role) else { return nil }
        let later = stages.stages.indices.dropFirst(stages.current + 1)
            .first { !Steps.steps(panel: panel, role: role, stage: stages.stages[$0].id).isEmpty }
        guard let later else {
            return plain ? "There is nothing for you to score in this part." + (stages.current > 0 ? " Your scores from the earlier part are kept." : "")
                         : "There is nothing for you to score in this stage."
        }
        let title = SafeText.line(stages.stages[later].title)
        return plain ? "There is nothing for you to score yet. You score in part \(later + 1): \(title)."
                     : "There is nothing for you to score in this stage. You score in stage \(later + 1): \(title)."
    }

    /// The line under "The bids" while a tender in stages is scored.
    static func intro(_ stages: StageStanding, plain: Bool, panel: Panel, role: Role) -> String? {
        guard let stage = stages.currentStage else { return nil }
        let title = SafeText.line(stage.title)
        if let nothing = nothingNow(stages, panel: panel, role: role, plain: plain) {
            return (plain ? "Part \(stages.current + 1) of \(stages.stages.count): " : "Stage \(stages.current + 1) of \(stages.stages.count): ")
                + title + ". " + nothing
        }
        if stages.current == 0 {
            return plain ? "Part 1 of \(stages.stages.count): \(title). Score every bid."
                         : "Stage 1 of \(stages.stages.count): \(title). Score every bid; the best go on to the next."
        }
        return plain ? "Part \(stages.current + 1) of \(stages.stages.count): \(title). Score only the bids that were picked."
                     : "Stage \(stages.current + 1) of \(stages.stages.count): \(title). Score the shortlisted bids only."
    }

    /// Why a bid cannot be opened in this stage.
    static func notInStage(_ bid: String, stages: StageStanding, plain: Bool) -> String? {
        guard !stages.inCurrentStage(bid: bid) else { return nil }
        let why = stages.decisionIntoCurrent(bid: bid).map { StageText.why($0.why) } ?? "not shortlisted"
        return plain ? "Bid \(bid) was not picked for this part (\(why)). You do not score it now."
                     : "Bid \(bid) is not on the shortlist for this stage (\(why)), so it is not scored now."
    }
}
