import BidpanelCore
import BidpanelStore
import BidpanelTUI
import Foundation
import Testing

/// The shipped youth-services panel, loaded once.
enum Youth {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("panels").path
    static let path = folder + "/youth-services.toml"
    static let loaded = try! PanelFile.load(path: path)
    static var panel: Panel { loaded.panel }

    static let pins = ["priya": "2468", "david": "1357", "helen": "8642", "zoe": "2580", "kyle": "9753"]

    static var members: [MemberEntry] { panel.members.map { MemberEntry(member: $0, hasPIN: true) } }

    static func member(_ id: String) -> Member { panel.member(id: id)! }

    /// What the store would hand a member: prices gone unless they may see them.
    static func session(_ id: String, declared: Bool = true, progress: [String: BidProgress]? = nil) -> Session {
        let member = member(id)
        let bids = panel.bids.map { bid -> Bid in
            var bid = bid
            if member.role == .young || member.role == .observer { bid.price = nil }
            return bid
        }
        let needed = Steps.steps(panel: panel, role: member.role).count
        let empty = Dictionary(uniqueKeysWithValues: panel.bids.map {
            ($0.id, BidProgress(recorded: 0, needed: needed, submitted: false, conflicted: false))
        })
        return Session(member: member, bids: bids, progress: progress ?? empty, conflictsDeclared: declared)
    }

    static func bid(_ id: String, young: Bool) -> Bid {
        var bid = panel.bid(id: id)!
        if young { bid.price = nil }
        return bid
    }

    /// A fresh evaluation file of the youth panel with every member's PIN set.
    static func evaluation() throws -> (EvaluationStore, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("youth.bidpanel").path
        let store = try EvaluationStore.create(at: path, panelPath: Youth.path, panelText: loaded.text, panel: panel,
                                               answersFiles: loaded.answersFiles, chairPIN: pins["priya"]!)
        let chair = try store.signIn(member: "priya", pin: pins["priya"]!)
        for (member, pin) in pins where member != "priya" { try chair.setPIN(for: member, to: pin) }
        return (store, path)
    }
}

/// Drives the pure update function with keys, as a person would type.
struct Driver {
    var state: AppState
    var effects: [Effect] = []
    var now: Double = 1000

    init(size: Size = Size(width: 80, height: 24), colour: Bool = true, demo: Bool = false) {
        state = AppState(panel: Youth.panel, members: Youth.members, demoPINs: demo ? Youth.pins : [:], size: size,
                         colour: colour, idleLimit: 300, now: 1000)
    }

    mutating func send(_ action: Action) {
        let (next, produced) = update(state, action)
        state = next
        effects += produced
    }

    mutating func press(_ keys: Key...) {
        for key in keys { now += 1; send(.key(key, at: now)) }
    }

    mutating func type(_ text: String) {
        for character in text { press(.character(character)) }
    }

    /// Takes the effects produced so far.
    mutating func drain() -> [Effect] {
        defer { effects = [] }
        return effects
    }

    var canvas: Canvas { render(state) }

    /// Signs a member in as the store would answer, conflicts declared.
    mutating func signIn(_ id: String, declared: Bool = true) {
        send(.signedIn(Youth.session(id, declared: declared)))
        _ = drain()
    }

    /// A member signed in (conflicts declared) with a bid open.
    static func opened(_ bid: String, by member: String) -> Driver {
        var driver = Driver()
        driver.signIn(member)
        driver.open(bid)
        return driver
    }

    /// Opens a bid as the store would answer.
    mutating func open(_ bid: String, values: [Slot: SavedValue] = [:], submitted: Bool = false) {
        let young = state.session?.member.role == .young
        send(.bidOpened(Youth.bid(bid, young: young), values: values, submitted: submitted))
        _ = drain()
    }

    /// Answers `record` effects as the store would: saved.
    mutating func confirmSaves() {
        for effect in drain() {
            if case let .record(slot, value) = effect { send(.saved(slot, value)) }
        }
    }
}

/// Snapshot files: the 80×24 frame as text, then where the cursor is.
/// A missing file is written and the test fails, so a new snapshot is
/// always looked at before it is committed.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func text(of canvas: Canvas) -> String {
        let cursor = canvas.cursor.map { "\($0.x),\($0.y)" } ?? "hidden"
        return canvas.text + "\n--- cursor: \(cursor)\n--- styles (R reverse, B bold, U underline, D dim; colours g good, w warning, p problem, a accent)\n"
            + styleLines(of: canvas)
    }

    /// One mask line per styled row: where the highlight, bold text and
    /// colours are, so a snapshot also pins down what is emphasised.
    static func styleLines(of canvas: Canvas) -> String {
        var lines: [String] = []
        for (y, row) in canvas.cells.enumerated() {
            var styles = row.map { cell -> Character in
                cell.style.contains(.reverse) ? "R" : cell.style.contains(.bold) ? "B"
                    : cell.style.contains(.underline) ? "U" : cell.style.contains(.dim) ? "D" : "."
            }
            var tints = row.map { cell -> Character in
                switch cell.tint { case .plain: "."; case .good: "g"; case .warning: "w"; case .problem: "p"; case .accent: "a" }
            }
            while styles.last == "." { styles.removeLast() }
            while tints.last == "." { tints.removeLast() }
            if !styles.isEmpty { lines.append(String(format: "%2d s ", y) + String(styles)) }
            if !tints.isEmpty { lines.append(String(format: "%2d c ", y) + String(tints)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func check(_ canvas: Canvas, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = folder.appendingPathComponent(name + ".txt")
        let actual = text(of: canvas)
        let record = ProcessInfo.processInfo.environment["BIDPANEL_RECORD_SNAPSHOTS"] == "1"
        guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("snapshot \(name) recorded; look at it, then run the tests again", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "snapshot \(name) differs:\n\(actual)", sourceLocation: sourceLocation)
    }
}

extension Driver {
    /// Zoë on B1, whose first step (experience) needs a comment, with 2
    /// picked: nothing is saved until she writes why.
    static func pickedWhereACommentIsRequired(sourceLocation: SourceLocation = #_sourceLocation) -> Driver {
        var panel = Youth.panel
        panel.criteria[0].commentRequired = true
        var driver = Driver()
        driver.state = AppState(panel: panel, members: Youth.members, size: Size(width: 80, height: 24))
        driver.signIn("zoe")
        driver.open("B1")
        driver.press(.character("2"))
        #expect(driver.drain().isEmpty, sourceLocation: sourceLocation)
        return driver
    }
}
