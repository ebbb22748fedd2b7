import BidpanelCore

extension AuditReport {
    /// The seal line every report page and summary carries, so the printed
    /// audit can be matched to them; then the notes (a file sealed on
    /// upgrade) and what `--expect` and `--witness` found.
    static func sealBlocks(_ seal: RecordSeal?, notes: [String]) -> [Block] {
        guard let seal else { return [] }
        var lines = wrap(seal.line + " (the full head: \(seal.head)).", rest: "")
        for note in notes { lines += [""] + wrap(note, rest: "") }
        return [Block(lines)]
    }
}
