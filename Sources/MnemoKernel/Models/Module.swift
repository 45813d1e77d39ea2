/// Anything with named trainable tensors: layers and whole models.
///
/// Names follow PyTorch's `state_dict` conventions (nanoGPT's for the GPT), so checkpoints
/// written from them open in PyTorch.
public protocol Module: AnyObject {
    /// Every parameter with its dotted name, in a fixed order.
    func namedParameters() -> [(name: String, tensor: Tensor)]
}

extension Module {
    /// The parameters in ``namedParameters()`` order.
    public var parameters: [Tensor] { namedParameters().map(\.tensor) }

    /// The parameters that currently receive gradients.
    public var trainableParameters: [Tensor] { parameters.filter(\.requiresGrad) }

    /// Total number of scalars in all parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Number of scalars in trainable parameters.
    public var trainableParameterCount: Int { trainableParameters.reduce(0) { $0 + $1.count } }

    /// Zeroes every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Marks every parameter trainable or frozen.
    public func setTrainable(_ on: Bool) { for p in parameters { p.requiresGrad = on } }

    /// Copies all parameter values from a module of the same architecture.
    public func copyParameters(from other: Module) {
        let mine = namedParameters(), theirs = other.namedParameters()
        precondition(mine.count == theirs.count, "copyParameters between different architectures")
        for (a, b) in zip(mine, theirs) { a.tensor.copy(from: b.tensor) }
    }

    /// A flat copy of all parameter values (for landscapes, snapshots, comparisons).
    public func flatParameters() -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(parameterCount)
        for p in parameters { out.append(contentsOf: UnsafeBufferPointer(start: p.data, count: p.count)) }
        return out
    }

    /// Overwrites all parameter values from a flat array made by ``flatParameters()``.
    public func loadFlatParameters(_ values: [Float]) {
        precondition(values.count == parameterCount, "\(values.count) values for \(parameterCount) parameters")
        var offset = 0
        values.withUnsafeBufferPointer { src in
            for p in parameters {
                p.data.update(from: src.baseAddress! + offset, count: p.count)
                offset += p.count
            }
        }
    }
}

/// Prefixes each name of `module`'s parameters with `prefix.`.
func prefixed(_ prefix: String, _ module: Module) -> [(name: String, tensor: Tensor)] {
    module.namedParameters().map { (name: prefix + "." + $0.name, tensor: $0.tensor) }
}
