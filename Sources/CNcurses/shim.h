// ncurses (wide-character build) for Swift, plus the C side of the
// terminal guard: signal handlers must be C so they stay async-signal-safe.
//
// The guard's state below is `static`, so every Swift file that calls these
// helpers would get its own copy: only TerminalGuard.swift may call the
// shim_* functions that read or write it (the "Guard state" section).
#ifndef BIDPANEL_CNCURSES_SHIM_H
#define BIDPANEL_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <termios.h>
#include <signal.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>
#include <execinfo.h>
#include <ncursesw/curses.h>

// MARK: - Macros Swift cannot import

static inline attr_t shim_a_normal(void) { return A_NORMAL; }
static inline attr_t shim_a_bold(void) { return A_BOLD; }
static inline attr_t shim_a_reverse(void) { return A_REVERSE; }
static inline attr_t shim_a_underline(void) { return A_UNDERLINE; }
static inline attr_t shim_a_dim(void) { return A_DIM; }
static inline attr_t shim_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }

static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline int shim_height(WINDOW *w) { return getmaxy(w); }
static inline int shim_width(WINDOW *w) { return getmaxx(w); }
static inline int shim_cursor_y(WINDOW *w) { return getcury(w); }
static inline int shim_cursor_x(WINDOW *w) { return getcurx(w); }
static inline FILE *shim_stdin(void) { return stdin; }
static inline FILE *shim_stdout(void) { return stdout; }
static inline int shim_wcwidth(wchar_t c) { return wcwidth(c); }

static const int SHIM_ERR = ERR;
static const int SHIM_OK = OK;
static const int SHIM_KEY_CODE_YES = KEY_CODE_YES;
static const int SHIM_KEY_RESIZE = KEY_RESIZE;
static const int SHIM_KEY_UP = KEY_UP;
static const int SHIM_KEY_DOWN = KEY_DOWN;
static const int SHIM_KEY_LEFT = KEY_LEFT;
static const int SHIM_KEY_RIGHT = KEY_RIGHT;
static const int SHIM_KEY_HOME = KEY_HOME;
static const int SHIM_KEY_END = KEY_END;
static const int SHIM_KEY_PPAGE = KEY_PPAGE;
static const int SHIM_KEY_NPAGE = KEY_NPAGE;
static const int SHIM_KEY_BTAB = KEY_BTAB;
static const int SHIM_KEY_BACKSPACE = KEY_BACKSPACE;
static const int SHIM_KEY_DC = KEY_DC;
static const int SHIM_KEY_ENTER = KEY_ENTER;

/// Writes one grapheme cluster (up to CCHARW_MAX wide chars) at (y, x).
/// ncurses only accepts non-spacing characters after the first, so when it
/// refuses the whole cluster (e.g. emoji ZWJ sequences) the first one is kept.
static inline int shim_put_cluster(WINDOW *w, int y, int x, const wchar_t *text, int count,
                                   attr_t attrs, short pair) {
    wchar_t buffer[CCHARW_MAX + 1];
    int n = count < CCHARW_MAX ? count : CCHARW_MAX;
    if (n <= 0) { buffer[0] = L' '; n = 1; } else { wmemcpy(buffer, text, (size_t)n); }
    buffer[n] = L'\0';
    cchar_t cell;
    if (setcchar(&cell, buffer, attrs, pair, NULL) == ERR) {
        buffer[1] = L'\0';
        if (setcchar(&cell, buffer, attrs, pair, NULL) == ERR) return ERR;
    }
    return mvwadd_wch(w, y, x, &cell);
}

/// Reads the characters of the cell at (y, x); returns how many were written
/// to `out` (0 if the cell cannot be read).
static inline int shim_read_cell(WINDOW *w, int y, int x, wchar_t *out, int capacity) {
    cchar_t cell;
    wchar_t buffer[CCHARW_MAX + 1];
    attr_t attrs;
    short pair;
    if (mvwin_wch(w, y, x, &cell) == ERR) return 0;
    if (getcchar(&cell, buffer, &attrs, &pair, NULL) == ERR) return 0;
    int n = 0;
    while (n < CCHARW_MAX && buffer[n] != L'\0' && n < capacity) { out[n] = buffer[n]; n++; }
    return n;
}

// MARK: - Guard state (TerminalGuard.swift only)

// Swift's importer does not emit file-scope static arrays or structs, so the
// state lives in a function-local static, which it does emit.
struct shim_guard_state {
    volatile sig_atomic_t pending_signal;
    volatile sig_atomic_t termios_fd;
    struct termios saved_termios;
    char crash_log_path[4096];
    char version[64];
    char alt_stack[65536];
    /// The user's real stderr while stderr goes to the crash log (or -1).
    volatile sig_atomic_t user_stderr;
    /// Written to by the stop and resize handlers, so a loop waiting in
    /// poll wakes whichever thread the signal reached (or -1).
    volatile sig_atomic_t signal_wake_fd;
    /// ncurses' own SIGWINCH action, called first by ours.
    struct sigaction ncurses_winch;
    volatile sig_atomic_t winch_chained;
};

static inline struct shim_guard_state *shim_state(void) {
    static struct shim_guard_state state = {.pending_signal = 0, .termios_fd = -1, .user_stderr = -1, .signal_wake_fd = -1};
    return &state;
}
#define shim_pending_signal (shim_state()->pending_signal)
#define shim_termios_fd (shim_state()->termios_fd)
#define shim_saved_termios (shim_state()->saved_termios)
#define shim_crash_log_path (shim_state()->crash_log_path)
#define shim_version (shim_state()->version)
#define shim_alt_stack (shim_state()->alt_stack)
#define shim_user_stderr (shim_state()->user_stderr)

/// Opens the crash log for appending, owner-only: it can hold names and
/// scores from the screen. A log left readable by others is tightened; a
/// device or pipe (BIDPANEL_CRASH_LOG=/dev/tty) is left as it is.
/// Signal-safe (open, fstat and fchmod are).
static inline int shim_open_log(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    struct stat info;
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && (info.st_mode & 0077) != 0) fchmod(fd, 0600);
    return fd;
}

/// While the screens run, stderr (where Swift prints a fatal error's
/// message) goes to the crash log instead of over the screen.
static inline int shim_redirect_stderr(const char *path) {
    if (shim_user_stderr >= 0) return 0;
    int log = shim_open_log(path);
    if (log < 0) return -1;
    int saved = dup(STDERR_FILENO);
    if (saved < 0) { close(log); return -1; }
    shim_user_stderr = saved;
    dup2(log, STDERR_FILENO);
    close(log);
    return 0;
}

static inline void shim_restore_stderr(void) {
    if (shim_user_stderr < 0) return;
    dup2(shim_user_stderr, STDERR_FILENO);
    close(shim_user_stderr);
    shim_user_stderr = -1;
}

static inline int shim_get_pending_signal(void) { return shim_pending_signal; }
static inline void shim_clear_pending_signal(void) { shim_pending_signal = 0; }
static inline const char *shim_get_crash_log_path(void) { return shim_crash_log_path; }

static inline void shim_set_version(const char *version) {
    strncpy(shim_version, version, sizeof shim_version - 1);
    shim_version[sizeof shim_version - 1] = '\0';
}

static inline void shim_set_crash_log_path(const char *path) {
    strncpy(shim_crash_log_path, path, sizeof shim_crash_log_path - 1);
    shim_crash_log_path[sizeof shim_crash_log_path - 1] = '\0';
}

/// Saves the terminal's settings once, before ncurses changes them.
static inline void shim_save_termios(int fd) {
    if (shim_termios_fd >= 0 || !isatty(fd)) return;
    if (tcgetattr(fd, &shim_saved_termios) == 0) shim_termios_fd = fd;
}

static void shim_wake_on_signal(void) {
    int fd = shim_state()->signal_wake_fd;
    if (fd >= 0) { char byte = 1; ssize_t ignored = write(fd, &byte, 1); (void)ignored; }
}

static void shim_on_stop_signal(int sig) { shim_pending_signal = sig; shim_wake_on_signal(); }

static void shim_on_winch(int sig) {
    struct sigaction *old = &shim_state()->ncurses_winch;
    if (!(old->sa_flags & SA_SIGINFO) && old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) old->sa_handler(sig);
    shim_wake_on_signal();
}

/// The write end of a non-blocking pipe the signal handlers write a byte
/// to. Call after newterm (ncurses sets its SIGWINCH handler there): ours
/// calls it first, then wakes the pipe.
static inline void shim_set_signal_wake_fd(int fd) {
    shim_state()->signal_wake_fd = fd;
    if (shim_state()->winch_chained) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = shim_on_winch;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGWINCH, &action, &shim_state()->ncurses_winch) == 0) shim_state()->winch_chained = 1;
}

/// No SA_RESTART: a blocked read returns, so the program loop sees the stop.
/// SIGQUIT (Ctrl+\) is a stop too: left to the Swift runtime it painted a
/// backtrace over the screen and the program carried on.
/// Also ignores SIGPIPE, since writes to a dropped SSH link must fail, not kill.
static inline void shim_install_stop_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = shim_on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGQUIT, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static inline const char *shim_signal_name(int sig) {
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    case SIGFPE: return "SIGFPE";
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    case SIGQUIT: return "SIGQUIT";
    default: return "signal";
    }
}

static void shim_write_all(int fd, const char *text) {
    size_t left = strlen(text);
    while (left > 0) {
        ssize_t n = write(fd, text, left);
        if (n <= 0) return;
        text += n;
        left -= (size_t)n;
    }
}

/// Formats a non-negative number into `out` without stdio (signal-safe).
static void shim_format_number(long value, int minDigits, char *out) {
    char digits[24];
    int n = 0;
    do { digits[n++] = (char)('0' + value % 10); value /= 10; } while (value > 0 && n < 23);
    while (n < minDigits) digits[n++] = '0';
    int i = 0;
    while (n > 0) out[i++] = digits[--n];
    out[i] = '\0';
}

/// UTC time as YYYY-MM-DDTHH:MM:SSZ; gmtime is not signal-safe, so by hand
/// (days-to-civil from Howard Hinnant's date algorithms).
static void shim_format_utc(time_t now, char *out) {
    long days = (long)(now / 86400), secs = (long)(now % 86400);
    long z = days + 719468, era = z / 146097, doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2);
    long parts[6] = {year, month, day, secs / 3600, secs % 3600 / 60, secs % 60};
    const char *separators = "--T::Z";
    char *p = out;
    for (int i = 0; i < 6; i++) {
        shim_format_number(parts[i], i == 0 ? 4 : 2, p);
        p += strlen(p);
        *p++ = separators[i];
    }
    *p = '\0';
}

static void shim_on_crash(int sig) {
    if (shim_termios_fd >= 0) tcsetattr(shim_termios_fd, TCSANOW, &shim_saved_termios);
    if (isatty(STDOUT_FILENO)) shim_write_all(STDOUT_FILENO, "\033[?1049l\033[?25h\r\n");

    char number[24], stamp[32];
    shim_format_number(sig, 1, number);
    shim_format_utc(time(NULL), stamp);
    if (shim_crash_log_path[0] != '\0') {
        int fd = shim_open_log(shim_crash_log_path);
        if (fd >= 0) {
            const char *parts[] = {"bidpanel crashed: signal ", number, " (", shim_signal_name(sig), ") at ", stamp,
                                   "\nbidpanel version ", shim_version[0] != '\0' ? shim_version : "unknown", "\n"};
            for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) shim_write_all(fd, parts[i]);
            void *frames[64];
            int count = backtrace(frames, 64);
            backtrace_symbols_fd(frames, count, fd);
            close(fd);
        }
        int user = shim_user_stderr >= 0 ? shim_user_stderr : STDERR_FILENO;
        const char *message[] = {"bidpanel crashed (", shim_signal_name(sig), "); details are in ", shim_crash_log_path, "\n"};
        for (unsigned i = 0; i < sizeof message / sizeof message[0]; i++) shim_write_all(user, message[i]);
    } else {
        const char *message[] = {"bidpanel crashed (", shim_signal_name(sig), ")\n"};
        for (unsigned i = 0; i < sizeof message / sizeof message[0]; i++) shim_write_all(STDERR_FILENO, message[i]);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/// Runs on an alternate stack so a stack overflow can still be reported.
static inline void shim_install_crash_handlers(void) {
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = shim_alt_stack;
    stack.ss_size = sizeof shim_alt_stack;
    sigaltstack(&stack, NULL);

    // backtrace() loads libgcc on first use, which is not signal-safe: do it now.
    void *warm[4];
    (void)backtrace(warm, 4);

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = shim_on_crash;
    action.sa_flags = SA_ONSTACK | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &action, NULL);
}

#endif
