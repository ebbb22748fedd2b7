import BidpanelCore

/// One screen of the walkthrough: a criterion, or one principle of the
/// co-production matrix.
public struct Step: Sendable, Equatable {
    public var criterion: Criterion
    public var principle: Principle?
    /// Whether this member records a value here (observers only read).
    public var scored: Bool

    public func slot(bid: String) -> Slot { Slot(bid: bid, criterion: criterion.id, principle: principle?.id) }

    /// The heading: the criterion, and for the matrix its principle.
    public var title: String { principle.map { "\(criterion.title): \($0.title)" } ?? criterion.title }
}

/// One choice on a step's scale, with the key that picks it.
public struct Choice: Sendable, Equatable {
    public var key: Character
    public var label: String
    public var meaning: String
    public var value: Value
    /// For ladder rungs: doing to, doing for or doing with.
    public var group: String?
}

public enum Steps {
    /// The walkthrough for a member: criteria in panel order, the matrix one
    /// principle at a time. Observers see every criterion, read only; others
    /// see the criteria their role scores.
    public static func steps(panel: Panel, role: Role, stage: String? = nil) -> [Step] {
        let observing = role == .observer
        // In a tender in stages, only the stage being scored.
        return panel.criteria.filter { (observing || $0.scoredBy.contains(role)) && (stage == nil || $0.stage == stage) }.flatMap { criterion -> [Step] in
            criterion.kind == .matrix
                ? panel.matrix.principles.map { Step(criterion: criterion, principle: $0, scored: !observing) }
                : [Step(criterion: criterion, principle: nil, scored: !observing)]
        }
    }

    /// The choices for a step, lowest first, in plain wording for young assessors.
    public static func choices(for step: Step, panel: Panel, plain: Bool) -> [Choice] {
        func wording(_ full: String, _ simple: String?) -> String {
            guard plain, let simple, !simple.isEmpty else { return full }
            return simple
        }
        switch step.criterion.kind {
        case .scored:
            guard let scale = step.criterion.scaleID.flatMap(panel.scale(id:)) else { return [] }
            let points = scale.points.sorted { $0.value < $1.value }
            // A digit picks its own value when the scale is whole numbers 0–9;
            // otherwise points are numbered from 1.
            let digitsAreValues = points.allSatisfy { point in
                point.value.isInteger && point.value >= .zero && point.value <= Exact(9)
            } && points.count <= 10
            return points.enumerated().map { offset, point in
                let key: Character = digitsAreValues ? Character(point.value.description) : Character(String((offset + 1) % 10))
                return Choice(key: key, label: point.label, meaning: wording(point.meaning, point.plain), value: .scale(point.value))
            }
        case .ladder:
            // Numbered from 0 at the bottom, as in the docs, JSON, CSV and report.
            return panel.ladder.rungs.enumerated().map { index, rung in
                Choice(key: Character(String(index % 10)), label: rung.label, meaning: wording(rung.meaning, rung.plain),
                       value: .rung(index), group: rung.stage)
            }
        case .matrix:
            guard let principle = step.principle else { return [] }
            return panel.matrix.levels.enumerated().map { index, level in
                let full = principle.descriptors.indices.contains(index) ? principle.descriptors[index] : ""
                let simple = principle.plain.indices.contains(index) ? principle.plain[index] : nil
                return Choice(key: Character(String(index)), label: level, meaning: wording(full, simple), value: .level(index))
            }
        case .passFail:
            return [
                Choice(key: "f", label: "Fail", meaning: plain ? "Something important is missing." : "The bid does not meet every part of this requirement.", value: .pass(false)),
                Choice(key: "p", label: "Pass", meaning: plain ? "Everything needed is there." : "The bid meets every part of this requirement.", value: .pass(true)),
            ]
        }
    }

    /// The question as this member should read it.
    public static func question(for step: Step, plain: Bool) -> String {
        if let principle = step.principle { return principle.question }
        if plain, let simple = step.criterion.plain, !simple.isEmpty { return simple }
        return step.criterion.question
    }

    /// What to look for: the panel's guidance, or for young assessors a
    /// short instruction in plain words.
    public static func guidance(for step: Step, plain: Bool, panel: Panel) -> String {
        guard plain else { return step.criterion.guidance }
        // At an interview there is nothing written to read: they think back to what was said.
        let spoken = step.criterion.stage.map { panel.hasNoWrittenAnswers(stage: $0) } ?? false
        let look = spoken ? "Think about what they told you." : "Read their answer."
        switch step.criterion.kind {
        case .ladder: return look + " Pick the step on the ladder that fits what they really do."
        case .matrix: return look + " Pick the level that fits best."
        default: return look + " Pick the number that fits best."
        }
    }

    /// How a saved value reads back: "3 Good", "Co-designing", "Pass".
    public static func describe(_ value: Value, for step: Step, panel: Panel) -> String {
        let choices = choices(for: step, panel: panel, plain: false)
        guard let choice = choices.first(where: { $0.value == value }) else { return "?" }
        switch value {
        case .pass: return choice.label
        default: return "\(choice.key) \(choice.label)"
        }
    }
}

extension Steps {
    /// How a key bar writes the keys that pick a value: "0-5" for a scale
    /// or the ladder, "P/F" for pass or fail. One form for every screen.
    static func keyRange(_ keys: [Character]) -> String {
        guard let first = keys.first, let last = keys.last else { return "" }
        return keys.allSatisfy(\.isNumber)
            ? "\(first)-\(last)" : keys.map { $0.uppercased() }.sorted(by: >).joined(separator: "/")
    }
}

/// What a step shows where the bidder's answer goes.
enum AnswerWording {
    /// The answer; when there is none and the criterion's stage has no
    /// written answers at all (an interview), that, rather than "the bidder
    /// gave no answer", which would be wrong for answers given aloud.
    static func text(_ answer: BidAnswer, criterion: Criterion, panel: Panel) -> String {
        guard answer.isMissing, let stage = criterion.stage, panel.hasNoWrittenAnswers(stage: stage) else { return answer.text }
        let title = panel.stages.first { $0.id == stage }?.title ?? stage
        return "This is scored at the \(SafeText.line(title)) stage. There is no written answer."
    }
}

extension Panel {
    /// Whether no bid has a written answer to any criterion of the stage.
    func hasNoWrittenAnswers(stage: String) -> Bool {
        let criteria = criteria.filter { $0.stage == stage }
        return !bids.contains { bid in criteria.contains { !bid.answer(criterion: $0.id).isMissing } }
    }
}
