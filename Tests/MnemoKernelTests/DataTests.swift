import Foundation
import Testing
@testable import MnemoKernel

/// A fresh folder under the system temporary directory, removed by the caller.
private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mnemo-data-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func write(_ text: String, named name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

private func words(_ text: String) -> [String] {
    text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
}

// MARK: synthetic text

@Test func syntheticTextIsDeterministicPerSeed() {
    let first = SyntheticText.documents(count: 50, seed: 7)
    #expect(first == SyntheticText.documents(count: 50, seed: 7))
    #expect(first != SyntheticText.documents(count: 50, seed: 8))
    // Document i depends only on (seed, i): a shorter request is a prefix.
    #expect(Array(first.prefix(10)) == SyntheticText.documents(count: 10, seed: 7))
    #expect(SyntheticText.documents(count: 0, seed: 7).isEmpty)
}

@Test func syntheticTextIsVariedAsciiWithoutBlankLines() {
    let documents = SyntheticText.documents(count: 600, seed: 1)
    #expect(Set(documents).count == documents.count)
    #expect(documents.allSatisfy { $0.utf8.allSatisfy { $0 < 128 } })
    #expect(documents.allSatisfy { !$0.contains("\n\n") && !$0.isEmpty })
    let sentenceCounts = documents.map { $0.filter { ".?!".contains($0) }.count }
    #expect(sentenceCounts.min()! >= 3)
    let seen = Set(documents.flatMap(words))
    #expect(seen.count >= 300 && seen.count < 1500)
    // Every produced word form is in the published vocabulary ("s" comes from "Anna's").
    #expect(seen.subtracting(SyntheticText.vocabulary).subtracting(["s"]).isEmpty)
    // All topics and the marks of several styles appear.
    for topic in SyntheticText.Topic.allCases {
        let marker = Set(SyntheticText.words(of: topic).all)
        #expect(documents.contains { !marker.isDisjoint(with: words($0)) }, "topic \(topic) missing")
    }
    #expect(documents.contains { $0.contains("?") })
    #expect(documents.contains { $0.contains("\" said ") || $0.contains("said ") })
    #expect(documents.contains { $0.hasPrefix("Once upon a time") })
    #expect(documents.contains { $0.contains(" things: ") || $0.contains(" needs ") })
    #expect(documents.contains { $0.range(of: "[0-9]{4}", options: .regularExpression) != nil })
}

@Test func syntheticLexiconIsPublicAndTopicWordsAreDisjoint() {
    #expect(SyntheticText.topics.count == SyntheticText.Topic.allCases.count)
    #expect(SyntheticText.topics.contains("cooking"))
    #expect(SyntheticText.positiveWords.count >= 8 && SyntheticText.negativeWords.count >= 8)
    #expect(Set(SyntheticText.positiveWords).isDisjoint(with: SyntheticText.negativeWords))
    let lists = SyntheticText.Topic.allCases.map { Set(SyntheticText.words(of: $0).all) }
    for i in lists.indices {
        #expect(lists[i].count >= 30)
        for j in lists.indices where j > i { #expect(lists[i].isDisjoint(with: lists[j])) }
    }
    #expect((300..<1500).contains(SyntheticText.vocabulary.count))
}

@Test func sentimentSentencesCarryTheirTopicAndSentiment() throws {
    var rng = SeededRandom(seed: 11)
    let positive = Set(SyntheticText.positiveWords), negative = Set(SyntheticText.negativeWords)
    let sentimentVerbs: Set<String> = Set(Lexicon.positiveVerbs + Lexicon.negativeVerbs)
    for topic in SyntheticText.Topic.allCases {
        let own = Set(SyntheticText.words(of: topic).all.flatMap { [$0, Noun.regularPlural($0)] })
        for sentiment in SyntheticText.Sentiment.allCases {
            for _ in 0..<20 {
                let sentence = SyntheticText.sentence(topic: topic, sentiment: sentiment, using: &rng)
                let tokens = Set(words(sentence))
                #expect((sentence.first?.isUppercase == true || sentence.first?.isNumber == true) && ".!".contains(sentence.last!))
                let hasPositive = !tokens.isDisjoint(with: positive) || tokens.contains(where: Lexicon.positiveVerbs.contains)
                let hasNegative = !tokens.isDisjoint(with: negative) || tokens.contains(where: Lexicon.negativeVerbs.contains)
                switch sentiment {
                case .positive: #expect(hasPositive && !hasNegative, "\(sentence)")
                case .negative: #expect(hasNegative && !hasPositive, "\(sentence)")
                case .neutral: #expect(tokens.isDisjoint(with: positive.union(negative).union(sentimentVerbs)), "\(sentence)")
                }
                #expect(!tokens.isDisjoint(with: own), "no \(topic) word in: \(sentence)")
            }
        }
    }
    let named = try SyntheticText.sentence(topicNamed: "Music", sentiment: .positive, using: &rng)
    #expect(!named.isEmpty)
    #expect(throws: DataError.self) { try SyntheticText.sentence(topicNamed: "cars", sentiment: .neutral, using: &rng) }
}

@Test func everyStyleProducesASentence() {
    var rng = SeededRandom(seed: 2)
    for style in SyntheticText.Style.allCases {
        let sentence = SyntheticText.sentence(topic: .travel, style: style, using: &rng)
        #expect(sentence.count > 10)
        if style == .question { #expect(sentence.hasSuffix("?")) }
    }
}

// MARK: loaders

@Test func plainTextSplitsOnBlankLines() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try write("first line\nstill first\n\n  \nsecond\r\n\r\nthird\n\n", named: "corpus.txt", in: folder)
    #expect(try TextCorpus.load(path: path) == ["first line\nstill first", "second", "third"])
    let single = try write("\u{FEFF}one document\nover two lines", named: "one.txt", in: folder)
    #expect(try TextCorpus.load(path: single) == ["one document\nover two lines"])
}

@Test func syntheticDocumentsSurviveATextFileRoundTrip() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let documents = SyntheticText.documents(count: 40, seed: 4)
    let path = try write(documents.joined(separator: "\n\n"), named: "synthetic.txt", in: folder)
    #expect(try TextCorpus.load(path: path) == documents)
}

@Test func jsonLinesAndJsonArraysLoad() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let jsonl = try write("{\"text\": \"alpha\", \"id\": 1}\n\n{\"text\": \"beta\\nline\"}\n", named: "c.jsonl", in: folder)
    #expect(try TextCorpus.load(path: jsonl) == ["alpha", "beta\nline"])
    let strings = try write("[\"one\", \"two\"]", named: "s.json", in: folder)
    #expect(try TextCorpus.load(path: strings) == ["one", "two"])
    let objects = try write("[{\"text\": \"x\"}, {\"text\": \"y\", \"label\": \"z\"}]", named: "o.json", in: folder)
    #expect(try TextCorpus.load(path: objects) == ["x", "y"])
}

@Test func loaderErrorsNameFileLineAndReason() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("nope.txt").path
    #expect(throws: DataError.missingFile(path: missing)) { try TextCorpus.load(path: missing) }

    let badLine = try write("{\"text\": \"ok\"}\n{\"text\": \"ok\"}\n{\"text\": oops}\n", named: "bad.jsonl", in: folder)
    do {
        _ = try TextCorpus.load(path: badLine)
        Issue.record("a bad JSONL line loaded")
    } catch let error as DataError {
        guard case .badJSONLine(let path, let line, _) = error else { Issue.record("wrong error \(error)"); return }
        #expect(path == badLine && line == 3)
        #expect(error.description.contains("bad.jsonl:3") && !error.description.contains("\n"))
    }

    let noText = try write("{\"text\": \"ok\"}\n{\"body\": \"x\"}\n", named: "notext.jsonl", in: folder)
    #expect(throws: DataError.missingText(path: noText, line: 2)) { try TextCorpus.load(path: noText) }
    let numberText = try write("{\"text\": 5}\n", named: "number.jsonl", in: folder)
    #expect(throws: DataError.missingText(path: numberText, line: 1)) { try TextCorpus.load(path: numberText) }

    let badRecord = try write("[\"a\", 3]", named: "rec.json", in: folder)
    #expect(throws: DataError.self) { try TextCorpus.load(path: badRecord) }
    let notArray = try write("{\"text\": \"a\"}", named: "obj.json", in: folder)
    #expect(throws: DataError.self) { try TextCorpus.load(path: notArray) }

    let empty = try write("\n  \n\n", named: "empty.txt", in: folder)
    #expect(throws: DataError.emptyCorpus(path: empty)) { try TextCorpus.load(path: empty) }
    let emptyLines = try write("\n\n", named: "empty.jsonl", in: folder)
    #expect(throws: DataError.emptyCorpus(path: emptyLines)) { try TextCorpus.load(path: emptyLines) }

    let binary = folder.appendingPathComponent("latin1.txt")
    try Data([0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: binary)
    #expect(throws: DataError.notUTF8(path: binary.path)) { try TextCorpus.load(path: binary.path) }

    let csv = try write("a,b\n", named: "table.csv", in: folder)
    #expect(throws: DataError.unsupportedFormat(path: csv, fileExtension: "csv")) { try TextCorpus.load(path: csv) }
    #expect(throws: DataError.self) { try TextCorpus.load(path: folder.path) }
}

// MARK: tokenizer, stream, windows

@Test func byteTokenizerRoundTripsAndReplacesInvalidBytes() {
    let text = "Hello, caf\u{E9} \u{1F600}\nline"
    let tokens = ByteTokenizer.encode(text)
    #expect(tokens.count == text.utf8.count)
    #expect(tokens.allSatisfy { (0..<256).contains($0) })
    #expect(ByteTokenizer.decode(tokens) == text)
    #expect(ByteTokenizer.decode([104, 0xFF, 105]) == "h\u{FFFD}i")
    #expect(ByteTokenizer.decode([104, 300, -1]) == "h\u{FFFD}\u{FFFD}")
    #expect(ByteTokenizer.vocabularySize == 256)
}

@Test func tokenStreamSeparatesDocuments() {
    let stream = TokenStream(documents: ["ab", "c"])
    #expect(stream.tokens == [97, 98, 10, 99, 10])
    #expect(stream.documentStarts == [0, 3])
    #expect(TokenStream(documents: ["ab"], separator: 0).tokens == [97, 98, 0])
}

@Test func sampledWindowsAreShiftedByOneAndDeterministic() throws {
    let stream = TokenStream(documents: SyntheticText.documents(count: 20, seed: 3))
    let windows = try TokenWindows(stream: stream, context: 16)
    let batch = 8
    var inputs = [Int32](repeating: -1, count: batch * 16), targets = inputs
    var rng = SeededRandom(seed: 9)
    try windows.sampleBatch(batchSize: batch, inputs: &inputs, targets: &targets, using: &rng)
    #expect(!inputs.contains(-1) && !targets.contains(-1))
    for row in 0..<batch {
        let rowInputs = Array(inputs[row * 16..<(row + 1) * 16]), rowTargets = Array(targets[row * 16..<(row + 1) * 16])
        #expect(Array(rowInputs.dropFirst()) == Array(rowTargets.dropLast()))
        // The row is a real slice of the stream.
        let found = (0...(stream.count - 17)).contains { Array(stream.tokens[$0..<$0 + 16]) == rowInputs && stream.tokens[$0 + 16] == rowTargets[15] }
        #expect(found)
    }
    var again = [Int32](repeating: 0, count: batch * 16), againTargets = again
    var sameSeed = SeededRandom(seed: 9)
    try windows.sampleBatch(batchSize: batch, inputs: &again, targets: &againTargets, using: &sameSeed)
    #expect(again == inputs && againTargets == targets)
    try windows.sampleBatch(batchSize: batch, inputs: &again, targets: &againTargets, using: &sameSeed)
    #expect(again != inputs)

    var small = [Int32](repeating: 0, count: 10)
    #expect(throws: DataError.bufferTooSmall(name: "inputs", count: 10, needed: 128)) {
        try windows.sampleBatch(batchSize: batch, inputs: &small, targets: &targets, using: &rng)
    }
    #expect(throws: DataError.streamTooShort(tokens: 3, needed: 17)) {
        try TokenWindows(stream: TokenStream(documents: ["ab"]), context: 16)
    }
    #expect(throws: DataError.self) { try TokenWindows(stream: stream, context: 0) }
}

@Test func evaluationWindowsCoverTheStreamInOrder() throws {
    let stream = TokenStream(documents: ["abcdefghij"])  // 11 tokens with the separator
    let all = try stream.evaluationWindows(context: 3)
    #expect(all.count == 3)
    #expect(all.starts == [0, 3, 6])
    #expect(Array(all[1].inputs) == ByteTokenizer.encode("def"))
    #expect(Array(all[1].targets) == ByteTokenizer.encode("efg"))
    #expect(all.targetCount == 9)

    var inputs = [Int32](repeating: 0, count: 6), targets = inputs
    let written = inputs.withUnsafeMutableBufferPointer { i in
        targets.withUnsafeMutableBufferPointer { t in all.fill(batch: 2..<4, inputs: i.baseAddress!, targets: t.baseAddress!) }
    }
    #expect(written == 1)
    #expect(Array(inputs.prefix(3)) == ByteTokenizer.encode("ghi") && Array(targets.prefix(3)) == ByteTokenizer.encode("hij"))

    let big = TokenStream(documents: SyntheticText.documents(count: 30, seed: 5))
    let limited = try big.evaluationWindows(context: 8, maxWindows: 10)
    #expect(limited.count == 10)
    #expect(limited.starts.last! > big.count / 2)  // spread over the stream, not just its start
    #expect(limited.starts == (try big.evaluationWindows(context: 8, maxWindows: 10)).starts)
    #expect(throws: DataError.self) { try stream.evaluationWindows(context: 20) }
    #expect(throws: DataError.self) { try stream.evaluationWindows(context: 2, maxWindows: 0) }
}

@Test func heldOutSplitIsSeededAndDisjoint() throws {
    let documents = (0..<50).map { "doc \($0)" }
    let (train, held) = try TextCorpus.split(documents, heldOut: 0.1, seed: 4)
    #expect(held.count == 5 && train.count == 45)
    #expect(Set(train).isDisjoint(with: held) && Set(train + held) == Set(documents))
    #expect(train == train.sorted { Int($0.dropFirst(4))! < Int($1.dropFirst(4))! })
    let again = try TextCorpus.split(documents, heldOut: 0.1, seed: 4)
    #expect(again.heldOut == held)
    #expect(try TextCorpus.split(documents, heldOut: 0.1, seed: 5).heldOut != held)
    #expect(try TextCorpus.split(["a", "b"], heldOut: 0.01, seed: 1).heldOut.count == 1)
    #expect(throws: DataError.self) { try TextCorpus.split(documents, heldOut: 1.5, seed: 1) }
}
