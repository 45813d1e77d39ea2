import Foundation
import MnemoKernel
import MnemoPlot

/// Builtins that make, inspect, save and load models.
enum ModelBuiltins {
    static let category = "models"

    static var all: [Builtin] { [gpt, mlp, params, save, load] }

    static let gpt = Builtin(
        name: "gpt", category: category,
        parameters: [
            .optional("ctx", .integer, default: .number(64), namedOnly: true, doc: "context length in bytes"),
            .optional("d", .integer, default: .number(128), namedOnly: true, doc: "model width"),
            .optional("layers", .integer, default: .number(2), namedOnly: true, doc: "transformer blocks"),
            .optional("heads", .integer, default: .number(4), namedOnly: true, doc: "attention heads (must divide d)"),
            .optional("tied", .bool, default: .bool(true), namedOnly: true, doc: "share the output head with the token embedding"),
            .optional("dropout", .number, default: .number(0), namedOnly: true, doc: "dropout probability while training"),
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "initialisation seed (default: the session's next)"),
        ],
        returns: .of(ModelHandle.self),
        doc: "A byte-level GPT (nanoGPT's architecture): learned positions, pre-LayerNorm blocks with causal "
            + "multi-head attention and a GELU MLP, final LayerNorm, weights N(0, 0.02).",
        example: "base = gpt(ctx: 64, d: 128, layers: 2, heads: 4)"
    ) { call in
        let ctx = try call.positiveInt("ctx"), d = try call.positiveInt("d")
        let layers = try call.args.int("layers"), heads = try call.positiveInt("heads")
        let dropout = try call.args.number("dropout")
        guard layers >= 0 else { throw MnemoError(.value, "argument 'layers' of gpt must be 0 or more, got \(layers)") }
        guard d % heads == 0 else { throw MnemoError(.value, "d (\(d)) must be divisible by heads (\(heads))") }
        guard (0..<1).contains(dropout) else { throw MnemoError(.value, "dropout must be in [0, 1), got \(NumberFormatting.format(dropout))") }
        guard ctx <= 4096, d <= 2048, layers <= 48 else { throw MnemoError(.value, "gpt: ctx ≤ 4096, d ≤ 2048 and layers ≤ 48 on this laptop-scale kernel") }
        let config = GPTConfig(context: ctx, width: d, heads: heads, layers: layers,
                               tiedHead: try call.args.bool("tied"), dropout: Float(dropout))
        return .handle(ModelHandle(.gpt(GPT(config, seed: try call.seed()))))
    }

    static let mlp = Builtin(
        name: "mlp", category: category,
        parameters: [
            .required("sizes", .list, doc: "layer widths, input first: [256, 512, 512, 10]"),
            .optional("activation", .string, default: .string("relu"), allowed: ["relu", "gelu", "tanh", "sigmoid"],
                      namedOnly: true, doc: "activation between layers"),
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "initialisation seed"),
        ],
        returns: .of(ModelHandle.self),
        doc: "A multi-layer perceptron: Linear layers with an activation between them.",
        example: "net = mlp([256, 512, 512, 10], activation: \"relu\")"
    ) { call in
        let sizes = try call.args.numbers("sizes")
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 && $0 == $0.rounded() && $0 <= 65_536 }) else {
            throw MnemoError(.value, "sizes of mlp must be at least two whole widths between 1 and 65536")
        }
        let act: UnaryOp = ["relu": .relu, "gelu": .gelu, "tanh": .tanh, "sigmoid": .sigmoid][try call.args.string("activation")]!
        return .handle(ModelHandle(.mlp(MLP(sizes: sizes.map { Int($0) }, activation: act, seed: try call.seed()))))
    }

    static let params = Builtin(
        name: "params", category: category,
        parameters: [.required("model", .of(ModelHandle.self), doc: "the model")],
        returns: .of(TableHandle.self),
        doc: "A table of the model's parameters: checkpoint name, shape, count and whether it trains.",
        example: "params(base)"
    ) { call in
        let model = try call.args.handle(ModelHandle.self, "model").model.module
        let rows: [[Table.Cell]] = model.namedParameters().map { p in
            [.text(p.name), .text(p.tensor.shape.description), .number(Double(p.tensor.count)),
             .text(p.tensor.requiresGrad ? "yes" : "frozen")]
        }
        let title = "\(grouped(model.parameterCount)) parameters, \(grouped(model.trainableParameterCount)) trainable"
        return .handle(TableHandle(Table(headers: ["name", "shape", "count", "trains"], rows: rows, title: title, digits: 12),
                                   style: call.plotStyle))
    }

    static let save = Builtin(
        name: "save", category: category,
        parameters: [
            .required("model", .of(ModelHandle.self), doc: "the model to save"),
            .required("path", .string, doc: "a .safetensors file to write"),
        ],
        returns: .string,
        doc: "Writes the model as safetensors with nanoGPT's parameter names and PyTorch's layouts "
            + "(openable with safetensors.torch.load_file). Recorded as an artifact of the session.",
        example: "save(base, \"base.safetensors\")"
    ) { call in
        let handle = try call.args.handle(ModelHandle.self, "model")
        let path = try call.args.string("path")
        try ModelCheckpoint.save(handle.model, to: path, metadata: ["mnemo.trained_steps": String(handle.trainedSteps)])
        if let rec = call.recording, let bytes = FileManager.default.contents(atPath: path) {
            let info = try rec.store.putArtifact(name: (path as NSString).lastPathComponent, kind: "checkpoint", bytes: bytes)
            call.print("saved \(path) (\(grouped(bytes.count)) bytes, sha256 \(info.sha256.prefix(12)))")
        } else {
            call.print("saved \(path)")
        }
        return .string(path)
    }

    static let load = Builtin(
        name: "load", category: category,
        parameters: [.required("path", .string, doc: "a .safetensors checkpoint written by save")],
        returns: .of(ModelHandle.self),
        doc: "Reads a model saved by save (GPT with any LoRA adapters, or MLP).",
        example: "base = load(\"base.safetensors\")"
    ) { call in
        let path = try call.args.string("path")
        let (_, metadata) = try Safetensors.read(path)
        let handle = ModelHandle(try ModelCheckpoint.load(path))
        handle.trainedSteps = Int(metadata["mnemo.trained_steps"] ?? "") ?? 0
        return .handle(handle)
    }
}
