/// The printed report's record of who attended the moderation meeting, and
/// the list of who had not submitted when the chair signed off anyway.
extension PrintedReport {
    /// Every member the chair marked, with each arrival and departure in order.
    static func attendance(_ record: MeetingRecord, panel: Panel) -> Block {
        let opening = AssessmentSummary.heading("Who attended the moderation meeting") + [""]
            + AssessmentSummary.paragraph("The chair marks each member present or absent as the meeting goes. A member marked absent is not waited for at sign-off. Members never marked are listed too.")
        var ids = panel.members.map(\.id)
        for mark in record.attendance where !ids.contains(mark.member) { ids.append(mark.member) }
        var units = ids.map { id -> [String] in
            let marks = record.attendance.filter { $0.member == id }
            var lines = [""] + hanging(person(id, panel: panel), indent: 0)
            if marks.isEmpty { lines += hanging("Not marked present or absent.", indent: 4) }
            for mark in marks {
                lines += hanging("Marked \(mark.present ? "present" : "absent") on \(printable(mark.at)) by \(person(mark.by, panel: panel)).", indent: 4)
            }
            return lines
        }
        units[0] = opening + (units.first ?? [])
        return Block(units: units, continued: ["Who attended the moderation meeting, continued"])
    }

    /// "ana (B1, B3); ben (B2)" as "Ana Ruiz, young assessor: B1 and B3; …".
    static func notSubmitted(_ line: String, panel: Panel) -> String {
        line.split(separator: ";").map { part -> String in
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else { return printable(text) }
            let id = text[..<open].trimmingCharacters(in: .whitespaces)
            let bids = text[text.index(after: open)..<text.index(before: text.endIndex)]
                .split(separator: ",").map { printable($0.trimmingCharacters(in: .whitespaces)) }
            return person(id, panel: panel) + ": " + list(bids)
        }.joined(separator: "; ")
    }
}
