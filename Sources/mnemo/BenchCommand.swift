import ArgumentParser
import Foundation
import MnemoKernel
import MnemoStore

/// `mnemo bench`: the speed workloads of ../shared/bench, printed as one JSON object.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the kernel's speed on the reference workloads; prints one JSON object.",
        discussion: """
        Workloads: sgemm, mlp_step, gpt_step (the same as the PyTorch/JAX scripts in \
        ../shared/bench), and metrics (the cost of recording a training's loss in SQLite, as a \
        share of a gpt_step), landscape_2d (a 21x21 loss landscape of the benchmark GPT on 32 \
        windows of 64 bytes). Each warms up, then reports the median of 5 timed repeats. \
        model_gflops counts matrix-product FLOPs as the reference scripts do; gemm names the \
        matrix product used (mnemo's own AVX-512 kernel, or openblas; MNEMO_GEMM=openblas forces \
        OpenBLAS, to compare).
        """
    )

    static let workloads = ["sgemm", "mlp_step", "gpt_step", "metrics", "landscape_2d"]

    @Option(name: .long, help: "Run only these workloads (comma-separated: \(workloads.joined(separator: ", "))).")
    var only: String?

    @Option(name: .long, help: "Seconds of warm-up per workload.")
    var warmup: Double = 2

    @Option(name: .long, help: "Seconds per timed repeat.")
    var repeatSeconds: Double = 1

    func validate() throws {
        for name in selected where !Self.workloads.contains(name) {
            throw ValidationError("unknown workload '\(name)'; choose from \(Self.workloads.joined(separator: ", "))")
        }
    }

    var selected: [String] {
        only.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? Self.workloads
    }

    func run() throws {
        let p = Benchmarks.Timing(warmupSeconds: warmup, repeats: 5, repeatSeconds: repeatSeconds)
        var result: [String: Any] = [:]
        let round1 = { (x: Double) in (x * 10).rounded() / 10 }
        for name in selected {
            printError("bench: \(name) ...")
            switch name {
            case "sgemm":
                result["sgemm"] = ["gflops_256": round1(Benchmarks.sgemm(n: 256, p)),
                                   "gflops_1024": round1(Benchmarks.sgemm(n: 1024, p))]
            case "mlp_step":
                let r = Benchmarks.mlpStep(p)
                result["mlp_step"] = ["steps_per_s": round1(r.median), "min": round1(r.min), "max": round1(r.max),
                                      "model_gflops": round1(r.median * Benchmarks.mlpTrainingFlopsPerStep / 1e9)]
            case "gpt_step":
                let (train, infer) = try Benchmarks.gptStep(p)
                result["gpt_step"] = ["train_tokens_per_s": train.median.rounded(), "train_min": train.min.rounded(),
                                      "train_max": train.max.rounded(), "infer_tokens_per_s": infer.median.rounded(),
                                      "model_gflops": round1(train.median * Benchmarks.gptTrainingFlopsPerToken() / 1e9)]
            case "landscape_2d":
                // 441 forward passes of the benchmark GPT on 32 windows of 64 bytes.
                result["landscape_2d"] = ["seconds": (LandscapeBenchmark.run() * 100).rounded() / 100]
            case "metrics":
                result["metrics"] = try metricOverhead(p, gptTokensPerSecond: (result["gpt_step"] as? [String: Double])?["train_tokens_per_s"])
            default: break
            }
        }
        result["threads"] = BLAS.threads
        result["gemm"] = BLAS.backend.rawValue
        result["peak_rss_mib"] = round1(Benchmarks.peakResidentMiB())
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Times the store's batched metric writer on a scratch database and relates it to a
    /// training step that logs one point (its loss): the recording overhead of `pretrain`.
    func metricOverhead(_ p: Benchmarks.Timing, gptTokensPerSecond: Double?) throws -> [String: Double] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mnemo-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("bench.sqlite").path)
        var perPoint: [Double] = []
        for _ in 0..<p.repeats {
            let m = try store.measureMetricWriterOverhead(points: 20_000)
            perPoint.append(m.seconds / Double(m.points))
        }
        perPoint.sort()
        let us = perPoint[perPoint.count / 2] * 1e6
        let tokensPerSecond = try gptTokensPerSecond ?? Benchmarks.gptStep(Benchmarks.Timing(warmupSeconds: 0.5, repeats: 3, repeatSeconds: 0.5)).train.median
        let stepSeconds = 2048 / tokensPerSecond
        return ["us_per_point": (us * 100).rounded() / 100,
                "overhead_percent_of_gpt_step": (us / 1e6 / stepSeconds * 100 * 1000).rounded() / 1000]
    }
}
