/// English-like general text from a seeded grammar, so every demo and test has a corpus
/// without files.
///
/// Ten topics (science, cooking, travel, history, sport, weather, music, technology, nature,
/// school), six styles (statement, question, instruction, dialogue, list, story), about 900
/// distinct word forms (`vocabulary`), relative clauses, conjunctions, numbers and dates. Output is ASCII
/// and never contains a blank line, so documents can be written to a `.txt` corpus separated by
/// blank lines and read back unchanged.
///
/// ```swift
/// let docs = SyntheticText.documents(count: 1000, seed: 7)
/// var rng = SeededRandom(seed: 1)
/// let s = SyntheticText.sentence(topic: .music, sentiment: .negative, using: &rng)
/// ```
public enum SyntheticText {
    /// The way a sentence is put.
    public enum Style: String, CaseIterable, Sendable {
        case statement, question, instruction, dialogue, list, story
    }

    /// `count` documents, identical for the same seed on every platform. Document `i` depends
    /// only on the seed and `i`, so a smaller count gives a prefix of a larger one.
    public static func documents(count: Int, seed: UInt64) -> [String] {
        guard count > 0 else { return [] }
        return (0..<count).map { index in
            var rng = SeededRandom.derived(seed: seed, stream: UInt64(index))
            return document(using: &rng)
        }
    }

    /// One document of 3 to 8 sentences about a random topic in a mostly uniform style.
    public static func document(using rng: inout SeededRandom) -> String {
        let topic = rng.pick(Topic.allCases)
        return document(topic: topic, using: &rng)
    }

    /// One document of 3 to 8 sentences about `topic`.
    public static func document(topic: Topic, using rng: inout SeededRandom) -> String {
        var composer = Composer(topic: topic, rng: rng)
        defer { rng = composer.rng }
        let main = weightedStyle(&composer)
        let length = composer.number(from: 3, to: 8)
        var sentences: [String] = []
        for position in 0..<length {
            if composer.chance(0.12) {
                let sentiment = composer.pick(Sentiment.allCases)
                let (clause, exclaim) = composer.opinion(sentiment)
                sentences.append(Composer.finish(clause, mark: exclaim ? "!" : "."))
                continue
            }
            let style = composer.chance(0.65) ? main : composer.pick(Style.allCases)
            var text = sentence(style: style, composer: &composer)
            if main == .instruction && style == .instruction {
                let marker = position == 0 ? "first, " : (position == length - 1 ? "finally, " : composer.pick(["then ", "next, "]))
                text = marker + text
            }
            if main == .story && position == 0 && style == .story && !text.hasPrefix("once") {
                text = "once upon a time, " + composer.action(.past, timed: false)
            }
            sentences.append(Composer.finish(text, mark: style == .question ? "?" : "."))
        }
        // Dialogue reads as lines of a script; everything else as a paragraph.
        return sentences.joined(separator: main == .dialogue ? "\n" : " ")
    }

    /// One sentence about `topic` in `style`.
    public static func sentence(topic: Topic, style: Style, using rng: inout SeededRandom) -> String {
        var composer = Composer(topic: topic, rng: rng)
        defer { rng = composer.rng }
        return Composer.finish(sentence(style: style, composer: &composer), mark: style == .question ? "?" : ".")
    }

    /// One sentence about `topic` that expresses `sentiment` through one of `positiveWords`,
    /// `negativeWords` or a sentiment verb; a neutral sentence contains none of them.
    public static func sentence(topic: Topic, sentiment: Sentiment, using rng: inout SeededRandom) -> String {
        var composer = Composer(topic: topic, rng: rng)
        defer { rng = composer.rng }
        let (clause, exclaim) = composer.opinion(sentiment)
        return Composer.finish(clause, mark: exclaim ? "!" : ".")
    }

    /// As `sentence(topic:sentiment:using:)` with the topic named by a string (from a user).
    public static func sentence(topicNamed name: String, sentiment: Sentiment,
                                using rng: inout SeededRandom) throws -> String {
        guard let topic = Topic(rawValue: name.lowercased()) else {
            throw DataError.unknownTopic(name: name, known: topics)
        }
        return sentence(topic: topic, sentiment: sentiment, using: &rng)
    }

    private static func sentence(style: Style, composer: inout Composer) -> String {
        switch style {
        case .statement: return composer.statement()
        case .question: return composer.question()
        case .instruction: return composer.instruction()
        case .dialogue: return composer.dialogue()
        case .list: return composer.list()
        case .story: return composer.story()
        }
    }

    /// Statements dominate, as in real general text.
    private static func weightedStyle(_ composer: inout Composer) -> Style {
        let roll = composer.rng.uniform()
        switch roll {
        case ..<0.4: return .statement
        case ..<0.6: return .story
        case ..<0.72: return .dialogue
        case ..<0.82: return .question
        case ..<0.92: return .instruction
        default: return .list
        }
    }
}
