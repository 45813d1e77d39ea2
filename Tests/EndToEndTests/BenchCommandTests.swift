import Foundation
import Testing

/// `mnemo bench` with short timings: one JSON object with the reference workloads' keys.
@Suite(.enabled(if: MnemoBinary.url != nil, Comment(rawValue: MnemoBinary.missingMessage)))
struct BenchCommandTests {
    @Test func benchPrintsOneJSONObjectWithTheWorkloadsKeys() throws {
        let box = try Sandbox()
        let result = try box.mnemo(["bench", "--only", "mlp_step,gpt_step", "--warmup", "0.05", "--repeat-seconds", "0.05"],
                                   useDatabase: false, environment: ["MNEMO_THREADS": "2"])
        #expect(result.status == 0, "\(result.transcript)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let json = try #require(object, "\(result.transcript)")
        let gpt = try #require(json["gpt_step"] as? [String: Double])
        let mlp = try #require(json["mlp_step"] as? [String: Double])
        #expect(json["threads"] as? Int == 2)
        #expect(["mnemo", "openblas"].contains(json["gemm"] as? String))
        let tokens = try #require(gpt["train_tokens_per_s"]), steps = try #require(mlp["steps_per_s"])
        #expect(tokens > 0 && (gpt["infer_tokens_per_s"] ?? 0) > 0 && steps > 0)
        // model_gflops counts as the reference scripts: 2.75 MFLOP per training token, 0.31 GFLOP per MLP step.
        #expect(abs(try #require(gpt["model_gflops"]) - tokens * 2_752_512 / 1e9) < 0.1)
        #expect(abs(try #require(mlp["model_gflops"]) - steps * 305_922_048 / 1e9) < 0.1)
        #expect(json["sgemm"] == nil, "only the workloads asked for run")
    }

    /// MNEMO_GEMM=openblas switches the products to OpenBLAS, and the report says so.
    @Test func theProductsCanBeForcedToOpenBLAS() throws {
        let box = try Sandbox()
        let result = try box.mnemo(["bench", "--only", "sgemm", "--warmup", "0.05", "--repeat-seconds", "0.05"],
                                   useDatabase: false, environment: ["MNEMO_GEMM": "openblas"])
        #expect(result.status == 0, "\(result.transcript)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["gemm"] as? String == "openblas")
        let sgemm = try #require(json["sgemm"] as? [String: Double])
        #expect((sgemm["gflops_256"] ?? 0) > 0)
    }

    @Test func anUnknownWorkloadIsAUsageError() throws {
        let box = try Sandbox()
        let result = try box.mnemo(["bench", "--only", "gpt_stpe"], useDatabase: false)
        #expect(result.status != 0)
        #expect(result.stderr.contains("unknown workload 'gpt_stpe'"), "\(result.transcript)")
    }
}
