// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "bidpanel",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bidpanel", targets: ["bidpanel"]),
        .library(name: "BidpanelCore", targets: ["BidpanelCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure core: panel model, loading and validation, the scoring engine,
        // CSV/JSON interchange and report rendering. No I/O inside the engine.
        .target(
            name: "BidpanelCore",
            dependencies: [
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "BigInt", package: "BigInt"),
            ]
        ),
        // The evaluation file: one SQLite file (GRDB) holding the frozen panel,
        // every value, PIN hashes and an append-only, hash-chained audit log.
        .target(
            name: "BidpanelStore",
            dependencies: [
                "BidpanelCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API, to read the audit log by column position (AuditScan).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The evaluation on PostgreSQL (issue 14, being built): the schema as
        // migrations, one schema per evaluation, and functions that check a
        // signed-in session server-side. No command uses it yet.
        .target(
            name: "BidpanelPostgres",
            dependencies: [
                "BidpanelCore",
                "BidpanelStore", // its audit chain check, for the server's chain

                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // ncurses (wide-character build) for Swift: a module map and shim.h.
        // Only BidpanelTerminal imports it.
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The panel's screens, Elm style: State, Action, update and
        // render to a text Canvas. No terminal calls, so all of it is testable.
        .target(
            name: "BidpanelTUI",
            dependencies: ["BidpanelCore", "BidpanelStore"]
        ),
        // Sends a report to the printer (lp), or saves it to a file when it
        // cannot, and writes output files safely (OutputFile). The core only
        // for SafeText. The command line uses it for `report --print`, its
        // output files, and hands it to the screens for the chair's P key.
        .target(name: "BidpanelPrint", dependencies: ["BidpanelCore"]),
        // The one module that talks to ncurses: draws a Canvas, reads keys,
        // restores the terminal on signals and crashes.
        .target(
            name: "BidpanelTerminal",
            dependencies: ["CNcurses", "BidpanelCore", "BidpanelTUI"]
        ),
        // The command line: only wires the core together.
        .executableTarget(
            name: "bidpanel",
            dependencies: [
                "BidpanelCore",
                "BidpanelStore",
                "BidpanelTUI",
                "BidpanelTerminal",
                "BidpanelPrint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks are programs, never tests: see BENCHMARKS.md.
        // Generated evaluations shared by the store tests and the benchmarks.
        .target(
            name: "BidpanelFixtures",
            dependencies: ["BidpanelCore", "BidpanelStore"]
        ),
        // A libFuzzer target over the panel file and CSV readers, for long
        // runs outside CI: see docs/fuzzing.md. Without libFuzzer it replays
        // saved inputs.
        .executableTarget(
            name: "bidpanel-fuzz",
            dependencies: ["BidpanelCore"]
        ),
        .executableTarget(
            name: "bidpanel-bench",
            dependencies: ["BidpanelCore", "BidpanelStore", "BidpanelFixtures", "BidpanelTUI", "BidpanelTerminal"],
            // Python scripts the scale benchmark runs beside bidpanel.
            exclude: ["reference"]
        ),
        .testTarget(
            name: "BidpanelCoreTests",
            dependencies: [
                "BidpanelCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
                // The CSV library's reader, to check CSVRecords reads as it does.
                .product(name: "CSV", package: "CSV.swift"),
            ],
            exclude: ["Golden"]
        ),
        // A small program the store tests run as separate processes (many
        // writers at once, a writer killed mid-loop) and the write benchmark uses.
        .executableTarget(
            name: "bidpanel-store-probe",
            dependencies: ["BidpanelCore", "BidpanelStore"]
        ),
        .testTarget(
            name: "BidpanelStoreTests",
            dependencies: ["BidpanelCore", "BidpanelStore", "BidpanelFixtures"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "BidpanelTUITests",
            dependencies: ["BidpanelCore", "BidpanelStore", "BidpanelTUI", "BidpanelFixtures"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "BidpanelTerminalTests",
            dependencies: ["BidpanelCore", "BidpanelTUI", "BidpanelTerminal"]
        ),
        .testTarget(
            name: "BidpanelCLITests",
            // The store signs an evaluation off; the command line cannot yet.
            // The fixtures hold the fuzzer's seeded mutator.
            dependencies: ["BidpanelCore", "BidpanelStore", "BidpanelFixtures"]
        ),
        // Against a throwaway PostgreSQL cluster the tests start themselves
        // (skipped with a plain message when PostgreSQL is not installed,
        // failing instead when CI is set). The store for its canonical encoding.
        .testTarget(
            name: "BidpanelPostgresTests",
            dependencies: ["BidpanelCore", "BidpanelPostgres", "BidpanelStore"]
        ),
        .testTarget(
            name: "BidpanelPrintTests",
            dependencies: ["BidpanelPrint"]
        ),
    ]
)
