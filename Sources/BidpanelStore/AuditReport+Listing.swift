import BidpanelCore

extension AuditReport {
    /// Blocks of lines kept compactly: every line's bytes in one buffer, with
    /// where each line and each block ends, so a log of half a million
    /// entries is held as its printed text and no more.
    struct Blocks {
        private(set) var bytes: [UInt8] = []
        private var lineEnds: [Int] = []
        private var blockEnds: [Int] = []
        private var keeping: Set<Int> = []

        var count: Int { blockEnds.count }
        var isEmpty: Bool { blockEnds.isEmpty }

        mutating func append(_ block: Block) {
            if block.keepWithNext { keeping.insert(blockEnds.count) }
            for line in block.lines {
                bytes += line.utf8
                lineEnds.append(bytes.count)
            }
            blockEnds.append(lineEnds.count)
        }

        func lineCount(_ block: Int) -> Int { blockEnds[block] - (block == 0 ? 0 : blockEnds[block - 1]) }
        func keepsWithNext(_ block: Int) -> Bool { keeping.contains(block) }

        /// The bytes of each line of `block`, in order.
        func lines(_ block: Int) -> [Range<Int>] {
            let first = block == 0 ? 0 : blockEnds[block - 1]
            return (first..<blockEnds[block]).map { ($0 == 0 ? 0 : lineEnds[$0 - 1])..<lineEnds[$0] }
        }
    }

    /// A4 pages: a header on each (the title, the date and "Page n of m", a
    /// rule and a blank), a form feed between them. Where each page breaks
    /// is worked out first, from the lines' count alone, so every header
    /// can say how many pages there are before the first one is written.
    struct Pages {
        let top: [String]
        let date: String
        let room: Int

        init(title: String, date: String) {
            // A long tender title wraps in the header too: no page cuts it.
            top = AuditReport.wrap(title, rest: "")
            self.date = date
            room = max(1, pageLength - top.count - 3) // the title, the date line, a rule and a blank
        }

        /// Every block in order (one part after another) laid out on pages:
        /// `newPage` before each page after the first, then `line` with each
        /// line's part and bytes (nil for the blank between blocks) when
        /// `withLines`.
        func layOut(_ parts: [Blocks], withLines: Bool, newPage: () -> Void,
                    line: (_ part: Int, _ bytes: Range<Int>?) -> Void = { _, _ in }) {
            var used = 0 // lines on the page so far
            let all = parts.indices.flatMap { part in (0..<parts[part].count).map { (part, $0) } }
            for (index, (part, block)) in all.enumerated() {
                let blocks = parts[part]
                let lines = blocks.lineCount(block)
                var needed = lines
                if blocks.keepsWithNext(block), index + 1 < all.count {
                    let (nextPart, next) = all[index + 1]
                    needed += 1 + min(parts[nextPart].lineCount(next), 3)
                }
                if used + (used == 0 ? 0 : 1) + min(needed, room) > room {
                    newPage()
                    used = 0
                }
                if used > 0 {
                    if withLines { line(part, nil) }
                    used += 1
                }
                let ranges = withLines ? blocks.lines(block) : []
                for number in 0..<lines {
                    // Only a block longer than a whole page is split.
                    if used >= room {
                        newPage()
                        used = 0
                    }
                    if withLines { line(part, ranges[number]) }
                    used += 1
                }
            }
        }

        /// Writes the pages to `out`, about a megabyte at a time, each piece
        /// ending at the end of a page.
        func write(_ parts: [Blocks], to out: ([UInt8]) -> Void) {
            var pages = 1
            layOut(parts, withLines: false, newPage: { pages += 1 })
            var buffer: [UInt8] = []
            var number = 1
            func header() {
                let left = "Printed \(date)"
                let right = "Page \(number) of \(pages)"
                let gap = String(repeating: " ", count: max(1, pageWidth - DisplayWidth.of(left) - DisplayWidth.of(right)))
                for line in top + [left + gap + right, String(repeating: "-", count: pageWidth), ""] {
                    buffer += line.utf8
                    buffer.append(0x0A)
                }
            }
            header()
            layOut(parts, withLines: true, newPage: {
                if buffer.count >= 1 << 20 {
                    out(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                buffer.append(0x0C)
                number += 1
                header()
            }, line: { part, bytes in
                if let bytes { buffer += parts[part].bytes[bytes] }
                buffer.append(0x0A)
            })
            out(buffer)
        }
    }
}

extension AuditReport {
    /// The printed audit built one entry at a time, in order of `seq`: each
    /// entry is laid out into its section as it comes, so the log itself is
    /// never held, only its printed text.
    public struct Listing {
        let layout: Layout
        private var values = Blocks(), moderation = Blocks(), conflicts = Blocks(), submissions = Blocks()
        private var signOffs = Blocks(), others = Blocks()
        private var paper = PaperRuns()
        private var first: AuditEntry?, last: AuditEntry?
        private(set) public var count = 0

        static let grouped: Set<String> = MemberSession.moderationActions
            .union(["record", "conflict", "withdraw-conflict", "submit", "reopen-bid", "sign-off", "reopen",
                    MemberSession.stageSignOffAction])

        public init(panel: Panel) { layout = Layout(panel: panel) }

        public mutating func add(_ entry: AuditEntry) {
            if first == nil { first = entry }
            last = entry
            count += 1
            paper.add(entry)
            switch entry.action {
            case "record": values.append(layout.block(entry))
            case _ where MemberSession.moderationActions.contains(entry.action): moderation.append(layout.block(entry))
            case "conflict", "withdraw-conflict": conflicts.append(layout.block(entry))
            case "submit", "reopen-bid": submissions.append(layout.block(entry))
            case "sign-off", "reopen", MemberSession.stageSignOffAction: signOffs.append(layout.block(entry))
            default: others.append(layout.block(entry))
            }
        }

        /// The pages, about a megabyte at a time: the chain check (with
        /// `problems`), the seal and notes, then each section.
        public func write(problems: [String], date: String, seal: RecordSeal?, notes: [String], to out: ([UInt8]) -> Void) {
            func part(_ blocks: [Block]) -> Blocks {
                var part = Blocks()
                for block in blocks { part.append(block) }
                return part
            }
            func section(_ title: String, intro: String?, _ entries: Blocks, none: String) -> [Blocks] {
                [part(layout.heading(title, intro: intro) + (entries.isEmpty ? [Block([none])] : []))] + (entries.isEmpty ? [] : [entries])
            }
            var parts = [part(layout.chainCheck(count: count, first: first, last: last, problems: problems)
                + sealBlocks(seal, notes: notes))]
            parts += section("2. Members' values as recorded", intro: """
                Every value as the member gave it, in the order recorded. [terminal]: typed by the member at a \
                bidpanel screen. [paper]: typed in from their paper score sheet. A changed value shows old → new.
                """, values, none: "No member has recorded a value.")
            parts += section("3. Moderated values", intro: """
                Each value the chair recorded for the panel, with the reason. The members' own values stay as \
                recorded above. Also the chair's notes on items, and each bid the chair is not scoring.
                """, moderation, none: "No value has been moderated.")
            parts.append(part(layout.heading("4. Paper sheets, conflicts and submissions") + paper.blocks(layout)))
            parts += section("Conflicts of interest", intro: nil, conflicts, none: "No member has declared conflicts yet.")
            parts += section("Submissions and reopened bids", intro: nil, submissions, none: "No member has submitted a bid.")
            parts += section("5. Sign-off", intro: nil, signOffs, none: "The evaluation has not been signed off.")
            parts += section("6. Other entries", intro: "Setting up the file, PINs and sign-in lockouts.", others, none: "None.")
            parts.append(part([Block(["End of the audit log: \(count) entr\(count == 1 ? "y" : "ies")."])]))
            Pages(title: "Audit log: \(layout.panel.tender.id) \(layout.panel.tender.title)", date: date).write(parts, to: out)
        }
    }

    /// Runs of entries typed in together from paper (`bidpanel import`
    /// writes them in one go), counted as they come.
    struct PaperRuns {
        struct Run {
            var first: AuditEntry, last: AuditEntry
            var members: [(String, Int)] = []
            var moderated = 0, conflicts = 0
        }
        private var runs: [Run] = []

        mutating func add(_ entry: AuditEntry) {
            guard entry.source == "paper" else { return }
            if let last = runs.last?.last, last.seq + 1 == entry.seq {
                runs[runs.count - 1].last = entry
            } else {
                runs.append(Run(first: entry, last: entry))
            }
            switch entry.action {
            case "record":
                if let at = runs[runs.count - 1].members.firstIndex(where: { $0.0 == entry.member }) {
                    runs[runs.count - 1].members[at].1 += 1
                } else {
                    runs[runs.count - 1].members.append((entry.member, 1))
                }
            case "moderate": runs[runs.count - 1].moderated += 1
            case "conflict": runs[runs.count - 1].conflicts += 1
            default: break
            }
        }

        /// One summary line per run.
        func blocks(_ layout: Layout) -> [Block] {
            let intro = "Score sheets typed in with bidpanel import. Each value is also listed in its own section, marked [paper]."
            guard !runs.isEmpty else {
                return layout.heading("Typed in from paper", intro: intro) + [Block(["No score sheets were typed in from paper."])]
            }
            return layout.heading("Typed in from paper", intro: intro) + runs.map { run in
                var parts: [String] = []
                let values = run.members.reduce(0) { $0 + $1.1 }
                if values > 0 {
                    parts.append("\(layout.count(values, "member value")) ("
                        + run.members.map { "\(layout.who($0.0)) \($0.1)" }.joined(separator: ", ") + ")")
                }
                if run.moderated > 0 { parts.append(layout.count(run.moderated, "moderated value")) }
                if run.conflicts > 0 { parts.append(layout.count(run.conflicts, "conflict")) }
                let span = run.first.seq == run.last.seq ? "#\(run.first.seq)" : "#\(run.first.seq) to #\(run.last.seq)"
                let (from, to) = (readable(run.first.at), readable(run.last.at))
                let when = from == to ? from : "\(from) to \(to)"
                return Block(wrap("\(span), \(when):") + wrap(parts.joined(separator: "; ") + ".", first: indent))
            }
        }
    }
}
