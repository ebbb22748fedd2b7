import Foundation
import Logging
import PostgresNIO

/// A throwaway PostgreSQL cluster the tests start themselves: a temp folder,
/// `initdb` and `pg_ctl` from Debian's postgresql package run as a non-root
/// user (as `postgres` through runuser when the tests run as root, as
/// ourselves otherwise: initdb refuses root), listening on 127.0.0.1 only,
/// on a free port, with `synchronous_commit` on. One per test process
/// (starting one takes seconds); it stops and deletes itself when the
/// process exits, and a run that died leaves a folder the next run clears.
final class PostgresCluster: Sendable {
    let folder: String
    let port: Int
    let binaries: String
    let admin = "bidpanel_admin"
    let adminPassword: String
    /// How long initdb and the start took, for the report.
    let startSeconds: Double

    static let folderPrefix = "bidpanel-pg-"

    /// The folder holding initdb, pg_ctl and psql, newest version first.
    static let binaries: String? = {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted(by: >).map { "\(root)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }()

    /// Why the PostgreSQL tests do not run here, or nil when they do.
    static let notRunning: String? = {
        if binaries != nil { return nil }
        if ProcessInfo.processInfo.environment["CI"] != nil { return nil } // CI runs them, and they fail
        return "PostgreSQL is not installed (Debian: apt-get install postgresql), so the PostgreSQL tests are skipped here; under CI they fail instead"
    }()

    static var runs: Bool { notRunning == nil }

    /// The cluster for this process, started on first use.
    static func shared() throws -> PostgresCluster { try started.get() }

    private static let started: Result<PostgresCluster, any Error> = Result {
        let cluster = try PostgresCluster.start()
        atexit { try? PostgresCluster.started.get().stop() }
        return cluster
    }

    private init(folder: String, port: Int, binaries: String, adminPassword: String, startSeconds: Double) {
        self.folder = folder
        self.port = port
        self.binaries = binaries
        self.adminPassword = adminPassword
        self.startSeconds = startSeconds
    }

    private static func start() throws -> PostgresCluster {
        guard let binaries else {
            throw ClusterError("PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb (Debian: apt-get install postgresql)")
        }
        let began = Date()
        clearAbandoned(binaries: binaries)
        var template = Array((temp + "/\(folderPrefix)\(getpid())-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw ClusterError("could not make a temp folder for PostgreSQL") }
        let folder = String(cString: made)
        do {
            let password = (0..<24).map { _ in String("abcdefghijkmnpqrstuvwxyz23456789".randomElement()!) }.joined()
            try password.write(toFile: folder + "/pwfile", atomically: false, encoding: .utf8)
            try handOver(folder)
            try run(binaries + "/initdb", ["-D", folder + "/data", "-U", "bidpanel_admin", "--pwfile=" + folder + "/pwfile",
                                           "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"])
            var lastError: (any Error)?
            for _ in 0..<5 {
                let port = try freePort()
                let settings = """

                    # The tests' throwaway cluster: loopback only, durable commits.
                    listen_addresses = '127.0.0.1'
                    port = \(port)
                    unix_socket_directories = '\(folder)'
                    synchronous_commit = on
                    fsync = on
                    max_connections = 60

                    """
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/data/postgresql.conf"))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(settings.utf8))
                try handle.close()
                do {
                    try run(binaries + "/pg_ctl", ["-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "60", "start"])
                    return PostgresCluster(folder: folder, port: port, binaries: binaries, adminPassword: password,
                                           startSeconds: Date().timeIntervalSince(began))
                } catch {
                    lastError = error // most likely the port was taken meanwhile: try another
                }
            }
            throw lastError ?? ClusterError("PostgreSQL did not start")
        } catch {
            let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: folder)
            throw ClusterError("\(error)\(log.isEmpty ? "" : "\nserver log:\n" + log)")
        }
    }

    func stop() {
        try? Self.run(binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "fast", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A connection over TCP to 127.0.0.1.
    func connect(user: String, password: String, logger: Logger) async throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(host: "127.0.0.1", port: port, username: user,
                                                             password: password, database: "postgres", tls: .disable)
        return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
    }

    func connectAsAdmin(logger: Logger) async throws -> PostgresConnection {
        try await connect(user: admin, password: adminPassword, logger: logger)
    }

    /// Runs the real psql against the cluster as `user`: what it printed,
    /// and whether it succeeded. `-v ON_ERROR_STOP=1` so a refused statement fails the run.
    func psql(user: String, password: String, _ sql: String) throws -> (ok: Bool, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaries + "/psql")
        process.arguments = ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port),
                             "-U", user, "-d", "postgres", "-c", sql]
        process.environment = ["PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10", "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus == 0, String(decoding: data, as: UTF8.self))
    }

    // MARK: - Running as a user that is not root

    private static var asRoot: Bool { getuid() == 0 }

    /// Where the cluster's folder goes: /tmp when we are root, since the
    /// postgres user must reach it (root's TMPDIR may be private).
    private static var temp: String { asRoot ? "/tmp" : NSTemporaryDirectory() }

    /// Gives the folder to the postgres user when we are root.
    private static func handOver(_ folder: String) throws {
        guard asRoot else { return }
        guard let user = getpwnam("postgres") else {
            throw ClusterError("running as root, but there is no postgres user to run the server as (Debian's postgresql package makes one)")
        }
        for path in [folder, folder + "/pwfile"] where chown(path, user.pointee.pw_uid, user.pointee.pw_gid) != 0 {
            throw ClusterError("could not hand \(path) to the postgres user: \(String(cString: strerror(errno)))")
        }
    }

    /// Runs a PostgreSQL program, through runuser when we are root, and
    /// waits for it. posix_spawn and waitpid rather than Foundation's
    /// Process: the server pg_ctl starts outlives pg_ctl, and Process (on
    /// Linux) waits for descriptors the server inherits, so it would wait
    /// for ever. Every descriptor above 2 is closed in the child.
    private static func run(_ program: String, _ arguments: [String]) throws {
        let argv = asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] + arguments : [program] + arguments
        let outputPath = temp + "/bidpanel-pg-output-\(getpid())-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try closeFrom3(&actions)
        let environment = ["PATH=/usr/bin:/bin", "LC_ALL=C"]
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, &cEnvironment)
        guard spawned == 0 else {
            throw ClusterError("could not start \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7F == 0, code = (status >> 8) & 0xFF
        guard exited && code == 0 else {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw ClusterError("\((program as NSString).lastPathComponent) failed (\(exited ? "exit \(code)" : "signal \(status & 0x7F)")): \(text)")
        }
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34 and later),
    /// which Swift's Glibc module does not show, looked up by name.
    private static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) throws {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            throw ClusterError("this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later is needed)")
        }
        let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
        guard closeFrom(&actions, 3) == 0 else { throw ClusterError("could not ask for descriptors to be closed") }
    }

    /// A port nobody listens on now: bind port 0 and read what we got.
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ClusterError("could not open a socket to find a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(socket, raw, length) == 0 && getsockname(socket, raw, &length) == 0
            }
        }
        guard bound else { throw ClusterError("could not find a free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Folders of test processes that died before stopping their cluster:
    /// stop the server (if it runs) and delete the folder.
    private static func clearAbandoned(binaries: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temp)) ?? [] where name.hasPrefix(folderPrefix) {
            guard let pid = Int32(name.dropFirst(folderPrefix.count).prefix { $0 != "-" }), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            let folder = temp + "/" + name
            try? run(binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"])
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}

struct ClusterError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
