import Foundation

/// The sharpness figures reported beside a landscape.
public struct SharpnessReport: Codable, Equatable, Sendable {
    /// Mean loss at the point, on the same fixed batch.
    public var loss: Double
    /// Top Hessian eigenvalue estimate (λ_max).
    public var topEigenvalue: Sharpness.Estimate
    /// Hutchinson trace estimate (tr H).
    public var trace: Sharpness.Estimate
    /// Parameters the curvature is over.
    public var parameterCount: Int
    /// Wall time in seconds.
    public var seconds: Double
}

extension Sharpness {
    /// The gradient of a GPT's mean next-token loss over all of `windows` (a fixed batch, no
    /// dropout), computed on a private copy of `model`. Frozen parameters get zero gradient, so
    /// the curvature is over the trainable ones. The windows must fit the model (``measure(model:windows:settings:batch:workers:cancel:progress:)``
    /// checks that).
    public static func gradientFunction(model: GPT, windows: EvaluationWindows, batch: Int = 32) -> Gradient {
        let replica = model.landscapeReplica()
        let tape = Tape(recording: true)
        tape.isTraining = false
        let t = windows.context, rowsPerBatch = max(1, batch)
        let inputs = IndexTensor(capacity: rowsPerBatch * t), targets = IndexTensor(capacity: rowsPerBatch * t)
        let total = Float(max(windows.count, 1))
        return { parameters in
            replica.loadFlatParameters(parameters)
            replica.zeroGrad()
            var start = 0
            while start < windows.count {
                tape.reset()
                let rows = windows.fill(batch: start..<min(start + rowsPerBatch, windows.count),
                                        inputs: inputs.data, targets: targets.data)
                inputs.count = rows * t; targets.count = rows * t
                let loss = tape.crossEntropy(replica.forward(inputs, batch: rows, tape).logits, targets)
                // Each batch's mean weighted by its share of the windows gives the overall mean.
                tape.backward(loss, seed: Float(rows) / total)
                start += rows
            }
            var out: [Float] = []
            out.reserveCapacity(parameters.count)
            for p in replica.parameters { out.append(contentsOf: p.gradValues) }
            return out
        }
    }

    /// λ_max and tr(H) of a GPT's loss on `windows` at its current weights (the model is not
    /// changed), with up to two
    /// model copies (`workers`). Progress reports (estimate name, iteration, current value).
    public static func measure(model: GPT, windows: EvaluationWindows, settings: Settings = Settings(),
                               batch: Int = 32, workers: Int = Parallel.workers, cancel: CancellationFlag? = nil,
                               progress: ((String, Int, Double) -> Void)? = nil) throws -> SharpnessReport {
        try ModelChecks.validate(model: model, windows: windows, batch: batch)
        let start = Date()
        let w = model.flatParameters()
        // Two model copies compute each product's two gradients side by side.
        let gradients = (0..<min(2, max(1, workers))).map { _ in
            gradientFunction(model: model, windows: windows, batch: batch)
        }
        let eigen = try topEigenvalue(at: w, gradients: gradients, settings: settings, cancel: cancel) {
            progress?("top_eigenvalue", $0, $1)
        }
        let traceEstimate = try trace(at: w, gradients: gradients, settings: settings, cancel: cancel) {
            progress?("trace", $0, $1)
        }
        return SharpnessReport(loss: LanguageModeling.evaluate(model, on: windows, batch: batch).loss,
                               topEigenvalue: eigen, trace: traceEstimate, parameterCount: w.count,
                               seconds: Date().timeIntervalSince(start))
    }
}
