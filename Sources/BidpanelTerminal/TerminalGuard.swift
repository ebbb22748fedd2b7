import BidpanelCore
import CNcurses
import Glibc

/// Keeps the terminal usable whatever happens: stop signals become events the
/// program loop handles, and crashes restore the terminal and leave a log.
///
/// The C side keeps its state in `static` variables of shim.h, which each
/// Swift file would get its own copy of: so every guard call goes through here.
public enum TerminalGuard {
    /// Call first thing in main, before creating the terminal.
    public static func install(crashLog: String) {
        rememberTerminalState(fd: STDIN_FILENO)
        shim_set_version(BidpanelVersion.current)
        shim_set_crash_log_path(crashLog)
        installStopSignals()
        shim_install_crash_handlers()
    }

    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT if one arrived; the caller should
    /// save, shut the terminal down and exit with 128 + the signal.
    public static func pendingStopSignal() -> Int32? {
        let signal = shim_get_pending_signal()
        return signal == 0 ? nil : signal
    }

    /// While the screens run, anything written to stderr (a Swift fatal
    /// error's message included) goes to the crash log, not over the screen.
    /// Call after `install`; `restoreStandardError` undoes it.
    public static func sendStandardErrorToCrashLog() {
        let path = String(cString: shim_get_crash_log_path())
        guard !path.isEmpty else { return }
        _ = shim_redirect_stderr(path)
    }

    public static func restoreStandardError() { shim_restore_stderr() }

    /// Appends a timestamped line with the version, for Swift errors the
    /// program loop caught.
    public static func writeToCrashLog(_ text: String) {
        let configured = String(cString: shim_get_crash_log_path())
        let path = configured.isEmpty ? defaultCrashLogPath() : configured
        let descriptor = shim_open_log(path)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let line = "\(timestamp()) bidpanel \(BidpanelVersion.current): \(text)\n"
        var bytes = Array(line.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// $BIDPANEL_CRASH_LOG, else $XDG_STATE_HOME/bidpanel/crash.log, else
    /// ~/.local/state/bidpanel/crash.log. Creates the folder (mode 0700).
    public static func defaultCrashLogPath() -> String {
        let names = ["BIDPANEL_CRASH_LOG", "XDG_STATE_HOME", "HOME"]
        var values: [String: String] = [:]
        for name in names { values[name] = environment(name) }
        return defaultCrashLogPath(environment: values)
    }

    static func defaultCrashLogPath(environment: [String: String]) -> String {
        if let path = environment["BIDPANEL_CRASH_LOG"], !path.isEmpty { return path }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? homeFromPasswordFile()
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.local/state"
        let folder = "\(state)/bidpanel"
        makeDirectories(folder)
        return "\(folder)/crash.log"
    }

    // MARK: Used by NcursesTerminal

    static func installStopSignals() { shim_install_stop_signals() }

    /// A pipe's write end the stop and resize signals write to, so a wait
    /// in poll ends whichever thread a signal reached; -1 for none.
    static func wakeOnSignals(writingTo fd: Int32) { shim_set_signal_wake_fd(fd) }

    /// The first call wins, so the settings from before ncurses are kept.
    static func rememberTerminalState(fd: Int32) { shim_save_termios(fd) }

    static func name(ofSignal signal: Int32) -> String { String(cString: shim_signal_name(signal)) }

    /// ncurses reads and writes UTF-8 only under a UTF-8 locale; names carry
    /// accents and emoji, so fall back to C.UTF-8 when the environment has none.
    static func ensureUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
        if codeset != "UTF-8" && codeset != "UTF8" { setlocale(LC_CTYPE, "C.UTF-8") }
    }

    // MARK: For tests

    static func clearPendingStopSignal() { shim_clear_pending_signal() }

    /// Sets the crash log path without installing any handler.
    static func setCrashLogPath(_ path: String) { shim_set_crash_log_path(path) }

    /// Forks; the child installs the crash handlers and raises `signal`.
    /// Returns the signal that ended the child (nil if it exited normally).
    static func crashChild(signal: Int32, crashLog: String) -> Int32? {
        shim_set_version(BidpanelVersion.current) // before fork: the child makes only C calls
        let child = crashLog.withCString { path -> pid_t in
            let pid = fork()
            if pid == 0 {
                // Only C calls in the child: the parent may have threads mid-way through anything.
                // Keep the crash message out of the test output.
                let null = open("/dev/null", O_WRONLY)
                dup2(null, STDOUT_FILENO)
                dup2(null, STDERR_FILENO)
                shim_set_crash_log_path(path)
                shim_install_crash_handlers()
                // Test worker threads block some signals (SIGABRT among them).
                var signals = sigset_t()
                sigemptyset(&signals)
                sigaddset(&signals, signal)
                sigprocmask(SIG_UNBLOCK, &signals, nil)
                raise(signal)
                _exit(0)
            }
            return pid
        }
        guard child > 0 else { return nil }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        let termination = status & 0x7F
        return termination == 0 ? nil : termination
    }

    /// Forks; the child installs the stop handlers, raises `signal` and
    /// exits with the pending signal it saw (0 if none, or the signal's own
    /// status if the handler did not catch it).
    static func stopSignalChild(signal: Int32) -> Int32? {
        let pid = fork()
        if pid == 0 {
            shim_install_stop_signals()
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, signal)
            sigprocmask(SIG_UNBLOCK, &signals, nil)
            raise(signal)
            _exit(shim_get_pending_signal())
        }
        guard pid > 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
    }

    // MARK: Private

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return String(cString: value)
    }

    private static func homeFromPasswordFile() -> String {
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) }
        return "/tmp"
    }

    private static func makeDirectories(_ path: String) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            mkdir(prefix, 0o700)
        }
    }

    private static func timestamp() -> String {
        var buffer = [CChar](repeating: 0, count: 32)
        shim_format_utc(time(nil), &buffer)
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
