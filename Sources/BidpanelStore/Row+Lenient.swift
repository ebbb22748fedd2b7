import GRDB

extension Row {
    /// The column's value, or nil when it is missing, NULL or of a type it
    /// cannot be read as (a BLOB where text belongs): the checks that read a
    /// possibly edited file report what they find, they never trap on it.
    func lenient<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type = Value.self) -> Value? {
        guard hasColumn(column) else { return nil }
        return Value.fromDatabaseValue(self[column] as DatabaseValue)
    }
}
