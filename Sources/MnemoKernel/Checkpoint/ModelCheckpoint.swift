import Foundation

/// A model that can be saved and loaded: a GPT or an MLP.
public enum AnyModel {
    case gpt(GPT)
    case mlp(MLP)

    /// The model as a ``Module``.
    public var module: Module {
        switch self { case .gpt(let m): m; case .mlp(let m): m }
    }
}

/// Errors when a checkpoint's tensors do not fit the model it describes.
public enum ModelCheckpointError: Error, Equatable, CustomStringConvertible {
    /// The file's metadata does not say which model it holds.
    case unknownModel(path: String, reason: String)
    /// A tensor the model needs is absent.
    case missingTensor(path: String, name: String)
    /// A tensor has the wrong shape for the model.
    case wrongShape(path: String, name: String, expected: [Int], found: [Int])
    /// The file holds tensors the model does not have.
    case unexpectedTensors(path: String, names: [String])

    public var description: String {
        switch self {
        case let .unknownModel(path, reason): return "\(path): not a mnemo model checkpoint (\(reason))"
        case let .missingTensor(path, name): return "\(path): tensor '\(name)' is missing"
        case let .wrongShape(path, name, e, f): return "\(path): tensor '\(name)' has shape \(f), the model needs \(e)"
        case let .unexpectedTensors(path, names):
            return "\(path): unexpected tensors \(names.prefix(5).joined(separator: ", "))\(names.count > 5 ? ", ..." : "")"
        }
    }
}

/// Saves and loads models as safetensors with PyTorch's names and layouts.
///
/// GPT tensors use nanoGPT's names (`transformer.wte.weight`, `transformer.h.0.attn.c_attn.weight`
/// [3d, d], ..., Linear weights [out, in]). A tied head is stored once, as `transformer.wte.weight`
/// (safetensors cannot hold two names for one buffer); PyTorch users tie `lm_head.weight` to it.
/// LoRA adapters, when attached and not merged, are stored as `<layer>.lora_A.weight` [r, in] and
/// `<layer>.lora_B.weight` [out, r]. The metadata records the model kind and configuration.
public enum ModelCheckpoint {
    /// Writes `model` to `path` (atomically: a temporary file renamed into place).
    public static func save(_ model: AnyModel, to path: String, metadata extra: [String: String] = [:]) throws {
        var metadata = extra
        metadata["format"] = "pt"
        switch model {
        case .gpt(let gpt):
            metadata["mnemo.model"] = "gpt"
            metadata["mnemo.config"] = String(decoding: try JSONEncoder().encode(gpt.config), as: UTF8.self)
            if let lora = gpt.linears.compactMap(\.layer.lora).first {
                metadata["mnemo.lora_alpha"] = String(lora.scale * Float(lora.rank))
            }
        case .mlp(let mlp):
            metadata["mnemo.model"] = "mlp"
            metadata["mnemo.sizes"] = mlp.sizes.map(String.init).joined(separator: ",")
            metadata["mnemo.activation"] = "\(mlp.activation)"
        }
        let arrays = model.module.namedParameters().map { p in
            NamedArray(name: p.name, shape: p.tensor.shape.dims, values: p.tensor.values)
        }
        try Safetensors.write(arrays, metadata: metadata, to: path)
    }

    /// Reads a model written by ``save(_:to:metadata:)`` (or any file with the same names,
    /// shapes and metadata).
    public static func load(_ path: String) throws -> AnyModel {
        let (arrays, metadata) = try Safetensors.read(path)
        let model: AnyModel
        switch metadata["mnemo.model"] {
        case "gpt":
            guard let json = metadata["mnemo.config"],
                  let config = try? JSONDecoder().decode(GPTConfig.self, from: Data(json.utf8)) else {
                throw ModelCheckpointError.unknownModel(path: path, reason: "no readable mnemo.config")
            }
            guard config.width > 0, config.heads > 0, config.width % config.heads == 0, config.layers >= 0,
                  config.context > 0, config.vocab > 0 else {
                throw ModelCheckpointError.unknownModel(path: path, reason: "invalid configuration")
            }
            let gpt = GPT(config, seed: 0)
            let loraNames = arrays.keys.filter { $0.hasSuffix(".lora_A.weight") }
            if !loraNames.isEmpty, let first = arrays[loraNames.first!] {
                let rank = first.shape.first ?? 1
                let alpha = Float(metadata["mnemo.lora_alpha"] ?? "") ?? Float(rank)
                let targets = loraNames.map { String($0.dropLast(".lora_A.weight".count)) }
                for (name, layer) in gpt.linears where targets.contains(name) {
                    var rng = SeededRandom(seed: 0)
                    layer.attachLoRA(rank: rank, alpha: alpha, rng: &rng)
                }
            }
            model = .gpt(gpt)
        case "mlp":
            let sizes = (metadata["mnemo.sizes"] ?? "").split(separator: ",").compactMap { Int($0) }
            guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 }) else {
                throw ModelCheckpointError.unknownModel(path: path, reason: "no readable mnemo.sizes")
            }
            let activation: UnaryOp = ["relu": .relu, "gelu": .gelu, "tanh": .tanh, "sigmoid": .sigmoid][metadata["mnemo.activation"] ?? "relu"] ?? .relu
            model = .mlp(MLP(sizes: sizes, activation: activation, seed: 0))
        default:
            throw ModelCheckpointError.unknownModel(path: path, reason: "metadata has no mnemo.model")
        }
        let params = model.module.namedParameters()
        for (name, tensor) in params {
            guard let a = arrays[name] else { throw ModelCheckpointError.missingTensor(path: path, name: name) }
            guard a.shape == tensor.shape.dims else {
                throw ModelCheckpointError.wrongShape(path: path, name: name, expected: tensor.shape.dims, found: a.shape)
            }
            a.values.withUnsafeBufferPointer { tensor.data.update(from: $0.baseAddress!, count: tensor.count) }
        }
        let known = Set(params.map(\.name))
        let extra = arrays.keys.filter { !known.contains($0) }.sorted()
        if !extra.isEmpty { throw ModelCheckpointError.unexpectedTensors(path: path, names: extra) }
        return model
    }
}
