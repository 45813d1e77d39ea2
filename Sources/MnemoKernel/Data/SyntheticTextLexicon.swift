/// The words of the synthetic language, kept apart from the grammar so that classification
/// tasks can name topics and sentiment words without generating anything.
///
/// Each topic has its own people (agents), countable things, places, transitive verbs and
/// descriptive adjectives; no content word is shared between two topics, so a sentence's topic
/// can be recognised from its words. Sentiment adjectives and verbs are shared by all topics.
extension SyntheticText {
    /// A topic of the synthetic language.
    public enum Topic: String, CaseIterable, Sendable {
        case science, cooking, travel, history, sport, weather, music, technology, nature, school
    }

    /// The sentiment a generated sentence expresses.
    public enum Sentiment: String, CaseIterable, Sendable {
        case positive, negative, neutral
    }

    /// The content words of one topic, in their base forms (singular nouns, bare verbs).
    public struct TopicWords: Sendable, Equatable {
        /// People who act in this topic ("chef", "pilot").
        public let agents: [String]
        /// Countable things acted upon ("onion", "ticket").
        public let things: [String]
        /// Places where the topic happens ("kitchen", "harbor").
        public let places: [String]
        /// Transitive verbs in the bare form ("chop", "visit").
        public let verbs: [String]
        /// Neutral descriptive adjectives ("salty", "distant").
        public let adjectives: [String]

        /// Every word of the topic once, in the order agents, things, places, verbs, adjectives.
        public var all: [String] { agents + things + places + verbs + adjectives }
    }

    /// The names of all topics, in a fixed order.
    public static var topics: [String] { Topic.allCases.map(\.rawValue) }

    /// The content words of `topic`.
    public static func words(of topic: Topic) -> TopicWords {
        Lexicon.topics[topic]?.words ?? TopicWords(agents: [], things: [], places: [], verbs: [], adjectives: [])
    }

    /// Adjectives that make a sentence positive.
    public static var positiveWords: [String] { Lexicon.positiveAdjectives }

    /// Adjectives that make a sentence negative.
    public static var negativeWords: [String] { Lexicon.negativeAdjectives }

    /// Every distinct lower-case word the grammar can produce, sorted.
    public static var vocabulary: [String] {
        var words = Set<String>()
        for entry in Lexicon.topics.values {
            // Places are only ever named in the singular ("in the kitchen").
            for noun in entry.agents + entry.things { words.insert(noun.singular); words.insert(noun.plural) }
            words.formUnion(entry.places.map(\.singular))
            for verb in entry.verbs { words.insert(verb.base); words.insert(verb.third); words.insert(verb.past) }
            words.formUnion(entry.words.adjectives)
        }
        for list in [Lexicon.positiveAdjectives, Lexicon.negativeAdjectives, Lexicon.positiveVerbs,
                     Lexicon.negativeVerbs, Lexicon.intensifiers, Lexicon.numberWords, Lexicon.functionWords] {
            words.formUnion(list)
        }
        words.formUnion(Lexicon.weekdays.map { $0.lowercased() + "s" })
        for list in [Lexicon.names, Lexicon.months, Lexicon.weekdays] {
            words.formUnion(list.map { $0.lowercased() })
        }
        return words.sorted()
    }
}

/// A noun with its plural, derived by the regular English rules unless given as "child/children".
struct Noun: Sendable {
    let singular: String
    let plural: String

    init(_ spec: String) {
        let parts = spec.split(separator: "/").map(String.init)
        singular = parts[0]
        plural = parts.count > 1 ? parts[1] : Noun.regularPlural(parts[0])
    }

    static func regularPlural(_ word: String) -> String {
        if ["s", "x", "z", "ch", "sh"].contains(where: word.hasSuffix) { return word + "es" }
        if word.hasSuffix("y"), let before = word.dropLast().last, !"aeiou".contains(before) {
            return word.dropLast() + "ies"
        }
        return word + "s"
    }
}

/// A verb with its third-person singular and past forms; irregular ones are written "go/goes/went".
struct Verb: Sendable {
    let base: String
    let third: String
    let past: String

    init(_ spec: String) {
        let parts = spec.split(separator: "/").map(String.init)
        base = parts[0]
        third = parts.count > 1 ? parts[1] : Noun.regularPlural(parts[0])
        past = parts.count > 2 ? parts[2] : Verb.regularPast(parts[0])
    }

    static func regularPast(_ word: String) -> String {
        if word.hasSuffix("e") { return word + "d" }
        if word.hasSuffix("y"), let before = word.dropLast().last, !"aeiou".contains(before) {
            return word.dropLast() + "ied"
        }
        return word + "ed"
    }
}

/// One topic's words with their inflections.
struct TopicEntry: Sendable {
    let agents: [Noun]
    let things: [Noun]
    let places: [Noun]
    let verbs: [Verb]
    let adjectives: [String]

    var nouns: [Noun] { agents + things + places }

    var words: SyntheticText.TopicWords {
        SyntheticText.TopicWords(agents: agents.map(\.singular), things: things.map(\.singular),
                                 places: places.map(\.singular), verbs: verbs.map(\.base),
                                 adjectives: adjectives)
    }

    init(agents: String, things: String, places: String, verbs: String, adjectives: String) {
        func list(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }
        self.agents = list(agents).map(Noun.init)
        self.things = list(things).map(Noun.init)
        self.places = list(places).map(Noun.init)
        self.verbs = list(verbs).map(Verb.init)
        self.adjectives = list(adjectives)
    }
}

/// The fixed lexicon. Word lists are written as space-separated strings to stay readable.
enum Lexicon {
    static let topics: [SyntheticText.Topic: TopicEntry] = [
        .science: TopicEntry(
            agents: "scientist researcher professor chemist",
            things: "experiment atom cell molecule planet microscope theory sample crystal magnet telescope formula comet fossil",
            places: "laboratory observatory",
            verbs: "measure observe study heat/heats/heated discover explain analyze examine weigh/weighs/weighed dissolve",
            adjectives: "tiny precise strange chemical invisible magnetic"),
        .cooking: TopicEntry(
            agents: "chef cook baker",
            things: "soup onion pan oven recipe cake bowl spoon tomato/tomatoes knife/knives pie sauce lemon carrot loaf/loaves",
            places: "kitchen bakery restaurant",
            verbs: "chop/chops/chopped stir/stirs/stirred bake taste boil slice mix season roast serve",
            adjectives: "hot sweet salty fresh crispy spicy"),
        .travel: TopicEntry(
            agents: "traveler tourist guide",
            things: "ticket suitcase map train passport bridge road island hotel village boat coast postcard backpack",
            places: "station airport harbor",
            verbs: "pack visit cross explore reserve reach tour board photograph rent",
            adjectives: "distant crowded narrow foreign scenic remote"),
        .history: TopicEntry(
            agents: "king queen historian soldier knight",
            things: "castle empire battle treaty sword coin letter monument document kingdom ruin statue scroll crown",
            places: "museum archive palace",
            verbs: "build/builds/built defend sign conquer rule remember write/writes/wrote destroy celebrate restore",
            adjectives: "ancient royal medieval famous forgotten noble"),
        .sport: TopicEntry(
            agents: "player coach runner referee athlete",
            things: "ball goal match race medal trophy helmet bicycle racket net whistle shirt glove",
            places: "stadium gym field",
            verbs: "kick throw/throws/threw win/wins/won lose/loses/lost catch/catches/caught chase pass practice defeat",
            adjectives: "fast strong fit quick tired athletic"),
        .weather: TopicEntry(
            agents: "forecaster sailor shepherd",
            things: "cloud storm wind rainbow raindrop snowflake breeze forecast umbrella sky/skies hurricane puddle thermometer",
            places: "valley hill lighthouse",
            verbs: "predict watch expect feel/feels/felt track notice fear report avoid",
            adjectives: "cloudy windy rainy cold warm foggy"),
        .music: TopicEntry(
            agents: "singer pianist drummer composer violinist",
            things: "song guitar piano drum melody concert violin album chord rhythm choir note microphone",
            places: "theater studio",
            verbs: "play sing/sings/sang compose hum/hums/hummed tune perform rehearse hear/hears/heard",
            adjectives: "loud soft catchy slow musical gentle"),
        .technology: TopicEntry(
            agents: "engineer programmer designer",
            things: "computer robot screen keyboard program battery phone server network chip website camera cable",
            places: "office factory workshop",
            verbs: "install repair design charge update connect download debug/debugs/debugged upgrade",
            adjectives: "digital wireless smart modern electric automatic"),
        .nature: TopicEntry(
            agents: "gardener hiker ranger",
            things: "tree flower river leaf/leaves bird seed fox rabbit mushroom lake meadow insect nest pond",
            places: "park garden forest",
            verbs: "plant water grow/grows/grew pick feed/feeds/fed climb protect gather spot/spots/spotted",
            adjectives: "green wild tall peaceful colorful shady"),
        .school: TopicEntry(
            agents: "teacher pupil headmaster tutor",
            things: "lesson book pencil notebook exam worksheet desk chalkboard essay question lunchbox ruler",
            places: "classroom library playground",
            verbs: "read/reads/read teach/teaches/taught learn copy grade finish answer borrow",
            adjectives: "difficult easy clever curious strict short"),
    ]

    static let positiveAdjectives = "wonderful excellent delightful beautiful pleasant brilliant lovely great perfect charming amazing superb"
        .split(separator: " ").map(String.init)
    static let negativeAdjectives = "terrible awful boring dreadful disappointing ugly poor horrible unpleasant dull messy useless"
        .split(separator: " ").map(String.init)
    static let positiveVerbs = "loved enjoyed admired praised".split(separator: " ").map(String.init)
    static let negativeVerbs = "hated disliked regretted criticized".split(separator: " ").map(String.init)
    static let intensifiers = "very quite really rather truly".split(separator: " ").map(String.init)

    static let names = "Anna Ben Clara David Emma Felix Grace Hugo Iris Jack Lena Max Nora Oscar Paula Sam Tom Vera Will Zoe"
        .split(separator: " ").map(String.init)
    static let months = "January February March April May June July August September October November December"
        .split(separator: " ").map(String.init)
    static let weekdays = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(separator: " ").map(String.init)
    /// Number words from two upwards; index 0 is "two".
    static let numberWords = "two three four five six seven eight nine ten eleven twelve".split(separator: " ").map(String.init)

    /// Shared grammatical words, listed so the vocabulary count is honest.
    static let functionWords = """
        a an the and but because so although when before then if that who what where why how is are was \
        were do does did not one in on at near there it you this every some many also later next first \
        finally once upon time day morning evening night week year said asked replied thinks please always \
        let us went home everyone needs brought things end again today yesterday last ago carefully quickly \
        slowly together very afternoon agreed behind days summer winter
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
}
