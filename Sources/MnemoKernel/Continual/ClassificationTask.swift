/// One labelled text of a classification task.
public struct Example: Equatable, Sendable, Codable {
    /// The input text (the benchmark's "sentence").
    public var text: String
    /// The gold label; one of the task's `labels`.
    public var label: String

    /// An example.
    public init(text: String, label: String) {
        self.text = text; self.label = label
    }
}

/// A text-classification task posed to a language model as a prompt whose answer is a label.
///
/// The prompt follows O-LoRA's CL_Benchmark exactly:
/// `<instruction>\nOption: <labels joined by ", "> \n<text>\nAnswer:`; see ``TaskPrompt``.
public struct ClassificationTask: Equatable, Sendable, Codable {
    /// Short name ("yelp", "topic").
    public var name: String
    /// Family the instruction comes from ("SC", "NLI", "synthetic").
    public var family: String
    /// The instruction line, without its trailing newline.
    public var instruction: String
    /// The label strings, in the order the prompt lists them.
    public var labels: [String]
    /// Training examples, in a fixed (seeded) order.
    public var train: [Example]
    /// Held-out examples for accuracy.
    public var test: [Example]
    /// How the data was obtained when that is not obvious (a held-out split, skipped records).
    public var note: String

    /// A task.
    public init(name: String, family: String, instruction: String, labels: [String],
                train: [Example], test: [Example], note: String = "") {
        self.name = name; self.family = family; self.instruction = instruction; self.labels = labels
        self.train = train; self.test = test; self.note = note
    }

    /// Which examples: the training or the held-out split.
    public enum Split: String, Sendable { case train, test }

    /// The examples of `split`.
    public func examples(_ split: Split) -> [Example] { split == .train ? train : test }
}
