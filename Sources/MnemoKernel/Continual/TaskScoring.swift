import Foundation

/// How a task's accuracy is measured.
public enum ScoringMethod: String, Sendable, Codable, CaseIterable {
    /// The label whose answer text (`" label\n"`) has the highest total log-likelihood given the
    /// prompt is the prediction (as lm-eval's multiple-choice accuracy).
    case likelihood
    /// The greedy continuation of the prompt up to a newline, normalised (lower case, letters
    /// and digits only), must equal the normalised label (O-LoRA's exact match).
    case exactMatch = "exact"
}

/// Accuracy of a GPT on a classification task, batched and without gradients.
public enum TaskScorer {
    /// Fraction of `split`'s examples (the first `limit`, all when nil) answered correctly.
    public static func accuracy(_ model: GPT, task: ClassificationTask, split: ClassificationTask.Split = .test,
                                method: ScoringMethod = .likelihood, limit: Int? = nil, batch: Int = 32) -> Double {
        let examples = Array(task.examples(split).prefix(limit ?? Int.max))
        guard !examples.isEmpty else { return .nan }
        let predictions: [String]
        switch method {
        case .likelihood: predictions = rankLabels(model, task: task, examples: examples, batch: batch)
        case .exactMatch: predictions = generateAnswers(model, task: task, examples: examples, batch: batch)
        }
        var right = 0
        for (p, e) in zip(predictions, examples) where normalise(p) == normalise(e.label) { right += 1 }
        return Double(right) / Double(examples.count)
    }

    /// Lower case, letters and digits only: the benchmark's normalisation for exact match.
    public static func normalise(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The most likely label of each example.
    static func rankLabels(_ model: GPT, task: ClassificationTask, examples: [Example], batch: Int) -> [String] {
        let context = model.config.context
        let answers = task.labels.map { ByteTokenizer.encode(TaskPrompt.answer($0)) }
        guard !answers.isEmpty else { return examples.map { _ in "" } }
        // One row per (example, label): prompt + answer, scored on the answer tokens.
        var rows: [(tokens: [Int32], start: Int)] = []
        for e in examples {
            let prompt = TaskPrompt.promptTokens(task, text: e.text, context: context)
            for a in answers { rows.append((Array((prompt + a).prefix(context + 1)), prompt.count)) }
        }
        let scores = logLikelihoods(model, rows: rows, batch: max(1, batch))
        return examples.indices.map { i in
            let s = scores[(i * answers.count)..<((i + 1) * answers.count)]
            let best = s.indices.max { s[$0] < s[$1] }!
            return task.labels[best - i * answers.count]
        }
    }

    /// Σ log p(tokens[j] | tokens[..<j]) over j ≥ start, for each row.
    static func logLikelihoods(_ model: GPT, rows: [(tokens: [Int32], start: Int)], batch: Int) -> [Double] {
        let tape = Tape(recording: false)
        tape.isTraining = false
        let v = model.config.vocab
        var result = [Double](repeating: 0, count: rows.count)
        var first = 0
        while first < rows.count {
            let chunk = first..<min(first + batch, rows.count)
            let t = max(1, chunk.map { rows[$0].tokens.count - 1 }.max() ?? 1)
            var ids = [Int32](repeating: 0, count: chunk.count * t)
            for (r, k) in chunk.enumerated() {
                for (j, tok) in rows[k].tokens.dropLast().enumerated() { ids[r * t + j] = tok }
            }
            tape.reset()
            let out = model.forward(IndexTensor(ids), batch: chunk.count, tape)
            for (r, k) in chunk.enumerated() {
                let tokens = rows[k].tokens
                var sum: Double = 0
                for j in max(1, rows[k].start)..<tokens.count {
                    sum += logProbability(out.logits.data + (r * t + j - 1) * v, v, Int(tokens[j]))
                }
                result[k] = sum
            }
            first = chunk.upperBound
        }
        return result
    }

    /// log softmax(logits)[target] in double precision.
    static func logProbability(_ logits: UnsafeMutablePointer<Float>, _ v: Int, _ target: Int) -> Double {
        var m = -Double.infinity
        for j in 0..<v { m = max(m, Double(logits[j])) }
        var s: Double = 0
        for j in 0..<v { s += Foundation.exp(Double(logits[j]) - m) }
        return Double(logits[target]) - m - Foundation.log(s)
    }

    /// Greedy continuations (up to a newline or the longest label plus two bytes).
    static func generateAnswers(_ model: GPT, task: ClassificationTask, examples: [Example], batch: Int) -> [String] {
        let context = model.config.context, v = model.config.vocab
        let maxNew = (task.labels.map { ByteTokenizer.encode(TaskPrompt.answer($0)).count }.max() ?? 1) + 2
        let tape = Tape(recording: false)
        tape.isTraining = false
        var answers: [String] = []
        var first = 0
        while first < examples.count {
            let chunk = Array(examples[first..<min(first + max(1, batch), examples.count)])
            var seqs = chunk.map { TaskPrompt.promptTokens(task, text: $0.text, context: context) }
            var produced = [[Int32]](repeating: [], count: chunk.count)
            var done = [Bool](repeating: false, count: chunk.count)
            for _ in 0..<maxNew where done.contains(false) {
                let windows = seqs.map { Array($0.suffix(context)) }
                let t = windows.map(\.count).max() ?? 1
                var ids = [Int32](repeating: 0, count: chunk.count * t)
                for (r, w) in windows.enumerated() { for (j, tok) in w.enumerated() { ids[r * t + j] = tok } }
                tape.reset()
                let out = model.forward(IndexTensor(ids), batch: chunk.count, tape)
                for r in chunk.indices where !done[r] {
                    let row = out.logits.data + (r * t + windows[r].count - 1) * v
                    var best = 0
                    for j in 1..<v where row[j] > row[best] { best = j }
                    if best == 10 { done[r] = true; continue }
                    produced[r].append(Int32(best))
                    seqs[r].append(Int32(best))
                }
            }
            answers += produced.map { ByteTokenizer.decode($0) }
            first += chunk.count
        }
        return answers
    }
}
