import Foundation
import MnemoKernel

/// A sequence of classification tasks, in training order.
public final class TasksHandle: MnemoHandle {
    public static let typeName = "tasks"
    public let tasks: [ClassificationTask]
    public let source: String
    public init(_ tasks: [ClassificationTask], source: String) { self.tasks = tasks; self.source = source }

    public var summary: String {
        let names = tasks.map { "\($0.name) (\($0.labels.count))" }.joined(separator: ", ")
        return "tasks \(source) · \(tasks.count): \(names) · \(grouped(tasks.first?.train.count ?? 0)) train / \(grouped(tasks.first?.test.count ?? 0)) test each"
    }
    public var attributeNames: [String] { ["count", "names"] }
    public func attribute(_ name: String) -> Value? {
        switch name {
        case "count": .number(Double(tasks.count))
        case "names": .list(tasks.map { .string($0.name) })
        default: nil
        }
    }
}

/// A fixed set of general texts to replay, and the corpus it came from.
public final class ReplayHandle: MnemoHandle {
    public static let typeName = "replay"
    public let documents: [String]
    public let source: String
    /// The corpus the documents were drawn from (its held-out part measures general ability).
    public let corpus: CorpusHandle?
    /// SHA-256 of the documents as JSONL: names exactly which set a run used.
    public let sha256: String

    public init(documents: [String], source: String, corpus: CorpusHandle?, sha256: String) {
        self.documents = documents; self.source = source; self.corpus = corpus; self.sha256 = sha256
    }

    public var summary: String {
        let bytes = documents.reduce(0) { $0 + $1.utf8.count }
        return "replay \(grouped(documents.count)) docs from \(source) · \(grouped(bytes)) bytes · sha256 \(sha256.prefix(12))"
    }
    public var attributeNames: [String] { ["count", "sha256"] }
    public func attribute(_ name: String) -> Value? {
        switch name {
        case "count": .number(Double(documents.count))
        case "sha256": .string(sha256)
        default: nil
        }
    }
}

/// An anti-forgetting method (ft, replay, kl, l1, l2, tm, ewc, lwf).
public final class MethodHandle: MnemoHandle {
    public static let typeName = "method"
    public let method: ContinualMethod
    public init(_ method: ContinualMethod) { self.method = method }
    public var summary: String { "method \(method.name)" }
}

/// LoRA settings for a continual run.
public final class LoRAHandle: MnemoHandle {
    public static let typeName = "lora"
    public let settings: LoRASettings
    public init(_ settings: LoRASettings) { self.settings = settings }
    public var summary: String {
        "lora rank \(settings.rank) · alpha \(NumberFormatting.format(Double(settings.alpha))) · on \(settings.targets.joined(separator: ", "))"
    }
}

/// A continual-learning run: the accuracy matrix, forgetting metrics and general ability.
public final class ContinualRunHandle: MnemoHandle {
    public static let typeName = "run"
    public let id: Int64?
    public let method: String
    public let taskNames: [String]
    public var status = "running"
    public var accuracy: [[Double]] = []
    public var zeroShot: [Double]?
    /// General loss: index 0 the base model, then after each task.
    public var general: [Double] = []
    public var replayLoss: [Double] = []
    public var seconds: Double = 0
    public var lr: Double = 0
    public var stepLosses: [[Float]] = []
    /// The model after the last task.
    public var model: ModelHandle?
    /// Flat weights of the base model and after each task (with `snapshots: true`).
    public var snapshots: [[Float]] = []
    /// The base model the run started from (unchanged by the run).
    public var base: ModelHandle?

    init(id: Int64?, method: String, taskNames: [String]) { self.id = id; self.method = method; self.taskNames = taskNames }

    public var metrics: ContinualMetrics? {
        accuracy.isEmpty ? nil : ContinualMetrics(accuracy: accuracy, zeroShot: zeroShot)
    }

    /// Final general loss minus the base model's.
    public var generalRise: Double? {
        guard let first = general.first, let last = general.last, general.count > 1 else { return nil }
        return last - first
    }

    public var summary: String {
        var parts = ["run \(id.map { "#\($0)" } ?? "(unrecorded)") continual \(method) \(status)", "\(accuracy.count)/\(taskNames.count) tasks"]
        if let m = metrics {
            parts.append(String(format: "AP %.3f · F %.3f · BWT %+.3f", m.ap, m.forgetting, m.bwt))
        }
        if let rise = generalRise, let last = general.last { parts.append(String(format: "general %.3f (%+.3f)", last, rise)) }
        parts.append(String(format: "%.1f s", seconds))
        return parts.joined(separator: " · ")
    }

    public var attributeNames: [String] { ["id", "status", "acc", "ap", "forgetting", "bwt", "fwt", "general", "replay_loss", "time", "model", "loss"] }

    public func attribute(_ name: String) -> Value? {
        let m = metrics
        switch name {
        case "id": return id.map { .number(Double($0)) } ?? .nothing
        case "status": return .string(status)
        case "acc": return .list(accuracy.map { .list($0.map { .number($0) }) })
        case "ap": return m.map { .number($0.ap) } ?? .nothing
        case "forgetting": return m.map { .number($0.forgetting) } ?? .nothing
        case "bwt": return m.map { .number($0.bwt) } ?? .nothing
        case "fwt": return m?.fwt.map { .number($0) } ?? .nothing
        case "general": return .list(general.map { .number($0) })
        case "replay_loss": return .list(replayLoss.map { .number($0) })
        case "time": return .number(seconds)
        case "model": return model.map { .handle($0) } ?? .nothing
        case "loss": return .list(stepLosses.flatMap { $0 }.map { .number(Double($0)) })
        default: return nil
        }
    }
}

/// The values one argument takes in a `sweep`.
public final class GridHandle: MnemoHandle {
    public static let typeName = "grid"
    public let values: [Value]
    public init(_ values: [Value]) { self.values = values }
    public var summary: String { "grid of \(values.count): " + values.map(\.displayText).joined(separator: ", ") }
}
