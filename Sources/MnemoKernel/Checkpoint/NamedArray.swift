/// A named array of Float32 values with a row-major shape: one tensor of a checkpoint,
/// independent of the kernel's tensor type.
public struct NamedArray: Equatable, Sendable {
    /// The tensor's name in the file, e.g. "transformer.h.0.attn.c_attn.weight".
    public var name: String
    /// The dimensions, outermost first; [] is a scalar.
    public var shape: [Int]
    /// `shape.reduce(1, *)` values in row-major order.
    public var values: [Float]
    /// The element type in the file: what `write` stores (F32 unless asked otherwise) and what
    /// `read` found (values are always converted to Float32).
    public var dtype: SafetensorsDType

    /// An array to write or compare; `dtype` chooses the stored element type.
    public init(name: String, shape: [Int], values: [Float], dtype: SafetensorsDType = .f32) {
        self.name = name
        self.shape = shape
        self.values = values
        self.dtype = dtype
    }

    /// The number of elements the shape holds, or nil for a negative dimension or an overflow.
    public var shapeElementCount: Int? { SafetensorsDType.elementCount(shape) }
}

/// The element types we read (converting to Float32) and write (converting from Float32).
public enum SafetensorsDType: String, CaseIterable, Sendable {
    case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64"
    case i8 = "I8", u8 = "U8", i16 = "I16", i32 = "I32", i64 = "I64"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .i8, .u8: return 1
        case .f16, .bf16, .i16: return 2
        case .f32, .i32: return 4
        case .f64, .i64: return 8
        }
    }

    /// The product of `shape`, or nil for a negative dimension or an overflow.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }
}
