import Foundation
import Testing
@testable import BidpanelCore

/// One test per validation rule of SPEC §1, each on a copy of one small valid
/// panel with one thing broken. Every error must name the line (and, where it
/// matters, the column) of the offending text, say what is wrong and, for
/// misspellings, suggest the right word.
@Suite("Panel file validation")
struct PanelValidationTests {

    // MARK: - The valid base panel

    /// Weights: experience 35 + delivery 25 + coproduction 15 + ladder 5 = 80.
    static let base = """
        format = 1

        [tender]
        id = "YS-2026-01"
        title = "Positive activities for young people"
        authority = "Example Borough Council"
        currency = "GBP"

        [scoring]
        quality = 80
        price_formula = "relative"
        moderation = "consensus"
        decimals = 2

        [[scale]]
        id = "0-5"
        points = [
          { value = 0, label = "Unacceptable", meaning = "No answer.", plain = "No answer." },
          { value = 1, label = "Poor", meaning = "Major gaps.", plain = "Very weak." },
          { value = 2, label = "Fair", meaning = "Significant gaps.", plain = "Some good parts." },
          { value = 3, label = "Good", meaning = "Meets the need.", plain = "A good answer." },
          { value = 4, label = "Very good", meaning = "Strong and evidenced.", plain = "A strong answer." },
          { value = 5, label = "Excellent", meaning = "Outstanding.", plain = "The best it could be." },
        ]

        [[criterion]]
        id = "experience"
        section = "Your project"
        title = "Your experience"
        question = "Describe your experience."
        plain = "Have they done this before?"
        kind = "scored"
        scale = "0-5"
        weight = 35
        threshold = 2
        scored_by = ["chair", "officer", "young"]

        [[criterion]]
        id = "delivery"
        section = "Your project"
        title = "Delivery"
        kind = "scored"
        scale = "0-5"
        weight = 25

        [[criterion]]
        id = "coproduction"
        section = "Co-production"
        title = "Co-production"
        kind = "matrix"
        weight = 15
        scored_by = ["chair", "officer", "young"]

        [[criterion]]
        id = "ladder"
        section = "Co-production"
        title = "Ladder of co-production"
        kind = "ladder"
        weight = 5

        [[criterion]]
        id = "safeguarding"
        section = "Safeguarding"
        title = "Safeguarding"
        kind = "pass_fail"

        [[member]]
        id = "chris"
        name = "Chris"
        role = "chair"

        [[member]]
        id = "olu"
        name = "Olu"
        role = "officer"

        [[member]]
        id = "priya"
        name = "Priya"
        role = "officer"

        [[member]]
        id = "amira"
        name = "Amira"
        role = "young"

        [[bid]]
        id = "B1"
        bidder = "Riverside Youth Arts"
        price = 238000
        answers = "bids/riverside.md"
        supplier_id = "PUK-100001"
        address = "1 Mill Lane, Riverside RV1 2AB"
        email = "bids@riverside.example"

        [[bid]]
        id = "B2"
        bidder = "Northgate Trust"
        price = 212500
        supplier_id = "PUK-100002"
        address = "Northgate House, Northgate NG1 1AA"
        email = "office@northgate.example"

        """

    static let riverside = """
        # Riverside Youth Arts

        ## experience
        We have run youth clubs for ten years.

        ## delivery
        Three evenings a week.

        ## coproduction/capabilities
        Young people run the programme board.

        ## safeguarding
        Policy attached.

        """

    static let answers = ["bids/riverside.md": riverside]

    // MARK: - Helpers

    static func load(_ text: String, answers: [String: String] = answers) throws -> PanelFile.Loaded {
        try PanelFile.parse(text: text, file: "panel.toml") { answers[$0] }
    }

    /// The diagnostics thrown when loading `text`; records an issue when
    /// loading does not throw `DiagnosticsError`.
    static func errors(_ text: String, answers: [String: String] = answers,
                       sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
        let error = #expect(throws: DiagnosticsError.self, sourceLocation: sourceLocation) {
            try load(text, answers: answers)
        }
        return error?.diagnostics ?? []
    }

    /// The one error whose message contains `phrase`.
    static func error(_ phrase: String, in text: String, answers: [String: String] = answers,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> Diagnostic {
        let all = errors(text, answers: answers, sourceLocation: sourceLocation)
        let matching = all.filter { $0.message.contains(phrase) }
        #expect(matching.count == 1, "expected one error containing \(phrase), got: \(all)",
                sourceLocation: sourceLocation)
        let found = try #require(matching.first, "no error containing \(phrase) in: \(all)",
                                 sourceLocation: sourceLocation)
        #expect(found.severity == .error, sourceLocation: sourceLocation)
        return found
    }

    /// Replaces the first `old` that comes after `anchor` (or anywhere when
    /// anchor is nil); fails the test if there is none.
    static func edit(after anchor: String? = nil, _ old: String, _ new: String,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try edit(base, after: anchor, old, new, sourceLocation: sourceLocation)
    }

    static func edit(_ text: String, after anchor: String? = nil, _ old: String, _ new: String,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        var start = text.startIndex
        if let anchor {
            start = try #require(text.range(of: anchor), "anchor \(anchor) not found",
                                 sourceLocation: sourceLocation).upperBound
        }
        let range = try #require(text.range(of: old, range: start..<text.endIndex), "\(old) not found",
                                 sourceLocation: sourceLocation)
        return text.replacingCharacters(in: range, with: new)
    }

    /// Lines split as an editor does ("\r\n" is a single Character in Swift).
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }

    /// 1-based line of the `occurrence`-th line containing `needle`.
    static func line(of needle: String, in text: String, occurrence: Int = 1) -> Int {
        var seen = 0
        for (index, line) in lines(text).enumerated()
            where line.contains(needle) {
            seen += 1
            if seen == occurrence { return index + 1 }
        }
        Issue.record("\(needle) does not occur \(occurrence) time(s)")
        return -1
    }

    /// 1-based column where `needle` starts on its (first) line.
    static func column(of needle: String, in text: String) -> Int {
        for line in lines(text) {
            if let range = line.range(of: needle) {
                return line[..<range.lowerBound].unicodeScalars.count + 1
            }
        }
        Issue.record("\(needle) not found")
        return -1
    }

    // MARK: - The base panel

    @Test func basePanelLoadsWithoutErrorsOrWarnings() throws {
        let loaded = try Self.load(Self.base)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let panel = loaded.panel
        #expect(panel.tender.id == "YS-2026-01")
        #expect(panel.scoring.quality == Exact(80))
        #expect(panel.scoring.priceFormula == .relative)
        #expect(panel.criteria.map(\.id) == ["experience", "delivery", "coproduction", "ladder", "safeguarding"])
        #expect(panel.criteria.map(\.kind) == [.scored, .scored, .matrix, .ladder, .passFail])
        #expect(Exact.sum(panel.criteria.map(\.weight)) == Exact(80))
        #expect(panel.members.filter { $0.role == .chair }.map(\.id) == ["chris"])
        #expect(panel.bids.map(\.price) == [Exact(238000), Exact(212500)])
        #expect(panel.bids[0].answers["experience"] == "We have run youth clubs for ten years.")
        #expect(panel.bids[0].answers["coproduction/capabilities"] == "Young people run the programme board.")
        #expect(panel.bids[1].answers.isEmpty)
    }

    // MARK: - Syntax and format

    @Test func invalidTOMLSyntaxReportsItsLine() throws {
        let text = try Self.edit(#"title = "Delivery""#, #"title = "Delivery"#)
        let d = try Self.error("is not closed", in: text)
        #expect(d.file == "panel.toml")
        #expect(d.line == Self.line(of: #"title = "Delivery"#, in: text))
    }

    @Test func otherSyntaxErrorsSayNotValidTOML() throws {
        let text = try Self.edit(#"title = "Delivery""#, #"title = = "Delivery""#)
        let d = try Self.error("not valid TOML", in: text)
        #expect(d.line == Self.line(of: #"title = = "Delivery""#, in: text))
    }

    @Test func missingFormat() throws {
        let text = try Self.edit("format = 1\n", "")
        let d = try Self.error("has no \"format\"", in: text)
        #expect(d.line == 1)
        #expect(d.fix?.contains("format = 1") == true)
    }

    @Test func newerFormat() throws {
        let text = try Self.edit("format = 1", "format = 2")
        let d = try Self.error("newer than this bidpanel understands", in: text)
        #expect(d.message.contains("format 2"))
        #expect(d.line == 1)
        #expect(d.column == 1)
    }

    // MARK: - Unknown keys

    @Test func unknownTopLevelKeySuggestsCriterion() throws {
        let text = try Self.edit("[[criterion]]\nid = \"safeguarding\"", "[[critera]]\nid = \"safeguarding\"")
        let d = try Self.error("unknown key \"critera\"", in: text)
        #expect(d.message.contains("did you mean \"criterion\"?"))
        #expect(d.line == Self.line(of: "[[critera]]", in: text))
        #expect(d.column == 1)
    }

    @Test func unknownTopLevelScalarKey() throws {
        let text = try Self.edit("format = 1\n", "format = 1\nformt = 1\n")
        let d = try Self.error("unknown key \"formt\"", in: text)
        #expect(d.message.contains("did you mean \"format\"?"))
        #expect(d.line == 2)
    }

    @Test func unknownKeyInCriterionSuggestsWeight() throws {
        let text = try Self.edit(after: "id = \"delivery\"", "weight = 25", "wieght = 25")
        let d = try Self.error("unknown key \"wieght\"", in: text)
        #expect(d.message.contains("did you mean \"weight\"?"))
        #expect(d.message.contains("\"delivery\""))
        #expect(d.line == Self.line(of: "wieght = 25", in: text))
        #expect(d.column == 1)
    }

    /// A transposed letter in a short key (`lable`) still gets a suggestion.
    @Test func unknownKeyInInlineScalePointSuggestsLabel() throws {
        let text = try Self.edit(#"{ value = 1, label = "Poor""#, #"{ value = 1, lable = "Poor""#)
        let d = try Self.error("unknown key \"lable\"", in: text)
        #expect(d.message.contains("did you mean \"label\"?"))
        #expect(d.line == Self.line(of: "lable", in: text))
        #expect(d.column == Self.column(of: "lable", in: text))
    }

    @Test func unknownKeyInWindowsLineEndingsFileNamesTheRightLine() throws {
        let lf = try Self.edit(after: "id = \"delivery\"", "weight = 25", "wieght = 25")
        let text = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let d = try Self.error("unknown key \"wieght\"", in: text)
        #expect(d.line == Self.line(of: "wieght = 25", in: lf))
        #expect(d.column == 1)
    }

    @Test func unknownKeyInScoring() throws {
        let text = try Self.edit("moderation = \"consensus\"", "moderaton = \"consensus\"")
        let d = try Self.error("unknown key \"moderaton\"", in: text)
        #expect(d.message.contains("[scoring]"))
        #expect(d.message.contains("did you mean \"moderation\"?"))
        #expect(d.line == Self.line(of: "moderaton", in: text))
    }

    @Test func didYouMeanCountsASwappedPairAsOneEdit() {
        #expect(Suggest.editDistance("lable", "label") == 1)
        #expect(Suggest.editDistance("wieght", "weight") == 1)
        #expect(Suggest.editDistance("kitten", "sitting") == 3)
        #expect(Suggest.closest(to: "chiar", in: Role.allCases.map(\.rawValue)) == "chair")
        #expect(Suggest.closest(to: "zzzzz", in: Role.allCases.map(\.rawValue)) == nil)
    }

    // MARK: - Duplicate ids

    @Test func duplicateCriterionID() throws {
        let text = try Self.edit("id = \"delivery\"", "id = \"experience\"")
        let d = try Self.error("criterion id \"experience\" is used twice", in: text)
        #expect(d.line == Self.line(of: "id = \"experience\"", in: text, occurrence: 2))
        #expect(d.message.contains("first on line \(Self.line(of: "id = \"experience\"", in: text))"))
    }

    @Test func duplicateMemberID() throws {
        let text = try Self.edit("id = \"priya\"", "id = \"olu\"")
        let d = try Self.error("member id \"olu\" is used twice", in: text)
        #expect(d.line == Self.line(of: "id = \"olu\"", in: text, occurrence: 2))
        #expect(d.message.contains("first on line \(Self.line(of: "id = \"olu\"", in: text))"))
    }

    @Test func duplicateBidID() throws {
        let text = try Self.edit("id = \"B2\"", "id = \"B1\"")
        let d = try Self.error("bid id \"B1\" is used twice", in: text)
        #expect(d.line == Self.line(of: "id = \"B1\"", in: text, occurrence: 2))
        #expect(d.message.contains("first on line \(Self.line(of: "id = \"B1\"", in: text))"))
    }

    @Test func duplicateScaleID() throws {
        let text = Self.base + """

            [[scale]]
            id = "0-5"
            points = [
              { value = 0, label = "No", meaning = "No." },
              { value = 1, label = "Yes", meaning = "Yes." },
            ]

            """
        let d = try Self.error("scale id \"0-5\" is used twice", in: text)
        #expect(d.line == Self.line(of: "id = \"0-5\"", in: text, occurrence: 2))
        #expect(d.message.contains("first on line \(Self.line(of: "id = \"0-5\"", in: text))"))
    }

    // MARK: - Weights

    @Test func weightsNotAddingUpToQuality() throws {
        let text = try Self.edit("weight = 25", "weight = 20")
        let d = try Self.error("weights add up to 75, but quality is 80", in: text)
        #expect(d.line == Self.line(of: "quality = 80", in: text))
        #expect(d.fix?.contains("quality = 75") == true)
    }

    /// 12.5 + 33.3 + 34.2 is exactly 80; the ladder carries no weight here.
    @Test func decimalWeightsAddingUpExactlyPass() throws {
        var text = try Self.edit("weight = 35", "weight = 12.5")
        text = try Self.edit(text, "weight = 25", "weight = 33.3")
        text = try Self.edit(text, "weight = 15", "weight = 34.2")
        text = try Self.edit(text, "weight = 5\n", "")
        let loaded = try Self.load(text)
        #expect(loaded.panel.criteria.map(\.weight) == [Exact(125, 10), Exact(333, 10), Exact(342, 10), .zero, .zero])
        #expect(Exact.sum(loaded.panel.criteria.map(\.weight)) == Exact(80))
    }

    @Test func decimalWeightsFallingShortFail() throws {
        var text = try Self.edit("weight = 35", "weight = 33.3")
        text = try Self.edit(text, "weight = 25", "weight = 33.3")
        text = try Self.edit(text, "weight = 15", "weight = 13.3")
        text = try Self.edit(text, "weight = 5\n", "")
        let d = try Self.error("weights add up to 79.9, but quality is 80", in: text)
        #expect(d.line == Self.line(of: "quality = 80", in: text))
    }

    // MARK: - Scales and thresholds

    @Test func criterionNamingUnknownScale() throws {
        let text = try Self.edit(after: "id = \"delivery\"", "scale = \"0-5\"", "scale = \"O-5\"")
        let d = try Self.error("names scale \"O-5\", which is not defined", in: text)
        #expect(d.message.contains("did you mean \"0-5\"?"))
        #expect(d.line == Self.line(of: "scale = \"O-5\"", in: text))
    }

    @Test func thresholdOutsideItsScale() throws {
        let text = try Self.edit("threshold = 2", "threshold = 7")
        let d = try Self.error("threshold 7, outside its scale", in: text)
        #expect(d.message.contains("0 to 5"))
        #expect(d.line == Self.line(of: "threshold = 7", in: text))
    }

    @Test func thresholdOnNonScoredCriterion() throws {
        let text = try Self.edit("kind = \"ladder\"", "kind = \"ladder\"\nthreshold = 3")
        let d = try Self.error("a threshold applies only to scored criteria", in: text)
        #expect(d.message.contains("\"ladder\""))
        #expect(d.line == Self.line(of: "threshold = 3", in: text))
    }

    @Test func scoredCriterionWithoutScale() throws {
        let text = try Self.edit(after: "id = \"delivery\"", "scale = \"0-5\"\n", "")
        let d = try Self.error("is scored but names no scale", in: text)
        #expect(d.message.contains("\"delivery\""))
        // The line is missing, so the criterion's own [[criterion]] header is named.
        #expect(d.line == Self.line(of: "id = \"delivery\"", in: text) - 1)
        #expect(d.fix?.contains("scale = \"0-5\"") == true)
    }

    // MARK: - Members

    @Test func noChair() throws {
        let text = try Self.edit("role = \"chair\"", "role = \"officer\"")
        let d = try Self.error("the panel has no chair", in: text)
        #expect(d.line == Self.line(of: "[[member]]", in: text))
    }

    @Test func twoChairs() throws {
        let text = try Self.edit(after: "id = \"olu\"", "role = \"officer\"", "role = \"chair\"")
        let d = try Self.error("the panel has 2 chairs (chris, olu)", in: text)
        #expect(d.line == Self.line(of: "role = \"chair\"", in: text, occurrence: 2))
    }

    @Test func unknownMemberRoleSuggestsChair() throws {
        let text = try Self.edit("role = \"chair\"", "role = \"chiar\"")
        let d = try Self.error("\"chiar\" is not a valid role", in: text)
        #expect(d.message.contains("did you mean \"chair\"?"))
        #expect(d.line == Self.line(of: "role = \"chiar\"", in: text))
    }

    @Test func memberIDWithCapitals() throws {
        let text = try Self.edit("id = \"amira\"", "id = \"Amira\"")
        let d = try Self.error("member id \"Amira\" may use only a-z", in: text)
        #expect(d.line == Self.line(of: "id = \"Amira\"", in: text))
        #expect(d.fix?.contains("id = \"amira\"") == true)
    }

    @Test func unknownRoleInScoredBy() throws {
        let text = try Self.edit(#"scored_by = ["chair", "officer", "young"]"#, #"scored_by = ["chair", "oficer", "young"]"#)
        let d = try Self.error("\"oficer\" is not a role", in: text)
        #expect(d.message.contains("did you mean \"officer\"?"))
        #expect(d.line == Self.line(of: "\"oficer\"", in: text))
        #expect(d.column == Self.column(of: "\"oficer\"", in: text))
    }

    @Test func observerInScoredBy() throws {
        let text = try Self.edit(#"scored_by = ["chair", "officer", "young"]"#, #"scored_by = ["officer", "observer"]"#)
        let d = try Self.error("observers may read but never score", in: text)
        #expect(d.message.contains("\"experience\""))
        #expect(d.line == Self.line(of: "\"observer\"", in: text))
    }

    // MARK: - Bids and price

    @Test func missingPriceWhenPriceIsScored() throws {
        let text = try Self.edit("price = 212500\n", "")
        let d = try Self.error("bid \"B2\" has no price, but price is scored", in: text)
        // The line is missing, so the bid's own [[bid]] header is named.
        #expect(d.line == Self.line(of: "id = \"B2\"", in: text) - 1)
        #expect(d.fix?.contains("price =") == true)
    }

    @Test func negativePrice() throws {
        let text = try Self.edit("price = 212500", "price = -212500")
        let d = try Self.error("bid \"B2\" has a negative price", in: text)
        #expect(d.line == Self.line(of: "price = -212500", in: text))
    }

    @Test func priceFormulaNoneNeedsQuality100() throws {
        let text = try Self.edit(#"price_formula = "relative""#, #"price_formula = "none""#)
        let d = try Self.error("price_formula is \"none\" but quality is 80", in: text)
        #expect(d.line == Self.line(of: "price_formula", in: text))
        #expect(d.fix?.contains("quality = 100") == true)
    }

    @Test func unknownPriceFormulaSuggestsRelative() throws {
        let text = try Self.edit(#"price_formula = "relative""#, #"price_formula = "relatve""#)
        let d = try Self.error("\"relatve\" is not a valid price_formula", in: text)
        #expect(d.message.contains("did you mean \"relative\"?"))
        #expect(d.line == Self.line(of: "price_formula", in: text))
    }

    // MARK: - Matrix

    static let customMatrix = """

        [matrix]
        levels = ["Not yet", "Basic", "Getting there", "Excellent"]

        [[matrix.principle]]
        id = "capabilities"
        title = "Building on what people can do"
        descriptors = ["None", "Some", "Most", "All"]

        [[matrix.principle]]
        id = "reciprocity"
        title = "Give and take"
        descriptors = ["None", "Some", "Most", "All"]

        """

    @Test func customMatrixWithMatchingDescriptorsLoads() throws {
        let loaded = try Self.load(Self.base + Self.customMatrix)
        #expect(loaded.panel.matrix.levels.count == 4)
        #expect(loaded.panel.matrix.principles.map(\.id) == ["capabilities", "reciprocity"])
    }

    @Test func matrixDescriptorsCountDifferingFromLevels() throws {
        let matrix = try Self.edit(Self.customMatrix, after: "id = \"reciprocity\"",
                                   #"descriptors = ["None", "Some", "Most", "All"]"#,
                                   #"descriptors = ["None", "Some", "All"]"#)
        let text = Self.base + matrix
        let d = try Self.error("principle \"reciprocity\" has 3 descriptors but the matrix has 4 levels", in: text)
        #expect(d.line == Self.line(of: #"descriptors = ["None", "Some", "All"]"#, in: text))
    }

    // MARK: - Answers files

    @Test func answersFileThatDoesNotExist() throws {
        let d = try Self.error("the answers file \"bids/riverside.md\" does not exist", in: Self.base, answers: [:])
        #expect(d.file == "panel.toml")
        #expect(d.message.contains("bid \"B1\""))
        #expect(d.line == Self.line(of: "answers = \"bids/riverside.md\"", in: Self.base))
    }

    @Test func answersHeadingNamingUnknownCriterion() throws {
        let answers = try Self.edit(Self.riverside, "## delivery", "## delivry")
        let d = try Self.error("names no criterion", in: Self.base, answers: ["bids/riverside.md": answers])
        #expect(d.file == "bids/riverside.md")
        #expect(d.line == Self.line(of: "## delivry", in: answers))
        #expect(d.message.contains("did you mean \"delivery\"?"))
    }

    @Test func answersHeadingNamingUnknownPrinciple() throws {
        let answers = Self.riverside + "## coproduction/unknown-principle\nMore.\n"
        let d = try Self.error("names no matrix principle", in: Self.base, answers: ["bids/riverside.md": answers])
        #expect(d.file == "bids/riverside.md")
        #expect(d.line == Self.line(of: "## coproduction/unknown-principle", in: answers))
        #expect(d.message.contains("\"capabilities\""))
    }

    /// Answers files saved on Windows (CRLF) must split into headings too.
    @Test func answersFileWithWindowsLineEndings() throws {
        let crlf = Self.riverside.replacingOccurrences(of: "\n", with: "\r\n")
        let loaded = try Self.load(Self.base, answers: ["bids/riverside.md": crlf])
        let answers = loaded.panel.bids[0].answers
        #expect(answers["experience"] == "We have run youth clubs for ten years.")
        #expect(answers["delivery"] == "Three evenings a week.")
        #expect(answers["coproduction/capabilities"] == "Young people run the programme board.")

        let broken = try Self.edit(crlf, "## delivery", "## delivry")
        let d = try Self.error("names no criterion", in: Self.base, answers: ["bids/riverside.md": broken])
        #expect(d.file == "bids/riverside.md")
        #expect(d.line == Self.line(of: "## delivry", in: broken))
        #expect(d.message.contains("\"## delivry\""))
    }

    // MARK: - Types and ranges

    @Test func wrongTypeForWeight() throws {
        let text = try Self.edit("weight = 25", "weight = \"ten\"")
        let d = try Self.error("\"weight\" in [[criterion]] \"delivery\" must be a number", in: text)
        #expect(d.line == Self.line(of: "weight = \"ten\"", in: text))
        #expect(d.column == 1)
    }

    @Test func passFailWithWeight() throws {
        let text = try Self.edit("kind = \"pass_fail\"", "kind = \"pass_fail\"\nweight = 5")
        let d = try Self.error("is pass/fail, so it carries no weight", in: text)
        #expect(d.message.contains("\"safeguarding\""))
        #expect(d.line == Self.line(of: "kind = \"pass_fail\"", in: text) + 1)
    }

    @Test func qualityOutsideZeroToHundred() throws {
        let text = try Self.edit("quality = 80", "quality = 120")
        let d = try Self.error("quality is 120 but must be 0 to 100", in: text)
        #expect(d.line == Self.line(of: "quality = 120", in: text))
    }

    // MARK: - Warnings

    @Test func longPlainSentenceIsAWarningNotAnError() throws {
        let long = "They tell us about all the clubs and trips and camps they ran for young people in the town last year."
        let text = try Self.edit(#"plain = "Have they done this before?""#, "plain = \"\(long)\"")
        let loaded = try Self.load(text)
        #expect(loaded.warnings.count == 1)
        let w = try #require(loaded.warnings.first)
        #expect(w.severity == .warning)
        #expect(w.message.contains("has a sentence of 21 words"))
        #expect(w.message.contains("criterion \"experience\""))
        #expect(w.line == Self.line(of: long, in: text))
    }

    /// Reg 31 asks for each bidder's identifier, address and e-mail in its
    /// summary: a bid without them loads, with one warning naming what is
    /// missing, at the bid's line, and saying what to add.
    @Test func missingContactDetailsAreAWarningNotAnError() throws {
        var text = try Self.edit("supplier_id = \"PUK-100002\"\n", "")
        text = text.replacingOccurrences(of: "email = \"office@northgate.example\"\n", with: "email = \"  \"\n")
        let loaded = try Self.load(text)
        #expect(loaded.panel.bids.count == 2)
        #expect(loaded.warnings.count == 1)
        let w = try #require(loaded.warnings.first)
        #expect(w.severity == .warning)
        #expect(w.line == Self.line(of: "id = \"B2\"", in: text) - 1) // the bid's [[bid]] line
        #expect(w.message.hasPrefix("bid \"B2\" has no \"supplier_id\" or \"email\";"))
        #expect(w.message.contains("assessment summary"))
        #expect(w.fix?.contains("supplier_id = \"PUK-123456\"") == true)
        #expect(w.fix?.contains("email = ") == true)
        #expect(w.fix?.contains("address = ") == false)

        let none = try Self.load(Self.base.replacingOccurrences(of: "address = \"1 Mill Lane, Riverside RV1 2AB\"\n", with: ""))
        #expect(none.warnings.map(\.message) == ["bid \"B1\" has no \"address\"; the bidder's assessment summary must give its unique identifier, postal address and e-mail (Procurement Regulations 2024 reg 31)"])
        #expect(none.warnings.first?.fix == "add a line such as: address = \"1 High Street, Anytown AB1 2CD\"")
    }

    // MARK: - The shipped panels

    @Test func everyShippedPanelLoads() throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("panels")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".toml") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let path = folder.appendingPathComponent(name).path
            do {
                let loaded = try PanelFile.load(path: path)
                #expect(loaded.warnings.allSatisfy { $0.severity == .warning })
                for bid in loaded.panel.bids where bid.answersPath != nil {
                    #expect(!bid.answers.isEmpty, "\(name): bid \(bid.id) has an answers file but no answers")
                }
            } catch {
                Issue.record("\(name) does not load: \(error)")
            }
        }
    }
}
