extension RecordSeal {
    /// What a document carries at its head: when the record does not
    /// verify, the warning between rules of "!" so no reader can miss it;
    /// then the seal line, to match the paper to the file (`bidpanel audit`
    /// prints the same line). A document for a bidder passes `naming: false`:
    /// a problem may quote another bid (its price, its bidder), so it only
    /// says how many there are.
    func headerLines(width: Int, naming: Bool = true) -> [String] {
        var out: [String] = []
        if let warning {
            let rule = String(repeating: "!", count: width)
            let text = naming ? warning
                : "NOT VERIFIED: the evaluation record does not verify (\(problems.count) problem\(problems.count == 1 ? "" : "s")), so this summary is not final."
            out += [rule] + DisplayWidth.wrap(SafeText.line(text), width: width) + [rule]
        }
        return out + DisplayWidth.wrap(line, width: width)
    }
}
