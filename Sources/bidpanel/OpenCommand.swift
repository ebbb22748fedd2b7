import ArgumentParser
import BidpanelCore
import BidpanelStore
import BidpanelTerminal
import BidpanelTUI
import Foundation

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open an evaluation file on this terminal: sign in, declare conflicts, score, submit.",
        discussion: """
        Needs a terminal of at least 80 columns by 24 lines. Every value is saved the moment it is entered. \
        Ctrl+X hands the terminal to the next person; the screen locks itself after \
        --idle-minutes with no keys pressed. Ctrl+C closes bidpanel (nothing is lost). \
        NO_COLOR=1 turns colour off.
        """
    )

    @Argument(help: "The evaluation file (made with `bidpanel init`).")
    var file: String

    @Option(name: .long, help: "Minutes with no keys pressed before the screen locks.")
    var idleMinutes: Double = 5

    @ArgumentParser.Flag(name: .long, help: .hidden)
    var exitAfterFirstFrame = false

    func validate() throws {
        guard idleMinutes > 0 else { throw ValidationError("--idle-minutes must be more than 0") }
    }

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        try PanelTerminal.run(store: store, idleSeconds: idleMinutes * 60, exitAfterFirstFrame: exitAfterFirstFrame)
        Console.out("bidpanel closed. Everything entered is saved in \(file).\n")
    }
}

/// Runs the screens on this terminal until a signal (Ctrl+C included)
/// stops them, then puts the terminal back as it was.
enum PanelTerminal {
    static func run(store: EvaluationStore, demoPINs: [String: String] = [:], idleSeconds: Double,
                    exitAfterFirstFrame: Bool = false) throws {
        try run(demoPINs: demoPINs, idleSeconds: idleSeconds, exitAfterFirstFrame: exitAfterFirstFrame) { store }
    }

    /// `makeStore` runs once the terminal is in screen mode, so keys typed
    /// while a slow start-up runs (the demo sets five PINs) are not echoed.
    static func run(demoPINs: [String: String] = [:], demoNote: String = "", idleSeconds: Double, exitAfterFirstFrame: Bool = false,
                    makeStore: () throws -> EvaluationStore) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw InputError(message: "bidpanel needs a terminal for this (standard input and output are not one). "
                + "For files and scripts use: bidpanel import, export or report.")
        }
        let environment = ProcessInfo.processInfo.environment
        // https://no-color.org: set and not empty means no colour.
        let colour = (environment["NO_COLOR"] ?? "").isEmpty
        TerminalGuard.install(crashLog: TerminalGuard.defaultCrashLogPath())
        let terminal = try NcursesTerminal(colour: colour)
        TerminalGuard.sendStandardErrorToCrashLog()
        defer {
            terminal.shutdown()
            TerminalGuard.restoreStandardError()
        }
        let store = try makeStore()
        let backend = StoreBackend(store: store)
        backend.printReport = { session, seal in
            // Saved beside the evaluation file when there is no printer: the
            // chair may have started bidpanel from any folder.
            let folder = (store.path as NSString).deletingLastPathComponent
            let fallback = (folder as NSString).appendingPathComponent(ReportPrinting.fallbackName(file: store.path, now: Date()))
            let text = try ReportPrinting.text(store: store, session: session, seal: seal)
            let outcome = try ReportPrinting.send(text, title: "\(store.panel.tender.id) moderated totals", fallback: fallback)
            guard let saved = outcome.saved else { return ("Sent to the printer.", true) }
            // One status line: the file's name, which is what the chair needs to find it
            // (It is saved in the evaluation file's folder; docs/terminal.md says so.)
            return ("Not printed (no printer). Saved as \((saved as NSString).lastPathComponent).", false)
        }
        let members = try backend.memberEntries()
        var state = AppState(panel: store.panel, members: members, demoPINs: demoPINs, size: terminal.size,
                             colour: colour, idleLimit: idleSeconds, now: Date().timeIntervalSince1970)
        state.demoNote = demoNote
        let program = Program(state: state, backend: backend, device: terminal)
        if exitAfterFirstFrame {
            program.draw()
            return
        }
        program.run()
        terminal.shutdown()
        TerminalGuard.restoreStandardError()
        if let signal = TerminalGuard.pendingStopSignal(), signal != SIGINT {
            Console.error("bidpanel stopped by signal \(signal). Everything entered is saved.")
            Foundation.exit(128 + signal)
        }
    }
}
