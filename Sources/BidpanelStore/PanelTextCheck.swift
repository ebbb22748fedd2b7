import BidpanelCore
import GRDB

/// Why the panel frozen in a file no longer loads. Its text cannot change
/// after `init`, so when it fails to load the seal decides what to say: text
/// that differs from what was sealed was edited outside bidpanel (restore
/// the file); only text that is as sealed, or a file with no seal, may be
/// one a newer bidpanel wrote.
enum PanelTextCheck {
    /// The items the stored panel is loaded from.
    static func isLoadInput(_ label: String) -> Bool {
        label == "the stored panel text" || label == "the stored panel file's name" || label.hasPrefix("the text of the answers file ")
    }

    /// The error to give when the stored panel failed to load with `failure`.
    static func error(_ db: Database, file: String, failure: Error) throws -> StoreError {
        // The parser's message on one line, shown safely; not its "fix:",
        // which is advice for a panel file, not for an evaluation file.
        let reason = SafeText.line(String(describing: failure).split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
        guard let changes = try changesSinceSeal(db) else {
            return StoreError("the panel frozen in \(file) no longer loads (\(reason)). It is as it was sealed, so a newer bidpanel may have made it: update bidpanel")
        }
        let finding = changes.isEmpty
            ? "the stored panel no longer loads (\(reason)) and no longer matches the seal, whose list of what it sealed was changed too"
            : changes.joined(separator: " and ") + " after the file was made (it no longer matches the seal), so the panel no longer loads (\(reason))"
        return StoreError("\(file) was changed outside bidpanel: \(finding). Restore it from a backup; nothing was changed",
                          finding: finding)
    }

    /// What the panel is loaded from that differs from the seal, in words;
    /// empty when the seal's own list was changed too, so nothing can be
    /// named; nil when it is as sealed or the file has no seal.
    static func changesSinceSeal(_ db: Database) throws -> [String]? {
        guard let first = try ContentSeal.sealingEntries(in: db).first, let sealed = ContentSeal.sealedDigest(in: first) else {
            return nil
        }
        // Roles are not loaded from the text here: they are not what is compared.
        let now = try ContentSeal.items(in: db, roles: [:]).filter { isLoadInput($0.label) }
        let stored = try ContentSeal.storedItems(seq: first.seq, in: db)
        guard ContentSeal.digest(of: stored) == sealed else { return [] }
        let before = Dictionary(stored.filter { isLoadInput($0.label) }.map { ($0.label, $0.value) }, uniquingKeysWith: { $1 })
        let after = Dictionary(now.map { ($0.label, $0.value) }, uniquingKeysWith: { $1 })
        let changes = Set(before.keys).union(after.keys).sorted().compactMap { label -> String? in
            switch (before[label], after[label]) {
            case let (old?, new?): old == new ? nil : "\(SafeText.line(label)) was changed"
            case (_?, nil): "\(SafeText.line(label)) was removed"
            default: "\(SafeText.line(label)) was added"
            }
        }
        return changes.isEmpty ? nil : changes
    }
}
