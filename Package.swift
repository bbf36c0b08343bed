// swift-tools-version:6.1
// Tarn: a columnar data-lake query engine in Swift.
import PackageDescription

/// AVX2 for the kernels; every machine this project runs on (x86-64, Zen 4) has it.
/// Generic type metadata through direct accessors rather than mangled names: a mangled name is demangled at first use
/// and each (type, protocol) requirement in it scans all ~4,000 conformance records (about 240k instructions each);
/// `callgrind` on `tarn query "SELECT 1"` put 58% of its instructions there. Direct: 2.07M -> 1.17M instructions,
/// task-clock 1.94 -> 1.46 ms.
let optimized: [SwiftSetting] = [
  .unsafeFlags(["-target-cpu", "haswell", "-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]),
]

/// No pkg-config: it would put the system's library directory ahead of `Linking/`; the headers are in /usr/include.
func codec(_ name: String, _ apt: String) -> Target {
  .systemLibrary(name: name, providers: [.apt([apt])])
}

let package = Package(
  name: "Tarn",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "tarn", targets: ["tarn"]),
    .library(name: "TarnCore", targets: ["TarnCore"]),
    .library(name: "TarnParquet", targets: ["TarnParquet"]),
    .library(name: "TarnFormats", targets: ["TarnFormats"]),
    .library(name: "TarnEngine", targets: ["TarnEngine"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    codec("CZstd", "libzstd-dev"),
    codec("CSnappy", "libsnappy-dev"),
    codec("CLZ4", "liblz4-dev"),
    codec("CZlib", "zlib1g-dev"),
    codec("CBrotli", "libbrotli-dev"),
    codec("CDeflate", "libdeflate-dev"),
    codec("CISAL", "libisal-dev"),
    codec("CXXHash", "libxxhash-dev"),
    codec("CPCRE2", "libpcre2-dev"),
    .target(name: "TarnCore", swiftSettings: optimized),
    .target(
      name: "TarnParquet",
      dependencies: ["TarnCore", "CZstd", "CSnappy", "CLZ4", "CZlib", "CBrotli", "CDeflate", "CXXHash"],
      swiftSettings: optimized),
    .target(
      name: "TarnFormats",
      dependencies: ["TarnCore", "CZlib", "CZstd", "CLZ4", "CDeflate", "CISAL"],
      swiftSettings: optimized),
    .target(name: "TarnSQL", swiftSettings: optimized),
    .target(
      name: "TarnEngine",
      dependencies: ["TarnCore", "TarnParquet", "TarnFormats", "TarnSQL", "CXXHash", "CPCRE2"],
      swiftSettings: optimized),
    .executableTarget(
      name: "tarn",
      dependencies: [
        "TarnCore", "TarnParquet", "TarnFormats", "TarnSQL", "TarnEngine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: optimized,
      // The codecs and libstdc++ from their static archives (Linking/README.md), libgcc statically, and not
      // position-independent (a PIE's 44k relative relocations): `SELECT 1` 3.3 -> 2.0 ms.
      // The Swift runtime and FoundationEssentials (pulled in by ArgumentParser) linked in statically:
      // no dynamic loading and symbol binding at start-up (`tarn --help` 6.0 -> 3.5 ms task-clock).
      // Static Foundation does not autolink its own dependencies, hence the three libraries. lld rather than
      // gold: gold repeats glibc's link-time warning about mktemp inside static FoundationEssentials.
      // No exported symbols (swiftc passes -export-dynamic): the runtime's start-up `dladdr` for its own path walked
      // all 6,000 of them (174k instructions, `SELECT 1` task-clock 1.46 -> 1.2 ms).
      linkerSettings: [
        .unsafeFlags([
          "-static-stdlib", "-use-ld=lld", "-l_FoundationCollections", "-l_FoundationCShims", "-lswiftSynchronization",
          "-Xclang-linker", "-no-pie", "-Xclang-linker", "-static-libgcc", "-Xlinker", "--no-export-dynamic",
          "-L\(Context.packageDirectory)/Linking",
        ])
      ]),
    .executableTarget(
      name: "tarn-formats-bench",
      dependencies: ["TarnFormats", "TarnCore", "CZlib", "CDeflate", "CISAL"],
      path: "Benchmarks/FormatsBench",
      swiftSettings: optimized),
    .testTarget(name: "TarnCoreTests", dependencies: ["TarnCore"]),
    .testTarget(name: "TarnParquetTests", dependencies: ["TarnParquet", "TarnCore", "TarnFormats"]),
    .testTarget(name: "TarnFormatsTests", dependencies: ["TarnFormats", "TarnCore"], exclude: ["Fixtures"]),
    .testTarget(name: "TarnSQLTests", dependencies: ["TarnSQL"]),
    .testTarget(name: "TarnEngineTests", dependencies: ["TarnEngine", "TarnSQL", "TarnCore", "TarnFormats", "TarnParquet"]),
  ]
)
