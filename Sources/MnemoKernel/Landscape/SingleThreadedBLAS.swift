import Foundation

/// Runs work with OpenBLAS on one thread, for code that runs several model copies side by
/// side (one BLAS thread each beats sharing two threads per product for these small matrices).
/// Nested and concurrent uses share one saved setting, restored when the last one ends, so
/// overlapping computations cannot leave BLAS stuck on one thread.
enum SingleThreadedBLAS {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var depth = 0
    nonisolated(unsafe) private static var saved = 1

    /// Calls `body` with BLAS on one thread.
    static func run<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        if depth == 0 { saved = BLAS.threads }
        depth += 1
        BLAS.threads = 1
        lock.unlock()
        defer {
            lock.lock()
            depth -= 1
            if depth == 0 { BLAS.threads = saved }
            lock.unlock()
        }
        return try body()
    }
}
