import BidpanelCore
import BidpanelStore

/// The board's two lists of members: who has not submitted (at sign-off),
/// and who is at the meeting.
extension PanelBoardScreen {
    /// Every member still to submit a bid they can score, with how many and
    /// which; the count comes before the list, so a cut line never hides it.
    func renderOutstanding(_ canvas: inout Canvas, chair: ChairData, scroll: Int) {
        let width = canvas.size.width, height = canvas.size.height
        let outstanding = StageBoard.outstanding(chair)
        canvas.put(DisplayWidth.truncate("\(outstanding.count) member\(outstanding.count == 1 ? " has" : "s have") not submitted every bid they can score:", to: width - 4),
                   x: 2, y: 5, style: .bold, tint: .problem)
        let rows = max(1, height - 6 - 6)
        let first = max(0, min(scroll, outstanding.count - rows))
        for (row, entry) in outstanding.dropFirst(first).prefix(rows).enumerated() {
            let name = chair.panel.member(id: entry.member).map { SafeText.line($0.name) } ?? entry.member
            let count = "\(entry.bids.count) bid\(entry.bids.count == 1 ? "" : "s")"
            let line = "  " + name + ": " + count + " (" + entry.bids.joined(separator: ", ") + ")"
            canvas.put(DisplayWidth.truncate(line, to: width - 4), x: 2, y: 6 + row)
        }
        if outstanding.count > rows {
            let more = "members \(first + 1)–\(min(outstanding.count, first + rows)) of \(outstanding.count) · ↑↓ scroll"
            canvas.put(more, x: width - 2 - DisplayWidth.of(more), y: 5 + rows + 1, style: .dim)
        }
        Chrome.paragraph(&canvas, "Wait for them, or Esc and mark anyone not here absent (A). To sign off anyway, type why: it is kept in the audit log and printed in the report.",
                         x: 2, y: height - 5, width: width - 4, maxLines: 2, style: .dim)
    }

    /// Every member with their latest mark and its time.
    func renderAttendance(_ canvas: inout Canvas, chair: ChairData, selected: Int) -> Point? {
        let width = canvas.size.width, height = canvas.size.height
        let members = chair.panel.members
        canvas.put(DisplayWidth.truncate("Who is at the meeting? P marks the member present now, A absent.", to: width - 4), x: 2, y: 4, style: .bold)
        // "present since 22 Nov 2026 14:01 UTC": the time is never cut; a long name is.
        let markWidth = 35, roleWidth = 16
        let nameWidth = max(10, width - 4 - 2 - markWidth - roleWidth)
        canvas.put(DisplayWidth.truncate("  " + DisplayWidth.pad("Member", to: nameWidth) + DisplayWidth.pad("Role", to: roleWidth) + "At the meeting", to: width - 4),
                   x: 2, y: 5, style: .underline)
        let rows = max(1, height - 6 - 4)
        let first = max(0, min(selected - rows + 1, members.count - rows))
        var cursor: Point?
        for (row, member) in members.dropFirst(first).prefix(rows).enumerated() {
            let focused = first + row == selected
            let mark = chair.board.attendance[member.id].map { ($0.present ? "present since " : "absent since ") + ChairWording.time($0.at) }
                ?? "not marked"
            let line = (focused ? "▸ " : "  ") + DisplayWidth.pad(DisplayWidth.truncate(SafeText.line(member.name), to: nameWidth - 1), to: nameWidth)
                + DisplayWidth.pad(member.role.name, to: roleWidth) + mark
            canvas.put(DisplayWidth.truncate(line, to: width - 4), x: 2, y: 6 + row, style: focused ? .reverse : [],
                       tint: chair.board.attendance[member.id]?.present == true ? .good : .plain)
            if focused { cursor = Point(x: 4, y: 6 + row) }
        }
        if members.count > rows {
            let more = "members \(first + 1)–\(min(members.count, first + rows)) of \(members.count)"
            canvas.put(more, x: width - 2 - DisplayWidth.of(more), y: height - 4, style: .dim)
        }
        return cursor
    }
}
