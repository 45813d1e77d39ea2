import Foundation
import Synchronization

/// Splits loops over the cores when the work is large enough to pay for the hand-off.
/// Chunks are fixed by the count and worker number alone, so results do not depend on timing.
public enum Parallel {
    /// Worker count for elementwise loops, products and data-parallel shards: the calling
    /// thread's own count inside ``withWorkers(_:_:)``, else `MNEMO_THREADS` when set to a
    /// positive number, else the machine's active processors. Training results depend on it
    /// (pretraining runs one shard per worker), so replaying a run elsewhere with the recorded
    /// count gives the recorded numbers. Setting it changes the process-wide count.
    public static var workers: Int {
        get { threadWorkers ?? processWorkers }
        set { processWorkers = max(1, newValue) }
    }

    nonisolated(unsafe) private static var processWorkers = configuredWorkers(ProcessInfo.processInfo.environment["MNEMO_THREADS"])

    /// Runs `body` with `count` workers on the calling thread only: several computations side
    /// by side (a landscape's grid points) each use one core, and nothing running on another
    /// thread meanwhile sees its count change (its numbers could, since shards follow it).
    public static func withWorkers<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        let saved = threadWorkers
        threadWorkers = max(1, count)
        defer { threadWorkers = saved }
        return try body()
    }

    private static let threadWorkersKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The calling thread's own worker count (a positive number stored as the key's pointer value).
    private static var threadWorkers: Int? {
        get {
            let value = Int(bitPattern: pthread_getspecific(threadWorkersKey))
            return value > 0 ? value : nil
        }
        set { pthread_setspecific(threadWorkersKey, UnsafeRawPointer(bitPattern: newValue ?? 0)) }
    }

    /// The worker count for a `MNEMO_THREADS` value (nil or invalid: the active processors).
    static func configuredWorkers(_ setting: String?) -> Int {
        if let setting, let n = Int(setting.trimmingCharacters(in: .whitespaces)), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// How many shards a data-parallel step splits its batches into: one per worker when every
    /// batch size divides evenly, else 1 (the step then splits each op instead).
    public static func shardCount(dividing sizes: Int...) -> Int {
        workers > 1 && sizes.allSatisfy({ $0 % workers == 0 }) ? workers : 1
    }

    /// Runs `body(range)` over `0..<count` split in contiguous chunks; serial below `grain`.
    @inline(__always)
    public static func forEach(_ count: Int, grain: Int = 32_768, _ body: (Range<Int>) -> Void) {
        let parts = min(workers, max(1, count / grain))
        if parts <= 1 { body(0..<count); return }
        let size = (count + parts - 1) / parts
        run(parts: parts) { p in
            let lo = p * size, hi = min(count, lo + size)
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Runs `body(i, range)` over the concatenation of `tensors` (`total` elements in all),
    /// split across the cores in contiguous chunks: for each tensor a chunk overlaps, `i` is its
    /// index and `range` the overlapping part of its elements. One region for a model's
    /// parameters, so biases and LayerNorms do not each pay for a hand-off.
    @inline(__always)
    static func forEachPart(of tensors: [Tensor], total: Int, grain: Int = 32_768,
                            _ body: (Int, Range<Int>) -> Void) {
        forEach(total, grain: grain) { span in
            var offset = 0
            for (i, t) in tensors.enumerated() {
                let lo = max(span.lowerBound - offset, 0), hi = min(span.upperBound - offset, t.count)
                offset += t.count
                if lo < hi { body(i, lo..<hi) }
            }
        }
    }

    /// Calls `body(p)` for every `p` in `0..<parts`, concurrently, and returns when all are done.
    /// The calling thread runs part 0. Calls made while another is running (nested in a
    /// part, or from a second thread) run their parts one after another on the caller.
    public static func run(parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 { if parts == 1 { body(0) }; return }
        if parts <= pool.capacity, pool.run(parts: parts, body) { return }
        if pool.isBusy {
            for p in 0..<parts { body(p) }
        } else {
            DispatchQueue.concurrentPerform(iterations: parts, execute: body)
        }
    }

    /// True while a parallel region runs: a split requested now (inside a data-parallel
    /// shard, say) would run its parts one after another on the caller.
    static var isBusy: Bool { pool.isBusy }

    private static let pool = WorkerPool(threads: max(0, ProcessInfo.processInfo.activeProcessorCount - 1))
}

/// Persistent worker threads that spin briefly between parallel regions before sleeping.
///
/// A training step runs about a hundred short regions (each product and elementwise loop is
/// split across the cores). Waking a sleeping thread through the kernel costs 10-30 µs each
/// time; with GCD's `concurrentPerform` that was a tenth of an MLP step. Workers here poll
/// for the next region for a moment (about 0.1 ms) and only then block on a condition.
final class WorkerPool: @unchecked Sendable {
    /// Parts one region can have: the workers plus the calling thread.
    let capacity: Int
    private let generation = Atomic<Int>(0)
    private let pending = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    private let condition = NSCondition()
    // Written by the caller before `generation` is bumped (release), read by the workers
    // after they see the bump (acquire), cleared after every worker has finished.
    nonisolated(unsafe) private var job: ((Int) -> Void)?
    nonisolated(unsafe) private var jobParts = 0

    /// Polls before sleeping; at roughly a nanosecond per poll this is about 0.1 ms.
    private static let spins = 100_000

    init(threads: Int) {
        capacity = threads + 1
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work(index: index + 1) }
            thread.name = "mnemo-worker-\(index + 1)"
            thread.start()
        }
    }

    var isBusy: Bool { busy.load(ordering: .acquiring) }

    /// Runs the region on the pool; false (and nothing run) when the pool is already in use.
    func run(parts: Int, _ body: (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            return false
        }
        // Handing a non-escaping closure to another thread takes this conversion, and Swift
        // boxes the closure for it: one small heap allocation per region, the only one a
        // training step makes (see AllocationTests).
        withoutActuallyEscaping(body) { body in
            job = body
            jobParts = parts
            pending.store(capacity - 1, ordering: .releasing)
            generation.add(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                condition.lock(); condition.broadcast(); condition.unlock()
            }
            body(0)
            while pending.load(ordering: .acquiring) > 0 {}
            job = nil
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    private func work(index: Int) {
        var seen = 0
        while true {
            var polls = 0
            while generation.load(ordering: .acquiring) == seen {
                polls += 1
                if polls < Self.spins { continue }
                // Announce the sleep, then look again under the lock: either the caller sees
                // the sleeper and broadcasts, or this thread sees the new generation.
                sleepers.add(1, ordering: .sequentiallyConsistent)
                condition.lock()
                while generation.load(ordering: .sequentiallyConsistent) == seen { condition.wait() }
                condition.unlock()
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
            }
            seen = generation.load(ordering: .acquiring)
            if index < jobParts, let job { job(index) }
            pending.subtract(1, ordering: .releasing)
        }
    }
}
