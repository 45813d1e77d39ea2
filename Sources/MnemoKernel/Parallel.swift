import Foundation

/// Splits loops over both cores when the work is large enough to pay for the hand-off.
/// Chunks are fixed by the count and thread number alone, so results do not depend on timing.
public enum Parallel {
    /// Worker count for elementwise loops (the machine's active processors, at least 1).
    nonisolated(unsafe) public static var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body(range)` over `0..<count` split in contiguous chunks; serial below `grain`.
    @inline(__always)
    public static func forEach(_ count: Int, grain: Int = 32_768, _ body: (Range<Int>) -> Void) {
        let parts = min(workers, max(1, count / grain))
        if parts <= 1 { body(0..<count); return }
        let size = (count + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let lo = p * size, hi = min(count, lo + size)
            if lo < hi { body(lo..<hi) }
        }
    }
}
