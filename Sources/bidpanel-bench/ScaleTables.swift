import Foundation

/// What `bidpanel-bench scale` times, one table each.
enum Measure: String, CaseIterable {
    case pythonReader = "Python csv.reader, reading scores.csv only"
    case pythonScore = "Python fractions, the same scoring (reference/score.py)"
    case score = "bidpanel score PANEL --scores CSV --format json"
    case validate = "bidpanel validate"
    case initialise = "bidpanel init (a new evaluation file, chair's PIN)"
    case importing = "bidpanel import --scores --conflicts (into a new file)"
    case export = "bidpanel export --scores"
    case audit = "bidpanel audit (text)"
    case report = "bidpanel report (text)"

    /// What a rate is counted in, for the measures that have one.
    var perSecond: String? {
        switch self {
        case .importing: "rows"
        case .audit: "entries"
        default: nil
        }
    }
}

/// The medians of a measure's runs at one size.
struct Figure {
    var seconds: Double
    var peakMB: Double
    var runs: Int
    /// Rows or entries handled, for a rate.
    var count: Int?

    init(_ samples: [ChildRun], count: Int?) {
        seconds = Growth.median(samples.map(\.seconds))
        peakMB = Growth.median(samples.map(\.peakMB))
        runs = samples.count
        self.count = count
    }

    var rate: Double? { count.map { Double($0) / seconds } }

    func summary(per unit: String?) -> String {
        var text = String(format: "%@, peak %.0f MB", Growth.seconds(seconds), peakMB)
        if let rate, let unit { text += String(format: ", %.0f %@/s", rate, unit) }
        return text + (runs > 1 ? " (median of \(runs))" : "")
    }
}

/// The growth exponent between two sizes: 1 is linear, 2 quadratic.
enum Growth {
    /// log(t2 / t1) / log(n2 / n1); nil when a figure is missing or not positive.
    static func exponent(from first: (size: Int, value: Double), to second: (size: Int, value: Double)) -> Double? {
        guard first.size > 0, second.size != first.size, first.value > 0, second.value > 0 else { return nil }
        return log(second.value / first.value) / log(Double(second.size) / Double(first.size))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// "0.312 s", "22.4 s", "147 s".
    static func seconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.3f s", value) : value < 100 ? String(format: "%.1f s", value) : String(format: "%.0f s", value)
    }
}

/// Every figure of a run, printed at the end as one table per measure.
struct Results {
    var figures: [Measure: [Int: Figure]] = [:]
    var chair: [Int: ChairChange.Figures] = [:]
    var agreement: [Int: String] = [:]
    /// Why a measure has no figure at a size (by measure name, or "chair").
    var failures: [String: [Int: String]] = [:]

    mutating func add(_ measure: Measure, size: Int, _ figure: Figure) { figures[measure, default: [:]][size] = figure }

    mutating func fixCount(_ measure: Measure, size: Int, _ count: Int) { figures[measure]?[size]?.count = count }

    func print(sizes: [Int], skipAbove: Int) {
        for measure in Measure.allCases {
            func skipped(_ size: Int) -> String { missing(measure.rawValue, size: size, skipAbove: skipAbove) }
            let rows = figures[measure] ?? [:]
            var header = ["bids", "time", "growth", "peak MB"]
            if measure.perSecond != nil { header.append("\(measure.perSecond!)/s") }
            if measure != .pythonReader { header.append("× csv.reader") }
            if measure == .score { header.append("× Python fractions") }
            var lines = [header]
            var previous: (size: Int, value: Double)?
            for size in sizes {
                guard let figure = rows[size] else {
                    lines.append(["\(size)", skipped(size)])
                    continue
                }
                let growth = previous.flatMap { Growth.exponent(from: $0, to: (size, figure.seconds)) }
                var line = ["\(size)", Growth.seconds(figure.seconds), growth.map { String(format: "%.2f", $0) } ?? "-",
                            String(format: "%.0f", figure.peakMB)]
                if measure.perSecond != nil { line.append(figure.rate.map { String(format: "%.0f", $0) } ?? "-") }
                if measure != .pythonReader { line.append(ratio(figure, figures[.pythonReader]?[size])) }
                if measure == .score { line.append(ratio(figure, figures[.pythonScore]?[size])) }
                lines.append(line)
                previous = (size, figure.seconds)
            }
            Swift.print("\n" + measure.rawValue)
            Swift.print(Self.layout(lines))
        }
        printChair(sizes: sizes) { missing("chair", size: $0, skipAbove: skipAbove) }
        Swift.print("\nPython fractions against bidpanel score's JSON:")
        for size in sizes { Swift.print("  \(size) bids: \(agreement[size] ?? "-")") }
        Swift.print("\ngrowth: log(t2/t1) / log(n2/n1) from the size above (1 linear, 2 quadratic); "
            + "× csv.reader: time ÷ Python's csv.reader merely reading the same scores.csv in this run")
    }

    private func printChair(sizes: [Int], skipped: (Int) -> String) {
        Swift.print("\nthe chair's screens, in-process (Program.run + StoreBackend, 80×24 recording terminal); "
            + "one change = another process records one value, until the totals frame shows it")
        var lines = [["bids", "sign-in → board", "growth", "T → totals", "growth", "change → frame", "growth",
                      "chair CPU per change", "growth", "idle CPU"]]
        var previous: (size: Int, values: [Double])?
        for size in sizes {
            guard let chair = chair[size] else {
                lines.append(["\(size)", skipped(size)])
                continue
            }
            let values = [chair.signIn, chair.totalsKey, Growth.median(chair.changes.map(\.seconds)),
                          Growth.median(chair.changes.map(\.cpu))]
            var line = ["\(size)"]
            for (index, value) in values.enumerated() {
                let growth = previous.flatMap { Growth.exponent(from: ($0.size, $0.values[index]), to: (size, value)) }
                line += [Growth.seconds(value), growth.map { String(format: "%.2f", $0) } ?? "-"]
            }
            line.append(String(format: "%.1f%% of a core", chair.idleCPU * 100))
            lines.append(line)
            previous = (size, values)
        }
        Swift.print(Self.layout(lines))
        Swift.print("  (change → frame and its CPU: medians of \(chair.values.first?.changes.count ?? 0) changes; "
            + "the time includes the writer's durable write)")
    }

    /// Why there is no figure: it failed, was skipped, or its input is missing.
    func missing(_ measure: String, size: Int, skipAbove: Int) -> String {
        if let failure = failures[measure]?[size] { return "failed: \(failure)" }
        return size > skipAbove ? "skipped (--skip-evaluation-above \(skipAbove))" : "not measured (no evaluation file)"
    }

    func ratio(_ figure: Figure, _ python: Figure?) -> String {
        guard let python, python.seconds > 0 else { return "-" }
        return String(format: "%.2f", figure.seconds / python.seconds)
    }

    /// Columns padded to their widest cell, numbers to the right.
    static func layout(_ lines: [[String]]) -> String {
        let columns = lines.map(\.count).max() ?? 0
        // A short line's last cell (a failure, a skip) runs on and sets no width.
        let widths = (0..<columns).map { column in
            lines.map { column < $0.count && ($0.count == columns || column < $0.count - 1) ? $0[column].count : 0 }.max() ?? 0
        }
        return lines.map { line in
            line.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return line.count < columns && column == line.count - 1 ? cell : column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.map { "  " + $0 }.joined(separator: "\n")
    }
}
