/// The shape of a tensor: up to four dimensions stored inline, so creating or comparing
/// shapes in a training step never allocates.
public struct Shape: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Number of dimensions (0 for a scalar).
    public private(set) var rank: Int
    private var d0 = 1, d1 = 1, d2 = 1, d3 = 1

    /// The largest rank a shape can hold.
    public static let maxRank = 4

    /// A scalar's shape (rank 0).
    public init() { rank = 0 }

    /// A shape from its dimensions, outermost first: `Shape(32, 64, 128)`. One initialiser
    /// per rank rather than a variadic, which would allocate an array.
    public init(_ d0: Int) { self.init(rank: 1, d0, 1, 1, 1) }
    /// A rank-2 shape.
    public init(_ d0: Int, _ d1: Int) { self.init(rank: 2, d0, d1, 1, 1) }
    /// A rank-3 shape.
    public init(_ d0: Int, _ d1: Int, _ d2: Int) { self.init(rank: 3, d0, d1, d2, 1) }
    /// A rank-4 shape.
    public init(_ d0: Int, _ d1: Int, _ d2: Int, _ d3: Int) { self.init(rank: 4, d0, d1, d2, d3) }

    private init(rank: Int, _ d0: Int, _ d1: Int, _ d2: Int, _ d3: Int) {
        precondition(d0 >= 0 && d1 >= 0 && d2 >= 0 && d3 >= 0, "negative dimension in [\(d0), \(d1), \(d2), \(d3)]")
        self.rank = rank
        self.d0 = d0; self.d1 = d1; self.d2 = d2; self.d3 = d3
    }

    /// A shape from an array of dimensions, outermost first.
    public init(_ dims: [Int]) {
        precondition(dims.count <= Shape.maxRank, "tensors have at most \(Shape.maxRank) dimensions, got \(dims.count)")
        precondition(dims.allSatisfy { $0 >= 0 }, "negative dimension in \(dims)")
        rank = dims.count
        for (i, v) in dims.enumerated() { self[i] = v }
    }

    /// The size of dimension `i` (negative `i` counts from the end).
    public subscript(_ i: Int) -> Int {
        get {
            let k = i < 0 ? rank + i : i
            switch k { case 0: return d0; case 1: return d1; case 2: return d2; default: return d3 }
        }
        set {
            let k = i < 0 ? rank + i : i
            switch k { case 0: d0 = newValue; case 1: d1 = newValue; case 2: d2 = newValue; default: d3 = newValue }
        }
    }

    /// Number of elements.
    public var count: Int {
        var n = 1
        for i in 0..<rank { n *= self[i] }
        return n
    }

    /// The dimensions as an array (allocates; for messages and serialisation).
    public var dims: [Int] { (0..<rank).map { self[$0] } }

    /// The size of the last dimension (1 for a scalar).
    public var last: Int { rank == 0 ? 1 : self[rank - 1] }

    /// Number of rows when the tensor is seen as a matrix [count / last, last].
    public var rows: Int { rank == 0 ? 1 : count / last }

    public var description: String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }

    /// The shape with dimension `axis` replaced by `size`.
    public func replacing(axis: Int, with size: Int) -> Shape {
        var s = self
        s[axis] = size
        return s
    }

    /// The shape with one more, innermost, dimension of `size`.
    public func appending(_ size: Int) -> Shape {
        precondition(rank < Shape.maxRank, "tensors have at most \(Shape.maxRank) dimensions")
        var s = self
        s.rank += 1
        s[rank] = size
        return s
    }

    /// The shape with the last dimension replaced by `size`.
    public func withLast(_ size: Int) -> Shape { replacing(axis: rank - 1, with: size) }
}
