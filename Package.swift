// swift-tools-version: 6.0
import PackageDescription

/// sdg4: SDG 4 education indicators from raw CSV data.
///
/// One module per pipeline stage (ingest → clean → aggregate → report), the value
/// types they share, the libcsv binding, the orchestration and the CLI.
let package = Package(
    name: "sdg4",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sdg4", targets: ["sdg4"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV"),
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto"),
        .target(name: "CSDG4Fields", path: "Sources/CSDG4Fields"),
        .target(name: "SDG4Model"),
        .target(name: "SDG4CSV", dependencies: ["CLibCSV"]),
        // Durable files: atomic writes, folder syncs, locks between processes, crash points.
        .target(name: "SDG4Durable"),
        .target(
            name: "SDG4Ingest",
            dependencies: [
                "SDG4Model", "SDG4CSV", "CLibCrypto",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .target(name: "SDG4Clean", dependencies: ["SDG4Model", "SDG4CSV", "SDG4Ingest", "CSDG4Fields"]),
        .target(name: "SDG4Aggregate", dependencies: ["SDG4Model"]),
        // Reading and cleaning one file into its contribution (ingest + clean, the stages' own code).
        .target(
            name: "SDG4Read",
            dependencies: [
                "SDG4Model", "SDG4CSV", "SDG4Ingest", "SDG4Clean", "SDG4Aggregate", "CSDG4Fields",
            ]),
        // The pipeline-file language: the definition, its parser and the structures file.
        .target(
            name: "SDG4PipelineFile",
            dependencies: [
                "SDG4Model", "SDG4CSV", "SDG4Ingest", "SDG4Clean", "SDG4Aggregate",
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(
            name: "SDG4Report",
            dependencies: [
                "SDG4Model", "SDG4Durable", "SDG4Aggregate", .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates"), .copy("Resources")]),
        .target(
            name: "SDG4Ledger",
            dependencies: ["SDG4Model", "SDG4Durable", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "SDG4Pipeline",
            dependencies: [
                "SDG4Model", "SDG4Durable", "SDG4Ingest", "SDG4Clean", "SDG4Aggregate", "SDG4Read",
                "SDG4PipelineFile", "SDG4Report", "SDG4Ledger",
            ]),
        .executableTarget(
            name: "sdg4",
            dependencies: [
                "SDG4Model", "SDG4Durable", "SDG4Ingest", "SDG4Clean", "SDG4Aggregate", "SDG4PipelineFile",
                "SDG4Pipeline", "SDG4Report", "SDG4Ledger", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The libFuzzer targets (tools/fuzz/run.sh); built normally, a replay tool for their inputs.
        .executableTarget(
            name: "sdg4-fuzz", dependencies: ["SDG4Aggregate", "SDG4Clean", "SDG4Ingest", "SDG4Read", "SDG4PipelineFile"],
            path: "tools/fuzz/Targets"),
        .testTarget(
            name: "SDG4Tests",
            dependencies: [
                "SDG4Model", "SDG4Durable", "SDG4CSV", "SDG4Ingest", "SDG4Clean", "SDG4Aggregate", "SDG4Read",
                "SDG4PipelineFile", "SDG4Report", "SDG4Pipeline", "SDG4Ledger",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
