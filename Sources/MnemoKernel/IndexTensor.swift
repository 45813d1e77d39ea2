/// A buffer of token ids or class labels (Int32), reused across steps like tape tensors.
/// A negative label means "ignore this position" in ``Tape/crossEntropy(_:_:weights:)``.
public final class IndexTensor {
    /// The ids, `count` of them.
    public let data: UnsafeMutablePointer<Int32>
    /// Number of ids in use (at most ``capacity``).
    public var count: Int
    /// Number of ids the buffer can hold.
    public let capacity: Int
    /// The buffer whose memory a slice shares (kept alive by the slice); nil when this owns its ids.
    private let base: IndexTensor?

    /// A zero-filled buffer for `capacity` ids.
    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
        self.count = capacity
        data = UnsafeMutablePointer<Int32>.allocate(capacity: self.capacity)
        data.initialize(repeating: 0, count: self.capacity)
        base = nil
    }

    /// The ids at `range` of `base`, sharing its memory: writes to either show in both
    /// (the shards of a batch for a data-parallel step).
    public init(slice range: Range<Int>, of base: IndexTensor) {
        precondition(range.lowerBound >= 0 && range.upperBound <= base.capacity, "slice \(range) of \(base.capacity) ids")
        data = base.data + range.lowerBound
        count = range.count
        capacity = range.count
        self.base = base
    }

    /// A buffer holding `values`.
    public convenience init(_ values: [Int32]) {
        self.init(capacity: values.count)
        set(values)
    }

    /// Replaces the contents with `values` (at most ``capacity``).
    public func set(_ values: [Int32]) {
        precondition(values.count <= capacity, "\(values.count) ids for a buffer of \(capacity)")
        count = values.count
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: values.count) }
    }

    /// The ids as an array (copies).
    public var values: [Int32] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// `n` equal, consecutive slices of the ids in use (the shards of a batch, one per core).
    public func shards(_ n: Int) -> [IndexTensor] {
        precondition(n > 0 && count % n == 0, "\(count) ids do not split into \(n) equal shards")
        let size = count / n
        return (0..<n).map { IndexTensor(slice: ($0 * size)..<(($0 + 1) * size), of: self) }
    }

    deinit { if base == nil { data.deallocate() } }
}
