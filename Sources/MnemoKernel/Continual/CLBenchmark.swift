import Foundation

/// Loads real classification tasks: O-LoRA's CL_Benchmark layout and JSONL files.
///
/// CL_Benchmark: `<root>/<Family>/<task>/{train,test,labels}.json`, JSON arrays of
/// `{"sentence", "label"}` and a JSON array of label strings. `root` may be the `CL_Benchmark`
/// folder itself or a folder that contains it. A task is found by name (case-insensitive)
/// under any family. Records whose label is not in `labels.json` (MNLI's "-") are skipped and
/// counted in the task's note. When a split is absent, the other is shuffled and cut: `test`
/// examples (at most half of it) are held out of it.
public enum CLBenchmark {
    /// Tasks `names`, in that order, with at most `train` and `test` examples each (a seeded
    /// random subset; the file's order otherwise). With one split absent, the present one is
    /// shuffled and its first `test` examples (at most half of it) become the test split.
    /// `instructions` overrides the family instruction, keyed by task name or family name.
    public static func load(root: String, names: [String], train: Int, test: Int, seed: UInt64,
                            instructions: [String: String] = [:]) throws -> [ClassificationTask] {
        guard train >= 1, test >= 1 else {
            throw TaskDataError.invalidArgument(name: "examples per split", value: "train \(train), test \(test)")
        }
        return try names.enumerated().map { index, name in
            let (family, folder) = try locate(name, root: root)
            var streams = SeededRandom.derived(seed: seed, stream: UInt64(index))
            var task = try loadTask(folder: folder, name: (folder as NSString).lastPathComponent, family: family,
                                    train: train, test: test, seed: streams.next())
            if let custom = instructions[task.name] ?? instructions[name] ?? instructions[family] { task.instruction = custom }
            return task
        }
    }

    /// The family and folder of task `name` under `root`.
    static func locate(_ name: String, root: String) throws -> (family: String, folder: String) {
        let fm = FileManager.default
        for base in [root, (root as NSString).appendingPathComponent("CL_Benchmark")] {
            guard let families = try? fm.contentsOfDirectory(atPath: base) else { continue }
            for family in families.sorted() {
                let familyPath = (base as NSString).appendingPathComponent(family)
                guard let tasks = try? fm.contentsOfDirectory(atPath: familyPath) else { continue }
                if let task = tasks.sorted().first(where: { $0.lowercased() == name.lowercased() }) {
                    let folder = (familyPath as NSString).appendingPathComponent(task)
                    if fm.fileExists(atPath: (folder as NSString).appendingPathComponent("labels.json")) {
                        return (family, folder)
                    }
                }
            }
        }
        throw TaskDataError.taskNotFound(name: name, root: root)
    }

    static func loadTask(folder: String, name: String, family: String, train: Int, test: Int, seed: UInt64) throws -> ClassificationTask {
        let labelsPath = (folder as NSString).appendingPathComponent("labels.json")
        let labels = try readLabels(labelsPath)
        var notes: [String] = []
        func split(_ file: String) throws -> [Example]? {
            let path = (folder as NSString).appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            let (examples, skipped) = try readRecords(path, labels: labels)
            if skipped > 0 { notes.append("\(file): skipped \(skipped) records whose label is not in labels.json") }
            return examples
        }
        var rng = SeededRandom(seed: seed)
        let trainAll = try split("train.json"), testAll = try split("test.json")
        var trainSet: [Example], testSet: [Example]
        switch (trainAll, testAll) {
        case let (tr?, te?):
            trainSet = sample(tr, train, &rng); testSet = sample(te, test, &rng)
        case let (only?, nil), let (nil, only?):
            var shuffled = only
            rng.shuffle(&shuffled)
            let held = min(test, only.count / 2)
            testSet = Array(shuffled.prefix(held))
            trainSet = Array(shuffled.dropFirst(held).prefix(train))
            let present = trainAll == nil ? "test.json" : "train.json"
            notes.append("\(trainAll == nil ? "train.json" : "test.json") absent: \(held) of \(only.count) shuffled \(present) examples held out as test, the rest used as train")
        case (nil, nil):
            throw TaskDataError.missingFile(path: (folder as NSString).appendingPathComponent("train.json"))
        }
        if trainSet.isEmpty { throw TaskDataError.emptySplit(task: name, split: "train") }
        if testSet.isEmpty { throw TaskDataError.emptySplit(task: name, split: "test") }
        return ClassificationTask(name: name, family: family, instruction: TaskPrompt.instruction(family: family),
                                  labels: labels, train: trainSet, test: testSet, note: notes.joined(separator: "; "))
    }

    /// A seeded random subset of `n` in a seeded order (all when fewer).
    static func sample(_ items: [Example], _ n: Int, _ rng: inout SeededRandom) -> [Example] {
        var copy = items
        rng.shuffle(&copy)
        return Array(copy.prefix(n))
    }

    static func readJSON(_ path: String) throws -> Any {
        guard FileManager.default.fileExists(atPath: path) else { throw TaskDataError.missingFile(path: path) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TaskDataError.badFile(path: path, reason: "cannot read")
        }
        do { return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw TaskDataError.badFile(path: path, reason: "not valid JSON")
        }
    }

    static func readLabels(_ path: String) throws -> [String] {
        guard let array = try readJSON(path) as? [Any] else {
            throw TaskDataError.badFile(path: path, reason: "expected a JSON array of label strings")
        }
        let labels = try array.enumerated().map { index, element -> String in
            guard let s = element as? String, !s.isEmpty else {
                throw TaskDataError.badRecord(path: path, record: index + 1, reason: "a label must be a non-empty string")
            }
            return s
        }
        guard !labels.isEmpty else { throw TaskDataError.badFile(path: path, reason: "no labels") }
        return labels
    }

    /// The examples of a split file and how many were skipped for an unknown label.
    static func readRecords(_ path: String, labels: [String]) throws -> (examples: [Example], skipped: Int) {
        guard let array = try readJSON(path) as? [Any] else {
            throw TaskDataError.badFile(path: path, reason: "expected a JSON array of {\"sentence\", \"label\"} objects")
        }
        let known = Set(labels)
        var examples: [Example] = [], skipped = 0
        for (index, element) in array.enumerated() {
            guard let fields = element as? [String: Any] else {
                throw TaskDataError.badRecord(path: path, record: index + 1, reason: "not an object")
            }
            guard let sentence = fields["sentence"] as? String else {
                throw TaskDataError.badRecord(path: path, record: index + 1, reason: "no string field \"sentence\"")
            }
            guard let label = fields["label"] as? String else {
                throw TaskDataError.badRecord(path: path, record: index + 1, reason: "no string field \"label\"")
            }
            if known.contains(label) { examples.append(Example(text: sentence, label: label)) } else { skipped += 1 }
        }
        return (examples, skipped)
    }

    /// A task from a JSONL file of `{"text", "label"}` objects (one per line, blank lines
    /// skipped). `labels` defaults to the labels found, in order of first appearance; records
    /// with other labels are skipped. The file is shuffled with `seed`; the first `test`
    /// examples (at most half) are the test split, the next `train` the training split.
    public static func loadJSONL(path: String, name: String, family: String = "", instruction: String? = nil,
                                 labels: [String]? = nil, train: Int, test: Int, seed: UInt64) throws -> ClassificationTask {
        guard FileManager.default.fileExists(atPath: path) else { throw TaskDataError.missingFile(path: path) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw TaskDataError.badFile(path: path, reason: "not readable UTF-8 text")
        }
        var records: [Example] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0.isWhitespace }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)),
                  let fields = object as? [String: Any] else {
                throw TaskDataError.badRecord(path: path, record: index + 1, reason: "line is not a JSON object")
            }
            guard let sentence = fields["text"] as? String else {
                throw TaskDataError.badRecord(path: path, record: index + 1, reason: "no string field \"text\"")
            }
            guard let label = fields["label"] as? String else {
                throw TaskDataError.badRecord(path: path, record: index + 1, reason: "no string field \"label\"")
            }
            records.append(Example(text: sentence, label: label))
        }
        var found: [String] = []
        for r in records where !found.contains(r.label) { found.append(r.label) }
        let chosen = labels ?? found
        let known = Set(chosen)
        let kept = records.filter { known.contains($0.label) }
        var rng = SeededRandom(seed: seed)
        var shuffled = kept
        rng.shuffle(&shuffled)
        let held = min(test, shuffled.count / 2)
        let testSet = Array(shuffled.prefix(held)), trainSet = Array(shuffled.dropFirst(held).prefix(train))
        if trainSet.isEmpty { throw TaskDataError.emptySplit(task: name, split: "train") }
        if testSet.isEmpty { throw TaskDataError.emptySplit(task: name, split: "test") }
        var note = "\(held) of \(kept.count) shuffled records held out as test"
        if kept.count < records.count { note += "; skipped \(records.count - kept.count) records with other labels" }
        return ClassificationTask(name: name, family: family,
                                  instruction: instruction ?? TaskPrompt.instruction(family: family),
                                  labels: chosen, train: trainSet, test: testSet, note: note)
    }
}
