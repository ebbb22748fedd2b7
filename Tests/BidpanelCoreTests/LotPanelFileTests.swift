import Testing
@testable import BidpanelCore

/// `[[lot]]`, a bid's `lot` and `max_lots_per_bidder` in the panel file
/// (docs/panel-format.md §3.11): each mistake named at its line.
@Suite("Lots: the panel file")
struct LotPanelFileTests {
    typealias V = PanelValidationTests

    /// The validation tests' base panel split into two lots, B1 in north
    /// and B2 in south, and a third bid from Riverside in south.
    static let lots: String = {
        var text = V.base
        text = text.replacingOccurrences(of: "decimals = 2\n", with: "decimals = 2\nmax_lots_per_bidder = 1\n")
        text = text.replacingOccurrences(of: "email = \"bids@riverside.example\"\n",
                                         with: "email = \"bids@riverside.example\"\nlot = \"north\"\n")
        text = text.replacingOccurrences(of: "email = \"office@northgate.example\"\n",
                                         with: "email = \"office@northgate.example\"\nlot = \"south\"\n")
        return text + """

            [[bid]]
            id = "B3"
            bidder = "Riverside Youth Arts"
            price = 120000
            supplier_id = "PUK-100001"
            address = "1 Mill Lane, Riverside RV1 2AB"
            email = "bids@riverside.example"
            lot = "south"

            [[lot]]
            id = "north"
            title = "North locality"
            budget = 240000

            [[lot]]
            id = "south"
            title = "South locality"
            abnormally_low = 20
            weights = { experience = 30, delivery = 30 }

            """
    }()

    @Test func aTenderInLotsLoads() throws {
        let loaded = try V.load(Self.lots)
        let panel = loaded.panel
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(panel.lots.map(\.id) == ["north", "south"])
        #expect(panel.lots[0].budget == Exact(240_000) && panel.lots[1].abnormallyLow == 20)
        #expect(panel.lots[1].weights == ["experience": 30, "delivery": 30])
        #expect(panel.bids.map(\.lot) == ["north", "south", "south"])
        #expect(panel.scoring.maxLotsPerBidder == 1)
        let south = panel.lotPanel(panel.lots[1])
        #expect(south.bids.map(\.id) == ["B2", "B3"])
        #expect(south.criterion(id: "experience")!.weight == 30 && south.criterion(id: "coproduction")!.weight == 15)
    }

    @Test func aFileWithoutLotsIsUnchanged() throws {
        let panel = try V.load(V.base).panel
        #expect(panel.lots.isEmpty && panel.bids.allSatisfy { $0.lot == nil } && panel.scoring.maxLotsPerBidder == nil)
    }

    @Test func aBidWithoutALotIsCaught() throws {
        let text = Self.lots.replacingOccurrences(of: "lot = \"south\"\n\n[[bid]]\nid = \"B3\"", with: "\n[[bid]]\nid = \"B3\"")
        #expect(text != Self.lots)
        let error = try V.error("names no lot", in: text)
        #expect(error.line == V.line(of: "id = \"B2\"", in: text) - 1)
        #expect(error.fix?.contains("lot = \"north\"") == true)
    }

    @Test func anUnknownLotIsCaughtWithADidYouMean() throws {
        let text = try V.edit(Self.lots, after: "id = \"B3\"", "lot = \"south\"", "lot = \"sout\"")
        let error = try V.error("not defined", in: text)
        #expect(error.message.contains("south"))
        #expect(error.line == V.line(of: "lot = \"sout\"", in: text))
    }

    @Test func aLotInAFileWithoutLotsIsCaught() throws {
        let text = try V.edit(V.base, "email = \"office@northgate.example\"", "email = \"office@northgate.example\"\nlot = \"east\"")
        let error = try V.error("has no [[lot]]", in: text)
        #expect(error.line == V.line(of: "lot = \"east\"", in: text))
    }

    @Test func theLimitWithoutLotsIsCaught() throws {
        let text = try V.edit(V.base, "decimals = 2", "decimals = 2\nmax_lots_per_bidder = 2")
        let error = try V.error("has no [[lot]]", in: text)
        #expect(error.line == V.line(of: "max_lots_per_bidder", in: text))
    }

    @Test func aLimitBelowOneIsCaught() throws {
        let text = try V.edit(Self.lots, "max_lots_per_bidder = 1", "max_lots_per_bidder = 0")
        _ = try V.error("must be 1 or more", in: text)
    }

    @Test func aLotsWeightsMustStillAddUp() throws {
        let text = try V.edit(Self.lots, "weights = { experience = 30, delivery = 30 }", "weights = { experience = 30, delivery = 31 }")
        let error = try V.error("add up to 81", in: text)
        #expect(error.message.contains("lot \"south\""))
        #expect(error.line == V.line(of: "weights = {", in: text))
    }

    @Test func aLotsWeightsNameKnownCriteriaThatCarryMarks() throws {
        let unknown = try V.edit(Self.lots, "experience = 30, delivery = 30", "experiense = 5, experience = 25, delivery = 30")
        #expect(try V.error("not defined", in: unknown).message.contains("experience"))
        let gate = try V.edit(Self.lots, "experience = 30, delivery = 30", "experience = 30, delivery = 30, safeguarding = 0")
        _ = try V.error("pass/fail", in: gate)
    }

    @Test func duplicateLotIdsAreCaught() throws {
        let text = Self.lots.replacingOccurrences(of: "id = \"south\"\ntitle = \"South locality\"", with: "id = \"north\"\ntitle = \"South locality\"")
        #expect(V.errors(text).contains { $0.message.contains("lot id \"north\" is used twice") })
    }

    @Test func aBadLotBudgetIsCaught() throws {
        let text = try V.edit(Self.lots, "budget = 240000", "budget = 0")
        _ = try V.error("budget of [[lot]] \"north\" must be more than 0", in: text)
    }

    @Test func anUnknownKeyInALotIsCaught() throws {
        let text = try V.edit(Self.lots, "budget = 240000", "budjet = 240000")
        #expect(try V.error("unknown key \"budjet\"", in: text).message.contains("budget"))
    }

    @Test func twoBidsFromOneBidderInOneLotAreWorthAWarning() throws {
        let text = try V.edit(Self.lots, after: "id = \"B3\"", "lot = \"south\"", "lot = \"north\"")
        let loaded = try V.load(text)
        #expect(loaded.warnings.contains { $0.message.contains("same bidder in lot \"north\"") })
    }

    @Test func theLimitWarnsWhenABidderIsKnownOnlyByName() throws {
        let text = try V.edit(Self.lots, after: "id = \"B3\"", "supplier_id = \"PUK-100001\"\n", "")
        let loaded = try V.load(text)
        #expect(loaded.warnings.contains { $0.message.contains("no supplier_id") })
    }
}

/// `[[stage]]` and a criterion's `stage` (docs/panel-format.md §3.12).
@Suite("Stages: the panel file")
struct StagePanelFileTests {
    typealias V = PanelValidationTests

    /// The base panel in two stages: experience and delivery written
    /// (35 + 25 + 15 + 5 = 80 with co-production and the ladder), then an
    /// interview criterion worth 80 on its own.
    static let staged: String = {
        var text = V.base
        text = text.replacingOccurrences(of: "weight = 35\n", with: "weight = 35\nstage = \"written\"\n")
        text = text.replacingOccurrences(of: "weight = 25\n", with: "weight = 25\nstage = \"written\"\n")
        text = text.replacingOccurrences(of: "weight = 15\n", with: "weight = 15\nstage = \"written\"\n")
        text = text.replacingOccurrences(of: "weight = 5\n", with: "weight = 5\nstage = \"written\"\n")
        text = text.replacingOccurrences(of: "kind = \"pass_fail\"\n", with: "kind = \"pass_fail\"\nstage = \"written\"\n")
        return text + """

            [[criterion]]
            id = "interview"
            section = "Interview"
            title = "The interview"
            scale = "0-5"
            weight = 80
            stage = "interview"

            [[stage]]
            id = "written"
            title = "Written bids"
            shortlist_top = 3
            shortlist_at_least = 50
            carry = 40

            [[stage]]
            id = "interview"
            title = "Interviews"

            """
    }()

    @Test func aTenderInStagesLoads() throws {
        let loaded = try V.load(Self.staged)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let panel = loaded.panel
        #expect(panel.stages.map(\.id) == ["written", "interview"])
        #expect(panel.stages[0].shortlist == ShortlistRule(top: 3, atLeast: 50) && panel.stages[0].carry == 40)
        #expect(panel.stageShares == [Exact(2, 5), Exact(3, 5)])
        #expect(panel.criteria.map { $0.stage ?? "-" } == ["written", "written", "written", "written", "written", "interview"])
        // The final panel's weights still add up to quality: 40% of 80 + 60% of 80.
        #expect(Exact.sum(panel.finalPanel(bids: panel.bids).criteria.map(\.weight)) == 80)
    }

    @Test func aCriterionWithoutAStageIsCaught() throws {
        let text = try V.edit(Self.staged, after: "id = \"interview\"", "stage = \"interview\"\n", "")
        let error = try V.error("names no stage", in: text)
        #expect(error.fix?.contains("stage = \"written\"") == true)
    }

    @Test func anUnknownStageIsCaughtWithADidYouMean() throws {
        let text = try V.edit(Self.staged, after: "id = \"interview\"", "stage = \"interview\"", "stage = \"intervew\"")
        let error = try V.error("names stage \"intervew\", which is not defined", in: text)
        #expect(error.message.contains("interview"))
        #expect(error.line == V.line(of: "stage = \"intervew\"", in: text))
    }

    @Test func eachStagesWeightsAddUpOnTheirOwn() throws {
        let text = try V.edit(Self.staged, after: "id = \"interview\"", "weight = 80", "weight = 70")
        let error = try V.error("the weights of stage \"interview\" add up to 70", in: text)
        #expect(error.line == V.line(of: "id = \"interview\"", in: text, occurrence: 2) - 1)
    }

    @Test func theLastStageHasNoShortlistAndNoCarry() throws {
        let shortlist = try V.edit(Self.staged, "title = \"Interviews\"", "title = \"Interviews\"\nshortlist_top = 1")
        _ = try V.error("nobody to shortlist for", in: shortlist)
        let carry = try V.edit(Self.staged, "title = \"Interviews\"", "title = \"Interviews\"\ncarry = 10")
        _ = try V.error("is the last stage: it makes up whatever", in: carry)
    }

    @Test func carriesMustLeaveSomethingForTheLastStage() throws {
        let text = try V.edit(Self.staged, "carry = 40", "carry = 100")
        #expect(V.errors(text).contains { $0.message.contains("carry of [[stage]] \"written\" is 100") })
    }

    @Test func aStageWithoutCriteriaIsCaught() throws {
        let text = Self.staged + "\n[[stage]]\nid = \"visit\"\ntitle = \"Site visits\"\n"
        #expect(V.errors(text).contains { $0.message.contains("stage \"visit\" has no criteria") })
    }

    @Test func aStageInAFileWithoutStagesIsCaught() throws {
        let text = try V.edit(V.base, "weight = 25\n", "weight = 25\nstage = \"written\"\n")
        let error = try V.error("but the file has no [[stage]]", in: text)
        #expect(error.line == V.line(of: "stage = \"written\"", in: text))
    }

    @Test func badShortlistRulesAreCaught() throws {
        _ = try V.error("shortlist_top of [[stage]] \"written\" is 0", in: try V.edit(Self.staged, "shortlist_top = 3", "shortlist_top = 0"))
        _ = try V.error("shortlist_at_least of [[stage]] \"written\" is 150", in: try V.edit(Self.staged, "shortlist_at_least = 50", "shortlist_at_least = 150"))
    }
}

/// A pair of young assessors (docs/panel-format.md §3.8).
@Suite("Pairs: the panel file")
struct PairPanelFileTests {
    typealias V = PanelValidationTests

    static let paired = V.base + """

        [[member]]
        id = "jay"
        name = "Jay"
        role = "young"

        [[member]]
        id = "amira-jay"
        name = "Amira and Jay"
        role = "young"
        pair = ["amira", "jay"]

        """

    @Test func aPairLoadsAsOneScorer() throws {
        let loaded = try V.load(Self.paired)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let panel = loaded.panel
        #expect(panel.member(id: "amira-jay")?.pair == ["amira", "jay"])
        #expect(panel.pair(of: "jay")?.id == "amira-jay" && panel.pair(of: "olu") == nil)
        #expect(panel.scorers.map(\.id) == ["chris", "olu", "priya", "amira-jay"])
    }

    @Test func aPairNamesTwoDifferentKnownYoungMembers() throws {
        let one = try V.edit(Self.paired, "pair = [\"amira\", \"jay\"]", "pair = [\"amira\"]")
        _ = try V.error("exactly two different members", in: one)
        let twice = try V.edit(Self.paired, "pair = [\"amira\", \"jay\"]", "pair = [\"amira\", \"amira\"]")
        _ = try V.error("exactly two different members", in: twice)
        let unknown = try V.edit(Self.paired, "pair = [\"amira\", \"jay\"]", "pair = [\"amira\", \"jai\"]")
        let error = try V.error("who is not on the panel", in: unknown)
        #expect(error.message.contains("jay") && error.line == V.line(of: "pair = [", in: unknown))
        let officer = try V.edit(Self.paired, "pair = [\"amira\", \"jay\"]", "pair = [\"amira\", \"olu\"]")
        _ = try V.error("only young assessors score in pairs", in: officer)
    }

    @Test func aPairIsYoungAndNobodyIsInTwoPairs() throws {
        let role = try V.edit(Self.paired, after: "id = \"amira-jay\"", "role = \"young\"", "role = \"officer\"")
        _ = try V.error("its role must be \"young\"", in: role)
        let twoPairs = Self.paired + "\n[[member]]\nid = \"jay-amira\"\nname = \"Jay and Amira\"\nrole = \"young\"\npair = [\"jay\", \"amira\"]\n"
        #expect(V.errors(twoPairs).contains { $0.message.contains("member \"jay\" is in two pairs") })
        let nested = Self.paired + "\n[[member]]\nid = \"trio\"\nname = \"Three\"\nrole = \"young\"\npair = [\"amira-jay\", \"priya\"]\n"
        #expect(V.errors(nested).contains { $0.message.contains("which is itself a pair") })
    }
}
