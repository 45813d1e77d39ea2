/// A multi-layer perceptron: Linear layers with an activation between them (none after
/// the last), e.g. 256-512-512-10 with ReLU.
public final class MLP: Module {
    /// The layers, input first.
    public let layers: [Linear]
    /// The activation between layers.
    public let activation: UnaryOp

    /// An MLP with layer widths `sizes` (at least two).
    public init(sizes: [Int], activation: UnaryOp = .relu, seed: UInt64) {
        precondition(sizes.count >= 2, "an MLP needs at least an input and an output width")
        var rng = SeededRandom(seed: seed)
        // Kaiming-style scale keeps activations of a deep ReLU stack from vanishing.
        layers = zip(sizes, sizes.dropFirst()).map { i, o in
            Linear(i, o, std: (2 / Float(i)).squareRoot(), rng: &rng)
        }
        self.activation = activation
    }

    /// Widths of input, hidden and output layers.
    public var sizes: [Int] { [layers[0].inFeatures] + layers.map(\.outFeatures) }

    /// Logits for `x` of shape [N, in].
    public func callAsFunction(_ x: Tensor, _ tape: Tape) -> Tensor {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = layer(h, tape)
            if i < layers.count - 1 { h = tape.unary(activation, h) }
        }
        return h
    }

    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        layers.enumerated().flatMap { prefixed("layers.\($0.offset)", $0.element) }
    }
}
