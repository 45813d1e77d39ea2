import Foundation
import MnemoKernel
import MnemoPlot

/// Formats an integer with thousands separators: 437760 -> "437,760".
func grouped(_ n: Int) -> String {
    let s = String(n)
    var out = ""
    for (i, c) in s.reversed().enumerated() {
        if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
        out.append(c)
    }
    return String(out.reversed())
}

/// A model (GPT or MLP) bound in a session.
public final class ModelHandle: MnemoHandle {
    public static let typeName = "model"
    /// The model itself; builtins train it in place.
    public let model: AnyModel
    /// Training steps applied so far (all runs).
    public var trainedSteps = 0

    public init(_ model: AnyModel) { self.model = model }

    /// The GPT inside, or an error naming the builtin that needs one.
    public func gpt(for builtin: String) throws -> GPT {
        guard case .gpt(let g) = model else {
            throw MnemoError(.type, "\(builtin) needs a GPT model, got an MLP")
        }
        return g
    }

    /// The architecture in one phrase.
    public var architecture: String {
        switch model {
        case .gpt(let g):
            let c = g.config
            return "gpt ctx \(c.context) · d \(c.width) · \(c.heads) heads · \(c.layers) layers · \(c.tiedHead ? "tied" : "untied") head"
        case .mlp(let m):
            return "mlp \(m.sizes.map(String.init).joined(separator: "-")) · \(m.activation)"
        }
    }

    public var summary: String {
        let m = model.module
        var s = "\(architecture) · \(grouped(m.parameterCount)) params"
        if m.trainableParameterCount != m.parameterCount { s += " (\(grouped(m.trainableParameterCount)) trainable)" }
        s += trainedSteps > 0 ? " · trained \(grouped(trainedSteps)) steps" : " · untrained"
        return s
    }

    public var attributeNames: [String] {
        switch model {
        case .gpt: ["params", "trainable", "context", "width", "heads", "layers", "steps"]
        case .mlp: ["params", "trainable", "sizes", "steps"]
        }
    }

    public func attribute(_ name: String) -> Value? {
        let m = model.module
        switch (name, model) {
        case ("params", _): return .number(Double(m.parameterCount))
        case ("trainable", _): return .number(Double(m.trainableParameterCount))
        case ("steps", _): return .number(Double(trainedSteps))
        case ("context", .gpt(let g)): return .number(Double(g.config.context))
        case ("width", .gpt(let g)): return .number(Double(g.config.width))
        case ("heads", .gpt(let g)): return .number(Double(g.config.heads))
        case ("layers", .gpt(let g)): return .number(Double(g.config.layers))
        case ("sizes", .mlp(let mlp)): return .list(mlp.sizes.map { .number(Double($0)) })
        default: return nil
        }
    }
}

/// A text corpus split into a training part and a held-out part.
public final class CorpusHandle: MnemoHandle {
    public static let typeName = "corpus"
    /// Where it came from: "synthetic" or a file path.
    public let source: String
    /// Training documents.
    public let train: [String]
    /// Held-out documents (for `eval`).
    public let heldOut: [String]

    public init(source: String, train: [String], heldOut: [String]) {
        self.source = source; self.train = train; self.heldOut = heldOut
    }

    /// Bytes of all documents.
    public var bytes: Int { (train + heldOut).reduce(0) { $0 + $1.utf8.count } }

    public var summary: String {
        let size = bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1e6) : String(format: "%.0f kB", Double(bytes) / 1e3)
        return "corpus \(source) · \(grouped(train.count + heldOut.count)) docs · \(size) · \(grouped(train.count)) train / \(grouped(heldOut.count)) held out"
    }

    public var attributeNames: [String] { ["docs", "train", "held_out", "bytes", "source"] }

    public func attribute(_ name: String) -> Value? {
        switch name {
        case "docs": .number(Double(train.count + heldOut.count))
        case "train": .number(Double(train.count))
        case "held_out": .number(Double(heldOut.count))
        case "bytes": .number(Double(bytes))
        case "source": .string(source)
        default: nil
        }
    }
}

/// A recorded run (a training, an evaluation...) and its headline results.
public final class RunHandle: MnemoHandle {
    public static let typeName = "run"
    /// The store's id (nil when the session records nothing).
    public let id: Int64?
    /// What kind of run: pretrain, train, ...
    public let kind: String
    /// finished, interrupted or failed.
    public var status: String
    /// Loss at every step.
    public var losses: [Double] = []
    /// Scalar results by name (eval_loss, perplexity, seconds, tokens_per_s).
    public var metrics: [String: Double] = [:]

    public init(id: Int64?, kind: String, status: String) {
        self.id = id; self.kind = kind; self.status = status
    }

    public var summary: String {
        var parts = ["run \(id.map { "#\($0)" } ?? "(unrecorded)") \(kind) \(status)", "\(grouped(losses.count)) steps"]
        if let last = losses.last { parts.append("loss \(NumberFormatting.format((last * 1000).rounded() / 1000))") }
        if let e = metrics["eval_loss"] { parts.append("eval \(NumberFormatting.format((e * 1000).rounded() / 1000))") }
        if let s = metrics["seconds"] { parts.append(String(format: "%.1f s", s)) }
        return parts.joined(separator: " · ")
    }

    public var attributeNames: [String] { ["id", "status", "loss", "final_loss", "steps"] + metrics.keys.sorted() }

    public func attribute(_ name: String) -> Value? {
        switch name {
        case "id": return id.map { .number(Double($0)) } ?? .nothing
        case "status": return .string(status)
        case "loss": return .list(losses.map { .number($0) })
        case "final_loss": return losses.last.map { .number($0) } ?? .nothing
        case "steps": return .number(Double(losses.count))
        default: return metrics[name].map { .number($0) }
        }
    }
}

/// A loss / perplexity measurement.
public final class EvalHandle: MnemoHandle {
    public static let typeName = "eval"
    public let loss: Double
    public let perplexity: Double
    public let windows: Int
    public let context: Int

    public init(loss: Double, perplexity: Double, windows: Int, context: Int) {
        self.loss = loss; self.perplexity = perplexity; self.windows = windows; self.context = context
    }

    public var summary: String {
        String(format: "loss %.4f · perplexity %.3f · %d held-out windows of %d bytes", loss, perplexity, windows, context)
    }

    public var attributeNames: [String] { ["loss", "perplexity", "windows"] }

    public func attribute(_ name: String) -> Value? {
        switch name {
        case "loss": .number(loss)
        case "perplexity": .number(perplexity)
        case "windows": .number(Double(windows))
        default: nil
        }
    }
}

/// Rendered text (a chart or a table) that prints itself when shown.
public final class TextHandle: MnemoHandle {
    public static let typeName = "plot"
    /// The rendering, several lines.
    public let text: String
    public init(_ text: String) { self.text = text }
    public var summary: String { text }
}

/// A table of values (parameter listings, comparisons).
public final class TableHandle: MnemoHandle {
    public static let typeName = "table"
    public let table: Table
    public let style: PlotStyle
    public init(_ table: Table, style: PlotStyle) { self.table = table; self.style = style }
    public var summary: String { table.render(style) }
    public var attributeNames: [String] { ["rows"] }
    public func attribute(_ name: String) -> Value? { name == "rows" ? .number(Double(table.rows.count)) : nil }
}
