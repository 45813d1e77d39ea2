/// Builds clauses and sentences about one topic from a seeded random stream.
///
/// Clauses are returned without capital letter or final punctuation so they can be embedded
/// (quoted speech, conjunctions, relative clauses); `finish` turns one into a sentence.
struct Composer {
    var rng: SeededRandom
    let entry: TopicEntry
    let topic: SyntheticText.Topic

    enum Tense { case present, past }

    /// A noun phrase and whether the verb that follows must agree with a plural subject.
    struct Phrase {
        let text: String
        let plural: Bool
    }

    init(topic: SyntheticText.Topic, rng: SeededRandom) {
        self.topic = topic
        self.rng = rng
        // Every topic is in the table; the empty entry only keeps this total.
        self.entry = Lexicon.topics[topic] ?? TopicEntry(agents: "person", things: "thing", places: "place",
                                                         verbs: "see/sees/saw", adjectives: "plain")
    }

    // MARK: small random helpers

    mutating func pick<T>(_ items: [T]) -> T { rng.pick(items) }
    mutating func chance(_ probability: Double) -> Bool { rng.uniform() < probability }
    mutating func number(from low: Int, to high: Int) -> Int { low + rng.int(below: high - low + 1) }

    // MARK: words and phrases

    /// "a" or "an" for the word that follows, by its sound where spelling misleads.
    static func article(before word: String) -> String {
        let lower = word.lowercased()
        if lower.hasPrefix("uni") || lower.hasPrefix("use") || lower.hasPrefix("eu") || lower.hasPrefix("one") { return "a" }
        if lower.hasPrefix("hour") || lower.hasPrefix("honest") { return "an" }
        return "aeiou".contains(lower.first ?? "x") ? "an" : "a"
    }

    /// Upper-cases the first letter, skipping an opening quote.
    static func capitalised(_ text: String) -> String {
        guard let index = text.firstIndex(where: { $0.isLetter }) else { return text }
        return text.replacingCharacters(in: index...index, with: text[index].uppercased())
    }

    /// A count for plural nouns: mostly words, sometimes digits, as real text mixes both.
    mutating func count() -> String {
        chance(0.7) ? pick(Lexicon.numberWords) : String(number(from: 13, to: 99))
    }

    mutating func name() -> String { pick(Lexicon.names) }

    mutating func verb(_ verb: Verb, _ tense: Tense, plural: Bool) -> String {
        switch tense {
        case .past: return verb.past
        case .present: return plural ? verb.base : verb.third
        }
    }

    mutating func be(_ tense: Tense, plural: Bool) -> String {
        switch tense {
        case .past: return plural ? "were" : "was"
        case .present: return plural ? "are" : "is"
        }
    }

    /// A determiner and noun, with an optional topic adjective.
    mutating func nounPhrase(_ nouns: [Noun], pluralChance: Double = 0.25, adjectiveChance: Double = 0.4) -> Phrase {
        let noun = pick(nouns)
        let plural = chance(pluralChance)
        let adjective: String? = chance(adjectiveChance) ? pick(entry.adjectives) : nil
        let head = [adjective, plural ? noun.plural : noun.singular].compactMap { $0 }.joined(separator: " ")
        let determiner: String
        if plural {
            determiner = pick(["the", "the", "some", "many", count()])
        } else {
            switch rng.int(below: 10) {
            case 0..<5: determiner = "the"
            case 5..<8: determiner = Composer.article(before: head)
            case 8: determiner = "\(name())'s"
            default: determiner = pick(["this", "that", "every"])
            }
        }
        return Phrase(text: "\(determiner) \(head)", plural: plural)
    }

    mutating func thing(pluralChance: Double = 0.25, adjectiveChance: Double = 0.4) -> Phrase {
        nounPhrase(entry.things, pluralChance: pluralChance, adjectiveChance: adjectiveChance)
    }

    /// Someone who acts: a person's name or one or more of the topic's agents.
    mutating func subject() -> Phrase {
        if chance(0.45) { return Phrase(text: name(), plural: false) }
        if chance(0.15) { return Phrase(text: "\(name()) and \(name())", plural: true) }
        let plural = chance(0.25)
        let agent = pick(entry.agents)
        let adjective = chance(0.2) ? pick(entry.adjectives) + " " : ""
        return Phrase(text: "the \(adjective)\(plural ? agent.plural : agent.singular)", plural: plural)
    }

    mutating func place() -> String {
        let where_ = pick(entry.places).singular
        return "\(pick(["in", "at", "near", "in", "behind"])) the \(where_)"
    }

    mutating func time(_ tense: Tense) -> String {
        switch tense {
        case .past:
            switch rng.int(below: 6) {
            case 0: return "yesterday"
            case 1: return "last \(pick(["week", "year", "night", "summer", "winter"]))"
            case 2: return "on \(pick(Lexicon.weekdays))"
            case 3: return "\(pick(Lexicon.numberWords)) days ago"
            case 4: return "in \(year())"
            default: return "in the \(pick(["morning", "evening", "afternoon"]))"
            }
        case .present:
            return pick(["every morning", "every day", "on \(pick(Lexicon.weekdays))s", "every week",
                         "in the evening", "today", "again"])
        }
    }

    mutating func year() -> String {
        topic == .history ? String(number(from: 1066, to: 1899)) : String(number(from: 1950, to: 2024))
    }

    mutating func date() -> String {
        "\(pick(Lexicon.months)) \(number(from: 1, to: 28)), \(year())"
    }

    mutating func tense() -> Tense { chance(0.6) ? .past : .present }

    // MARK: clauses

    /// Subject, verb, object, and sometimes a place and a time.
    mutating func action(_ tense: Tense, timed: Bool = true) -> String {
        let who = subject()
        var words = [who.text, verb(pick(entry.verbs), tense, plural: who.plural), thing().text]
        if chance(0.4) { words.append(place()) }
        if timed && chance(0.35) { words.append(time(tense)) }
        return words.joined(separator: " ")
    }

    /// "the soup was salty": a thing and one of the topic's own adjectives.
    mutating func description(_ tense: Tense) -> String {
        let what = thing(adjectiveChance: 0)
        let adverb = chance(0.3) ? pick(Lexicon.intensifiers) + " " : ""
        return "\(what.text) \(be(tense, plural: what.plural)) \(adverb)\(pick(entry.adjectives))"
    }

    mutating func statement() -> String {
        let tense = tense()
        switch rng.int(below: 11) {
        case 0, 1:
            return action(tense)
        case 2:
            return "\(action(tense)), \(pick(["and", "but", "so"])) \(action(tense))"
        case 3:
            let object = thing(adjectiveChance: 0)
            let who = subject()
            return "\(object.text) that \(who.text) \(verb(pick(entry.verbs), .past, plural: who.plural)) "
                + "\(be(.past, plural: object.plural)) \(pick(entry.adjectives))"
        case 4:
            let who = nounPhrase(entry.agents, pluralChance: 0.2, adjectiveChance: 0.2)
            return "\(who.text) who \(verb(pick(entry.verbs), tense, plural: who.plural)) \(thing().text) "
                + "also \(verb(pick(entry.verbs), tense, plural: who.plural)) \(thing().text)"
        case 5:
            let tense = self.tense()
            let many = pick(entry.things).plural
            return "there \(be(tense, plural: true)) \(count()) \(many) \(place())"
        case 6:
            return "on \(date()), \(action(.past, timed: false))"
        case 7:
            return "because \(description(.past)), \(action(.past))"
        case 8:
            return "\(action(.past)), although \(description(.past))"
        case 9:
            return "when \(action(tense)), \(description(tense))"
        default:
            return description(tense)
        }
    }

    mutating func question() -> String {
        let who = subject()
        let verbChoice = pick(entry.verbs)
        switch rng.int(below: 7) {
        case 0: return "did \(who.text) \(verbChoice.base) \(thing().text)"
        case 1: return "why \(who.plural ? "do" : "does") \(who.text) \(verbChoice.base) \(thing().text) \(time(.present))"
        case 2: return "how many \(pick(entry.things).plural) did \(who.text) \(verbChoice.base)"
        case 3:
            let what = thing(pluralChance: 0.2, adjectiveChance: 0)
            return "\(be(.present, plural: what.plural)) \(what.text) \(pick(entry.adjectives))"
        case 4: return "where did \(who.text) \(verbChoice.base) \(thing().text)"
        case 5: return "who \(verbChoice.past) \(thing().text) \(place())"
        default: return "what \(who.plural ? "do" : "does") \(who.text) \(verbChoice.base) \(time(.present))"
        }
    }

    mutating func instruction() -> String {
        let first = pick(entry.verbs).base, second = pick(entry.verbs).base
        switch rng.int(below: 5) {
        case 0: return "\(first) \(thing().text), then \(second) \(thing().text)"
        case 1: return "please \(first) \(thing().text) before you \(second) \(thing().text)"
        case 2: return "do not \(first) \(thing().text) \(place())"
        case 3: return "always \(first) \(thing().text) \(pick(["carefully", "slowly", "quickly", "together"]))"
        default: return "if \(description(.present)), \(first) \(thing().text)"
        }
    }

    /// A line of speech in quotes with its speaker.
    mutating func dialogue() -> String {
        let speaker = name()
        switch rng.int(below: 4) {
        case 0: return "\"\(Composer.capitalised(statement())),\" said \(speaker)"
        case 1: return "\"\(Composer.capitalised(question()))?\" asked \(speaker)"
        case 2: return "\(speaker) replied, \"\(Composer.capitalised(action(.past))).\""
        default: return "\"Let us \(pick(entry.verbs).base) \(thing().text) \(time(.present)),\" said \(speaker)"
        }
    }

    mutating func list() -> String {
        var items: [String] = []
        var nouns = entry.things
        rng.shuffle(&nouns)
        for noun in nouns.prefix(number(from: 3, to: 5)) {
            if chance(0.5) {
                items.append("\(count()) \(noun.plural)")
            } else {
                let head = chance(0.4) ? "\(pick(entry.adjectives)) \(noun.singular)" : noun.singular
                items.append("\(Composer.article(before: head)) \(head)")
            }
        }
        let joined = items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
        switch rng.int(below: 3) {
        case 0: return "\(name()) needs \(joined)"
        case 1: return "\(place()) there were \(joined)"
        default: return "the \(pick(entry.agents).singular) brought \(Lexicon.numberWords[items.count - 2]) things: \(joined)"
        }
    }

    mutating func story() -> String {
        switch rng.int(below: 5) {
        case 0:
            let agent = pick(entry.agents).singular
            let head = "\(pick(entry.adjectives)) \(agent)"
            return "once upon a time, there was \(Composer.article(before: head)) \(head) who "
                + "\(pick(entry.verbs).past) \(pick(entry.things).plural)"
        case 1: return "one day, \(action(.past, timed: false))"
        case 2: return "later that \(pick(["evening", "night", "week"])), \(action(.past, timed: false)) and went home"
        case 3: return "the next morning, \(name()) \(pick(entry.verbs).past) \(thing().text) \(place())"
        default: return "in the end, everyone \(pick(entry.verbs).past) \(thing().text) together"
        }
    }

    /// A clause that carries `sentiment` through a sentiment adjective or verb (none when neutral).
    mutating func opinion(_ sentiment: SyntheticText.Sentiment) -> (clause: String, exclaim: Bool) {
        let adjectives: [String], verbs: [String]
        switch sentiment {
        case .neutral: return (chance(0.5) ? action(tense()) : description(tense()), false)
        case .positive: (adjectives, verbs) = (Lexicon.positiveAdjectives, Lexicon.positiveVerbs)
        case .negative: (adjectives, verbs) = (Lexicon.negativeAdjectives, Lexicon.negativeVerbs)
        }
        let feeling = (chance(0.4) ? pick(Lexicon.intensifiers) + " " : "") + pick(adjectives)
        let what = thing(pluralChance: 0, adjectiveChance: 0.3)
        switch rng.int(below: 7) {
        case 0: return ("\(name()) thinks \(what.text) is \(feeling)", false)
        case 1: return ("\(what.text) \(place()) was \(feeling)", false)
        case 2:
            let who = subject()
            return ("\(who.text) \(pick(verbs)) \(what.text) because it was \(feeling)", false)
        case 3:
            let head = "\(pick(adjectives)) \(pick(entry.things).singular)"
            return ("what \(Composer.article(before: head)) \(head) that was", true)
        case 4: return ("the \(pick(entry.agents).singular) said that \(what.text) was \(feeling)", false)
        case 5: return ("everyone agreed that \(what.text) \(place()) was \(feeling)", false)
        default:
            let who = subject()
            return ("\(who.text) \(pick(verbs)) \(what.text) \(time(.past))", false)
        }
    }

    /// Turns a clause into a sentence: capital letter and final mark.
    static func finish(_ clause: String, mark: String = ".") -> String {
        let text = capitalised(clause)
        return text.hasSuffix("\"") ? text : text + mark
    }
}
