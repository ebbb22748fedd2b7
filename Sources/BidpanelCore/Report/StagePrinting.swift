/// A tender in stages in the printed report: each stage's table, its
/// shortlist with the rule and every bid's reason, before the report's
/// own sections (which are on the final result: the bids that reached the
/// last stage, every stage in its share, with price).
public enum StagePrinting {
    /// The report's "Stages" section, in units the pages are cut between.
    /// `of`: what was scored in stages ("This lot" for a lot's part).
    public static func units(_ staged: StagedResult, of subject: String = "The tender") -> [[String]] {
        let width = PrintedReport.width
        var lines = StageText.lines(staged, width: width)
        // The final result is the report's own summary and breakdowns.
        if let final = lines.firstIndex(of: "Final result") { lines = Array(lines[..<final]) }
        var units: [[String]] = [AssessmentSummary.heading("The stages") + [""]
            + AssessmentSummary.paragraph(subject == "The tender"
                ? "The tender was scored in \(StagePrinting.stageCount(staged)). Each stage's table and shortlist come first; the rest of this report is the final result, of the bids that reached the last stage."
                : "\(subject) was scored in \(StagePrinting.stageCount(staged)). Each stage's table and shortlist come first; then the final result, of the bids that reached the last stage.")]
        var unit: [String] = [""]
        for line in lines {
            if line.isEmpty, unit.contains(where: { !$0.isEmpty }) { units.append(unit); unit = [""] } else if !line.isEmpty { unit.append(line) }
        }
        if unit.contains(where: { !$0.isEmpty }) { units.append(unit) }
        return units
    }

    /// "2 stages", "1 stage".
    static func stageCount(_ staged: StagedResult) -> String {
        "\(staged.stages.count) stage\(staged.stages.count == 1 ? "" : "s")"
    }

    /// A bid that did not go on after a stage: "Not shortlisted after
    /// stage 1 (Written bids): outside the top places." with the chair's
    /// reason when the chair took it off; nil for a bid that went on.
    public static func notShortlisted(_ bid: String, in staged: StagedResult) -> String? {
        for (index, outcome) in staged.stages.enumerated() {
            guard let decision = outcome.decisions.first(where: { $0.bid == bid }), !decision.goesOn else { continue }
            var text = "Not shortlisted after stage \(index + 1) (\(SafeText.line(outcome.stage.title))): \(StageText.why(decision.why))."
            text += " " + StageText.ruleText(outcome.stage.shortlist, quality: outcome.panel.scoring.quality)
            if case let .overridden(_, reason, _) = decision.why { text += " The chair's reason: \(SafeText.line(reason))" }
            return text
        }
        return nil
    }
}

/// A bidder's assessment summary in a tender in stages: a bid that reached
/// the last stage is summarised on the final result; a bid that did not
/// go on, on the stage it stopped at, with the reason it was not shortlisted.
public enum StageSummary {
    public static func render(bid id: String, staged: StagedResult, explanations: [Slot: String], date: String,
                              seal: RecordSeal? = nil) -> String {
        let basis = basis(bid: id, staged: staged)
        return AssessmentSummary.render(bid: id, result: basis.result, panel: basis.panel, explanations: explanations,
                                        date: date, seal: seal, stageNote: basis.note)
    }

    /// What a bid's summary is written on: the final result for a bid that
    /// reached the last stage, else the last stage it was scored in, with
    /// the note that says which and why (a lot's part of a summary too).
    static func basis(bid id: String, staged: StagedResult) -> (result: EvaluationResult, panel: Panel, note: [String]) {
        if staged.final.bid(id) != nil {
            let shares = zip(staged.stages, staged.finalPanel.stageShares).filter { !$0.1.isZero }
                .map { "\(SafeText.line($0.0.stage.title)) \(($0.1 * Exact(100)).compactFormatted(places: 2))%" }
            let note = "The tender was scored in \(StagePrinting.stageCount(staged)), and your bid reached the last one. Its quality marks count each stage in its share: \(shares.joined(separator: ", "))."
            return (staged.final, staged.finalPanel, [note])
        }
        // The last stage the bid was scored in.
        guard let outcome = staged.stages.last(where: { $0.result.bid(id) != nil }),
              let index = staged.stages.firstIndex(where: { $0.stage.id == outcome.stage.id }) else {
            return (staged.final, staged.finalPanel, [])
        }
        var note = [StagePrinting.notShortlisted(id, in: staged) ?? "Your bid did not go on after stage \(index + 1)."]
        note.append("The scores and marks below are those of stage \(index + 1) (\(SafeText.line(outcome.stage.title))), the last stage your bid was scored in. Price is scored only among the bids that reached the last stage.")
        return (outcome.result, outcome.panel, note)
    }
}
