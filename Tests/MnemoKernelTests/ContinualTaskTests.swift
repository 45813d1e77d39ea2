import Foundation
import Testing
@testable import MnemoKernel

/// Tasks, prompts, loaders and their errors, replay sets and reference states.
@Suite struct ContinualTaskTests {
    static let task = ClassificationTask(name: "t", family: "SC", instruction: "Which?", labels: ["good", "bad"],
                                         train: [], test: [])

    /// The shared CL_Benchmark folder beside the repository (or `MNEMO_DATA`/clbench).
    static var benchmarkRoot: String {
        if let data = ProcessInfo.processInfo.environment["MNEMO_DATA"] { return data + "/clbench" }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/data/clbench").path
    }
    static var benchmarkPresent: Bool { FileManager.default.fileExists(atPath: benchmarkRoot + "/CL_Benchmark") }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mnemo-continual-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func promptIsTheBenchmarkFormat() {
        #expect(TaskPrompt.prompt(Self.task, text: "nice day") == "Which?\nOption: good, bad \nnice day\nAnswer:")
        #expect(TaskPrompt.answer("good") == " good\n")
        #expect(TaskPrompt.instruction(family: "nli").hasPrefix("What is the logical relationship"))
        #expect(TaskPrompt.instruction(family: "unknown") == TaskPrompt.defaultInstruction)
    }

    @Test func longTextsAreCutSoOptionsAndAnswerCueSurvive() {
        let text = String(repeating: "abcdefghij", count: 20)
        let context = 60
        let tokens = TaskPrompt.promptTokens(Self.task, text: text, context: context)
        let prompt = ByteTokenizer.decode(tokens)
        #expect(prompt.hasPrefix("Which?\nOption: good, bad \nabcdefghij"))
        #expect(prompt.hasSuffix("abcd\nAnswer:") || prompt.hasSuffix("\nAnswer:"))
        #expect(tokens.count + TaskPrompt.answer("good").utf8.count == context + 1)
        let (sequence, start) = TaskPrompt.trainingSequence(Self.task, example: Example(text: text, label: "bad"), context: context)
        #expect(ByteTokenizer.decode(Array(sequence[start...])) == " bad\n")
        // A context too small even for the header keeps its end: options and the answer cue.
        let tiny = ByteTokenizer.decode(TaskPrompt.promptTokens(Self.task, text: text, context: 20))
        #expect(tiny.hasSuffix("bad \n\nAnswer:") && tiny.utf8.count == 21 - 6)
        // Short texts are untouched.
        #expect(ByteTokenizer.decode(TaskPrompt.promptTokens(Self.task, text: "ok", context: 200)) == TaskPrompt.prompt(Self.task, text: "ok"))
    }

    @Test func syntheticTasksAreDistinctLabelledAndDeterministic() throws {
        let tasks = try SyntheticTasks.make(count: 6, train: 30, test: 10, seed: 1)
        #expect(tasks.map(\.name) == SyntheticTasks.names)
        for t in tasks {
            #expect(t.train.count == 30 && t.test.count == 10)
            #expect(t.train.allSatisfy { t.labels.contains($0.label) })
            #expect(Set(t.train.map(\.label)).count >= 2, "task \(t.name) uses one label only")
        }
        #expect(try SyntheticTasks.make(count: 6, train: 30, test: 10, seed: 1) == tasks)
        #expect(try SyntheticTasks.make(count: 2, train: 30, test: 10, seed: 1)[1] == tasks[1])
        #expect(try SyntheticTasks.make(count: 6, train: 30, test: 10, seed: 2) != tasks)
        #expect(throws: TaskDataError.self) { try SyntheticTasks.make(count: 7, train: 1, test: 1, seed: 1) }
        // The count task's answer really is the number of listed things.
        let count = tasks[SyntheticTasks.names.firstIndex(of: "count")!]
        let numbers = ["two": 2, "three": 3, "four": 4, "five": 5]
        #expect(count.train.allSatisfy { $0.text.split(separator: ",").count == numbers[$0.label] })
    }

    @Test(.enabled(if: benchmarkPresent, "CL_Benchmark data absent (../shared/data/clbench): skipped"))
    func loadsTheRealBenchmark() throws {
        let tasks = try CLBenchmark.load(root: Self.benchmarkRoot, names: ["cb", "yelp", "MNLI"], train: 40, test: 30, seed: 1)
        #expect(tasks.map(\.name) == ["CB", "yelp", "MNLI"])
        #expect(tasks[0].family == "NLI" && tasks[0].labels == ["entailment", "contradiction", "neutral"])
        #expect(tasks[0].instruction == TaskPrompt.familyInstructions["NLI"])
        #expect(tasks[1].train.count == 40 && tasks[1].test.count == 30)
        #expect(tasks[1].note.contains("test.json absent"))
        #expect(tasks.allSatisfy { t in (t.train + t.test).allSatisfy { t.labels.contains($0.label) } })
        // Same seed, same subsets; the text reaches the prompt.
        #expect(try CLBenchmark.load(root: Self.benchmarkRoot, names: ["cb"], train: 40, test: 30, seed: 1)[0] == tasks[0])
        #expect(TaskPrompt.prompt(tasks[0], text: tasks[0].test[0].text).contains("sentence 1:"))
        let custom = try CLBenchmark.load(root: Self.benchmarkRoot, names: ["cb", "COPA"], train: 5, test: 5, seed: 1,
                                          instructions: ["NLI": "Relation?"])
        #expect(custom[0].instruction == "Relation?" && custom[1].instruction == TaskPrompt.familyInstructions["COPA"])
    }

    @Test func malformedBenchmarkFilesNameTheFileAndRecord() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("SC/tiny")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try #"["good", "bad"]"#.write(to: folder.appendingPathComponent("labels.json"), atomically: true, encoding: .utf8)
        let train = folder.appendingPathComponent("train.json")
        try #"[{"sentence": "a", "label": "good"}, {"sentence": "b"}]"#.write(to: train, atomically: true, encoding: .utf8)
        do {
            _ = try CLBenchmark.load(root: root.path, names: ["tiny"], train: 5, test: 5, seed: 1)
            Issue.record("a record without a label was accepted")
        } catch let error as TaskDataError {
            #expect(error == .badRecord(path: train.path, record: 2, reason: "no string field \"label\""))
            #expect(error.description.contains("train.json: record 2"))
        }
        try #"[{"sentence": "a", "label": "good"}, "#.write(to: train, atomically: true, encoding: .utf8)
        #expect(throws: TaskDataError.badFile(path: train.path, reason: "not valid JSON")) {
            try CLBenchmark.load(root: root.path, names: ["tiny"], train: 5, test: 5, seed: 1)
        }
        #expect(throws: TaskDataError.taskNotFound(name: "nope", root: root.path)) {
            try CLBenchmark.load(root: root.path, names: ["nope"], train: 5, test: 5, seed: 1)
        }
        // Unknown labels are skipped and counted; a missing test split is held out of train.
        try #"[{"sentence": "a", "label": "good"}, {"sentence": "b", "label": "-"}, {"sentence": "c", "label": "bad"}, {"sentence": "d", "label": "bad"}]"#
            .write(to: train, atomically: true, encoding: .utf8)
        let task = try CLBenchmark.load(root: root.path, names: ["tiny"], train: 5, test: 1, seed: 1)[0]
        #expect(task.train.count == 2 && task.test.count == 1)
        #expect(task.note.contains("skipped 1 records") && task.note.contains("held out"))
    }

    @Test func jsonlTasksLoadAndReportBadLines() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("t.jsonl")
        let lines = (0..<10).map { #"{"text": "item \#($0)", "label": "\#($0 % 2 == 0 ? "even" : "odd")"}"# }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let task = try CLBenchmark.loadJSONL(path: file.path, name: "parity", train: 8, test: 2, seed: 1)
        #expect(task.labels == ["even", "odd"] && task.train.count == 8 && task.test.count == 2)
        #expect(task.instruction == TaskPrompt.defaultInstruction)
        try (lines + [#"{"text": 3}"#]).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: TaskDataError.badRecord(path: file.path, record: 11, reason: "no string field \"text\"")) {
            try CLBenchmark.loadJSONL(path: file.path, name: "parity", train: 8, test: 2, seed: 1)
        }
    }

    @Test func replaySetsCutPadAndMask() throws {
        let replay = try ReplaySet(documents: ["abcdefgh", "xyz", "q"], context: 4)
        #expect(replay.count == 2)                     // "q" has no next token to predict
        #expect(replay.lengths == [4, 2])
        #expect(replay.inputs == ByteTokenizer.encode("abcd") + ByteTokenizer.encode("xy") + [0, 0])
        #expect(replay.targets == ByteTokenizer.encode("bcde") + ByteTokenizer.encode("yz") + [-1, -1])
        let sampled = try ReplaySet(documents: (0..<50).map { "document \($0)" }, sample: 10, seed: 2, context: 8)
        #expect(sampled.count == 10)
        #expect(try ReplaySet(documents: (0..<50).map { "document \($0)" }, sample: 10, seed: 2, context: 8) == sampled)
        #expect(sampled.fingerprint != replay.fingerprint)
    }

    @Test func referenceStatesHaveBandSharesRoundTripAndGiveZeroTMOnTheBase() throws {
        let model = GPT(GPTConfig(context: 32, width: 16, heads: 2, layers: 1), seed: 3)
        let replay = try ReplaySet(documents: SyntheticText.documents(count: 12, seed: 4), context: 32)
        let reference = try ReferenceStates.compute(base: model, replay: replay, keepHidden: true, keepHead: true, batch: 5)
        let shares = reference.shares
        #expect(abs(shares.activated + shares.neutral + shares.inhibited - 1) < 1e-9)
        #expect(shares.neutral > 0.4 && shares.activated > 0.05 && shares.inhibited > 0.05)
        let bytes = reference.serialized()
        #expect(try ReferenceStates(serialized: bytes) == reference)
        #expect(throws: ContinualError.self) { try ReferenceStates(serialized: bytes.prefix(bytes.count - 3)) }
        #expect(throws: ContinualError.self) { try ReferenceStates(serialized: Data("not states".utf8)) }
        let light = try ReferenceStates.compute(base: model, replay: replay)
        #expect(light.classes == reference.classes && light.hidden == nil)
        // On the base model itself every state is in its class: TM is (numerically) zero.
        let tape = Tape()
        let samples = [0, 3, 7]
        let ids = IndexTensor(capacity: 3 * 32), targets = IndexTensor(capacity: 3 * 32)
        replay.fill(samples, ids: ids, targets: targets)
        let out = model.forward(ids, batch: 3, tape)
        var classes: [Int8] = [], mask: [Float] = []
        for s in samples {
            classes += reference.classes[(s * 32 * 16)..<((s + 1) * 32 * 16)]
            mask += (0..<32).map { $0 < replay.lengths[s] ? 1 : 0 }
        }
        let tm = ContinualLoss.thresholdMargin(tape, hidden: out.hidden, classes: classes, tauPlus: reference.tauPlus,
                                               tauMinus: reference.tauMinus, mask: mask)
        #expect(tm.scalar < 1e-4)
        // A shifted state violates the band.
        for i in 0..<out.hidden.count { out.hidden.data[i] += 1 }
        #expect(ContinualLoss.thresholdMargin(tape, hidden: out.hidden, classes: classes, tauPlus: reference.tauPlus,
                                              tauMinus: reference.tauMinus, mask: mask).scalar > 0.1)
    }
}
