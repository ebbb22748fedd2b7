import BidpanelCore
import Foundation

// Benchmarks, not tests: they measure speed and memory and print figures for
// BENCHMARKS.md. Run in release mode:
//   swift run -c release bidpanel-bench [runs]

//   swift run -c release bidpanel-bench store   (evaluation file: PIN check, durable writes)
//   swift run -c release bidpanel-bench tui     (terminal screens: keystroke → frame, start, memory)
//   swift run -c release bidpanel-bench chair   (the chair's screens: the cost of one change in the file)

//   swift run -c release bidpanel-bench generate BIDS FOLDER [--evaluation]
//       (writes panel.toml, scores.csv and conflicts.csv from the shared
//        ScalePanel generator, and with --evaluation an evaluation file)
//   .build/release/bidpanel-bench scale [--sizes 10,100,1000,5000] [--bidpanel PATH] [--skip-evaluation-above N]
//       (issue 12: the real binary and Python on ScalePanel files per size:
//        time, peak memory and growth; see BENCHMARKS.md)
if CommandLine.arguments.dropFirst().first == "scale" {
    do {
        try ScaleBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
    } catch {
        FileHandle.standardError.write(Data("bidpanel-bench scale: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
// The other terminal of the scale benchmark's chair measure.
if CommandLine.arguments.dropFirst().first == "scale-writer" {
    try ChairChange.writer(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "generate" {
    try GenerateCommand.run(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "store" {
    try StoreBenchmark.run()
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "chair" {
    try ChairBenchmark.run()
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "chair-scale" { // see ChairScaleBenchmark.swift
    try ChairScaleBenchmark.main(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "verify" { // see VerifyBenchmark.swift
    try VerifyBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "outputs" { // see OutputsPhases.swift
    try OutputsPhases.main(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "tui" {
    try TUIBenchmark.run()
    exit(0)
}
let runs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 11 : 11

/// 1,000 bids × 40 scored criteria × 12 members: 480,000 member scores.
func largeEvaluation(bids: Int = 1000, criteria: Int = 40, members: Int = 12) -> (Panel, ScoreSheet) {
    let scale = Scale(id: "0-5", points: (0...5).map { ScalePoint(value: Exact($0), label: "\($0)", meaning: "", plain: "") })
    // Weights of 2 each make 80 quality marks over 40 criteria.
    let weight = Exact(80) / Exact(criteria)
    let criteriaList = (0..<criteria).map {
        Criterion(id: "c\($0)", section: "Section \($0 / 5)", title: "Criterion \($0)", kind: .scored, scaleID: "0-5",
                  weight: weight, threshold: $0 == 0 ? 1 : nil, scoredBy: [.chair, .officer, .young])
    }
    let memberList = (0..<members).map {
        Member(id: "m\($0)", name: "Member \($0)", role: $0 == 0 ? .chair : ($0 % 3 == 0 ? .young : .officer))
    }
    var seed: UInt64 = 42
    func random(_ bound: Int) -> Int {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Int((seed >> 33) % UInt64(bound))
    }
    let bidList = (0..<bids).map { Bid(id: "B\($0)", bidder: "Bidder \($0)", price: Exact(100_000 + random(150_000))) }
    let panel = Panel(tender: Tender(id: "BENCH", title: "Benchmark", authority: "Bench"),
                      scoring: ScoringRules(quality: 80, priceFormula: .relative, moderation: .mean,
                                            budget: Exact(240_000), qualityThreshold: 20),
                      scales: [scale], criteria: criteriaList, members: memberList, bids: bidList)
    var sheet = ScoreSheet()
    for bid in bidList {
        for criterion in criteriaList {
            for member in memberList {
                sheet.record(MemberValue(slot: Slot(bid: bid.id, criterion: criterion.id), member: member.id,
                                         value: .scale(Exact(random(6)))))
            }
        }
    }
    return (panel, sheet)
}

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024 // Linux reports kilobytes
}

func summary(_ times: [Double]) -> String {
    let sorted = times.sorted()
    return String(format: "median %.1f ms (min %.1f, max %.1f, %d runs)", sorted[sorted.count / 2],
                  sorted.first!, sorted.last!, sorted.count)
}

var panel: Panel!
var sheet: ScoreSheet!
let buildTime = milliseconds { (panel, sheet) = largeEvaluation() }
print("generated \(panel.bids.count) bids × \(panel.criteria.count) criteria × \(panel.members.count) members = \(sheet.memberValues.count) member scores in \(String(format: "%.0f", buildTime)) ms")

let residentBeforeScoring = peakResidentMB()
var times: [Double] = []
var result: EvaluationResult!
for _ in 0..<runs {
    times.append(milliseconds { result = ScoringEngine.score(panel, sheet) })
}
print("engine (ScoringEngine.score): \(summary(times))")
print("  \(result.bids.filter { !$0.excluded }.count) bids ranked, \(result.bids.filter(\.excluded).count) excluded; winner \(result.bids[0].bid.id) with \(result.bids[0].total.formatted(places: 2))")
print(String(format: "peak resident memory: %.0f MB after generating the input, %.0f MB after scoring (the engine adds %.0f MB)",
             residentBeforeScoring, peakResidentMB(), peakResidentMB() - residentBeforeScoring))
