/// The printed report's record of the meeting (`MeetingRecord`): the
/// conflicts declared, who scored each bid, and each sign-off and reopening
/// with its reason. Every name and reason is printed in full.
extension PrintedReport {
    static func meeting(_ record: MeetingRecord, panel: Panel) -> [Block] {
        [conflicts(record, panel: panel), scoring(record, panel: panel), moderationNotes(record, panel: panel)]
            + (record.attendance.isEmpty ? [] : [attendance(record, panel: panel)]) + [history(record, panel: panel)]
    }

    /// Every member, with what they declared and when.
    static func conflicts(_ record: MeetingRecord, panel: Panel) -> Block {
        let opening = AssessmentSummary.heading("Conflicts of interest") + [""]
            + AssessmentSummary.paragraph("Each member declares any conflict of interest before they open a bid. A member's values never count for a bid they have a conflict with.")
        let onPanel = Set(panel.members.map(\.id))
        // Someone no longer on the panel is still listed: the record keeps them.
        let others = record.declarations.map(\.member).filter { !onPanel.contains($0) }
        // Each person of a pair declares with the pair, whose entry names them both.
        var ids = panel.members.map(\.id).filter { !panel.isPaired($0) }
        for id in others where !ids.contains(id) { ids.append(id) }
        var units = ids.map { id -> [String] in
            let own = record.declarations.filter { $0.member == id }
            var lines = [""] + hanging(person(id, panel: panel), indent: 0)
            if own.isEmpty { lines += hanging("Has not declared yet.", indent: 4) }
            for declaration in own {
                // A paper declaration's time is when it was typed in, and says so.
                let when = declaration.onPaper ? "on paper, typed in \(printable(declaration.at))" : printable(declaration.at)
                guard let bid = declaration.bid else {
                    lines += hanging("Declared no conflicts, \(when).", indent: 4)
                    continue
                }
                lines += hanging("Conflict with bid \(bidName(bid, panel: panel)), declared \(when).", indent: 4)
                lines += hanging("Reason: " + given(declaration.reason), indent: 6)
            }
            return lines
        }
        if units.isEmpty { units = [["", "The panel has no members."]] }
        units[0] = opening + units[0]
        return Block(units: units, continued: ["Conflicts of interest, continued"])
    }

    /// Per bid: each scoring member's progress, then whose values count.
    static func scoring(_ record: MeetingRecord, panel: Panel) -> Block {
        let opening = AssessmentSummary.heading("Who scored each bid") + [""]
            + AssessmentSummary.paragraph("Submitted: the member put in every value they score and submitted the bid. Values in: some or all of their values are recorded, but the bid is not submitted. A member's values count for a bid unless they declared a conflict with it; where the chair moderated a value, the moderated value is the final one. Observers do not score.")
        var units: [[String]]
        if record.stages.isEmpty {
            units = bidsScored(panel.bids, progress: record.progress, criteria: panel.criteria, panel: panel)
        } else {
            units = record.stages.enumerated().flatMap { index, part -> [[String]] in
                let stage = panel.stages.first { $0.id == part.stage }
                let title = "Stage \(index + 1) of \(record.stages.count): " + printable(stage?.title ?? part.stage)
                let bids = panel.bids.filter { part.bids.contains($0.id) }
                var scored = bidsScored(bids, progress: part.progress, criteria: panel.criteria.filter { $0.stage == part.stage }, panel: panel)
                let left = panel.bids.filter { !part.bids.contains($0.id) }.map(\.id)
                var heading = ["", title]
                if !left.isEmpty { heading += hanging("Not in this stage (not on the shortlist): \(left.joined(separator: ", ")).", indent: 0) }
                if scored.isEmpty { scored = [["", "No bid was scored in this stage."]] }
                scored[0] = heading + scored[0]
                return scored
            }
        }
        if units.isEmpty { units = [["", "There are no bids."]] }
        units[0] = opening + units[0]
        return Block(units: units, continued: ["Who scored each bid, continued"])
    }

    /// Each bid with each scoring member's progress on it, then whose values count.
    static func bidsScored(_ bids: [Bid], progress: [String: [String: MeetingRecord.Progress]], criteria: [Criterion],
                           panel: Panel) -> [[String]] {
        let scorers = panel.members.filter { member in
            !panel.isPaired(member.id) && criteria.contains { $0.scoredBy.contains(member.role) }
        }
        return bids.map { bid -> [String] in
            let progress = progress[bid.id] ?? [:]
            var lines = [""] + labelled(bid)
            var counted: [String] = []
            var leftOut: [String] = []
            for member in scorers {
                let name = person(member.id, panel: panel)
                switch progress[member.id] ?? .nothing {
                case let .submitted(at):
                    lines += hanging("\(name): submitted \(printable(at)).", indent: 4)
                    counted.append(printable(member.name))
                case let .recorded(count, of: needed):
                    lines += hanging("\(name): \(count) of \(needed) values in, not submitted.", indent: 4)
                    if count > 0 { counted.append(printable(member.name)) }
                case .nothing:
                    lines += hanging("\(name): nothing recorded.", indent: 4)
                case .conflict:
                    lines += hanging("\(name): declared a conflict, so records nothing for this bid.", indent: 4)
                    leftOut.append(printable(member.name))
                }
            }
            lines += hanging(counted.isEmpty ? "No member's values count for this bid yet."
                             : "Values that count: \(list(counted)).", indent: 4)
            if !leftOut.isEmpty { lines += hanging("Left out because of a conflict: \(list(leftOut)).", indent: 4) }
            return lines
        }
    }

    /// Each sign-off and reopening, oldest first, with the bids withdrawn,
    /// disqualified or reinstated and the members added after init.
    static func history(_ record: MeetingRecord, panel: Panel) -> Block {
        let opening = AssessmentSummary.heading("Sign-off and reopenings") + [""]
            + AssessmentSummary.paragraph("The chair signs off the totals; reopening the evaluation, or a member's submitted bid, needs a reason.")
        var units = record.events.map { event -> [String] in
            let by = person(event.by, panel: panel), at = printable(event.at)
            switch event.kind {
            case .signedOff where !event.notSubmitted.isEmpty:
                return [""] + hanging("\(by), signed off on \(at), although not every member had submitted the bids they could score.", indent: 0)
                    + hanging("Not submitted: " + notSubmitted(event.notSubmitted, panel: panel) + ".", indent: 4)
                    + hanging("Reason for signing off anyway: " + given(event.reason), indent: 4)
            case .signedOff:
                return [""] + hanging("\(by), signed off on \(at).", indent: 0)
            case .reopenedEvaluation:
                return [""] + hanging("\(by), reopened the evaluation on \(at).", indent: 0)
                    + hanging("Reason: " + given(event.reason), indent: 4)
            case let .reopenedBid(bid, member):
                return [""] + hanging("\(by), reopened bid \(bidName(bid, panel: panel)) for \(person(member, panel: panel)), on \(at).", indent: 0)
                    + hanging("Reason: " + given(event.reason), indent: 4)
            case let .bidStanding(bid, now):
                let what = now.map { "recorded bid \(bidName(bid, panel: panel)) as \($0.phrase)" }
                    ?? "put bid \(bidName(bid, panel: panel)) back into the competition"
                return [""] + hanging("\(by), \(what), on \(at).", indent: 0) + hanging("Reason: " + given(event.reason), indent: 4)
            case let .addedMember(member):
                return [""] + hanging("\(by), added \(person(member, panel: panel)) to the panel, on \(at).", indent: 0)
                    + hanging("Reason: " + given(event.reason), indent: 4)
            case let .signedOffStage(stage, shortlist):
                let name = panel.stages.firstIndex { $0.id == stage }
                    .map { "stage \($0 + 1) (\(printable(panel.stages[$0].title)))" } ?? "stage \(printable(stage))"
                var lines = [""] + hanging("\(by), signed off \(name) on \(at).", indent: 0)
                    + hanging(printable(shortlist), indent: 4)
                if !event.notSubmitted.isEmpty {
                    lines += hanging("Not submitted: " + notSubmitted(event.notSubmitted, panel: panel) + ".", indent: 4)
                        + hanging("Reason for signing off anyway: " + given(event.reason), indent: 4)
                }
                return lines
            case let .shortlistChanged(bid, change):
                return [""] + hanging("\(by), changed the shortlist for bid \(bidName(bid, panel: panel)) on \(at): \(printable(change)).", indent: 0)
                    + hanging("Reason: " + given(event.reason), indent: 4)
            case let .tieDecided(lot, bid):
                let what = bid.map { "decided the tied lot \(printable(lot)): it goes to bid \(bidName($0, panel: panel))" }
                    ?? "took back the decision on the tied lot \(printable(lot))"
                return [""] + hanging("\(by), \(what), on \(at).", indent: 0) + hanging("Reason: " + given(event.reason), indent: 4)
            }
        }
        let reopened = record.events.contains {
            switch $0.kind {
            case .reopenedEvaluation, .reopenedBid: true
            default: false
            }
        }
        if record.events.isEmpty {
            units = [["", "The evaluation has not been signed off, and nothing has been reopened."]]
        } else if !reopened {
            units.append(["", "Nothing has been reopened."])
        }
        units[0] = opening + units[0]
        return Block(units: units, continued: ["Sign-off and reopenings, continued"])
    }

    // MARK: - Words

    /// "Priya Shah, chair"; the id alone for someone not on the panel.
    static func person(_ id: String, panel: Panel) -> String {
        guard let member = panel.member(id: id) else { return printable(id) }
        // A pair names both people: "Amira and Jay, young assessor (a pair: Amira Hassan and Jay Morgan)".
        let pair = member.isPair ? " (a pair: \(printable(panel.peopleNames(of: member))))" : ""
        return printable(member.name) + ", " + member.role.name + pair
    }

    /// "B2 (Café Mosaic Youth Project)"; the id alone for a bid not in the panel.
    static func bidName(_ id: String, panel: Panel) -> String {
        guard let bid = panel.bid(id: id) else { return printable(id) }
        return "\(printable(id)) (\(printable(bid.bidder)))"
    }

    /// A reason as typed, on one line; said so when there is none.
    static func given(_ reason: String) -> String {
        reason.contains { !$0.isWhitespace } ? printable(reason) : "none was recorded."
    }

    /// "A, B and C".
    static func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// Text indented by `indent` columns, its further lines by two more, so
    /// a long name or reason wraps in full under its own start.
    static func hanging(_ text: String, indent: Int) -> [String] {
        let lead = String(repeating: " ", count: indent), rest = String(repeating: " ", count: indent + 2)
        return DisplayWidth.wrap(text, width: width - indent - 2, firstWidth: width - indent).enumerated().map {
            ($0.offset == 0 ? lead : rest) + $0.element
        }
    }
}
