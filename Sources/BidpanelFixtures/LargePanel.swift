import BidpanelCore
import BidpanelStore

/// A large panel as a real panel day can bring one: 20 members (a chair,
/// officers, young assessors and observers) whose names are long, accented
/// or written in wide characters, and 60 bids with long bidder names and
/// prices in the millions. It keeps a base panel's tender, scoring and
/// criteria (so every kind of step is there) and replaces its members and
/// bids. Shared by any test that needs "any panel size" (issue 11).
public enum LargePanel {
    public static let memberCount = 20
    public static let bidCount = 60

    /// Each member's id, name and role: m01 chairs, then 8 officers,
    /// 9 young assessors and 2 observers (18 who score).
    public static let members: [(id: String, name: String, role: Role)] = {
        let names = [
            "Priyanka Venkataraman-Oyelaran",
            "Dr Bartholomew Fitzwilliam-Ashcombe",
            "José María Fernández de Córdoba",
            "Siobhán Ní Mhaoldomhnaigh-O'Sullivan",
            "Łukasz Wróblewski-Grzegorczyk",
            "Ngozi Adaeze Okonkwo-Chukwuemeka",
            "山田 太郎 (Yamada Tarō)",
            "Anneliese Müller-Lüdenscheidt",
            "Mohammed Abdul-Rahman Al-Hashimi",
            "Zoë Åkesson-Kierkegaard",
            "Kyle Mensah-Appiah-Boateng",
            "李 小龙 (Lee Siu-lung) youth panel",
            "Chloé-Marguerite Dubois-Lefèvre",
            "Oluwaseun Adebayo-Ogunleye",
            "Aoife Ní Bhriain-MacGiolla Phádraig",
            "Björn Þórðarson-Guðmundsdóttir",
            "김 민준 (Kim Min-jun)",
            "Tomás Ó Ceallaigh-Fitzgerald",
            "Anastasia Konstantinopoulou",
            "François-Xavier de La Rochefoucauld",
        ]
        return names.enumerated().map { index, name in
            let role: Role = index == 0 ? .chair : index <= 8 ? .officer : index <= 17 ? .young : .observer
            return (id: "m\(index + 1 < 10 ? "0" : "")\(index + 1)", name: name, role: role)
        }
    }()

    /// Each bid's id, bidder and price: B1…B60, names up to ~80 columns
    /// (some in wide characters, one with control characters, none with a
    /// digit, so a cut figure is never mistaken for a cut name), prices from about £1.2 million to £9.9
    /// million, some with pence.
    public static let bids: [(id: String, bidder: String, price: Exact)] = {
        let stems = [
            "Northgate and Riverside Youth Collective Community Interest Company",
            "Café Mosaic Youth Project (Example Borough) Charitable Incorporated Organisation",
            "Brightwater Sports, Arts and Outdoor Education Trust",
            "東京青少年支援センター Youth Partnership",
            "Hollow Lane Community Association and Friends of Hollow Lane Park",
            "Step Up Mentoring, Coaching and Employability CIC",
        ]
        return (1...bidCount).map { n in
            let pence = n % 4 == 0 ? Exact(n % 100, 100) : Exact(0)
            let price = Exact(1_234_567 + (n * 7_919_357) % 8_700_000) + pence
            // B60's name carries what a pasted name can: an escape sequence
            // that would retitle the window, and a right-to-left override.
            let bidder = n == bidCount ? "Kingsmead \u{1B}]0;owned\u{07}Detached Youth Work \u{202E}Trust\u{202C} Limited"
                : stems[n % stems.count]
            return (id: "B\(n)", bidder: bidder, price: price)
        }
    }()

    /// Each member's PIN: "2468" for the chair, "pin-m07" for m07.
    public static func pin(_ member: String) -> String { member == members[0].id ? "2468" : "pin-\(member)" }

    /// The base panel's text up to its first member, then these members and bids.
    /// A base whose members or bids are not the last tables in the file
    /// would lose what follows them: the shipped panels keep them last.
    public static func text(base: String) -> String {
        let head = base.range(of: "[[member]]").map { String(base[..<$0.lowerBound]) } ?? base + "\n"
        var text = head
        for member in members {
            text += "[[member]]\nid = \"\(member.id)\"\nname = \(quoted(member.name))\nrole = \"\(member.role.rawValue)\"\n\n"
        }
        for bid in bids {
            text += "[[bid]]\nid = \"\(bid.id)\"\nbidder = \(quoted(bid.bidder))\nprice = \(bid.price)\n\n"
        }
        return text
    }

    /// The large panel, parsed and validated as `bidpanel` would.
    public static func panel(base: String) throws -> Panel {
        try PanelFile.parse(text: text(base: base), file: "large.toml", readFile: { _ in nil }).panel
    }

    /// An evaluation file of the large panel with every member's PIN set.
    public static func create(at path: String, base: String) throws -> EvaluationStore {
        let text = text(base: base)
        let panel = try PanelFile.parse(text: text, file: "large.toml", readFile: { _ in nil }).panel
        let store = try EvaluationStore.create(at: path, panelPath: "large.toml", panelText: text, panel: panel,
                                               answersFiles: [:], chairPIN: pin(members[0].id))
        let chair = try store.signIn(member: members[0].id, pin: pin(members[0].id))
        for member in members.dropFirst() { try chair.setPIN(for: member.id, to: pin(member.id)) }
        return store
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16).uppercased()
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
