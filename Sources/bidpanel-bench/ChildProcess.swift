import Foundation

/// One run of a program as a child process, measured from outside: wall
/// time from spawn to exit, and the child's own peak resident memory and CPU
/// time (ru_maxrss and ru_utime + ru_stime of wait4's rusage).
///
/// The child is started through GNU time (/usr/bin/time), which forks it:
/// Linux carries a process's peak over exec from the image it replaced, and
/// posix_spawn's child starts as this (large) benchmark, so spawned directly
/// every child would report at least the benchmark's own peak. time is small.
struct ChildRun {
    var seconds: Double
    /// ru_maxrss: the child's peak resident set, in MB.
    var peakMB: Double
    var cpuSeconds: Double
    var status: Int32

    /// Runs `arguments` (the first is the program: a path, or a name looked up
    /// in PATH), with `input` on its standard input, standard output to
    /// `output` (a file path; /dev/null by default) and standard error kept
    /// for the message when it fails. Throws unless it exits with status 0.
    static func measure(_ arguments: [String], input: String = "", output: String = "/dev/null",
                        in folder: String) throws -> ChildRun {
        let inputPath = folder + "/.stdin-\(UUID().uuidString)", errorPath = folder + "/.stderr-\(UUID().uuidString)"
        let usagePath = folder + "/.usage-\(UUID().uuidString)"
        try input.write(toFile: inputPath, atomically: false, encoding: .utf8)
        defer { unlink(inputPath); unlink(errorPath); unlink(usagePath) }
        let timed = timeProgram.map { [$0, "-f", "%M %U %S", "-o", usagePath, "--"] + arguments } ?? arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = timed.map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0)=\($1)") } + [nil]
        defer { (argv + environment).forEach { free($0) } }
        var pid = pid_t()
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawnp(&pid, timed[0], &actions, nil, argv, environment) == 0 else {
            throw BenchError("cannot start \(arguments[0])")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var run = ChildRun(seconds: seconds, peakMB: Double(usage.ru_maxrss) / 1024, cpuSeconds: cpu(usage), status: status)
        // time's last line: "PEAK-KB USER SYSTEM" (lines before it say the child failed).
        if timeProgram != nil, let text = try? String(contentsOfFile: usagePath, encoding: .utf8),
           case let fields = (text.split(separator: "\n").last ?? "").split(separator: " ").compactMap({ Double($0) }),
           fields.count == 3 {
            run.peakMB = fields[0] / 1024
            run.cpuSeconds = fields[1] + fields[2]
        }
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw BenchError("\(arguments.joined(separator: " ")) failed (status \(status)): \(message.prefix(2000))")
        }
        return run
    }

    /// GNU time, if installed; without it peaks are upper bounds (see above).
    static let timeProgram: String? = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil

    /// User plus system time of a rusage, in seconds.
    static func cpu(_ usage: rusage) -> Double {
        Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// The CPU time this whole process has used so far (every thread).
    static func ownCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return cpu(usage)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
