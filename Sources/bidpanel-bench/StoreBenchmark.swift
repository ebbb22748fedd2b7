import BidpanelCore
import BidpanelFixtures
import BidpanelStore
import Foundation

/// The evaluation file's speed: how long a PIN check takes, and how many
/// durable value writes per second one process, and ten at once, achieve.
enum StoreBenchmark {
    static func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(at: folder.appendingPathComponent("bench.bidpanel").path)

        var pinTimes: [Double] = []
        for _ in 0..<11 { pinTimes.append(milliseconds { _ = try? store.signIn(member: "m0", pin: WritersPanel.chairPIN) }) }
        print("PIN check (PBKDF2-SHA256, \(PINHasher.rounds) rounds): \(summary(pinTimes))")

        let probe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("bidpanel-store-probe")
        guard FileManager.default.fileExists(atPath: probe.path) else {
            print("build the probe first: swift build -c release --product bidpanel-store-probe")
            return
        }
        let single = try writers(probe, store: store.path, members: ["m1"], each: 1000)
        print(String(format: "1 process: 1000 durable writes in %.2f s = %.0f writes/s", single, 1000 / single))
        let many = try writers(probe, store: store.path, members: (1...10).map { "m\($0)" }, each: 200)
        print(String(format: "10 processes at once: 2000 durable writes in %.2f s = %.0f writes/s together", many, 2000 / many))
    }

    /// Starts one probe per member, all at once; returns the wall time until
    /// the last finishes (each probe's own sign-in included).
    static func writers(_ probe: URL, store: String, members: [String], each: Int) throws -> Double {
        let start = Date()
        let processes = try members.map { member -> Process in
            let process = Process()
            process.executableURL = probe
            process.arguments = ["write", store, member, WritersPanel.pin(member), "\(each)"]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes {
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw StoreError("a writer failed") }
        }
        return Date().timeIntervalSince(start)
    }

    /// 11 members, 100 bids, 10 criteria.
    static func makeStore(at path: String) throws -> EvaluationStore {
        try WritersPanel.create(at: path, id: "BENCH", members: 11, bids: 100)
    }
}
