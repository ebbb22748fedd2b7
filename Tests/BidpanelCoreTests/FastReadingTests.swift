import CSV
import Foundation
import Testing
@testable import BidpanelCore

/// The fast paths of issue 12 (reading a grants round's CSV, looking ids up,
/// numbers without big integers) must give exactly what the plain ways give.
@Suite("Fast reading agrees with the plain way")
struct FastReadingTests {
    static let panel = ExamplePanels.youth

    // MARK: Numbers

    static let numbers = [
        "4", " 4 ", "4.50", "-0", "-0.0", "+4", "04", "004.500", "4.", ".5", "-", "", "-.5", "1e3", "1E3", "2.5e-1",
        "1_000", "1,000", "4 5", "4..5", "--4", "-+4", "0", "000", "5", "3.25", "-3.25", "0.000001", "0.0000001",
        "999999999999999", "1000000000000000", "000000000000000999999999999999", "999999999999999.999999",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "12345678901234.123456",
        "1.1234567", "١", "４", "4\u{301}", "\u{A0}4", "4\t", "nan", "inf", "0x10", "£4",
    ]

    @Test func simpleDecimalsAreExactlyWhatTheGeneralParserReads() {
        for text in Self.numbers {
            guard let fast = Exact(simpleDecimal: text) else { continue }
            #expect(TextLimits.numberProblem(text) == nil, "\(text) is refused by the limits")
            #expect(Exact(decimal: text) == fast, "\(text)")
        }
        // The forms members write do take the fast path.
        for text in ["4", "4.50", "-0", "0", "3.25", "999999999999.999999", "000000000000000999999999999999"] {
            #expect(Exact(simpleDecimal: text) != nil, "\(text)")
        }
        // Everything else is left to the general parser and the limits.
        for text in [" 4 ", "+4", "4.", ".5", "1e3", "1_000", "1000000000000000", "1.1234567", "9223372036854775808", "١"] {
            #expect(Exact(simpleDecimal: text) == nil, "\(text)")
        }
        #expect(Exact(simpleDecimal: "4.50") == Exact(9, 2))
        #expect(Exact(simpleDecimal: "-0") == .zero)
    }

    @Test func randomDecimalsAgree() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789-.+e ")
        for _ in 0..<5_000 {
            let length = Int.random(in: 1...22, using: &rng)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
            guard let fast = Exact(simpleDecimal: text) else { continue }
            #expect(TextLimits.numberProblem(text) == nil && Exact(decimal: text) == fast, "\(text)")
        }
    }

    @Test func roundingWithoutBigIntegersAgreesWithLongDivision() {
        // A plain reference: long division in Int, half away from zero.
        func reference(_ n: Int, _ d: Int, _ places: Int) -> String {
            var scale = 1
            for _ in 0..<places { scale *= 10 }
            let scaled = n.magnitude * UInt(scale)
            var units = scaled / UInt(d)
            if (scaled % UInt(d)) * 2 >= UInt(d) { units += 1 }
            var digits = String(units)
            if places > 0 {
                if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
            }
            return (n < 0 && units > 0 ? "-" : "") + digits
        }
        for n in -250...250 {
            for d in [1, 2, 3, 4, 6, 7, 8, 16, 40, 125, 999, 1000] {
                for places in [0, 1, 2, 3] {
                    #expect(Exact(n, d).formatted(places: places) == reference(n, d, places), "\(n)/\(d) to \(places)")
                    #expect(Exact(n, d).rounded(places: places) == Exact(decimal: reference(n, d, places)), "\(n)/\(d)")
                }
            }
        }
        // Too big for 64 bits once scaled: the big-integer path, same figures.
        #expect(Exact(Int.max - 1, 3).formatted(places: 2) == "3074457345618258602.00")
        #expect(Exact(-(Int.max - 1), 3).compactFormatted(places: 2) == "-3074457345618258602")
        #expect(Exact(Int.max, 2).formatted(places: 1) == "4611686018427387903.5")
        #expect(Exact(1, 3).description == "1/3")
        #expect(Exact(-7, 8).description == "-0.875")
        #expect(Exact(-1, 1000).formatted(places: 2) == "0.00")
        #expect(Exact(-1, 200).formatted(places: 2) == "-0.01")
    }

    @Test func wholeNumbersKeepOneForm() {
        // Int64.min is kept as a big integer (its negation overflows); the
        // shortcut for whole numbers must not make a second form of it.
        let low = Exact(Int.min + 1) - Exact(1)
        #expect(low == -Exact(Int.max) - Exact(1))
        #expect(-(-low) == low)
        #expect(low + Exact(1) == Exact(Int.min + 1))
        #expect(Exact(7) + Exact(5) == Exact(12))
        #expect(Set([Exact(6, 2), Exact(3), Exact(9) - Exact(6)]).count == 1)
    }

    // MARK: CSV records

    /// Every record as the CSV library reads it.
    func libraryRecords(_ text: String) throws -> [[String]] {
        let reader = try CSVReader(string: text, hasHeaderRow: false)
        var records: [[String]] = []
        while let record = reader.next() { records.append(record) }
        return records
    }

    /// Every record as CSVRecords reads it, with its line breaks.
    func fastRecords(_ text: String) -> [(fields: [String], breaks: Int)] {
        var text = text
        return text.withUTF8 { bytes in
            var reader = CSVRecords(bytes)
            var fields: [CSVRecords.Field] = []
            var records: [(fields: [String], breaks: Int)] = []
            while let breaks = reader.next(into: &fields) {
                records.append((fields.map(reader.text.raw), breaks))
            }
            return records
        }
    }

    static let awkwardFiles = [
        "", "a", "a,b\n", "a,b", "a,b\r\nc,d\r\n", "a,b\rc,d\r", "a,\n,b\n,\n", "a,b,\n", "\n\n\n", "\r\n\r\n",
        "\"a,b\",c\n", "\"a\"\"b\",c\n", "\"\",\"\"\n", "\"a\nb\",c\nd,e\n", "\"a\r\nb\"\r\nc\r\n", "a\"b,c\n",
        "\"unclosed\n", "\"a\"b,c\n", "x\r\"a\"b\r", "x\r\"a\"é\rz", "\"a\"\r", "\"a\"", "é,ü\nñ,\"ß\"\n",
        "\u{FEFF}bid,value\n", "  a  , b \n", "a,\"b\"\n\"c\",d", ",,,\n", "\"\"\"\"\n", "a\r\r\nb",
    ]

    @Test func recordsAreTheLibrarysRecords() throws {
        for text in Self.awkwardFiles {
            let fast = fastRecords(text)
            #expect(fast.map(\.fields) == (try libraryRecords(text)), "\(text.debugDescription)")
            // Line breaks inside quoted fields keep later line numbers right.
            #expect(fast.map(\.breaks) == fast.map { $0.fields.reduce(0) { $0 + $1.filter { $0 == "\n" || $0 == "\r\n" }.count } },
                    "\(text.debugDescription)")
        }
    }

    @Test func randomFilesAreReadAsTheLibraryReadsThem() throws {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["a", "b", ",", "\"", "\"\"", "\n", "\r", "\r\n", " ", "é", "🎨", "\u{301}"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...14, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(fastRecords(text).map(\.fields) == (try libraryRecords(text)), "\(text.debugDescription)")
        }
    }

    @Test func trimmingIsFoundationsTrimming() {
        // Space and tab are the only ASCII characters Foundation trims here.
        for value in 0..<128 {
            let scalar = Unicode.Scalar(UInt8(value))
            #expect(CharacterSet.whitespaces.contains(scalar) == (scalar == " " || scalar == "\t"), "\(value)")
        }
        let fields = ["4", " 4 ", "\t4\t", "  ", "", "\u{A0}4\u{A0}", "\u{2003}x", " \u{301}x", "é ", " é", "a b",
                      "\u{3000}", " \u{A0} ", "x\u{A0}", "\u{A0}"]
        for field in fields {
            var text = field
            text.withUTF8 { bytes in
                let csv = CSVBytes(bytes: bytes)
                let whole = CSVRecords.Field(start: 0, end: bytes.count, quoted: nil)
                let expected = field.trimmingCharacters(in: .whitespaces)
                #expect(csv.trimmed(whole) == expected, "\(field.debugDescription)")
                #expect(csv.isBlank(whole) == expected.isEmpty, "\(field.debugDescription)")
                #expect(csv.raw(whole) == field)
            }
        }
    }

    // MARK: Member CSVs

    @Test func awkwardButValidFilesGiveTheValuesWritten() throws {
        let csv = "\u{FEFF}bid,criterion,member,value,principle,comment\r\n"
            + "B1,experience,zoe, 4 ,,\"Clear, with \"\"care\"\"\r\nand a second line\"\r\n"
            + "\r\n"
            + "B1 ,experience,david,4.0,,  kept as written  \r\n"
            + "B1,coproduction,zoe,2,capabilities,\r\n"
            + "B1,coproduction,zoe,Excellent,reciprocity,\r\n"
            + "B2,experience,zoe,\u{A0}3\u{A0},,\r\n"
        let located = try ScoresCSV.locatedMemberValues(text: csv, file: "s.csv", panel: Self.panel)
        #expect(located.map(\.line) == [2, 5, 6, 7, 8])
        let values = located.map(\.item)
        #expect(values.map(\.value) == [.scale(4), .scale(4), .level(2), .level(3), .scale(3)])
        #expect(values[0].comment == "Clear, with \"care\"\r\nand a second line")
        #expect(values[1].comment == "  kept as written  ")
        #expect(values[1].slot == Slot(bid: "B1", criterion: "experience"))
        #expect(values[2].slot.principle == "capabilities")
        #expect(try ScoresCSV.memberValues(text: csv, file: "s.csv", panel: Self.panel) == values)
    }

    @Test func aRepeatedBadRowIsReportedEachTime() throws {
        // The second row repeats the first's bid and criterion, which is
        // where the reader reuses the row before's lookup.
        let csv = """
        bid,criterion,member,value,principle,comment
        B1,experience,zoe,4,,
        B9,experience,zoe,4,,
        B9,experience,david,4,,
        B1,experience,zoe,5,,
        B1,experience,david,1e3,,
        B1,experience,david,7,,
        """
        do {
            _ = try ScoresCSV.memberValues(text: csv, file: "s.csv", panel: Self.panel)
            Issue.record("a bad file was read")
        } catch let error as DiagnosticsError {
            #expect(error.diagnostics.map(\.line) == [3, 4, 5, 6, 7])
            #expect(error.diagnostics[0].message.hasPrefix("unknown bid \"B9\""))
            #expect(error.diagnostics[1].message.hasPrefix("unknown bid \"B9\""))
            #expect(error.diagnostics[2].message == "zoe already has a value for this on line 2")
            #expect(error.diagnostics[3].message.contains("exponent"))
            #expect(error.diagnostics[4].message.hasPrefix("\"7\" is not a point on scale"))
        }
    }

    @Test func aFileWithAStructuralProblemReportsOnlyThat() throws {
        let csv = "bid,criterion,member,value,principle,comment\nB9,experience,zoe,4,,\nB1,experience,zoe,4\n"
        do {
            _ = try ScoresCSV.memberValues(text: csv, file: "s.csv", panel: Self.panel)
            Issue.record("a bad file was read")
        } catch let error as DiagnosticsError {
            #expect(error.diagnostics.map(\.line) == [3])
            #expect(error.diagnostics[0].message == "this row has 4 fields but the header has 6")
        }
    }

    // MARK: Lookups and the sheet

    @Test func lookupsFollowChangesAndFindTheFirst() {
        var panel = Self.panel
        let before = panel
        #expect(panel.bid(id: "B2")?.id == "B2")
        #expect(panel.bidIndex(id: "B2") == 1)
        panel.bids[1].id = "B2-renamed"
        #expect(panel.bid(id: "B2") == nil)
        #expect(panel.bid(id: "B2-renamed")?.bidder == before.bids[1].bidder)
        #expect(before.bid(id: "B2")?.id == "B2") // a copy made before keeps its own lists
        panel.bids.append(Bid(id: "B1", bidder: "A second B1", price: 1))
        #expect(panel.bid(id: "B1")?.bidder == before.bids[0].bidder)
        #expect(panel.member(id: "zoe")?.role == .young)
        panel.members.removeAll { $0.id == "zoe" }
        #expect(panel.member(id: "zoe") == nil)
        #expect(panel.criterion(id: "experience")?.id == "experience")
        #expect(panel.scale(id: "nope") == nil)
        #expect(before == Self.panel)
    }

    @Test func aSheetFromAnArrayIsTheSheetRecordedInTurn() {
        let slot = Slot(bid: "B1", criterion: "experience"), other = Slot(bid: "B2", criterion: "experience")
        let lists: [[MemberValue]] = [
            [],
            [MemberValue(slot: slot, member: "zoe", value: .scale(4)), MemberValue(slot: slot, member: "david", value: .scale(3)),
             MemberValue(slot: other, member: "zoe", value: .scale(2))],
            // Out of slot order, and zoe twice for the first slot: the later replaces the earlier in its place.
            [MemberValue(slot: slot, member: "zoe", value: .scale(4)), MemberValue(slot: other, member: "zoe", value: .scale(2)),
             MemberValue(slot: slot, member: "david", value: .scale(3)),
             MemberValue(slot: slot, member: "zoe", value: .scale(1), comment: "changed")],
        ]
        for values in lists {
            var recorded = ScoreSheet()
            for value in values { recorded.record(value) }
            let built = ScoreSheet(memberValues: values)
            #expect(Array(built.memberValues) == Array(recorded.memberValues))
            for value in values {
                #expect(built.value(of: value.member, at: value.slot) == recorded.value(of: value.member, at: value.slot))
            }
            var more = built
            more.record(MemberValue(slot: other, member: "david", value: .scale(5)))
            more.record(MemberValue(slot: slot, member: "david", value: .scale(0)))
            #expect(more.value(of: "david", at: slot)?.value == .scale(0))
            #expect(more.value(of: "david", at: other)?.value == .scale(5))
        }
        let last = ScoreSheet(memberValues: lists[2])
        #expect(last.value(of: "zoe", at: slot)?.comment == "changed")
        #expect(last.memberValues.count == 3)
    }
}

/// The engine keeps members' values as bytes when it can and in slot order;
/// neither may change a figure.
@Suite("Engine layout does not change results")
struct EngineLayoutTests {
    /// Every member's value for every slot, from `value(bid, criterion, member)`.
    func values(_ panel: Panel, _ value: (Int, Int, Int) -> Exact) -> [MemberValue] {
        var list: [MemberValue] = []
        for (b, bid) in panel.bids.enumerated() {
            for (c, criterion) in panel.criteria.enumerated() {
                for (m, member) in panel.members.enumerated() {
                    list.append(MemberValue(slot: Slot(bid: bid.id, criterion: criterion.id), member: member.id,
                                            value: .scale(value(b, c, m))))
                }
            }
        }
        return list
    }

    @Test func orderAndFormGiveTheSameResult() throws {
        var panel = TestPanels.panel(quality: 60, weights: [("a", 30), ("b", 30)],
                                     bids: [("B1", 100), ("B2", 120), ("B3", 90)])
        panel.scales[0].points += [ScalePoint(value: Exact(5, 2), label: "2.5", meaning: "", plain: ""),
                                   ScalePoint(value: 200, label: "200", meaning: "", plain: "")]
        let whole = values(panel) { b, c, m in Exact((b * 7 + c * 3 + m * 11) % 101) }
        let mixed = values(panel) { b, c, m in [Exact(5, 2), Exact(200), Exact(40)][(b + c + m) % 3] }
        for list in [whole, mixed] {
            let ordered = ScoringEngine.score(panel, ScoreSheet(memberValues: list))
            let reversed = ScoringEngine.score(panel, ScoreSheet(memberValues: list.reversed()))
            var conflicted = ScoreSheet(memberValues: list.shuffled())
            conflicted.declare(Conflict(bid: "B2", member: "ann", reason: "knows them"))
            #expect(ordered == reversed)
            let withConflict = ScoringEngine.score(panel, conflicted)
            // B2's values without Ann's, by hand.
            let b2 = list.filter { $0.slot == Slot(bid: "B2", criterion: "a") && $0.member != "ann" }.map(\.value.number)
            let expected = Exact.sum(b2) / Exact(b2.count)
            #expect(withConflict.bid("B2")?.criteria[0].finalValue == expected)
        }
        let mixedResult = ScoringEngine.score(panel, ScoreSheet(memberValues: mixed))
        let b1 = mixed.filter { $0.slot == Slot(bid: "B1", criterion: "b") }.map(\.value.number)
        #expect(mixedResult.bid("B1")?.criteria[1].finalValue == Exact.sum(b1) / Exact(b1.count))
    }
}
