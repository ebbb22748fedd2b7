import ArgumentParser
import BidpanelCore
import BidpanelPrint
import BidpanelStore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the totals from an evaluation file (chair's PIN).",
        discussion: """
        --format text is the printed report: A4 pages of plain text with the summary table, \
        each bid's criteria and moderation reasons, exclusions and flags, the record of the \
        meeting (conflicts, who scored each bid, sign-offs and reopenings, in local time), and \
        a signature line for every member who scores. It says PROVISIONAL on every page until every value is in \
        (and, under consensus, moderated) and the chair has signed off. --print sends it to \
        the default printer with lp; if that cannot be done, the report is saved to a file \
        instead (--output, or <file>-report-<date>.txt here) and you are told why. \
        Every page carries the audit seal (compare it later with: bidpanel audit FILE --expect SEAL). \
        Nothing is written if the audit does not verify; --unverified writes it marked NOT VERIFIED \
        on every page (JSON: "verified": false and the problems; CSV: a note beside the file).
        """
    )

    @Argument(help: "The evaluation file.") var file: String
    @Option(name: .long, help: "text, json or csv.") var format: OutputFormat = .text
    @Option(name: .long, help: "Write the report to this file instead of the screen (with --print: where to save it if it cannot be printed).")
    var output: String?
    @ArgumentParser.Flag(name: .customLong("print"), help: "Send the text report to the printer (lp).")
    var sendToPrinter = false
    @OptionGroup var chair: ChairOptions
    @OptionGroup var verify: VerifyOptions

    func validate() throws {
        if sendToPrinter && format != .text {
            throw ValidationError("--print prints the text report only: leave out --format \(format.rawValue), or save that format with --output")
        }
    }

    func run() throws {
        let store = try EvaluationStore.open(path: file, verifyingWholeRecord: true)
        let verifying = verify.startVerifying(store)
        let session = try chair.signInChair(store)
        let now = Date()
        // Nothing prints as final from a record that does not verify. One read
        // of the sheet gives both the result and the reasons, so they agree:
        // for the text report, the read that also gives the record of the meeting.
        let (seal, text) = try verify.verified(store, file: file, writing: "report", verifying: verifying, make: {
            switch format {
            case .text:
                let (sheet, record, head) = try session.meetingRecordAndHead()
                let overrides = try session.shortlistOverrides(), ties = try session.tieDecisions()
                return (head, ReportPrinting.text(store: store, sheet: consume sheet, record: record, now: now, seal: head,
                                                  overrides: overrides, tieDecisions: ties, signedOff: try session.stagesAtSignOff()))
            case .json, .csv:
                let read = try session.scoreSheetAndHead()
                return (read.head, try render(read.sheet, store: store, session: session, seal: read.head))
            }
        }, plain: { seal in
            switch format {
            case .text: try ReportPrinting.text(store: store, session: session, now: now, seal: seal)
            case .json, .csv: try render(try session.scoreSheet(), store: store, session: session, seal: seal)
            }
        })
        if sendToPrinter {
            try send(text, title: "\(store.panel.tender.id) moderated totals", fallback: output ?? fallbackName(now))
        } else if let output {
            try Outputs.write(text, to: output)
            if format == .csv { try VerifyOptions.noteBeside(output, seal: seal) }
        } else {
            Console.out(text)
        }
    }

    /// The result of a sheet as JSON (marked when the record does not
    /// verify) or CSV: in lots, lot by lot with a `lot` column; in stages,
    /// each stage and the final result (docs/evaluation-file.md).
    func render(_ sheet: ScoreSheet, store: EvaluationStore, session: MemberSession, seal: RecordSeal) throws -> String {
        if !store.panel.lots.isEmpty {
            let tender = LotScoring.score(store.panel, sheet, overrides: try session.shortlistOverrides(),
                                          tieDecisions: try session.tieDecisions(), signedOff: try session.stagesAtSignOff())
            return format == .csv ? LotCSV.render(tender, panel: store.panel, criteria: true)
                : VerifyOptions.mark(json: LotJSON.render(tender, panel: store.panel, criteria: true), seal: seal)
        }
        guard !store.panel.stages.isEmpty else { return render(ScoringEngine.score(store.panel, sheet), store: store, seal: seal) }
        let staged = StageScoring.score(store.panel, sheet, overrides: try session.shortlistOverrides(),
                                        signedOff: try session.stagesAtSignOff())
        return format == .csv ? StageCSV.render(staged)
            : VerifyOptions.mark(json: StageJSON.render(staged, panel: store.panel), seal: seal)
    }

    /// The result as JSON (marked when the record does not verify) or CSV.
    func render(_ result: EvaluationResult, store: EvaluationStore, seal: RecordSeal) -> String {
        format == .csv ? ResultCSV.render(result, panel: store.panel, criteria: true)
            : VerifyOptions.mark(json: ResultJSON.render(result, panel: store.panel, criteria: true), seal: seal)
    }

    /// Prints, or says exactly where the report went instead; either way the
    /// chair has the report, so both end with exit status 0.
    func send(_ text: String, title: String, fallback: String) throws {
        Console.out(try ReportPrinting.send(text, title: title, fallback: fallback).message + "\n")
    }

    func fallbackName(_ now: Date) -> String { ReportPrinting.fallbackName(file: file, now: now) }
}

/// The printed report as both `report --print` and the chair's P key make it.
enum ReportPrinting {
    /// The A4 text report of everything recorded, dated today, with the
    /// record of the meeting (conflicts, who scored, sign-offs and
    /// reopenings) in local time and the audit seal on every page. A `sheet`
    /// the caller has read already is used for the totals; otherwise the one
    /// read with the record.
    static func text(store: EvaluationStore, session: MemberSession, sheet: ScoreSheet? = nil, now: Date = Date(),
                     timeZone: TimeZone = .current, seal: RecordSeal? = nil) throws -> String {
        let (recorded, record) = try session.meetingRecord(timeZone: timeZone)
        return text(store: store, sheet: sheet ?? recorded, record: record, now: now, timeZone: timeZone, seal: seal,
                    overrides: try session.shortlistOverrides(), tieDecisions: try session.tieDecisions(),
                    signedOff: try session.stagesAtSignOff())
    }

    /// The same, from a sheet and a record of the meeting already read.
    /// The pages need only the chair's reasons from the sheet: the members'
    /// values (half a million in a grants round, 50 MB) are let go once
    /// scored, before the pages are laid out.
    static func text(store: EvaluationStore, sheet: consuming ScoreSheet, record: MeetingRecord, now: Date,
                     timeZone: TimeZone = .current, seal: RecordSeal?, overrides: [ShortlistOverride],
                     tieDecisions: [TieDecision] = [], signedOff: [StageAtSignOff] = []) -> String {
        let printedOn = day(now, "d MMMM yyyy", timeZone)
        if !store.panel.lots.isEmpty {
            return PrintedReport.render(tender: LotScoring.score(store.panel, sheet, overrides: overrides, tieDecisions: tieDecisions, signedOff: signedOff), panel: store.panel, sheet: sheet,
                                        signedOff: record.signedOff, printedOn: printedOn, record: record, seal: seal)
        }
        if !store.panel.stages.isEmpty {
            let staged = StageScoring.score(store.panel, sheet, overrides: overrides, signedOff: signedOff)
            return PrintedReport.render(result: staged.final, panel: staged.finalPanel, sheet: sheet,
                                        signedOff: record.signedOff, printedOn: printedOn, record: record,
                                        seal: seal, stages: StagePrinting.units(staged))
        }
        let result = ScoringEngine.score(store.panel, sheet)
        var reasons = ScoreSheet()
        for moderated in sheet.moderated { reasons.moderate(moderated) }
        _ = consume sheet
        return PrintedReport.render(result: consume result, panel: store.panel, sheet: reasons, signedOff: record.signedOff,
                                    printedOn: printedOn, record: record, seal: seal)
    }

    /// Sends the text to the printer, or saves it; says which, in a sentence.
    static func send(_ text: String, title: String, fallback: String) throws -> (message: String, printed: Bool, saved: String?) {
        let outcome: PrintOutcome
        do {
            outcome = try ReportPrinter().print(text, title: title, fallbackPath: fallback)
        } catch let failure as PrintFailure {
            throw InputError(message: failure.message)
        }
        switch outcome {
        case let .sent(detail):
            return ("Sent to the printer." + (detail.isEmpty ? "" : "\nlp said: \(detail)"), true, nil)
        case let .saved(path, why):
            var reason = why.hasSuffix(".") ? String(why.dropLast()) : why
            if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
            return ("Not printed: \(reason). Saved to \(path) instead; print that file from another computer.", false, path)
        }
    }

    /// "ys-report-2026-11-22.txt" for ys.bidpanel.
    static func fallbackName(file: String, now: Date) -> String {
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return "\(name.isEmpty ? "evaluation" : name)-report-\(day(now, "yyyy-MM-dd")).txt"
    }

    /// The local date in `pattern`, with British month names.
    static func day(_ date: Date, _ pattern: String, _ timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
