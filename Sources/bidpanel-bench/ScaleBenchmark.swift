import BidpanelCore
import BidpanelFixtures
import Foundation

/// Issue 12, target 5: how bidpanel grows from 10 to 5,000 bids (× 40
/// criteria × 12 members). For each size it writes the ScalePanel files to a
/// temporary folder, runs the real release `bidpanel` binary on them as a
/// child process (wall time, and the child's peak memory from wait4), and in
/// the same run Python reading the same scores file with csv.reader and
/// scoring it with fractions (reference/), so a loaded machine slows both
/// alike. It builds nothing itself: build first with
///   for p in bidpanel bidpanel-bench bidpanel-store-probe; do swift build -c release --product $p; done
///   (one product per build: SwiftPM builds only the last of several --product options)
///   .build/release/bidpanel-bench scale [--sizes 10,100,1000,5000] [--bidpanel PATH]
///       [--skip-evaluation-above N] [--runs N] [--keep FOLDER]
enum ScaleBenchmark {
    struct Options {
        var sizes = ScalePanel.curve
        var bidpanel = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("bidpanel").path
        /// Sizes above this skip what needs an evaluation file (init, import,
        /// export, audit, report, the chair): before issue 12, importing 5,000
        /// bids (2.4 million values) takes about 20 minutes.
        var skipEvaluationAbove = Int.max
        /// Runs per measure, medians shown; nil: 3 up to 100 bids, then 1.
        var runs: Int?
        var python = "python3"
        var keep: String?

        init(_ arguments: [String]) throws {
            var rest = arguments[...]
            func value(_ flag: String) throws -> String {
                guard let next = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
                return next
            }
            while let flag = rest.popFirst() {
                switch flag {
                case "--sizes":
                    sizes = try value(flag).split(separator: ",").map { try Int($0).orThrow("--sizes takes numbers: 10,100") }
                case "--bidpanel": bidpanel = try value(flag)
                case "--skip-evaluation-above": skipEvaluationAbove = try Int(try value(flag)).orThrow("--skip-evaluation-above takes a number")
                case "--runs": runs = try Int(try value(flag)).orThrow("--runs takes a number")
                case "--python": python = try value(flag)
                case "--keep": keep = try value(flag)
                default:
                    throw BenchError("usage: bidpanel-bench scale [--sizes 10,100,1000,5000] [--bidpanel PATH] "
                        + "[--skip-evaluation-above N] [--runs N] [--python PATH] [--keep FOLDER]")
                }
            }
        }
    }

    /// Where the Python scripts are: beside this file in the source tree, or,
    /// when the tree has moved since the build, above the binary's build folder.
    static let reference: String = {
        let built = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("reference").path
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("Sources/bidpanel-bench/reference").path
            if FileManager.default.fileExists(atPath: candidate + "/score.py") { return candidate }
            folder.deleteLastPathComponent()
        }
        return built
    }()

    static func run(_ arguments: [String]) throws {
        let options = try Options(arguments)
        guard FileManager.default.isExecutableFile(atPath: options.bidpanel) else {
            throw BenchError("no bidpanel at \(options.bidpanel): build it first "
                + "(swift build -c release --product bidpanel), or give --bidpanel PATH")
        }
        let root = options.keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-scale-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: root) } }
        let validateTakes = try csvOptions(of: "validate", bidpanel: options.bidpanel, folder: root)

        say("bidpanel-bench scale: \(options.bidpanel), \(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + "load average \(loadAverage()), \(Date())")
        say("sizes: \(options.sizes.map(String.init).joined(separator: ", ")) bids × 40 criteria × 12 members; "
            + "runs per measure (median shown): \(options.runs.map(String.init) ?? "3 up to 100 bids, then 1")")
        if options.skipEvaluationAbove < Int.max {
            say("init, import, export, audit, report and the chair are skipped above \(options.skipEvaluationAbove) bids (--skip-evaluation-above)")
        }
        say(ChildRun.timeProgram != nil ? "peak memory: each child's ru_maxrss, measured by \(ChildRun.timeProgram!), which forks it"
            : "peak memory: /usr/bin/time is missing, so each peak is an upper bound (it includes this benchmark's own peak)")
        say("validate is given " + (validateTakes.isEmpty ? "the panel file only (this bidpanel's validate takes no CSVs)"
            : "the panel file and " + validateTakes.joined(separator: ", ")))
        var table = Results()
        for size in options.sizes {
            try measure(size: size, options: options, validateTakes: validateTakes, root: root, into: &table)
        }
        say("")
        table.print(sizes: options.sizes, skipAbove: options.skipEvaluationAbove)
    }

    /// Which of --scores, --moderated, --conflicts a command accepts, from its help.
    static func csvOptions(of command: String, bidpanel: String, folder: String) throws -> [String] {
        let help = folder + "/help.txt"
        _ = try ChildRun.measure([bidpanel, command, "--help"], output: help, in: folder)
        let text = try String(contentsOfFile: help, encoding: .utf8)
        return ["--scores", "--conflicts"].filter { text.contains($0) }
    }

    static func measure(size: Int, options: Options, validateTakes: [String], root: String, into table: inout Results) throws {
        let scale = ScalePanel(bids: size)
        let folder = root + "/\(size)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let panelPath = folder + "/panel.toml", scores = folder + "/scores.csv", conflicts = folder + "/conflicts.csv"
        try scale.panelText.write(toFile: panelPath, atomically: true, encoding: .utf8)
        try scale.writeScoresCSV(to: URL(fileURLWithPath: scores))
        try scale.conflictsCSV.write(toFile: conflicts, atomically: true, encoding: .utf8)
        let rows = size * scale.criteria * scale.members
        let runs = options.runs ?? (size <= 100 ? 3 : 1)
        let bidpanel = options.bidpanel, pin = scale.pin(ofMember: 0) + "\n"
        say("\n\(size) bids: \(rows) values, scores.csv \(fileMB(scores)) MB")

        /// Times `arguments` `runs` times; false (and a note in the tables) if it failed.
        @discardableResult
        func record(_ measure: Measure, _ arguments: [String], input: String = "", output: String = "/dev/null",
                    count: Int? = nil, before: (() throws -> Void)? = nil) -> Bool {
            var samples: [ChildRun] = []
            do {
                for _ in 0..<runs {
                    try before?()
                    samples.append(try ChildRun.measure(arguments, input: input, output: output, in: folder))
                }
            } catch {
                let reason = Self.reason(error)
                table.failures[measure.rawValue, default: [:]][size] = reason
                say("  \(measure.rawValue): FAILED: \(reason)")
                return false
            }
            let figure = Figure(samples, count: count)
            table.add(measure, size: size, figure)
            say("  \(measure.rawValue): \(figure.summary(per: measure.perSecond))")
            return true
        }

        let python = options.python
        record(.pythonReader, [python, reference + "/read_csv.py", scores])
        record(.pythonScore, [python, reference + "/score.py", panelPath, scores], output: folder + "/python.json")
        if record(.score, [bidpanel, "score", panelPath, "--scores", scores, "--format", "json"], output: folder + "/score.json") {
            let agreement = (try? compare(bidpanel: folder + "/score.json", python: folder + "/python.json")) ?? "not compared (no Python figures)"
            table.agreement[size] = agreement
            say("  Python fractions against bidpanel's JSON: \(agreement)")
        }
        let validateFiles = validateTakes.flatMap { [$0, $0 == "--scores" ? scores : conflicts] }
        record(.validate, [bidpanel, "validate", panelPath] + validateFiles)

        guard size <= options.skipEvaluationAbove else {
            say("  init, import, export, audit, report, chair: skipped (--skip-evaluation-above \(options.skipEvaluationAbove))")
            return
        }
        let evaluation = folder + "/evaluation.bidpanel"
        let removeEvaluation = {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: evaluation + suffix) }
        }
        // Each import needs a fresh file: init (untimed) first.
        guard record(.initialise, [bidpanel, "init", panelPath, "--out", evaluation, "--pin-stdin"], input: pin, before: removeEvaluation),
              record(.importing, [bidpanel, "import", evaluation, "--scores", scores, "--conflicts", conflicts, "--pin-stdin"],
                     input: pin, count: rows, before: {
                         removeEvaluation()
                         _ = try ChildRun.measure([bidpanel, "init", panelPath, "--out", evaluation, "--pin-stdin"], input: pin, in: folder)
                     })
        else {
            say("  export, audit, report, chair: not measured (they need the evaluation file import makes)")
            return
        }
        record(.export, [bidpanel, "export", evaluation, "--scores", folder + "/exported.csv", "--pin-stdin"], input: pin)
        let auditText = folder + "/audit.txt"
        if record(.audit, [bidpanel, "audit", evaluation, "--pin-stdin"], input: pin, output: auditText),
           let entries = try auditEntries(auditText) {
            table.fixCount(.audit, size: size, entries)
            say("    (\(entries) audit entries: \(table.figures[.audit]![size]!.summary(per: "entries")))")
        }
        try? FileManager.default.removeItem(atPath: auditText)
        record(.report, [bidpanel, "report", evaluation, "--pin-stdin"], input: pin, output: folder + "/report.txt")

        do {
            let chair = try ChairChange.measure(evaluation: evaluation, scale: scale) { member in
                _ = try ChildRun.measure([bidpanel, "members", evaluation, "set-pin", scale.memberID(member), "--pin-stdin"],
                                         input: pin + scale.pin(ofMember: member) + "\n", in: folder)
            }
            table.chair[size] = chair
            say(String(format: "  chair: sign-in to board %.3f s, T to totals %.3f s; one change to the frame %@ s, CPU %@ s "
                + "(the writer's durable write %@ s); idle afterwards %.1f%% of a core",
                chair.signIn, chair.totalsKey, list(chair.changes.map(\.seconds)), list(chair.changes.map(\.cpu)),
                list(chair.changes.map(\.write)), chair.idleCPU * 100))
        } catch {
            table.failures["chair", default: [:]][size] = reason(error)
            say("  chair: FAILED: \(reason(error))")
        }
    }

    /// A failure in a line: bidpanel's own message without the file's path.
    static func reason(_ error: Error) -> String {
        var text = "\(error)"
        if let range = text.range(of: "error: ") { text = String(text[range.upperBound...]) }
        return text.split(separator: "\n").first.map(String.init) ?? text
    }

    /// Bid by bid, Python's figures against bidpanel's JSON (both rounded as published).
    static func compare(bidpanel: String, python: String) throws -> String {
        func bids(_ path: String) throws -> [String: [String: Any]] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
            let list = try (object?["bids"] as? [[String: Any]]).orThrow("\(path) has no bids")
            return Dictionary(list.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        }
        func number(_ any: Any?) -> Double? {
            if let text = any as? String { return Double(text) }
            return (any as? NSNumber)?.doubleValue
        }
        let ours = try bids(bidpanel), theirs = try bids(python)
        var differences: [String] = []
        if Set(ours.keys) != Set(theirs.keys) { differences.append("different bids") }
        for (id, bid) in ours.sorted(by: { $0.key < $1.key }) {
            guard let other = theirs[id] else { continue }
            for key in ["quality", "price_marks", "total"] where number(bid[key]) != number(other[key]) {
                differences.append("\(id) \(key) \(bid[key] ?? "-") ≠ \(other[key] ?? "-")")
            }
            if (bid["rank"] as? Int) != (other["rank"] as? Int) { differences.append("\(id) rank") }
            if (bid["excluded"] as? Bool) != (other["excluded"] as? Bool) { differences.append("\(id) excluded") }
        }
        let excluded = ours.values.filter { $0["excluded"] as? Bool == true }.count
        return differences.isEmpty
            ? "equal (quality, price marks, total, rank and exclusion of all \(ours.count) bids; \(excluded) excluded)"
            : "DIFFERENT: " + differences.prefix(10).joined(separator: "; ")
    }

    /// The entry count from the audit's seal line ("Audit seal …, 123 entries").
    static func auditEntries(_ path: String) throws -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 1 << 20), as: UTF8.self)
        guard let range = head.range(of: #"Audit seal [0-9a-f]+, [0-9]+ entr"#, options: .regularExpression) else { return nil }
        return Int(head[range].split(separator: " ")[3].filter(\.isNumber))
    }

    static func list(_ values: [Double]) -> String { values.map { String(format: "%.3f", $0) }.joined(separator: " / ") }

    static func fileMB(_ path: String) -> String {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return String(format: "%.1f", Double(bytes) / 1_048_576)
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }

    static func say(_ line: String) {
        print(line)
        fflush(nil) // every stream: the figures appear as they are measured
    }
}
