import BidpanelCore
import Foundation

/// Sign-in: pick your name (type to filter, or arrows), then your PIN.
public struct SignInScreen: Sendable, Equatable {
    public var filter = TextField()
    public var selected = 0
    /// The member whose PIN is being typed; nil while choosing a name.
    public var pinFor: String?
    public var pin = TextField()
    public var problem: String?
    /// The PIN is being checked (it takes a moment, on purpose).
    public var checking = false
    /// For a pair: the PINs typed so far, one per person in turn.
    public var pairPINs: [String] = []

    public init() { filter.limit = 40; pin.limit = 64 }

    /// Members whose name matches what has been typed (ignoring case and
    /// accents): names with a word starting with it first, so "k" finds Kyle
    /// before David Okafor.
    func matches(_ members: [MemberEntry]) -> [MemberEntry] {
        let typed = filter.text.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else { return members }
        let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive]
        func startsAWord(_ entry: MemberEntry) -> Bool {
            entry.member.name.split(separator: " ").contains { $0.range(of: typed, options: options.union(.anchored)) != nil }
                || entry.member.id.range(of: typed, options: options.union(.anchored)) != nil
        }
        let found = members.filter {
            $0.member.name.range(of: typed, options: options) != nil || $0.member.id.range(of: typed, options: options) != nil
        }
        return found.filter(startsAWord) + found.filter { !startsAWord($0) }
    }

    public enum Command: Sendable, Equatable {
        case move, first, last, pageUp, pageDown, next, clear
        case signIn, backToNames
    }

    /// The keys while choosing a name, or while typing the PIN. Letters
    /// typed while choosing go into "Find:".
    static func keyMap(typingPIN: Bool) -> KeyMap<Command> {
        if typingPIN {
            return KeyMap([
                KeyBinding([.enter], "Enter", "sign in", help: "checks your PIN and signs you in.", .signIn),
                KeyBinding([.escape], "Esc", "back to names", help: "goes back to the list of names; the PIN is cleared.", .backToNames),
            ], common: [], signedIn: false)
        }
        return KeyMap([
            KeyBinding([.up, .down], "↑↓", "choose", help: "moves up and down the list of names.", .move),
            KeyBinding([.enter], "Enter", "next", help: "chooses the name you are on; then you type your PIN.", .next),
            KeyBinding([.escape], "Esc", "clear", help: "clears what you typed in Find, so every name shows again.", .clear),
            KeyBinding([.pageDown], "PgDn", "more names", help: "shows the next page of names.", inBar: false, .pageDown),
            KeyBinding([.pageUp], "PgUp", "names above", help: "shows the page of names above.", inBar: false, .pageUp),
            KeyBinding([.home], "Home", "first name", help: "goes to the first name.", inBar: false, .first),
            KeyBinding([.end], "End", "last name", help: "goes to the last name.", inBar: false, .last),
        ], common: [.help], signedIn: false)
    }

    var keyMap: KeyMap<Command> { Self.keyMap(typingPIN: pinFor != nil) }

    static func help(width: Int) -> [String] {
        HelpIntro.lines("Signing in",
                        "Type a few letters of your name, or move with ↑ and ↓. Press Enter on your name. "
                            + "Then type your PIN and press Enter. Your PIN never shows on the screen. "
                            + "After five wrong PINs, your name is locked for one minute. Ctrl+C closes bidpanel.",
                        width: width) + keyMap(typingPIN: false).helpLines(width: width)
    }

    /// A key that goes into "Find:" or the PIN as text. These are taken even
    /// while the window is too small to draw, so nothing typed is lost.
    func takesAsText(_ key: Key) -> Bool {
        guard keyMap.command(for: key) == nil else { return false }
        if pinFor == nil && key == CommonKey.help.key { return false }
        switch key {
        case .character, .backspace, .delete, .left, .right: return true
        default: return false
        }
    }

    /// How many names fit on the list at this window size.
    static func listRows(height: Int, typingPIN: Bool, demo: Bool) -> Int {
        max(1, height - listTop - (typingPIN ? 6 : demo ? 6 : 4))
    }

    static let listTop = 8

    mutating func update(_ key: Key, members: [MemberEntry], size: Size, demo: Bool) -> [Effect] {
        guard let command = keyMap.command(for: key) else {
            if pinFor != nil {
                if case .character = key { problem = nil }
                _ = pin.handle(key)
            } else if filter.handle(key) {
                selected = 0
                problem = nil
            }
            return []
        }
        let shown = matches(members)
        let page = Self.listRows(height: size.height, typingPIN: false, demo: demo)
        switch command {
        case .signIn:
            guard let memberID = pinFor else { return [] }
            guard !pin.text.isEmpty else { problem = "Type your PIN, then press Enter."; return [] }
            let typed = pin.text
            pin = TextField()
            problem = nil
            if let people = Self.people(of: memberID, in: members) {
                // A pair: each person types their own PIN in turn; both go to
                // the store together, which checks each one.
                pairPINs.append(typed)
                guard pairPINs.count >= people.count else { return [] }
                let pins = pairPINs
                pairPINs = []
                checking = true
                return [.signInPair(pair: memberID, pins: pins)]
            }
            checking = true
            return [.signIn(member: memberID, pin: typed)]
        case .backToNames:
            pinFor = nil
            pairPINs = []
            pin = TextField()
            problem = nil
        case .move: selected = key == .up ? max(0, selected - 1) : min(max(0, shown.count - 1), selected + 1)
        case .pageDown: selected = min(max(0, shown.count - 1), selected + page)
        case .pageUp: selected = max(0, selected - page)
        case .first: selected = 0
        case .last: selected = max(0, shown.count - 1)
        case .next:
            guard shown.indices.contains(selected) else { problem = "No name matches. Press Esc to clear, then try again."; return [] }
            var entry = shown[selected]
            // A person who scores in a pair signs in as the pair: both type their PINs.
            if let pair = Self.pair(of: entry.member.id, in: members),
               let pairEntry = members.first(where: { $0.member.id == pair.id }) {
                entry = pairEntry
            }
            guard entry.hasPIN else { problem = "\(entry.member.name) has no PIN yet. Please ask the chair to set one."; return [] }
            pinFor = entry.member.id
            problem = nil
        case .clear:
            filter = TextField()
            selected = 0
            problem = nil
        }
        return []
    }

    /// The pair a member scores in, from the sign-in list.
    static func pair(of memberID: String, in members: [MemberEntry]) -> Member? {
        members.first { $0.member.pair?.contains(memberID) == true }?.member
    }

    /// The two people of a pair, in the panel file's order; nil for anyone else.
    static func people(of memberID: String, in members: [MemberEntry]) -> [Member]? {
        guard let ids = members.first(where: { $0.member.id == memberID })?.member.pair else { return nil }
        let people = ids.compactMap { id in members.first { $0.member.id == id }?.member }
        return people.count == ids.count ? people : nil
    }

    func render(_ canvas: inout Canvas, state: AppState) -> Point? {
        let width = canvas.size.width
        Chrome.titleBar(&canvas, left: "bidpanel · \(state.panel.tender.id)", right: "Sign in")
        canvas.put(DisplayWidth.truncate(state.panel.tender.title, to: width - 4), x: 2, y: 2, style: .bold)
        canvas.put(DisplayWidth.truncate(state.panel.tender.authority, to: width - 4), x: 2, y: 3)

        let demo = !state.demoPINs.isEmpty
        let shown = matches(state.members)
        canvas.put("Who are you? Type your name, or use ↑ and ↓. Then press Enter.", x: 2, y: 5)
        canvas.put("Find:", x: 2, y: 6)
        let filterCursor = filter.draw(on: &canvas, x: 8, y: 6, width: 30)

        let nameWidth = min(32, max(12, state.members.map { DisplayWidth.of($0.member.name) }.max() ?? 12))
        let listTop = Self.listTop
        let listRows = Self.listRows(height: canvas.size.height, typingPIN: pinFor != nil, demo: demo)
        let first = max(0, min(selected - listRows + 1, shown.count - listRows))
        let scrolls = shown.count > listRows
        var cursor: Point? = nil
        for (row, entry) in shown.dropFirst(first).prefix(listRows).enumerated() {
            let index = first + row
            let y = listTop + row
            let focused = index == selected
            var line = (focused ? "▸ " : "  ") + DisplayWidth.pad(entry.member.name, to: nameWidth) + "  "
                + DisplayWidth.pad(entry.member.role.name, to: 15)
            if !entry.hasPIN { line += "  no PIN yet" }
            if let pair = Self.pair(of: entry.member.id, in: state.members) { line += "  signs in as \(pair.name)" }
            if let people = Self.people(of: entry.member.id, in: state.members) {
                line += "  pair: " + people.map(\.name).joined(separator: " and ")
            }
            if demo, let pin = state.demoPINs[entry.member.id] { line += "  demo PIN: \(pin)" }
            canvas.put(DisplayWidth.truncate(line, to: width - 4 - (scrolls ? 12 : 0)), x: 2, y: y, style: focused ? .reverse : [])
            if focused { cursor = Point(x: 4, y: y) }
        }
        // A long list says how many names are out of sight, and where.
        if first > 0 { canvas.put("↑ \(first) more", x: width - 13, y: listTop, style: .dim) }
        let below = shown.count - first - listRows
        if below > 0 { canvas.put("↓ \(below) more", x: width - 13, y: listTop + listRows - 1, style: .dim) }
        if shown.isEmpty {
            canvas.put("No name matches \"\(filter.text)\". Press Esc to clear.", x: 4, y: listTop)
            cursor = filterCursor
        }

        if let memberID = pinFor, var member = state.members.first(where: { $0.member.id == memberID })?.member {
            let y = canvas.size.height - 5
            if let people = Self.people(of: memberID, in: state.members), people.indices.contains(pairPINs.count) {
                let names = people.map(\.name).joined(separator: " and ")
                canvas.put(DisplayWidth.truncate("\(names): each of you types your own PIN.", to: width - 4),
                           x: 2, y: y - 1)
                member = people[pairPINs.count]
            }
            let label = "PIN for \(member.name):"
            canvas.put(label, x: 2, y: y, style: .bold)
            cursor = pin.draw(on: &canvas, x: 3 + DisplayWidth.of(label), y: y, width: 20, masked: true)
            canvas.put(checking ? "Checking your PIN…" : "Your PIN stays hidden as you type. Press Enter when done.",
                       x: 2, y: y + 1, style: checking ? .bold : .dim)
        }
        if demo && pinFor == nil {
            let y = canvas.size.height - (state.demoNote.isEmpty ? 4 : 5)
            canvas.put("This is a demo: the PINs are shown so you can try every role.", x: 2, y: y, style: .dim)
            canvas.put(DisplayWidth.truncate(state.demoNote, to: canvas.size.width - 4), x: 2, y: y + 1, style: .dim)
        }
        Chrome.problemLine(&canvas, problem)
        // While the PIN is typed, "?" is part of it: the map has no help then.
        Chrome.keyBar(&canvas, keyMap)
        return cursor
    }
}
