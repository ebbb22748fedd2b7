/// Seeded mutations of real panel files and CSVs, as a fuzzer makes them:
/// flipped bytes, deletions, duplications, and hostile snippets spliced in
/// (deep nesting, NUL, huge numbers, exponents, control characters, long
/// ids, paths out of the folder). The same seed gives the same cases, so a
/// failure found in CI can be replayed exactly.
public struct Mutator {
    /// SplitMix64: small, fast and the same on every platform.
    public struct Random {
        var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
        public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// Text an attacker or a damaged file puts in, for panel files.
    public static let panelSnippets: [String] = [
        "[" + Array(repeating: "a", count: 100_000).joined(separator: ".") + "]\n",
        "[" + Array(repeating: "a", count: 40).joined(separator: ".") + "]\n",
        "x = " + String(repeating: "[", count: 100_000) + "\n",
        "x = " + String(repeating: "[\n", count: 2_000),
        "x = " + String(repeating: "{ a = ", count: 50) + "1" + String(repeating: " }", count: 50) + "\n",
        "\u{0}", "price = 229\u{0}000\n", "\u{1}", "\u{1B}]52;c;aGVsbG8=\u{7}", "\u{1B}[2J", "\u{7F}", "\u{202E}", "\r", "\r\n",
        "[\u{1}abc]\n", "[[\u{1B}]]\n", "[é]\n", "[=]\n", "[ .a]\n",
        "weight = 1e-9999\n", "quality = 8e-9999\n", "price = 1e9999\n", "weight = 0.00000000001\n",
        "price = 99999999999999999999999\n", "price = 9223372036854775808\n", "weight = inf\n", "weight = nan\n",
        "weight = -0.0\n", "price = 1979-05-27T07:32:00Z\n", "weight = 0x7fffffff\n", "decimals = 999999999999\n",
        "id = \"" + String(repeating: "x", count: 9_000) + "\"\n",
        "id = \"" + String(repeating: "x", count: 1_000_000) + "\"\n",
        "answers = \"/etc/passwd\"\n", "answers = \"../../../../etc/passwd\"\n", "answers = \"/dev/zero\"\n",
        "answers = \"youth-services/../../../../dev/urandom\"\n",
        "\"\"\"", "'''", "\"", "[[bid]]\nid = \"Z\"\nbidder = \"Z\"\n", "[[criterion]]\n", "= = =\n", "a.b.c = 1\n",
        "title = \"\"\"\n" + String(repeating: "long ", count: 3_000) + "\n\"\"\"\n",
    ]

    /// The same for CSV rows.
    public static let csvSnippets: [String] = [
        "\u{0}", "\u{1}", "\u{1B}]0;owned\u{7}", "\u{202E}", "\r", "\r\n", "\"", "\"\"", ",,,,,,\n",
        "1e-9999", "8e-9999", "1e9999", "0.00000000001", "99999999999999999999999", "£1,000,000", "-5", "nan",
        String(repeating: "x", count: 100_000), String(repeating: "B", count: 5_000),
        "B1,priya,reason\n", "\n\n\n", "\u{FEFF}", String(repeating: "\"a\",", count: 5_000) + "\n",
    ]

    public var random: Random

    public init(seed: UInt64) { random = Random(seed: seed) }

    /// One to four mutations of `text`, as bytes (so invalid UTF-8 happens too).
    public mutating func mutate(_ text: String, snippets: [String]) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0...random.below(4) {
            let at = random.below(bytes.count + 1)
            switch random.below(6) {
            case 0: // flip a byte
                if !bytes.isEmpty { bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next()) }
            case 1: // delete a range
                let end = min(bytes.count, at + random.below(64) + 1)
                if at < end { bytes.removeSubrange(at..<end) }
            case 2: // duplicate a range
                let end = min(bytes.count, at + random.below(200) + 1)
                if at < end { bytes.insert(contentsOf: bytes[at..<end], at: end) }
            case 3: // a hostile snippet anywhere
                bytes.insert(contentsOf: Array(random.pick(snippets).utf8), at: at)
            default: // a hostile snippet at the start of a line
                let lineStart = bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                bytes.insert(contentsOf: Array(random.pick(snippets).utf8), at: lineStart)
            }
        }
        return bytes
    }
}
