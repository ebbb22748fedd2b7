import Testing
@testable import BidpanelCore

/// `[scoring] pot` and `at_the_line` in the panel file (docs/panel-format.md
/// §3.3): read exactly, and each mistake named at its line.
@Suite("Funding line: the panel file")
struct FundingPanelFileTests {
    typealias V = PanelValidationTests

    static func withPot(_ lines: String) -> String {
        V.base.replacingOccurrences(of: "decimals = 2\n", with: "decimals = 2\n\(lines)\n")
    }

    @Test(arguments: [("skip", AtTheLine.skip), ("part_fund", .partFund), ("stop", .stop)])
    func aPotAndItsRuleAreRead(text: String, rule: AtTheLine) throws {
        let panel = try V.load(Self.withPot("pot = 450000.50\nat_the_line = \"\(text)\"")).panel
        #expect(panel.scoring.pot == Exact(decimal: "450000.50")!)
        #expect(panel.scoring.atTheLine == rule)
    }

    @Test func withoutAPotNothingChanges() throws {
        let panel = try V.load(V.base).panel
        #expect(panel.scoring.pot == nil && panel.scoring.atTheLine == nil)
    }

    @Test(arguments: ["0", "-5", "100.005"])
    func aPotMustBeMoneyAboveZero(pot: String) throws {
        let text = Self.withPot("pot = \(pot)\nat_the_line = \"stop\"")
        let error = try V.error("pot is", in: text)
        #expect(error.line == V.line(of: "pot = ", in: text))
        #expect(error.fix?.contains("pot = 500000") == true)
    }

    @Test func aPotNeedsItsRule() throws {
        let text = Self.withPot("pot = 500000")
        let error = try V.error("no at_the_line", in: text)
        #expect(error.line == V.line(of: "pot = ", in: text))
        #expect(error.fix?.contains("\"part_fund\"") == true)
    }

    @Test func aRuleNeedsAPot() throws {
        let text = Self.withPot("at_the_line = \"skip\"")
        let error = try V.error("has no pot", in: text)
        #expect(error.line == V.line(of: "at_the_line", in: text))
    }

    @Test func aMisspeltRuleIsSuggested() throws {
        let text = Self.withPot("pot = 500000\nat_the_line = \"partfund\"")
        let error = try V.error("is not a valid at_the_line", in: text)
        #expect(error.message.contains("part_fund"))
        #expect(!V.errors(text).contains { $0.message.contains("no at_the_line") })
    }

    @Test func aMisspeltKeyIsSuggested() throws {
        let text = Self.withPot("pott = 500000")
        let error = try V.error("unknown key \"pott\"", in: text)
        #expect(error.message.contains("did you mean \"pot\""))
    }

    @Test func aPotIsNotSupportedWithLots() throws {
        let text = LotPanelFileTests.lots.replacingOccurrences(of: "decimals = 2\n",
                                                               with: "decimals = 2\npot = 500000\nat_the_line = \"stop\"\n")
        let error = try V.error("not supported in a tender split into lots", in: text)
        #expect(error.line == V.line(of: "pot = ", in: text))
    }

    @Test func aPotIsNotSupportedWithStages() throws {
        let text = StagePanelFileTests.staged.replacingOccurrences(of: "decimals = 2\n",
                                                                   with: "decimals = 2\npot = 500000\nat_the_line = \"stop\"\n")
        let error = try V.error("not supported in a tender scored in stages", in: text)
        #expect(error.line == V.line(of: "pot = ", in: text))
    }

    @Test func withAPotEveryBidNeedsAPrice() throws {
        let text = Self.withPot("pot = 500000\nat_the_line = \"stop\"")
            .replacingOccurrences(of: "price_formula = \"relative\"", with: "price_formula = \"none\"")
            .replacingOccurrences(of: "quality = 80", with: "quality = 100")
            .replacingOccurrences(of: "price = 212500\n", with: "")
        let error = try V.error("has no price, but the round has a pot", in: text)
        #expect(error.message.contains("B2"))
    }
}
