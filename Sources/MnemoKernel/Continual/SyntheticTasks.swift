/// Classification tasks phrased in the synthetic language of ``SyntheticText``, so continual
/// runs need no files.
///
/// Six kinds (``names`` gives the order): `topic` (which of four topics a statement is about), `sentiment`
/// (positive / negative / neutral opinion), `kind` (question or statement), `count` (how many
/// things a list names: 2-5), `repeat` (does sentence 2 name a thing that sentence 1 mentions:
/// entailment-like) and `order` (does the positive or the negative word come first). They ask
/// for different features of the same words under one prompt format, so training one moves the
/// answer distribution and the features the others need, and pulls the model away from plain
/// text. Instructions are short because byte-level models have small contexts.
public enum SyntheticTasks {
    /// The task names ``make(count:train:test:seed:)`` draws from, in order.
    /// The three a small GPT learns in ~100 steps (kind, count, order) come first, so short
    /// sequences show learning as well as forgetting; topic and sentiment need longer training.
    public static let names = ["kind", "count", "order", "sentiment", "repeat", "topic"]

    /// The first `count` (1...6) synthetic tasks with `train` and `test` examples each.
    /// Identical for the same arguments; task `i` does not depend on `count`.
    public static func make(count: Int, train: Int, test: Int, seed: UInt64) throws -> [ClassificationTask] {
        guard count >= 1 && count <= names.count else {
            throw TaskDataError.invalidArgument(name: "synthetic task count", value: "\(count) (1...\(names.count))")
        }
        guard train >= 1, test >= 1 else {
            throw TaskDataError.invalidArgument(name: "examples per split", value: "train \(train), test \(test)")
        }
        return (0..<count).map { i in
            var rng = SeededRandom.derived(seed: seed, stream: 1000 + UInt64(i))
            let spec = spec(names[i])
            let examples = (0..<(train + test)).map { _ in spec.draw(&rng) }
            return ClassificationTask(name: names[i], family: "synthetic", instruction: spec.instruction,
                                      labels: spec.labels, train: Array(examples.prefix(train)),
                                      test: Array(examples.suffix(test)))
        }
    }

    private struct Spec {
        let instruction: String
        let labels: [String]
        let draw: (inout SeededRandom) -> Example
    }

    private static let topicChoices: [SyntheticText.Topic] = [.science, .cooking, .sport, .music]

    private static func spec(_ name: String) -> Spec {
        switch name {
        case "topic":
            return Spec(instruction: "What is the topic?", labels: topicChoices.map(\.rawValue)) { rng in
                let topic = rng.pick(topicChoices)
                return Example(text: SyntheticText.sentence(topic: topic, style: .statement, using: &rng), label: topic.rawValue)
            }
        case "sentiment":
            return Spec(instruction: "What is the sentiment?", labels: ["positive", "negative", "neutral"]) { rng in
                let sentiment = rng.pick(SyntheticText.Sentiment.allCases)
                let topic = rng.pick(SyntheticText.Topic.allCases)
                return Example(text: SyntheticText.sentence(topic: topic, sentiment: sentiment, using: &rng),
                               label: sentiment.rawValue)
            }
        case "kind":
            return Spec(instruction: "Question or statement?", labels: ["question", "statement"]) { rng in
                let question = rng.uniform() < 0.5
                let topic = rng.pick(SyntheticText.Topic.allCases)
                var text = SyntheticText.sentence(topic: topic, style: question ? .question : .statement, using: &rng)
                // The mark alone would give it away; the wording must decide.
                if text.last == "?" || text.last == "." { text.removeLast() }
                return Example(text: text, label: question ? "question" : "statement")
            }
        case "count":
            let numbers = ["two", "three", "four", "five"]
            return Spec(instruction: "How many things?", labels: numbers) { rng in
                let k = 2 + rng.int(below: numbers.count)
                var things = SyntheticText.words(of: rng.pick(SyntheticText.Topic.allCases)).things
                rng.shuffle(&things)
                return Example(text: things.prefix(k).joined(separator: ", "), label: numbers[k - 2])
            }
        case "repeat":
            return Spec(instruction: "Does sentence 2 repeat a thing of sentence 1?", labels: ["yes", "no"]) { rng in
                let topic = rng.pick(SyntheticText.Topic.allCases)
                let first = SyntheticText.sentence(topic: topic, style: .statement, using: &rng)
                let words = first.lowercased().split { !$0.isLetter }.map(String.init)
                let things = SyntheticText.words(of: topic).things
                // A prefix match also finds regular plurals ("desk" in "desks").
                let present = things.filter { thing in words.contains { $0.hasPrefix(thing) } }
                let absent = things.filter { !present.contains($0) }
                let repeats = !present.isEmpty && (absent.isEmpty || rng.uniform() < 0.5)
                let thing = repeats ? rng.pick(present) : rng.pick(absent.isEmpty ? things : absent)
                return Example(text: "sentence 1: \(first)\nsentence 2: the \(thing)", label: repeats ? "yes" : "no")
            }
        default:  // "order"
            return Spec(instruction: "Which comes first?", labels: ["positive", "negative"]) { rng in
                let good = rng.pick(SyntheticText.positiveWords), bad = rng.pick(SyntheticText.negativeWords)
                let thing = rng.pick(SyntheticText.words(of: rng.pick(SyntheticText.Topic.allCases)).things)
                var words = [good, bad, thing]
                rng.shuffle(&words)
                let goodFirst = words.firstIndex(of: good)! < words.firstIndex(of: bad)!
                return Example(text: words.joined(separator: " "), label: goodFirst ? "positive" : "negative")
            }
        }
    }
}
