import Foundation
import Testing

/// Drives a program on a real terminal: a detached tmux session on a private
/// server (its own socket), so tests never touch the user's tmux.
final class Tmux {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let socket = "bidpanel-e2e-\(UUID().uuidString.prefix(8))"
    private let target = "e2e"

    /// Starts `script` with `sh -c` in an 80×24 window.
    init(_ script: String, width: Int = 80, height: Int = 24) throws {
        let env = "export TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8; "
        try Tmux.spawnServer(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", target,
                              "-x", "\(width)", "-y", "\(height)", "sh", "-c", env + script])
    }

    /// Runs the command that starts the tmux server with no descriptors but
    /// 0–2. Through Foundation's Process the daemonised server would keep the
    /// socket Process watches for the child's exit, and waitUntilExit would
    /// never return.
    private static func spawnServer(_ arguments: [String]) throws {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).err").path
        defer { try? FileManager.default.removeItem(atPath: errors) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        let closeFrom = try #require(dlsym(nil, "posix_spawn_file_actions_addclosefrom_np"), "needs glibc 2.34")
        _ = unsafeBitCast(closeFrom, to: CloseFrom.self)(&actions, 3)
        // Swift's threads block most signals; tmux must not inherit that mask.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t(), defaults = sigset_t()
        sigemptyset(&mask)
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        try #require(spawned == 0, "cannot run tmux: \(String(cString: strerror(spawned)))")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        try #require(status == 0, "tmux new-session failed: \(message)")
    }

    /// Ends the session and the server, and with them anything still running
    /// in it; removes the socket, which tmux leaves behind.
    func kill() {
        let path = try? tmux(["display", "-p", "#{socket_path}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try? tmux(["kill-server"])
        if let path, !path.isEmpty { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Keys by tmux name ("Enter", "C-c", "4"), or literal text with `literal`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", target] + (literal ? ["-l"] : []) + keys)
    }

    func type(_ text: String) throws { try send(text, literal: true) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", target]) }

    /// The pane's title, as an escape sequence (OSC 0 or 2) would set it.
    func title() throws -> String {
        try tmux(["display-message", "-p", "-t", target, "#{pane_title}"]).trimmingCharacters(in: .newlines)
    }

    /// tmux's paste buffers, where a clipboard write (OSC 52) lands.
    func buffers() throws -> [String] {
        try tmux(["list-buffers", "-F", "#{buffer_sample}"]).split(separator: "\n").map(String.init)
    }

    /// A screen's rows (as many as the window is high).
    static func rows(_ screen: String) -> [String] {
        var rows = screen.components(separatedBy: "\n")
        if rows.last == "" { rows.removeLast() }
        return rows
    }

    func cursor() throws -> (x: Int, y: Int) {
        let xy = try tmux(["display", "-p", "-t", target, "#{cursor_x},#{cursor_y}"])
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
        return (xy.first ?? -1, xy.last ?? -1)
    }

    func resize(_ width: Int, _ height: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The pid of the program the shell in the pane is running (its child named `name`).
    func child(named name: String) throws -> Int32 {
        let pane = try tmux(["display", "-p", "-t", target, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let found = try Tmux.run("/usr/bin/env", ["pgrep", "-P", pane, "-x", name]).out
        return try #require(Int32(found.split(separator: "\n").first ?? ""), "no \(name) under pane \(pane)")
    }

    /// Every screen seen while waiting, to check a secret never showed.
    private(set) var seen: [String] = []

    /// Waits until the screen (and cursor) satisfy `condition`, polling every
    /// 50 ms; on timeout, fails where it was called with the last screen.
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation,
                   _ condition: (_ screen: String, _ cursor: (x: Int, y: Int)) throws -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let screen = try screen(), cursor = try cursor()
            seen.append(screen)
            let met = try condition(screen, cursor)
            if met { return screen }
            guard Date() < deadline else {
                try #require(met, "timed out after \(timeout)s waiting for \(what); cursor \(cursor); screen:\n\(screen)",
                             sourceLocation: sourceLocation)
                return screen
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @discardableResult
    func waitFor(_ texts: String..., timeout: Double = 15,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let what = texts.map { "\"\($0)\"" }.joined(separator: " and ")
        return try await waitUntil(what, timeout: timeout, sourceLocation: sourceLocation) { screen, _ in
            texts.allSatisfy { screen.contains($0) }
        }
    }

    func waitForCursor(x: Int? = nil, y: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await waitUntil("the cursor at \(x.map(String.init) ?? "any"),\(y)", sourceLocation: sourceLocation) { _, c in
            c.y == y && (x == nil || c.x == x)
        }
    }

    /// Waits for a file to hold text containing `marker` (written by the script in the pane).
    static func waitForFile(_ path: String, containing marker: String, timeout: Double = 15,
                            sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            guard !text.contains(marker), Date() < deadline else {
                try #require(text.contains(marker), "timed out waiting for \(path)", sourceLocation: sourceLocation)
                return text
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let run = try Tmux.run("/usr/bin/env", ["tmux", "-L", socket, "-f", "/dev/null"] + arguments)
        guard run.status == 0 else { throw Failure(description: "tmux \(arguments.joined(separator: " ")): \(run.err)") }
        return run.out
    }

    /// Runs a program to the end, with `input` on its standard input and
    /// `changes` made to the environment.
    static func run(_ executable: String, _ arguments: [String], input: String = "",
                    in directory: String? = nil, environment changes: [String: String] = [:]) throws -> CLI.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment.merge(changes) { _, new in new }
        process.environment = environment
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Run(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                       err: String(decoding: errData, as: UTF8.self))
    }
}
