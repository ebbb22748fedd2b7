import BidpanelStore
import Foundation

/// `bidpanel-bench verify FILE [runs]`: the time of one whole check of the
/// record (`EvaluationStore.verification()`) on an existing file, in this
/// process, and the peak memory it takes, with the findings' count and the
/// first few findings so two builds can be compared on the same file.
enum VerifyBenchmark {
    static func run(_ arguments: [String]) throws {
        guard let path = arguments.first else {
            FileHandle.standardError.write(Data("usage: bidpanel-bench verify FILE [runs]\n".utf8))
            exit(2)
        }
        let runs = arguments.count > 1 ? Int(arguments[1]) ?? 5 : 5
        var store: EvaluationStore!
        let opening = milliseconds { store = try? EvaluationStore.open(path: path) }
        guard let store else {
            FileHandle.standardError.write(Data("bidpanel-bench verify: cannot open \(path)\n".utf8))
            exit(1)
        }
        let before = peakResidentMB()
        var times: [Double] = [], cpu: [Double] = []
        var verification: Verification!
        for _ in 0..<runs {
            let cpuBefore = processCPUMilliseconds()
            times.append(try milliseconds { verification = try store.verification() })
            cpu.append(processCPUMilliseconds() - cpuBefore)
        }
        print(String(format: "open: %.1f ms", opening))
        print("verification: \(summary(times))")
        print("  CPU (all threads): \(summary(cpu))")
        print(String(format: "  %d entries: %.0f entries/s (median); peak resident %.0f MB (%.0f MB before verifying)",
                     verification.seal.count, Double(verification.seal.count) / (times.sorted()[times.count / 2] / 1000),
                     peakResidentMB(), before))
        print("  \(verification.seal.problems.count) problems, head \(verification.seal.head.prefix(12))")
        for problem in verification.seal.problems.prefix(5) { print("  - \(problem)") }
    }

    /// CPU time this process has used, on every thread: on a machine other
    /// work shares, it varies less than the time on the clock.
    static func processCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }
}
