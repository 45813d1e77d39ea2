/// A padded batch of task sequences for training: prompt and answer as input, targets only on
/// the answer tokens (−1 on the prompt and padding).
enum TaskBatch {
    /// ids and targets [B, t] (t = longest input), the mask of real input positions, and t.
    static func make(_ task: ClassificationTask, _ examples: [Example], context: Int)
        -> (ids: IndexTensor, targets: IndexTensor, mask: [Float], t: Int) {
        let seqs = examples.map { TaskPrompt.trainingSequence(task, example: $0, context: context) }
        let t = max(1, seqs.map { $0.tokens.count - 1 }.max() ?? 1)
        var ids = [Int32](repeating: 0, count: examples.count * t)
        var targets = [Int32](repeating: -1, count: examples.count * t)
        var mask = [Float](repeating: 0, count: examples.count * t)
        for (r, seq) in seqs.enumerated() {
            for j in 0..<(seq.tokens.count - 1) {
                ids[r * t + j] = seq.tokens[j]
                mask[r * t + j] = 1
                // Position j predicts token j + 1; only answer tokens are learned.
                if j + 1 >= seq.answerStart { targets[r * t + j] = seq.tokens[j + 1] }
            }
        }
        return (IndexTensor(ids), IndexTensor(targets), mask, t)
    }
}
