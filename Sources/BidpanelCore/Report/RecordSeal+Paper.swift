extension RecordSeal {
    /// What a document carries at its head: when the record does not
    /// verify, the warning between rules of "!" so no reader can miss it;
    /// then the seal line, to match the paper to the file (`bidpanel audit`
    /// prints the same line).
    func headerLines(width: Int) -> [String] {
        var out: [String] = []
        if let warning {
            let rule = String(repeating: "!", count: width)
            out += [rule] + DisplayWidth.wrap(SafeText.line(warning), width: width) + [rule]
        }
        return out + DisplayWidth.wrap(line, width: width)
    }
}
