/// The rules of a tender scored in stages (docs/panel-format.md §3.12).
extension PanelValidator {
    /// With stages, every criterion belongs to one, and each stage's
    /// weights add up to `quality` on their own (a stage is a whole
    /// quality evaluation).
    func checkStages() {
        let stages = panel.stages
        duplicates(stages.map(\.id), path: { "stage[\($0)].id" }, what: "stage")
        let ids = stages.map(\.id)
        for (index, criterion) in panel.criteria.enumerated() {
            let path = "criterion[\(index)]"
            guard let stage = criterion.stage else {
                reader.error(at: path, "criterion \"\(criterion.id)\" names no stage, but the tender is scored in stages (\(ids.joined(separator: ", ")))",
                             fix: "add a line such as: stage = \"\(ids[0])\"")
                continue
            }
            if !ids.contains(stage) {
                reader.error(at: "\(path).stage", "criterion \"\(criterion.id)\" names stage \"\(stage)\", which is not defined: "
                    + Suggest.hint(for: stage, in: ids), fix: "name one of the [[stage]] ids")
            }
        }
        for (index, stage) in stages.enumerated() {
            let path = "stage[\(index)]", what = "stage \"\(stage.id)\""
            if !Identifier.isTenderID(stage.id) {
                reader.error(at: "\(path).id", "stage id \"\(stage.id)\" may use only letters, digits, dot, dash and underscore")
            }
            let criteria = panel.criteria.filter { $0.stage == stage.id }
            if criteria.isEmpty {
                reader.error(at: path, "\(what) has no criteria", fix: "add stage = \"\(stage.id)\" to the criteria scored in it, or remove the stage")
                continue
            }
            let total = Exact.sum(criteria.map(\.weight))
            if total != panel.scoring.quality {
                let listed = criteria.filter { !$0.weight.isZero }.map { "\($0.id) \($0.weight)" }
                reader.error(at: path, "the weights of \(what) add up to \(total), but quality is \(panel.scoring.quality) (\(listed.joined(separator: " + ")))",
                             fix: "make the weights of the criteria in \(what) add up to \(panel.scoring.quality): each stage is scored out of the full quality marks, and carry says how much of the final result it makes up")
            }
            if index == stages.count - 1 {
                if stage.shortlist != nil {
                    reader.error(at: path, "\(what) is the last stage, so there is nobody to shortlist for",
                                 fix: "remove shortlist_top and shortlist_at_least from it")
                }
                if !stage.carry.isZero {
                    reader.error(at: "\(path).carry", "\(what) is the last stage: it makes up whatever the earlier stages do not carry",
                                 fix: "remove its carry line")
                }
            }
        }
        let carried = Exact.sum(stages.dropLast().map(\.carry))
        if !(carried < Exact(100)), let index = stages.dropLast().lastIndex(where: { !$0.carry.isZero }) {
            reader.error(at: "stage[\(index)].carry", "the earlier stages carry \(carried)% of the final quality marks, leaving nothing for the last stage",
                         fix: "make the carries add up to less than 100")
        }
    }

    /// A criterion names a stage in a file without any.
    func checkNoStrayStages() {
        guard panel.stages.isEmpty else { return }
        for (index, criterion) in panel.criteria.enumerated() where criterion.stage != nil {
            reader.error(at: "criterion[\(index)].stage", "criterion \"\(criterion.id)\" names stage \"\(criterion.stage!)\", but the file has no [[stage]]",
                         fix: "add a [[stage]] with id = \"\(criterion.stage!)\", or remove the stage line")
        }
    }
}
