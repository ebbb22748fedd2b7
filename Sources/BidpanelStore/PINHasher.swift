import Crypto
import _CryptoExtras
import Foundation

/// PINs are stored only as salted PBKDF2-SHA256 hashes. PINs are short, so
/// the work factor is what stands between a copied file and the PINs; it is
/// stored with each hash so it can be raised later without breaking old ones.
public enum PINHasher {
    /// OWASP's 2023 figure for PBKDF2-SHA256: about 80 ms per check on the
    /// project's machine (BENCHMARKS.md), well inside the 250 ms budget.
    public static let rounds = 600_000
    public static let minimumLength = 4
    /// A stored count outside this is damage, not a setting: a negative one
    /// traps in PBKDF2 and 10^12 would take days (about 13 µs a round).
    static let allowedRounds = 1_000...10_000_000

    struct Hashed {
        var hash: Data
        var salt: Data
        var rounds: Int
    }

    static func hash(_ pin: String, salt: Data? = nil, rounds: Int = PINHasher.rounds) throws -> Hashed {
        guard allowedRounds.contains(rounds) else {
            throw StoreError("a stored PIN check asks for \(rounds) rounds, which bidpanel never writes; the evaluation file is damaged. Restore it from a backup")
        }
        let salt = salt ?? Data((0..<16).map { _ in UInt8.random(in: .min ... .max) })
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Data(pin.utf8), salt: salt, using: .sha256,
                                                    outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return Hashed(hash: key.withUnsafeBytes { Data($0) }, salt: salt, rounds: rounds)
    }

    static func verify(_ pin: String, against stored: Hashed) throws -> Bool {
        let candidate = try hash(pin, salt: stored.salt, rounds: stored.rounds)
        // Constant-time comparison: no early exit on the first differing byte.
        guard candidate.hash.count == stored.hash.count else { return false }
        return zip(candidate.hash, stored.hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The rules `problem(with:)` checks, said before a new PIN is asked for.
    public static let rules = """
        A PIN has \(minimumLength) to 64 characters: digits, letters or both.
        It cannot be one character repeated, such as 1111.
        """

    /// Why a PIN cannot be used, or nil when it is acceptable.
    public static func problem(with pin: String) -> String? {
        if pin.count < minimumLength { return "a PIN needs at least \(minimumLength) characters" }
        if pin.count > 64 { return "a PIN can have at most 64 characters" }
        if Set(pin).count == 1 { return "a PIN cannot be one character repeated" }
        return nil
    }
}
