import Foundation

/// A float32 tensor: a shape and contiguous row-major storage, with an optional gradient
/// buffer of the same size.
///
/// Tensors made by a ``Tape`` live in its arena and are reused from step to step; tensors
/// made with ``init(shape:requiresGrad:)`` (parameters, constants) own their storage.
public final class Tensor: CustomStringConvertible {
    /// The current shape; its element count never exceeds ``capacity``.
    public internal(set) var shape: Shape
    /// Number of floats the storage can hold.
    public let capacity: Int
    /// The values, row-major.
    public let data: UnsafeMutablePointer<Float>
    /// The gradient of the last backward pass (allocated on first use).
    public private(set) var grad: UnsafeMutablePointer<Float>?
    /// Whether backward passes compute a gradient for this tensor. Frozen parameters are false.
    public var requiresGrad: Bool
    /// The tape step in which ``grad`` was last zeroed (arena tensors zero lazily).
    var gradStep: Int = -1
    /// Arena tensors zero their gradient once per tape step; parameters accumulate until
    /// ``zeroGrad()``.
    var isArena = false

    /// A zero-filled tensor that owns its storage.
    public init(shape: Shape, requiresGrad: Bool = false) {
        self.shape = shape
        self.capacity = max(shape.count, 1)
        self.data = Tensor.allocate(capacity)
        self.requiresGrad = requiresGrad
        data.initialize(repeating: 0, count: capacity)
    }

    /// A tensor holding `values` with `shape`.
    public convenience init(shape: Shape, values: [Float], requiresGrad: Bool = false) {
        precondition(values.count == shape.count, "\(values.count) values for shape \(shape)")
        self.init(shape: shape, requiresGrad: requiresGrad)
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit {
        data.deallocate()
        grad?.deallocate()
    }

    /// 64-byte aligned storage: SIMD loads and OpenBLAS prefer it.
    static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        return raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Number of elements in the current shape.
    public var count: Int { shape.count }

    /// The values as an array (copies).
    public var values: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// The gradient as an array (copies; zeros when none was computed).
    public var gradValues: [Float] {
        guard let g = grad else { return [Float](repeating: 0, count: count) }
        return Array(UnsafeBufferPointer(start: g, count: count))
    }

    /// The single value of a one-element tensor.
    public var scalar: Float { data[0] }

    /// The gradient buffer, allocated on first use. Zeroed when `step` differs from the step
    /// of the last zeroing, so arena tensors need no explicit clearing between steps.
    func gradBuffer(step: Int) -> UnsafeMutablePointer<Float> {
        if grad == nil {
            grad = Tensor.allocate(capacity)
            grad!.initialize(repeating: 0, count: capacity)
            gradStep = step
        } else if step >= 0 && gradStep != step {
            grad!.update(repeating: 0, count: count)
            gradStep = step
        }
        return grad!
    }

    /// The gradient buffer for a writer that will set every element: when this is the first
    /// use in `step` (`fresh`), the buffer is not zeroed and its contents are undefined, so
    /// the caller must overwrite rather than accumulate. Parameters (`step` < 0) are never fresh.
    func gradBufferForOverwrite(step: Int) -> (pointer: UnsafeMutablePointer<Float>, fresh: Bool) {
        guard step >= 0, gradStep != step || grad == nil else { return (gradBuffer(step: step), false) }
        if grad == nil { grad = Tensor.allocate(capacity) }
        gradStep = step
        return (grad!, true)
    }

    /// Sets the gradient to zero (parameters, before accumulating a new step).
    public func zeroGrad() {
        grad?.update(repeating: 0, count: capacity)
    }

    /// Copies values from another tensor of the same element count.
    public func copy(from other: Tensor) {
        precondition(other.count == count, "copy of \(other.shape) into \(shape)")
        data.update(from: other.data, count: count)
    }

    /// Fills with a constant.
    public func fill(_ value: Float) { data.update(repeating: value, count: count) }

    /// Fills with N(0, std²) samples from `rng` (parameter initialisation).
    public func fillNormal(std: Float, using rng: inout SeededRandom) {
        for i in 0..<count { data[i] = Float(rng.normal()) * std }
    }

    /// A new tensor with the same shape and values, owning its storage.
    public func clone(requiresGrad: Bool? = nil) -> Tensor {
        let t = Tensor(shape: shape, requiresGrad: requiresGrad ?? self.requiresGrad)
        t.copy(from: self)
        return t
    }

    public var description: String {
        let shown = values.prefix(6).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor\(shape)[\(shown)\(count > 6 ? ", ..." : "")]"
    }
}
