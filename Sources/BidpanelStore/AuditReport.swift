import BidpanelCore

/// The audit log laid out for printing on A4: pages of at most 66 lines of
/// at most 80 columns, a form feed between pages, and on every page the
/// tender, the date printed and "Page n of m", so a loose page can be put
/// back. The entries are grouped by what they record, each under its number
/// in the log, so a printed page can be matched with `audit --format json`.
/// Nothing is cut: long text wraps, and a word too long for a line is split.
public enum AuditReport {
    public static let pageWidth = 80
    public static let pageLength = 66
    static let indent = "     "

    public static func render(_ entries: [AuditEntry], panel: Panel, problems: [String], date: String,
                              seal: RecordSeal? = nil, notes: [String] = []) -> String {
        var listing = Listing(panel: panel)
        for entry in entries { listing.add(entry) }
        var bytes: [UInt8] = []
        listing.write(problems: problems, date: date, seal: seal, notes: notes) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lines printed together where they fit. A heading keeps with the
    /// start of what follows it, so it never ends a page on its own.
    struct Block {
        var lines: [String]
        var keepWithNext = false

        init(_ lines: [String], keepWithNext: Bool = false) {
            self.lines = lines
            self.keepWithNext = keepWithNext
        }
    }

    // MARK: - Pages

    static func paginate(_ blocks: [Block], title: String, date: String) -> String {
        var store = Blocks()
        for block in blocks { store.append(block) }
        var bytes: [UInt8] = []
        Pages(title: title, date: date).write([store]) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Text

    /// Stored text on one line, safe to print: a newline or form feed in a
    /// comment would break the page layout, and an escape sequence must not
    /// reach the printer or terminal, so each shows as a visible mark or a
    /// space (`SafeText.line`).
    static func clean(_ text: String) -> String { SafeText.line(text) }

    /// Wraps to `width` columns, the first line starting with `first` and the
    /// rest with `rest`. A word wider than a line is split, never cut: an
    /// audit must not lose any text.
    static func wrap(_ text: String, first: String = "", rest: String = indent, width: Int = pageWidth) -> [String] {
        DisplayWidth.wrap(clean(text), width: width - DisplayWidth.of(rest), firstWidth: width - DisplayWidth.of(first))
            .enumerated().map { ($0.offset == 0 ? first : rest) + $0.element }
    }

    /// "2027-01-15T08:00:00.123Z" as "2027-01-15 08:00:00 UTC": the stored
    /// time to the second. Anything else prints as stored.
    static func readable(_ stored: String) -> String {
        readableUTC(stored) ?? readableAnyForm(stored)
    }

    /// `readable` for any text: split at the first T, the zone and the fraction cut off.
    static func readableAnyForm(_ stored: String) -> String {
        let parts = stored.split(separator: "T", maxSplits: 1)
        guard parts.count == 2 else { return stored }
        var time = String(parts[1]), zone = ""
        if time.hasSuffix("Z") {
            time.removeLast()
            zone = "UTC"
        } else if let sign = time.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            zone = String(time[sign...])
            time = String(time[..<sign])
        }
        if let point = time.firstIndex(of: ".") { time = String(time[..<point]) }
        return ([String(parts[0]), time] + (zone.isEmpty ? [] : [zone])).joined(separator: " ")
    }

    /// The form bidpanel stores ("2027-01-15T08:00:00.123Z", or without the
    /// fraction) read from its bytes: what `readable` makes of it, without
    /// splitting strings. Nil for anything else.
    static func readableUTC(_ stored: String) -> String? {
        var stored = stored
        return stored.withUTF8 { bytes -> String? in
            guard bytes.count == 20 || bytes.count == 24, bytes[bytes.count - 1] == 0x5A else { return nil }
            func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 } }
            guard digits(0..<4), bytes[4] == 0x2D, digits(5..<7), bytes[7] == 0x2D, digits(8..<10), bytes[10] == 0x54,
                  digits(11..<13), bytes[13] == 0x3A, digits(14..<16), bytes[16] == 0x3A, digits(17..<19) else { return nil }
            if bytes.count == 24 { guard bytes[19] == 0x2E, digits(20..<23) else { return nil } }
            var out = [UInt8](bytes[0..<19])
            out[10] = 0x20
            out += [0x20, 0x55, 0x54, 0x43] // " UTC"
            return String(decoding: out, as: UTF8.self)
        }
    }
}

extension AuditReport {
    /// Turns entries into blocks of lines, naming members from the panel.
    struct Layout {
        let panel: Panel

        /// "Zoë Clarke (zoe)"; the id alone if the panel has no such member.
        func who(_ id: String) -> String {
            if id == "system" { return "bidpanel (system)" }
            if let member = panel.member(id: id) { return "\(member.name) (\(id))" }
            // A pair's change names both people: "Amira (amira) and Jay (jay)".
            if let people = panel.actorPeople(id), people.count > 1 {
                return people.map { "\($0.name) (\($0.id))" }.joined(separator: " and ")
            }
            return id
        }

        func heading(_ title: String, intro: String? = nil) -> [Block] {
            // Numbered sections stand out more than the parts within them.
            let rule = title.first?.isNumber == true ? "=" : "-"
            var lines = [title, String(repeating: rule, count: DisplayWidth.of(title))]
            if let intro { lines += wrap(intro, rest: "") }
            return [Block(lines, keepWithNext: true)]
        }

        func chainCheck(count: Int, first: AuditEntry?, last: AuditEntry?, problems: [String]) -> [Block] {
            var lines: [String] = []
            if problems.isEmpty {
                lines += wrap("Chain verified: no row was changed, removed or reordered, and every value in the "
                    + "file is the one the log says.", rest: "")
            } else {
                lines += wrap("NOT VERIFIED: \(problems.count) problem\(problems.count == 1 ? "" : "s") found. "
                    + "Do not rely on this log until they are explained.", rest: "")
                for problem in problems { lines += wrap(problem, first: "  - ", rest: "    ") }
            }
            if let first, let last {
                lines.append("")
                lines += wrap("\(count) entries, the first at \(readable(first.at)) and the last at "
                    + "\(readable(last.at)).", rest: "")
                lines += wrap("Fingerprint of the last entry (SHA-256), to match this copy with the file:", rest: "")
                lines += wrap(last.hash, first: indent)
            }
            return heading("1. Chain check") + [Block(lines)]
        }

        func count(_ n: Int, _ thing: String) -> String { "\(n) \(thing)\(n == 1 ? "" : "s")" }

        /// One entry: its number, time, who and where it came from, then
        /// what changed and why.
        func block(_ e: AuditEntry) -> Block {
            var place = [e.bid, e.criterion].filter { !$0.isEmpty }.joined(separator: " ")
            if !e.principle.isEmpty { place += " / \(e.principle)" }
            let change = e.oldValue.isEmpty ? e.newValue : "\(e.oldValue) → \(e.newValue)"
            var what: String
            var why = e.reason.isEmpty ? nil : "reason: \(e.reason)"
            switch e.action {
            case "record":
                what = "\(place): \(change)"
                why = e.reason.isEmpty ? nil : "comment: \(e.reason)"
            case "moderate":
                what = "\(place): \(change)"
            case MemberSession.itemNoteAction:
                what = e.newValue.isEmpty ? "removed the note on \(place): \(e.oldValue)" : "note on \(place): \(change)"
            case MemberSession.notScoringAction:
                what = e.newValue.hasPrefix("not scoring: ") ? "is not scoring bid \(e.bid): \(e.newValue.dropFirst(13))"
                    : "said they are not scoring bid \(e.bid)"
            case "conflict":
                what = e.newValue == "none" ? "declared no conflicts" : "has a conflict with bid \(e.bid)"
                if !e.member.isEmpty, e.member != e.actor, e.actor != panel.auditActor(for: e.member) { what += ", for \(who(e.member))" }
            case "withdraw-conflict":
                what = "withdrew the conflict of \(who(e.member)) with bid \(e.bid): \(change)"
            case "submit":
                what = "submitted bid \(e.bid)"
            case "reopen-bid":
                what = "reopened bid \(e.bid) for \(who(e.member)): \(change)"
            case "withdraw-bid":
                what = "recorded bid \(e.bid) as withdrawn by the bidder: \(change)"
            case "disqualify-bid":
                what = "disqualified bid \(e.bid): \(change)"
            case "reinstate-bid":
                what = "reinstated bid \(e.bid) in the competition: \(change)"
            case "sign-off":
                what = "signed the evaluation off"
            case "reopen":
                what = "reopened the evaluation: \(change)"
            case MemberSession.stageSignOffAction:
                what = "signed off \(e.newValue)"
            case MemberSession.shortlistAction:
                what = "changed the shortlist for bid \(e.bid): \(change)"
            case MemberSession.decideTieAction:
                what = "decided the tie in lot \(e.criterion): \(change)"
            case MemberSession.undoTieAction:
                what = "undid the decision on the tie in lot \(e.criterion): \(change)"
            case "create":
                what = "created the evaluation: \(e.newValue)"
            case "add-member":
                what = "added \(who(e.member)) to the panel: \(e.newValue)"
            case "set-pin":
                what = "set the PIN of \(who(e.member))"
            case "lock":
                what = "locked \(who(e.member)) out of signing in for a while"
            default:
                what = [e.action, place, e.member.isEmpty ? "" : "for \(who(e.member))"].filter { !$0.isEmpty }
                    .joined(separator: " ") + (change.isEmpty ? "" : ": \(change)")
            }
            // The double spaces set the fields apart; wrapping would close up
            // those between words, so it is left to a name too long to fit.
            // A stored time is text in the file too: an edited one is cleaned like the rest.
            let stamp = clean("#\(e.seq)  \(readable(e.at))  "), actor = clean("\(who(e.actor))  [\(e.source)]")
            var lines = DisplayWidth.of(stamp + actor) <= pageWidth ? [stamp + actor] : wrap(actor, first: stamp)
            lines += wrap(what, first: indent)
            if let why { lines += wrap(why, first: indent) }
            return Block(lines)
        }
    }
}
