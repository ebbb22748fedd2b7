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
        let layout = Layout(panel: panel)
        var blocks = layout.chainCheck(entries, problems: problems)
        blocks += sealBlocks(seal, notes: notes)
        blocks += layout.section("2. Members' values as recorded", intro: """
            Every value as the member gave it, in the order recorded. [terminal]: typed by the member at a \
            bidpanel screen. [paper]: typed in from their paper score sheet. A changed value shows old → new.
            """, entries: entries.filter { $0.action == "record" }, none: "No member has recorded a value.")
        blocks += layout.section("3. Moderated values", intro: """
            Each value the chair recorded for the panel, with the reason. The members' own values stay as \
            recorded above. Also the chair's notes on items, and each bid the chair is not scoring.
            """, entries: entries.filter { MemberSession.moderationActions.contains($0.action) }, none: "No value has been moderated.")
        blocks += layout.heading("4. Paper sheets, conflicts and submissions")
        blocks += layout.paperImports(entries)
        blocks += layout.section("Conflicts of interest", intro: nil, entries: entries.filter { ["conflict", "withdraw-conflict"].contains($0.action) },
                                 none: "No member has declared conflicts yet.")
        blocks += layout.section("Submissions and reopened bids", intro: nil,
                                 entries: entries.filter { ["submit", "reopen-bid"].contains($0.action) },
                                 none: "No member has submitted a bid.")
        blocks += layout.section("5. Sign-off", intro: nil,
                                 entries: entries.filter { ["sign-off", "reopen"].contains($0.action) },
                                 none: "The evaluation has not been signed off.")
        let grouped: Set<String> = MemberSession.moderationActions.union(["record", "conflict", "withdraw-conflict", "submit", "reopen-bid", "sign-off", "reopen"])
        blocks += layout.section("6. Other entries", intro: "Setting up the file, PINs and sign-in lockouts.",
                                 entries: entries.filter { !grouped.contains($0.action) }, none: "None.")
        blocks.append(Block(["End of the audit log: \(entries.count) entr\(entries.count == 1 ? "y" : "ies")."]))
        return paginate(blocks, title: "Audit log: \(panel.tender.id) \(panel.tender.title)", date: date)
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
        // A long tender title wraps in the header too: no page cuts it.
        let top = wrap(title, rest: "")
        let room = max(1, pageLength - top.count - 3) // the title, the date line, a rule and a blank
        var pages: [[String]] = [[]]
        func fits(_ count: Int) -> Bool {
            pages[pages.count - 1].count + (pages[pages.count - 1].isEmpty ? 0 : 1) + count <= room
        }
        for (index, block) in blocks.enumerated() {
            var needed = block.lines.count
            if block.keepWithNext, index + 1 < blocks.count { needed += 1 + min(blocks[index + 1].lines.count, 3) }
            if !fits(min(needed, room)) { pages.append([]) }
            if !pages[pages.count - 1].isEmpty { pages[pages.count - 1].append("") }
            for line in block.lines {
                // Only a block longer than a whole page is split.
                if pages[pages.count - 1].count >= room { pages.append([]) }
                pages[pages.count - 1].append(line)
            }
        }
        return pages.enumerated().map { number, body in
            let left = "Printed \(date)"
            let right = "Page \(number + 1) of \(pages.count)"
            let gap = String(repeating: " ", count: max(1, pageWidth - DisplayWidth.of(left) - DisplayWidth.of(right)))
            let header = top + [left + gap + right, String(repeating: "-", count: pageWidth), ""]
            return (header + body).joined(separator: "\n") + "\n"
        }.joined(separator: "\u{0C}")
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
}

extension AuditReport {
    /// Turns entries into blocks of lines, naming members from the panel.
    struct Layout {
        let panel: Panel

        /// "Zoë Clarke (zoe)"; the id alone if the panel has no such member.
        func who(_ id: String) -> String {
            if id == "system" { return "bidpanel (system)" }
            return panel.member(id: id).map { "\($0.name) (\(id))" } ?? id
        }

        func heading(_ title: String, intro: String? = nil) -> [Block] {
            // Numbered sections stand out more than the parts within them.
            let rule = title.first?.isNumber == true ? "=" : "-"
            var lines = [title, String(repeating: rule, count: DisplayWidth.of(title))]
            if let intro { lines += wrap(intro, rest: "") }
            return [Block(lines, keepWithNext: true)]
        }

        func section(_ title: String, intro: String?, entries: [AuditEntry], none: String) -> [Block] {
            heading(title, intro: intro) + (entries.isEmpty ? [Block([none])] : entries.map(block))
        }

        func chainCheck(_ entries: [AuditEntry], problems: [String]) -> [Block] {
            var lines: [String] = []
            if problems.isEmpty {
                lines += wrap("Chain verified: no row was changed, removed or reordered, and every value in the "
                    + "file is the one the log says.", rest: "")
            } else {
                lines += wrap("NOT VERIFIED: \(problems.count) problem\(problems.count == 1 ? "" : "s") found. "
                    + "Do not rely on this log until they are explained.", rest: "")
                for problem in problems { lines += wrap(problem, first: "  - ", rest: "    ") }
            }
            if let first = entries.first, let last = entries.last {
                lines.append("")
                lines += wrap("\(entries.count) entries, the first at \(readable(first.at)) and the last at "
                    + "\(readable(last.at)).", rest: "")
                lines += wrap("Fingerprint of the last entry (SHA-256), to match this copy with the file:", rest: "")
                lines += wrap(last.hash, first: indent)
            }
            return heading("1. Chain check") + [Block(lines)]
        }

        /// One summary line per run of entries typed in together from paper
        /// (`bidpanel import` writes them in one go).
        func paperImports(_ entries: [AuditEntry]) -> [Block] {
            var runs: [[AuditEntry]] = []
            var previous: AuditEntry?
            for entry in entries where entry.source == "paper" {
                if let previous, previous.seq + 1 == entry.seq { runs[runs.count - 1].append(entry) } else { runs.append([entry]) }
                previous = entry
            }
            let intro = "Score sheets typed in with bidpanel import. Each value is also listed in its own section, marked [paper]."
            guard !runs.isEmpty else {
                return heading("Typed in from paper", intro: intro) + [Block(["No score sheets were typed in from paper."])]
            }
            return heading("Typed in from paper", intro: intro) + runs.map { run in
                let first = run.first!, last = run.last!
                var members: [(String, Int)] = []
                for entry in run where entry.action == "record" {
                    if let at = members.firstIndex(where: { $0.0 == entry.member }) { members[at].1 += 1 } else { members.append((entry.member, 1)) }
                }
                var parts: [String] = []
                let values = members.reduce(0) { $0 + $1.1 }
                if values > 0 {
                    parts.append("\(count(values, "member value")) (" + members.map { "\(who($0.0)) \($0.1)" }.joined(separator: ", ") + ")")
                }
                let moderated = run.filter { $0.action == "moderate" }.count
                if moderated > 0 { parts.append(count(moderated, "moderated value")) }
                let conflicts = run.filter { $0.action == "conflict" }.count
                if conflicts > 0 { parts.append(count(conflicts, "conflict")) }
                let span = first.seq == last.seq ? "#\(first.seq)" : "#\(first.seq) to #\(last.seq)"
                let (from, to) = (readable(first.at), readable(last.at))
                let when = from == to ? from : "\(from) to \(to)"
                return Block(wrap("\(span), \(when):") + wrap(parts.joined(separator: "; ") + ".", first: indent))
            }
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
                if !e.member.isEmpty, e.member != e.actor { what += ", for \(who(e.member))" }
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
