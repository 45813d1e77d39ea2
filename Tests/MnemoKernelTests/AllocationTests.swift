import AllocationCounter
import XCTest
@testable import MnemoKernel

/// After warm-up a training step allocates no memory of its own: the tape's arena, the
/// optimiser's moment buffers and the worker pool are reused. On one core it makes no heap
/// allocation at all; on several, each parallel region hands a closure to the workers, which
/// Swift boxes (a few dozen bytes), and that is all. Allocations are counted by intercepting
/// malloc (Linux). These are XCTest cases because XCTest runs them one at a time, before the
/// parallel Swift Testing suites, so no other test's allocations are counted.
final class AllocationTests: XCTestCase {
    private struct Count { var allocations: Int64; var bytes: Int64 }

    private func count(warmUp: Int = 3, steps: Int = 5, workers: Int? = nil, _ step: () -> Void) throws -> Count {
        try XCTSkipUnless(allocation_counter_available() == 1, "allocations are only counted on Linux with glibc")
        return Parallel.withWorkers(workers ?? Parallel.workers) {
            for _ in 0..<warmUp { step() }
            allocation_counter_start()
            for _ in 0..<steps { step() }
            let allocations = allocation_counter_stop()
            return Count(allocations: allocations, bytes: allocation_counter_bytes())
        }
    }

    func testTheCounterSeesAllocations() throws {
        let seen = try count(warmUp: 0, steps: 1) {
            let values = [Float](repeating: 1, count: 1000 + Int.random(in: 0..<10))
            XCTAssertGreaterThanOrEqual(values.count, 1000)
        }
        XCTAssertGreaterThan(seen.allocations, 0)
        XCTAssertGreaterThanOrEqual(seen.bytes, 4000)
    }

    /// The benchmark GPT (`mnemo bench`'s gpt_step): forward, backward, clipping, AdamW.
    func testAGPTTrainingStepAllocatesNothingAfterWarmUp() throws {
        let model = GPT(GPTConfig(), seed: 1)
        var rng = SeededRandom(seed: 2)
        let ids = IndexTensor((0..<2048).map { _ in Int32(rng.int(below: 256)) })
        let targets = IndexTensor((0..<2048).map { _ in Int32(rng.int(below: 256)) })
        let trainer = Trainer(parameters: model.parameters, optimizer: OptimizerConfig(kind: .adamw),
                              schedule: LRSchedule(base: 3e-4, totalSteps: 100), clipNorm: 1)
        var losses: [Float] = []
        losses.reserveCapacity(32)
        let step = {
            losses.append(trainer.step(0) { trainer.tape.crossEntropy(model.forward(ids, batch: 32, trainer.tape).logits, targets) })
        }
        let serial = try count(workers: 1, step)
        XCTAssertEqual(serial.allocations, 0, "allocations in 5 GPT training steps on one core")
        let parallel = try count(step)
        XCTAssertLessThan(parallel.bytes / 5, 8 * 1024, "bytes allocated per GPT step on \(Parallel.workers) cores (\(parallel.allocations / 5) allocations)")
        XCTAssertLessThan(losses.last!, losses.first!, "the steps trained")

        // The data-parallel step pretraining uses: one shard of the batch per core.
        let shards = 2, rows = 32 / shards
        let idShards = ids.shards(shards), targetShards = targets.shards(shards)
        let sharded = try count {
            losses.append(trainer.step(0, shards: shards) { tape, s in
                tape.crossEntropy(model.forward(idShards[s], batch: rows, tape).logits, targetShards[s])
            })
        }
        XCTAssertLessThan(sharded.bytes / 5, 8 * 1024, "bytes allocated per sharded GPT step (\(sharded.allocations / 5) allocations)")
    }

    /// The benchmark MLP (`mnemo bench`'s mlp_step): ReLU, cross-entropy, Adam.
    func testAnMLPTrainingStepAllocatesNothingAfterWarmUp() throws {
        let train = Benchmarks.mlpTrainingStep()
        let step = { _ = train() }
        XCTAssertEqual(try count(workers: 1, step).allocations, 0, "allocations in 5 MLP training steps on one core")
        let parallel = try count(step)
        XCTAssertLessThan(parallel.bytes / 5, 2 * 1024, "bytes allocated per MLP step on \(Parallel.workers) cores")
    }
}
