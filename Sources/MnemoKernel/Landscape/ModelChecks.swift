/// Checks made before a GPT is evaluated on windows many times, so a mismatch is an error
/// value up front instead of a failed precondition deep inside a forward pass.
enum ModelChecks {
    /// The windows fit the model's context, their tokens its vocabulary, and the batch is positive.
    static func validate(model: GPT, windows: EvaluationWindows, batch: Int) throws {
        guard batch >= 1 else {
            throw LandscapeError.invalidArgument(name: "batch", value: String(batch), reason: "at least 1 window per batch")
        }
        guard windows.count >= 1 else {
            throw LandscapeError.invalidArgument(name: "data", value: "0 windows", reason: "at least one evaluation window")
        }
        guard windows.context <= model.config.context else {
            throw LandscapeError.invalidArgument(name: "data", value: "windows of \(windows.context) tokens",
                                                 reason: "the model's context is \(model.config.context)")
        }
        let vocab = Int32(model.config.vocab)
        for i in windows.indices {
            let (inputs, targets) = windows[i]
            if let bad = inputs.first(where: { $0 < 0 || $0 >= vocab }) ?? targets.first(where: { $0 < 0 || $0 >= vocab }) {
                throw LandscapeError.invalidArgument(name: "data", value: "token \(bad)",
                                                     reason: "the model's vocabulary has \(vocab) tokens")
            }
        }
    }
}
