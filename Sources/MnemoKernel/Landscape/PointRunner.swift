import Foundation

/// Evaluates a list of parameter points with one evaluator per worker thread, each point once,
/// and reports every finished point as soon as it is done (so a caller can store it and a
/// killed run can resume). Which worker takes which point depends on timing, but every point's
/// value depends only on the point, so the results do not.
enum PointRunner {
    /// Runs `evaluators[w]` (each called from one thread only) on the parameters that
    /// `fill(index, &buffer)` writes for each of `pending`. `done(index, value)` is called under
    /// a lock, one call at a time. Returns true when `cancel` stopped it before the end;
    /// points already started still finish and are reported.
    static func run(pending: [Int], evaluators: [([Float]) -> Double],
                    fill: (Int, inout [Float]) -> Void, cancel: CancellationFlag?,
                    done: (Int, Double) -> Void) -> Bool {
        let lock = NSLock()
        var next = 0
        var cancelled = false
        let workers = min(evaluators.count, pending.count)
        guard workers > 0 else { return cancel?.isCancelled == true && !pending.isEmpty }
        func work(_ worker: Int) {
            var buffer: [Float] = []
            while true {
                lock.lock()
                if cancel?.isCancelled == true { cancelled = cancelled || next < pending.count }
                guard !cancelled, next < pending.count else { lock.unlock(); return }
                let index = pending[next]
                next += 1
                lock.unlock()
                fill(index, &buffer)
                let value = evaluators[worker](buffer)
                lock.lock()
                done(index, value)
                lock.unlock()
            }
        }
        if workers == 1 {
            work(0)
        } else {
            // One core per evaluator: for these small models that beats sharing both per product.
            DispatchQueue.concurrentPerform(iterations: workers) { w in Parallel.withWorkers(1) { work(w) } }
        }
        return cancelled
    }
}
