import BidpanelCore
import BidpanelStore
import BidpanelTerminal
import BidpanelTUI
import Foundation

/// Issue 4, the terminal screens: keystroke-to-frame latency, bytes sent to
/// the terminal, start to first frame, resident memory and keys per criterion.
/// A young assessor (zoe) scores bid B1 of the youth-services panel on a real
/// evaluation file, drawn by the real ncurses adapter into a temporary file.
enum TUIBenchmark {
    static let keystrokes = 10_000
    static let size = Size(width: 80, height: 24)
    static let panelPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("panels/youth-services.toml").path
    static let pins = ["priya": "2468", "david": "1357", "helen": "8642", "zoe": "2580", "kyle": "9753"]

    static func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-bench-tui-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try makeEvaluation(at: folder + "/youth.bidpanel")
        let input = fopen("/dev/null", "r")!

        // 3a. Start to first frame in-process, as `bidpanel open` does it (before the long-lived terminal).
        var starts: [Double] = []
        for run in 0..<11 {
            let sink = fopen(folder + "/start-\(run).out", "w")!
            var terminal: NcursesTerminal?
            starts.append(try milliseconds {
                let store = try EvaluationStore.open(path: path)
                let backend = StoreBackend(store: store)
                let members = try backend.memberEntries()
                terminal = try NcursesTerminal(colour: true, input: input, output: sink, termType: "xterm-256color")
                terminal!.resize(to: size)
                let state = AppState(panel: store.panel, members: members, size: size, now: Date().timeIntervalSince1970)
                Program(state: state, backend: backend, device: terminal!).draw()
            })
            terminal?.shutdown()
            fclose(sink)
        }
        print(String(format: "start to first frame, in-process (open store … first draw): first run %.2f ms; ", starts[0])
            + summary(starts))

        // 1, 2, 4. Keystroke → frame on the real file and the real ncurses adapter.
        let output = fopen(folder + "/terminal.out", "w")!
        let terminal = try NcursesTerminal(colour: true, input: input, output: output, termType: "xterm-256color")
        defer { terminal.shutdown() }
        terminal.resize(to: size)
        let store = try EvaluationStore.open(path: path)
        let storeBackend = CountingBackend(StoreBackend(store: store))
        let members = try StoreBackend(store: store).memberEntries()
        let timer = FrameTimer(terminal)
        let program = Program(state: AppState(panel: store.panel, members: members, size: size, now: Date().timeIntervalSince1970),
                              backend: storeBackend, device: timer)
        program.dispatch(.resized(size))
        program.draw()
        try signInAndOpen("B1", on: program)

        report("real file + ncurses", try measure(program, backend: storeBackend, device: timer, output: output))
        let (peakAfterReal, anon, file) = (residentKB("VmHWM"), residentKB("RssAnon"), residentKB("RssFile"))

        // The pure part: the same screens and terminal, with a backend that does no I/O.
        let pureBackend = CountingBackend(SavingBackend(bids: program.state.session?.bids ?? []))
        let pure = Program(state: program.state, backend: pureBackend, device: timer)
        report("no I/O backend (update + render + ncurses)", try measure(pure, backend: pureBackend, device: timer, output: output))
        print(String(format: "peak resident memory (VmHWM) after %d keystrokes on the real file: %.1f MB "
            + "(now: %.1f MB anonymous, %.1f MB mapped files)", keystrokes, Double(peakAfterReal) / 1024,
                     Double(anon) / 1024, Double(file) / 1024))

        // 5. Keys per criterion: score B2 with digit + Enter, counting keys until the step changes.
        press(.escape, on: program)
        try signInAndOpen("B2", on: program)
        let counts = try keysPerCriterion(program)
        print("keys per criterion (young assessor, optional comments, bid B2):")
        for (criterion, perStep) in counts {
            let detail = perStep.count > 1 ? " (\(perStep.count) principles: \(perStep.map(String.init).joined(separator: " + ")))" : ""
            print("  \(criterion): \(perStep.reduce(0, +))\(detail)")
        }

        // 3b, 4. The real binary.
        try realBinary(folder: folder)
    }

    // MARK: Measuring

    /// One keystroke: time to the first frame it shows (a pick is drawn
    /// before its durable write), time to its last frame ("✓ saved" after
    /// the write), the parts (update with effects, render, ncurses), bytes
    /// out, and whether a value was recorded.
    struct Sample { var milliseconds: Double; var lastFrame: Double; var parts: [Double]; var bytes: Int; var wrote: Bool }

    /// Runs `keystrokes` keys of the cycle, timing each from before dispatch
    /// to the first frame drawn and to the last (as `Program.draw`: render, then the device).
    static func measure(_ program: Program, backend: CountingBackend, device: FrameTimer,
                        output: UnsafeMutablePointer<FILE>) throws -> [Sample] {
        let steps = Steps.steps(panel: program.state.panel, role: .young)
        var samples: [Sample] = []
        samples.reserveCapacity(keystrokes)
        var round = 0
        var bytesBefore = fileSize(output)
        while samples.count < keystrokes {
            for key in cycle(steps: steps, panel: program.state.panel, round: round) {
                // The last round is finished untimed, so the walkthrough ends on step 1.
                guard samples.count < keystrokes else { press(key, on: program); continue }
                let recordsBefore = backend.records
                device.firstFrame = nil
                let start = DispatchTime.now().uptimeNanoseconds
                program.dispatch(.key(key, at: Date().timeIntervalSince1970))
                let updated = DispatchTime.now().uptimeNanoseconds
                let canvas = render(program.state)
                let rendered = DispatchTime.now().uptimeNanoseconds
                device.draw(canvas)
                let drawn = DispatchTime.now().uptimeNanoseconds
                let parts = [updated - start, rendered - updated, drawn - rendered].map { Double($0) / 1_000_000 }
                let bytes = fileSize(output)
                let first = min(device.firstFrame ?? drawn, drawn)
                samples.append(Sample(milliseconds: Double(first - start) / 1_000_000,
                                      lastFrame: Double(drawn - start) / 1_000_000, parts: parts,
                                      bytes: bytes - bytesBefore, wrote: backend.records > recordsBefore))
                bytesBefore = bytes
            }
            round += 1
            // Each cycle ends back on step 1 of B1, never submitted.
            guard case let .walkthrough(walk) = program.state.screen, walk.index == 0, !walk.submitted else {
                throw StoreError("the key cycle lost its way; the screen shows:\n" + render(program.state).text)
            }
        }
        return samples
    }

    /// One round of a realistic mix, starting and ending on step 1 of B1: help
    /// on and off, scroll the answer, move the highlight, score every step
    /// (digit, Enter) to the review; open a step from it, step → ←, back to the
    /// review (R); change one value from it (Enter, digit, Enter); Esc to the
    /// bid list and Enter to reopen B1 (a store read), which opens on step 1.
    static func cycle(steps: [Step], panel: Panel, round: Int) -> [Key] {
        func digit(_ index: Int) -> Key {
            let choices = Steps.choices(for: steps[index], panel: panel, plain: true)
            return .character(choices[(index + round) % choices.count].key)
        }
        var keys: [Key] = [.character("?"), .character("x"), .pageDown, .pageUp, .down]
        for index in steps.indices { keys += [digit(index), .enter] }
        keys += [.up, .up, .enter, .right, .left, .character("r")]
        keys += [.up, .enter, digit(steps.count - 4), .enter, .escape, .enter]
        return keys
    }

    /// From sign-in (or the bid list) to step 1 of a bid, as zoe, answering
    /// the conflicts screen with "no conflicts" (and its yes) if it shows.
    static func signInAndOpen(_ bid: String, on program: Program) throws {
        if case .signIn = program.state.screen {
            for key in keys("zo") + [.enter] + keys(pins["zoe"]!) + [.enter] { press(key, on: program) }
        }
        if case .conflicts = program.state.screen { press(.enter, on: program) }
        if case .conflicts = program.state.screen { press(.character("y"), on: program) }
        if case .bidList = program.state.screen {
            press(.character(bid.last!), on: program)
            press(.enter, on: program)
        }
        guard case let .walkthrough(walk) = program.state.screen, walk.bid.id == bid else {
            throw StoreError("\(bid) did not open; the screen shows:\n" + render(program.state).text)
        }
    }

    /// Keys pressed to leave each step, grouped by criterion in walkthrough order.
    static func keysPerCriterion(_ program: Program) throws -> [(String, [Int])] {
        var counts: [(String, [Int])] = []
        while case let .walkthrough(walk) = program.state.screen {
            let choices = Steps.choices(for: walk.step, panel: program.state.panel, plain: true)
            var pressed = 0
            repeat {
                press(pressed == 0 ? .character(choices[choices.count / 2].key) : .enter, on: program)
                pressed += 1
            } while pressed < 10 && { if case let .walkthrough(now) = program.state.screen { now.index == walk.index } else { false } }()
            if counts.last?.0 == walk.step.criterion.id { counts[counts.count - 1].1.append(pressed) }
            else { counts.append((walk.step.criterion.id, [pressed])) }
        }
        guard case .review = program.state.screen else { throw StoreError("scoring B2 did not reach the review") }
        return counts
    }

    static func report(_ name: String, _ samples: [Sample]) {
        let score = samples.filter(\.wrote), other = samples.filter { !$0.wrote }
        func latency(_ group: [Sample], _ time: KeyPath<Sample, Double> = \.milliseconds) -> String {
            let sorted = group.map { $0[keyPath: time] }.sorted()
            return String(format: "p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d keys)",
                          percentile(sorted, 0.5), percentile(sorted, 0.99), sorted.last ?? 0, sorted.count)
        }
        func mean(_ group: [Sample]) -> Double { Double(group.map(\.bytes).reduce(0, +)) / Double(max(1, group.count)) }
        print("keystroke → first frame, \(name):")
        print("  score keys (value recorded): \(latency(score))")
        print("  other keys:                  \(latency(other))")
        print("  all keys:                    \(latency(samples))")
        print("  score keys, to \"✓ saved\":    \(latency(score, \.lastFrame))")
        let medians = (0..<3).map { part in percentile(samples.map { $0.parts[part] }.sorted(), 0.5) }
        print(String(format: "  where it goes (p50, all keys): update + effects %.3f ms, render %.3f ms, ncurses %.3f ms",
                     medians[0], medians[1], medians[2]))
        print(String(format: "  bytes to the terminal: score keys mean %.0f, max %d; other keys mean %.0f",
                     mean(score), score.map(\.bytes).max() ?? 0, mean(other)))
    }

    /// Nearest-rank percentile of a sorted array.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))]
    }

    // MARK: The real binary

    /// `bidpanel open --exit-after-first-frame` under `script` with hyperfine,
    /// then the resident memory of `bidpanel open` in tmux at the walkthrough.
    static func realBinary(folder: String) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bidpanel").path
        guard FileManager.default.fileExists(atPath: binary) else {
            print("build the app first: swift build -c release --scratch-path .build-bench --product bidpanel")
            return
        }
        let path = try makeEvaluation(at: folder + "/binary.bidpanel")
        let environment = ["TERM": "xterm-256color", "LINES": "24", "COLUMNS": "80", "BIDPANEL_CRASH_LOG": folder + "/crash.log"]
        let json = folder + "/hyperfine.json"
        let app = "script -qfec '\(binary) open \(path) --exit-after-first-frame' /dev/null"
        let scriptOnly = "script -qfec true /dev/null"
        try shell(["hyperfine", "--warmup", "3", "--runs", "50", "-N", "--style", "none", "--export-json", json, app, scriptOnly],
                  environment: environment)
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let medians = (results["results"] as! [[String: Any]]).map { ($0["median"] as! Double) * 1000 }
        print(String(format: "start to first frame, bidpanel open under script (hyperfine, 50 runs): median %.1f ms; "
            + "script -qfec true alone: %.1f ms; difference %.1f ms", medians[0], medians[1], medians[0] - medians[1]))

        // tmux on a private socket (in the temporary folder): sign in as zoe, declare no conflicts, open B1
        // and score step 1, so the figure includes a write to the file, as every real session has.
        let tmux = ["tmux", "-S", folder + "/tmux.sock", "-f", "/dev/null"]
        defer { _ = try? shell(tmux + ["kill-server"]) }
        try shell(tmux + ["new-session", "-d", "-x", "80", "-y", "24", "-s", "bench", "exec \(binary) open \(path)"],
                  environment: ["BIDPANEL_CRASH_LOG": folder + "/crash.log"], capture: false)
        for (keys, shows) in [(["zo", "Enter"], ["PIN for"]), ([pins["zoe"]!, "Enter"], ["conflicts of interest"]),
                              (["Enter"], ["The bids", "Y yes"]), (["y"], ["The bids"]), (["Enter"], ["Step 1 of"]),
                              (["2"], ["✓ Saved: 2"])] {
            if keys == ["y"], try screen(tmux).contains("The bids") { continue } // no yes needed
            try shell(tmux + ["send-keys", "-t", "bench"] + keys)
            try waitFor(shows, tmux: tmux)
        }
        let pid = try shell(tmux + ["display-message", "-p", "-t", "bench", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let rss = try shell(["ps", "-o", "rss=", "-p", pid]).trimmingCharacters(in: .whitespacesAndNewlines)
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        print(String(format: "bidpanel open in tmux at the walkthrough, one value saved: RSS %.1f MB (ps), peak %.1f MB (VmHWM); "
            + "%.1f MB anonymous, %.1f MB mapped files", (Double(rss) ?? 0) / 1024,
                     Double(residentKB("VmHWM", in: status)) / 1024, Double(residentKB("RssAnon", in: status)) / 1024,
                     Double(residentKB("RssFile", in: status)) / 1024))
    }

    static func screen(_ tmux: [String]) throws -> String { try shell(tmux + ["capture-pane", "-p", "-t", "bench"]) }

    static func waitFor(_ texts: [String], tmux: [String]) throws {
        for _ in 0..<100 {
            let shown = try screen(tmux)
            if texts.contains(where: shown.contains) { return }
            usleep(50_000)
        }
        throw StoreError("bidpanel in tmux never showed \(texts); it shows:\n" + (try screen(tmux)))
    }

    // MARK: Helpers

    /// A fresh evaluation file of the youth panel with every member's PIN set.
    static func makeEvaluation(at path: String) throws -> String {
        let loaded = try PanelFile.load(path: panelPath)
        let store = try EvaluationStore.create(at: path, panelPath: panelPath, panelText: loaded.text, panel: loaded.panel,
                                               answersFiles: loaded.answersFiles, chairPIN: pins["priya"]!)
        let chair = try store.signIn(member: "priya", pin: pins["priya"]!)
        for (member, pin) in pins where member != "priya" { try chair.setPIN(for: member, to: pin) }
        return path
    }

    static func keys(_ text: String) -> [Key] { text.map { .character($0) } }

    static func press(_ key: Key, on program: Program) {
        program.dispatch(.key(key, at: Date().timeIntervalSince1970))
        program.draw()
    }

    static func fileSize(_ file: UnsafeMutablePointer<FILE>) -> Int {
        fflush(file)
        var info = stat()
        fstat(fileno(file), &info)
        return Int(info.st_size)
    }

    /// A "Vm…: 1234 kB" line of /proc/self/status (or the text given), in kB.
    static func residentKB(_ field: String, in status: String? = nil) -> Int {
        let text = status ?? (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Runs a program from PATH and returns its standard output; throws if it fails.
    /// posix_spawn and waitpid, as Foundation's Process hung waiting for tmux's client.
    @discardableResult
    static func shell(_ arguments: [String], environment: [String: String] = [:], capture: Bool = true) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-bench-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture ? outputPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if !capture { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        let argv = arguments.map { strdup($0) } + [nil], envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        var status: Int32 = 0
        guard posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp) == 0 else { throw StoreError("cannot run \(arguments[0])") }
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { throw StoreError("\(arguments.joined(separator: " ")) failed (status \(status))") }
        return capture ? (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" : ""
    }
}

/// Passes effects on, counting the values recorded.
final class CountingBackend: PanelBackend {
    let inner: PanelBackend
    var records = 0
    init(_ inner: PanelBackend) { self.inner = inner }
    func perform(_ effect: Effect) -> [Action] {
        if case .record = effect { records += 1 }
        return inner.perform(effect)
    }
}

/// No I/O: values are kept in memory and "saved" at once; bids reopen with them.
final class SavingBackend: PanelBackend {
    let bids: [Bid]
    var values: [Slot: SavedValue] = [:]
    init(bids: [Bid]) { self.bids = bids }
    func perform(_ effect: Effect) -> [Action] {
        switch effect {
        case let .record(slot, value):
            values[slot] = value
            return [.saved(slot, value)]
        case let .openBid(id):
            guard let bid = bids.first(where: { $0.id == id }) else { return [.failed("no bid \(id)")] }
            return [.bidOpened(bid, values: values.filter { $0.key.bid == id }, submitted: false)]
        default: return []
        }
    }
}

/// The terminal as the program sees it, noting when the first frame after a
/// key reaches ncurses (a pick is drawn before its durable write).
final class FrameTimer: TerminalDevice {
    let inner: TerminalDevice
    var firstFrame: UInt64?

    init(_ inner: TerminalDevice) { self.inner = inner }

    var size: Size { inner.size }
    func draw(_ canvas: Canvas) {
        inner.draw(canvas)
        if firstFrame == nil { firstFrame = DispatchTime.now().uptimeNanoseconds }
    }
    func nextEvent(milliseconds: Int) -> TerminalEvent { inner.nextEvent(milliseconds: milliseconds) }
    func wipe() { inner.wipe() }
}
