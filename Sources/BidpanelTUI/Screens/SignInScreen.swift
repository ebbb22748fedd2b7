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

    mutating func update(_ key: Key, members: [MemberEntry]) -> [Effect] {
        if let memberID = pinFor {
            switch key {
            case .enter:
                guard !pin.text.isEmpty else { problem = "Type your PIN, then press Enter."; return [] }
                let typed = pin.text
                pin = TextField()
                problem = nil
                checking = true
                return [.signIn(member: memberID, pin: typed)]
            case .escape:
                pinFor = nil
                pin = TextField()
                problem = nil
            default:
                if case .character = key { problem = nil }
                _ = pin.handle(key)
            }
            return []
        }
        let shown = matches(members)
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(max(0, shown.count - 1), selected + 1)
        case .home: selected = 0
        case .end: selected = max(0, shown.count - 1)
        case .enter:
            guard shown.indices.contains(selected) else { problem = "No name matches. Press Esc to clear, then try again."; return [] }
            let entry = shown[selected]
            guard entry.hasPIN else { problem = "\(entry.member.name) has no PIN yet. Please ask the chair to set one."; return [] }
            pinFor = entry.member.id
            problem = nil
        case .escape:
            filter = TextField()
            selected = 0
            problem = nil
        default:
            if filter.handle(key) {
                selected = 0
                problem = nil
            }
        }
        return []
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
        let listTop = 8
        let listRows = max(1, canvas.size.height - listTop - (pinFor == nil ? 4 : 6))
        let first = max(0, min(selected - listRows + 1, shown.count - listRows))
        var cursor: Point? = nil
        for (row, entry) in shown.dropFirst(first).prefix(listRows).enumerated() {
            let index = first + row
            let y = listTop + row
            let focused = index == selected
            var line = (focused ? "▸ " : "  ") + DisplayWidth.pad(entry.member.name, to: nameWidth) + "  "
                + DisplayWidth.pad(entry.member.role.name, to: 15)
            if !entry.hasPIN { line += "  no PIN yet" }
            if demo, let pin = state.demoPINs[entry.member.id] { line += "  demo PIN: \(pin)" }
            canvas.put(line, x: 2, y: y, style: focused ? .reverse : [])
            if focused { cursor = Point(x: 4, y: y) }
        }
        if shown.isEmpty {
            canvas.put("No name matches \"\(filter.text)\". Press Esc to clear.", x: 4, y: listTop)
            cursor = filterCursor
        }

        var keys: [(String, String)] = [("↑↓", "choose"), ("Enter", "next"), ("Esc", "clear")]
        if let memberID = pinFor, let member = state.members.first(where: { $0.member.id == memberID })?.member {
            let y = canvas.size.height - 5
            let label = "PIN for \(member.name):"
            canvas.put(label, x: 2, y: y, style: .bold)
            cursor = pin.draw(on: &canvas, x: 3 + DisplayWidth.of(label), y: y, width: 20, masked: true)
            canvas.put(checking ? "Checking your PIN…" : "Your PIN stays hidden as you type. Press Enter when done.",
                       x: 2, y: y + 1, style: checking ? .bold : .dim)
            keys = [("Enter", "sign in"), ("Esc", "back to names")]
        }
        if demo && pinFor == nil {
            let y = canvas.size.height - (state.demoNote.isEmpty ? 4 : 5)
            canvas.put("This is a demo: the PINs are shown so you can try every role.", x: 2, y: y, style: .dim)
            canvas.put(DisplayWidth.truncate(state.demoNote, to: canvas.size.width - 4), x: 2, y: y + 1, style: .dim)
        }
        Chrome.problemLine(&canvas, problem)
        // While the PIN is typed, "?" is part of it.
        if pinFor == nil { keys += [("?", "help"), ("Ctrl+C", "close")] }
        Chrome.keyBar(&canvas, keys)
        return cursor
    }
}
