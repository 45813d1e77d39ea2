// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: mnemo -> MnemoREPL -> MnemoLang -> {MnemoKernel, MnemoStore, MnemoPlot}.
// MnemoKernel depends on nothing of ours (only OpenBLAS).
// The kernel is optimised even in debug builds: tests train real (tiny) models, and at -Onone
// its loops are 20-50x slower.
// On x86-64 Linux the kernel is also compiled for the CPU that builds it (as llama.cpp's
// GGML_NATIVE does): mnemo is built from source on the machine that runs it, and the
// baseline x86-64 target limits Swift's loops to 4-wide SSE where the machine may have
// AVX2 or AVX-512 (GELU, softmax and the optimisers ran 2-3x slower). Results stay
// deterministic on a given machine; they were never bit-identical across CPUs (OpenBLAS
// picks its kernels by CPU too).
#if os(Linux) && arch(x86_64)
let nativeCPU: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]
#else
let nativeCPU: [SwiftSetting] = []
#endif
let optimise: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))] + nativeCPU

let package = Package(
    name: "mnemo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mnemo", targets: ["mnemo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"])]),
        // Header only: vector operations Swift cannot otherwise express without going lane by
        // lane (square root, fused multiply-add, masked loads and stores).
        .systemLibrary(name: "CVectorMath"),
        // mnemo's own sgemm and causal-attention kernel for AVX-512 CPUs; optimised in debug
        // builds too, like the kernel.
        .target(name: "CMatrixKernel", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "MnemoKernel", dependencies: ["COpenBLAS", "CVectorMath", "CMatrixKernel"], swiftSettings: optimise),
        .target(name: "MnemoStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "MnemoPlot"),
        .target(name: "MnemoLang", dependencies: ["MnemoKernel", "MnemoStore", "MnemoPlot"]),
        .target(name: "MnemoREPL", dependencies: ["MnemoLang", "MnemoStore", "MnemoPlot", "CEditLine"]),
        .executableTarget(name: "mnemo", dependencies: [
            "MnemoKernel", "MnemoLang", "MnemoStore", "MnemoPlot", "MnemoREPL",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Test support: counts the test process's heap allocations (it defines malloc).
        .target(name: "AllocationCounter", path: "Tests/AllocationCounter"),
        .testTarget(name: "MnemoKernelTests", dependencies: ["MnemoKernel", "AllocationCounter"]),
        .testTarget(name: "MnemoStoreTests", dependencies: ["MnemoStore"]),
        .testTarget(name: "MnemoPlotTests", dependencies: ["MnemoPlot"]),
        .testTarget(name: "MnemoLangTests", dependencies: ["MnemoLang"]),
        .testTarget(name: "MnemoREPLTests", dependencies: ["MnemoREPL"]),
        // Runs the built `mnemo` binary on the notebooks, as a user would.
        .testTarget(name: "EndToEndTests", dependencies: ["MnemoLang", "MnemoStore"]),
    ],
    swiftLanguageModes: [.v5]
)
