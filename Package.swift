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
        // The command line: only wires the core together.
        .executableTarget(
            name: "bidpanel",
            dependencies: [
                "BidpanelCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks are programs, never tests: see BENCHMARKS.md.
        .executableTarget(
            name: "bidpanel-bench",
            dependencies: ["BidpanelCore"]
        ),
        .testTarget(
            name: "BidpanelCoreTests",
            dependencies: [
                "BidpanelCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "BidpanelCLITests",
            dependencies: ["BidpanelCore"]
        ),
    ]
)
