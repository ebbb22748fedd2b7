import BidpanelCore
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
        for _ in 0..<11 { pinTimes.append(milliseconds { _ = try? store.signIn(member: "m0", pin: "2468") }) }
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
            process.arguments = ["write", store, member, member == "m0" ? "2468" : "pin-\(member)", "\(each)"]
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

    static func makeStore(at path: String) throws -> EvaluationStore {
        var text = """
        format = 1
        [tender]
        id = "BENCH"
        title = "Writes"
        authority = "Bench"
        [scoring]
        quality = 100
        price_formula = "none"
        moderation = "mean"
        [[scale]]
        id = "0-5"
        points = [\((0...5).map { "{ value = \($0), label = \"\($0)\" }" }.joined(separator: ", "))]

        """
        for c in 0..<10 { text += "[[criterion]]\nid = \"c\(c)\"\nsection = \"S\"\ntitle = \"C\(c)\"\nscale = \"0-5\"\nweight = 10\n" }
        for m in 0...10 { text += "[[member]]\nid = \"m\(m)\"\nname = \"M\(m)\"\nrole = \"\(m == 0 ? "chair" : "officer")\"\n" }
        for b in 0..<100 { text += "[[bid]]\nid = \"B\(b)\"\nbidder = \"Bidder \(b)\"\n" }
        let panel = try PanelFile.parse(text: text, file: "bench.toml", readFile: { _ in nil }).panel
        let store = try EvaluationStore.create(at: path, panelPath: "bench.toml", panelText: text, panel: panel,
                                               answersFiles: [:], chairPIN: "2468")
        let chair = try store.signIn(member: "m0", pin: "2468")
        for m in 1...10 { try chair.setPIN(for: "m\(m)", to: "pin-m\(m)") }
        return store
    }
}
