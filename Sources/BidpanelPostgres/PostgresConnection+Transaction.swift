import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `body` in a transaction: committed if it returns, rolled back if
    /// it throws, and the error it threw is the one the caller sees (not
    /// wrapped), so its words reach the person.
    func transaction<Result: Sendable>(logger: Logger,
                                       _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await query("BEGIN", logger: logger)
        let value: Result
        do {
            value = try await body(self)
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
        try await query("COMMIT", logger: logger)
        return value
    }
}

extension PostgresStoreError {
    /// The server's own words for a failed statement (PostgresNIO keeps them
    /// out of its errors' descriptions), or the error as it describes itself.
    public static func words(of error: any Error) -> String {
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
            return message
        }
        if let error = error as? PostgresStoreError { return error.description }
        return String(describing: error)
    }

    /// The SQLSTATE code the server gave, e.g. 42501 for permission denied.
    public static func code(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
