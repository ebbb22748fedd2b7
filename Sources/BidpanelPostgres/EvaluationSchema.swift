/// One evaluation in a PostgreSQL database: its own schema, and the two
/// roles made for it. Many evaluations can share one database, each in its
/// schema, each with its own roles, so one evaluation's terminal credentials
/// reach nothing of another's.
public struct EvaluationSchema: Sendable, Equatable {
    /// The schema's name, as typed: lowercase letters, digits and `_`.
    public let name: String

    /// Refuses a name that would need quoting or is too long for the role
    /// names made from it (PostgreSQL keeps 63 bytes of a name).
    public init(_ name: String) throws {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else {
            throw PostgresStoreError("an evaluation's schema name starts with a lowercase letter (a to z): \"\(name)\" does not")
        }
        guard name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw PostgresStoreError("an evaluation's schema name has only lowercase letters, digits and _: \"\(name)\" has others")
        }
        guard name.utf8.count <= Self.longestName else {
            throw PostgresStoreError("an evaluation's schema name has at most \(Self.longestName) characters: \"\(name)\" has \(name.utf8.count)")
        }
        guard !name.hasPrefix("pg_") else {
            throw PostgresStoreError("schema names starting pg_ belong to PostgreSQL itself: choose another for \"\(name)\"")
        }
        self.name = name
    }

    /// Leaves room for the longest suffix, "_terminal".
    public static let longestName = 50

    /// Owns the tables and the functions; cannot log in. The functions a
    /// terminal calls run as this role (SECURITY DEFINER).
    public var ownerRole: String { name + "_owner" }
    /// What a terminal connects as: it may use the schema and execute the
    /// terminal's functions, and read or write no table directly.
    public var terminalRole: String { name + "_terminal" }

    /// The channel every audit entry is announced on (`NOTIFY`, with the
    /// entry's number), delivered when its transaction commits.
    public var auditChannel: String { name + "_audit" }

    /// The names as SQL identifiers. The name's characters need no quoting;
    /// the quotes keep it from ever being read as a keyword.
    var schemaSQL: String { "\"\(name)\"" }
    var ownerSQL: String { "\"\(ownerRole)\"" }
    var terminalSQL: String { "\"\(terminalRole)\"" }
}

/// A failure worth telling a person, in words.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
