/// Turns task examples into byte tokens: the benchmark prompt, the answer, and the cut that
/// keeps a long example inside the model's context.
///
/// Prompt: `<instruction>\nOption: <labels joined by ", "> \n<text>\nAnswer:` (O-LoRA's
/// CL_Benchmark, including the space before the second newline). The answer the model learns
/// and is scored on is `" " + label + "\n"`: the leading space separates it from `Answer:` as a
/// word would be in running text, and the final newline marks its end so greedy generation
/// knows where to stop.
///
/// Cutting: a sequence (prompt + longest answer) must fit `context + 1` tokens (the model sees
/// all but the last as input). Text is cut first, from its end, so the instruction, the options
/// and `Answer:` survive; only when even an empty text does not fit is the instruction cut from
/// its start.
public enum TaskPrompt {
    /// The family instructions of the CL_Benchmark (notes §4c), without trailing newlines.
    public static let familyInstructions: [String: String] = [
        "SC": "What is the sentiment of the following paragraph? Choose one from the option.",
        "TC": "What is the topic of the following paragraph? Choose one from the option.",
        "NLI": "What is the logical relationship between the \"sentence 1\" and the \"sentence 2\"? Choose one from the option.",
        "QQP": "Whether the \"first sentence\" and the \"second sentence\" have the same meaning? Choose one from the option.",
        "BoolQA": "According to the following passage, is the question true or false? Choose one from the option.",
        "MultiRC": "According to the following passage and question, is the candidate answer true or false? Choose one from the option.",
        "WiC": "Given a word and two sentences, whether the word is used with the same sense in both sentence? Choose one from the option.",
        // COPA's text carries its own question; the generic line only names the options.
        "COPA": "Choose one from the option.",
    ]

    /// The instruction for families not in ``familyInstructions``.
    public static let defaultInstruction = "Choose one from the option."

    /// The instruction for `family` (case-insensitive), or the default.
    public static func instruction(family: String) -> String {
        if let exact = familyInstructions[family] { return exact }
        return familyInstructions.first { $0.key.lowercased() == family.lowercased() }?.value ?? defaultInstruction
    }

    /// The full prompt text of `text` for `task`, uncut.
    public static func prompt(_ task: ClassificationTask, text: String) -> String {
        header(task) + text + "\nAnswer:"
    }

    /// The answer text for `label`: a space, the label, a newline.
    public static func answer(_ label: String) -> String { " " + label + "\n" }

    /// The prompt's tokens for `text`, cut so that the prompt plus the longest answer fits
    /// `context + 1` tokens.
    public static func promptTokens(_ task: ClassificationTask, text: String, context: Int) -> [Int32] {
        let head = ByteTokenizer.encode(header(task))
        let body = ByteTokenizer.encode(text)
        let tail = ByteTokenizer.encode("\nAnswer:")
        let longest = task.labels.map { ByteTokenizer.encode(answer($0)).count }.max() ?? 0
        let budget = max(0, context + 1 - longest)
        let room = budget - head.count - tail.count
        if room >= 0 { return head + body.prefix(room) + tail }
        // Not even the header fits: keep the end of it (options and the answer cue).
        let kept = head + tail
        return Array(kept.suffix(budget))
    }

    /// Tokens of one training sequence (prompt then answer) and the answer's start index.
    public static func trainingSequence(_ task: ClassificationTask, example: Example,
                                        context: Int) -> (tokens: [Int32], answerStart: Int) {
        let prompt = promptTokens(task, text: example.text, context: context)
        let answer = ByteTokenizer.encode(answer(example.label))
        let tokens = Array((prompt + answer).prefix(context + 1))
        return (tokens, prompt.count)
    }

    private static func header(_ task: ClassificationTask) -> String {
        task.instruction + "\nOption: " + task.labels.joined(separator: ", ") + " \n"
    }
}
