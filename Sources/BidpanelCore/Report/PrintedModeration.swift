/// The printed record of what the chair added while moderating: for each
/// bid, whether the chair scored it themselves before seeing the others'
/// values (or said they were not scoring it), and the chair's notes on its
/// items. Every note is printed in full.
extension PrintedReport {
    static func moderationNotes(_ record: MeetingRecord, panel: Panel) -> Block {
        let chair = panel.members.first { $0.role == .chair }
        let chairScores = chair.map { chair in panel.criteria.contains { $0.scoredBy.contains(chair.role) } } ?? false
        let rule = chairScores
            ? "Where the chair scores a bid, bidpanel shows the chair the other members' values for it only once the chair has submitted their own, or has said they are not scoring it."
            : "The chair scores nothing on this panel."
        let opening = AssessmentSummary.heading("The chair's own scoring and notes") + [""]
            + AssessmentSummary.paragraph(rule + " Notes are the chair's, on any item, besides the reason for its agreed value.")
        var units = panel.bids.compactMap { bid -> [String]? in
            var lines: [String] = []
            if let chair, chairScores {
                let name = person(chair.id, panel: panel)
                if let said = record.moderation.notScoring[bid.id] {
                    lines += hanging(said.text.isEmpty ? "\(name): said they are not scoring this bid, on \(printable(said.at))."
                                     : "\(name): records nothing for this bid: \(printable(said.text)), on \(printable(said.at)).", indent: 4)
                } else {
                    switch record.progress[bid.id]?[chair.id] ?? .nothing {
                    case let .submitted(at):
                        lines += hanging("\(name): submitted their own values on \(printable(at)).", indent: 4)
                    case .conflict:
                        lines += hanging("\(name): declared a conflict, so did not score this bid.", indent: 4)
                    case .recorded, .nothing:
                        lines += hanging("\(name): has not submitted their own values, nor said they are not scoring this bid.", indent: 4)
                    }
                }
            }
            for slot in SlotReview.slots(bid: bid.id, panel: panel) {
                guard let note = record.moderation.notes[slot] else { continue }
                lines += hanging("Note on \(itemTitle(slot, panel: panel)): \(printable(note.text))", indent: 4)
                lines += hanging("by \(person(note.by, panel: panel)), \(printable(note.at)).", indent: 6)
            }
            return lines.isEmpty ? nil : [""] + labelled(bid) + lines
        }
        if units.isEmpty { units = [["", "The chair added no notes."]] }
        units[0] = opening + units[0]
        return Block(units: units, continued: ["The chair's own scoring and notes, continued"])
    }

    /// "Co-production matrix: Equal partners", or the criterion's title alone.
    static func itemTitle(_ slot: Slot, panel: Panel) -> String {
        let criterion = panel.criterion(id: slot.criterion).map { printable($0.title) } ?? printable(slot.criterion)
        guard let id = slot.principle else { return criterion }
        return criterion + ": " + (panel.matrix.principle(id: id).map { printable($0.title) } ?? printable(id))
    }
}
