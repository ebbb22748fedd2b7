/// The limits a panel file, an answers file or a CSV must keep, checked on
/// the text before any parser sees it. The TOML parser recurses on nesting
/// (a header such as `[a.a.a…]` a hundred thousand deep overflowed its
/// stack), aborts on a table name starting with a character it does not
/// expect, and reads a NUL byte as the end of the file; exact arithmetic on
/// `1e-9999` takes minutes. Every limit is far above what a real panel needs.
public enum TextLimits {
    public static let panelFileBytes = 4 * 1024 * 1024
    public static let answersFileBytes = 1024 * 1024
    /// A grants round of 5,000 bids × 40 criteria × 12 members is a 39 MB
    /// scores file; 10,000 bids (the most one evaluation takes) twice that.
    /// Reading is linear, so such a file takes seconds, not minutes.
    public static let csvFileBytes = 100 * 1024 * 1024
    public static let panelLineCharacters = 10_000
    /// Spreadsheets keep a long comment on one line.
    public static let csvLineCharacters = 100_000
    /// Dotted key parts, and brackets or braces open at once.
    public static let nesting = 16
    public static let decimals = 6
    /// A price of a thousand million million pounds still fits.
    public static let wholeDigits = 15
    /// "Did you mean" compares ids up to this length (no real id is longer).
    public static let suggestedLength = 64
    /// How many bids (panel file and bids CSV together), criteria and
    /// members one evaluation takes: twice the largest grants round we
    /// benchmark, and far beyond any panel.
    public static let bids = 10_000
    public static let criteria = 1_000
    public static let members = 200

    /// Size, NUL bytes and line lengths: the problems that stop any reading.
    static func lineProblems<Bytes: Collection<UInt8>>(_ bytes: Bytes, file: String, what: String, lineLimit: Int, byteLimit: Int,
                             fix: String, lineFix: String? = nil) -> [Diagnostic] {
        if bytes.count > byteLimit {
            return [Diagnostic(.error, file: file, line: 1,
                               message: "\(what) is \(megabytes(bytes.count)); it can be at most \(megabytes(byteLimit))",
                               fix: fix)]
        }
        var problems: [Diagnostic] = []
        var line = 1, characters = 0, reportedLength = false, reportedNUL = false
        for byte in bytes {
            if byte == 0x0A {
                line += 1
                characters = 0
                reportedLength = false
                reportedNUL = false
                continue
            }
            if byte & 0xC0 != 0x80 { characters += 1 } // count characters, not UTF-8 continuation bytes
            if byte == 0, !reportedNUL {
                reportedNUL = true
                problems.append(Diagnostic(.error, file: file, line: line, column: characters,
                                           message: "this line has a NUL character (a zero byte), which text never has; the file may be damaged or not text",
                                           fix: "delete the character, or save the file again as plain text"))
            }
            if characters > lineLimit, !reportedLength {
                reportedLength = true
                problems.append(Diagnostic(.error, file: file, line: line,
                                           message: "this line is longer than \(lineLimit) characters",
                                           fix: lineFix))
            }
            if problems.count >= 20 { break }
        }
        return problems
    }

    /// Rounded up, so a file just over a limit never reads as within it.
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024)
        return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
    }

    /// Everything that must be refused before the TOML parser sees the text.
    public static func panelProblems(_ text: String, file: String) -> [Diagnostic] {
        let bytes = Array(text.utf8)
        let problems = lineProblems(bytes, file: file, what: "the panel file", lineLimit: panelLineCharacters,
                                    byteLimit: panelFileBytes,
                                    fix: "keep bidders' answers in answers files (answers = \"…\"), not in the panel file",
                                    lineFix: "break the text over several lines (long text can use \"\"\" quotes)")
        if !problems.isEmpty { return problems }
        var scanner = TOMLShapeScanner(bytes: bytes, file: file)
        scanner.scan()
        return scanner.problem.map { [$0] } ?? []
    }

    /// An answers file: its size is checked when it is read; here, NUL bytes.
    static func answersProblems(_ text: String, file: String) -> [Diagnostic] {
        lineProblems(Array(text.utf8), file: file, what: "the answers file", lineLimit: .max,
                     byteLimit: answersFileBytes, fix: "split the answers or shorten them")
    }

    /// The CSV reader's limits: size, NUL bytes, line length.
    public static func csvProblems(_ text: String, file: String) -> [Diagnostic] {
        var text = text
        return text.withUTF8 { csvProblems($0, file: file) }
    }

    static func csvProblems(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> [Diagnostic] {
        lineProblems(bytes, file: file, what: "the file", lineLimit: csvLineCharacters, byteLimit: csvFileBytes,
                     fix: "check that this is the right file; split it if it really is this big",
                     lineFix: "shorten the text in this row, or check that this is the right file")
    }

    /// Why a number as written cannot be used, with what to write instead;
    /// nil when it is a plain decimal within the limits. Exact arithmetic
    /// on `1e-9999` would take minutes, so exponents are refused outright.
    public static func numberProblem(_ written: String) -> (message: String, fix: String)? {
        var text = Substring(written.replacingOccurrences(of: "_", with: ""))
        if let sign = text.first, sign == "-" || sign == "+" { text = text.dropFirst() }
        if text.contains(where: { $0 == "e" || $0 == "E" }) {
            return ("the number \(written) is written with an exponent (e), which bidpanel does not read",
                    "write the number in full, for example 0.5 or 250000")
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, parts[1].count > decimals {
            return ("the number \(written) has more than \(decimals) decimal places",
                    "round it to at most \(decimals) decimal places")
        }
        if let whole = parts.first, whole.drop(while: { $0 == "0" }).count > wholeDigits {
            return ("the number \(written) has more than \(wholeDigits) digits before the decimal point",
                    "check the number; no mark, weight or price is this large")
        }
        return nil
    }
}

/// Walks TOML text the way the parser will, checking only what the parser
/// cannot survive: nesting depth and the first character of a table name.
/// Where the text is not valid TOML the parser stops at the first error, so
/// this scanner only has to agree with it up to there.
private struct TOMLShapeScanner {
    let bytes: [UInt8]
    let file: String
    var i = 0
    var line = 1
    var problem: Diagnostic?

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    var current: UInt8? { i < bytes.count ? bytes[i] : nil }

    func at(_ offset: Int) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }

    static func isBareKey(_ c: UInt8) -> Bool {
        (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || c == 0x5F || c == 0x2D
    }

    mutating func fail(_ message: String, fix: String) {
        if problem == nil { problem = Diagnostic(.error, file: file, line: line, message: message, fix: fix) }
    }

    mutating func advance() {
        if current == 0x0A { line += 1 }
        i += 1
    }

    mutating func skipSpaces() { while current == 0x20 || current == 0x09 { advance() } }

    mutating func skipToLineEnd() { while let c = current, c != 0x0A { advance() } }

    mutating func scan() {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 } // the parser skips a byte-order mark
        while problem == nil, let c = current {
            switch c {
            case 0x20, 0x09, 0x0D, 0x0A: advance()
            case UInt8(ascii: "#"): skipToLineEnd()
            case UInt8(ascii: "["): scanHeader(); skipToLineEnd()
            default: scanKeyValue()
            }
        }
    }

    mutating func scanHeader() {
        advance()
        if current == UInt8(ascii: "[") { advance() }
        skipSpaces()
        guard let first = current else { return }
        guard Self.isBareKey(first) || first == UInt8(ascii: "\"") || first == UInt8(ascii: "'")
                || first == UInt8(ascii: "]") else {
            fail("a table name in [ ] must start with a letter, a digit, _ or -, or be in quotes",
                 fix: "write the name as in the examples, such as [[criterion]]")
            return
        }
        checkKeyParts()
    }

    /// Reads a dotted key (`a.b."c d"`) and refuses one with too many parts.
    mutating func checkKeyParts() {
        var parts = 1
        while problem == nil, let c = current {
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { skipString(); continue }
            if c == UInt8(ascii: ".") { parts += 1 }
            else if !(Self.isBareKey(c) || c == 0x20 || c == 0x09) { break }
            advance()
        }
        if parts > TextLimits.nesting {
            fail("this name has \(parts) parts separated by dots; at most \(TextLimits.nesting) are allowed",
                 fix: "use the section names of the panel format (docs/panel-format.md)")
        }
    }

    mutating func scanKeyValue() {
        checkKeyParts()
        skipSpaces()
        guard current == UInt8(ascii: "=") else { skipToLineEnd(); return }
        advance()
        scanValue()
    }

    /// A value up to the end of its line, following arrays across lines.
    mutating func scanValue() {
        var open: [UInt8] = []
        var expectingKey = false
        while problem == nil, let c = current {
            if expectingKey {
                skipSpaces()
                if current != UInt8(ascii: "}") { checkKeyParts() }
                expectingKey = false
                continue
            }
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                skipString()
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                open.append(c)
                if open.count > TextLimits.nesting {
                    fail("lists or tables are nested more than \(TextLimits.nesting) deep here",
                         fix: "use the shapes of the panel format (docs/panel-format.md); no panel needs this much nesting")
                    return
                }
                advance()
                expectingKey = c == UInt8(ascii: "{")
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if !open.isEmpty { open.removeLast() }
                advance()
            case UInt8(ascii: ","):
                advance()
                expectingKey = open.last == UInt8(ascii: "{")
            case UInt8(ascii: "#"):
                skipToLineEnd()
            case 0x0A:
                if open.isEmpty { return }
                advance()
            default:
                advance()
            }
        }
    }

    /// Skips a basic, literal or multi-line string, as the parser reads it.
    mutating func skipString() {
        guard let quote = current else { return }
        let multi = at(1) == quote && at(2) == quote
        if multi { i += 3 } else { advance() }
        while let c = current {
            if c == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                advance()
                if current != nil { advance() }
                continue
            }
            if c == quote {
                if !multi { advance(); return }
                if at(1) == quote && at(2) == quote {
                    i += 3
                    while current == quote { i += 1 } // a multi-line string may end with extra quotes
                    return
                }
            }
            if c == 0x0A && !multi { return }
            advance()
        }
    }
}
