import Foundation
import Testing
@testable import MnemoKernel

/// Models survive a save/load round trip with nanoGPT's names and PyTorch's layouts.
@Suite struct CheckpointTests {
    func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mnemo-ckpt-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    @Test func gptRoundTripGivesTheSameOutputs() throws {
        let gpt = GPT(GPTConfig(vocab: 256, context: 8, width: 16, heads: 2, layers: 2), seed: 3)
        let path = temporaryPath("m.safetensors")
        try ModelCheckpoint.save(.gpt(gpt), to: path)
        guard case .gpt(let loaded) = try ModelCheckpoint.load(path) else { Issue.record("not a GPT"); return }
        #expect(loaded.config == gpt.config)
        let ids = IndexTensor([1, 2, 3, 4, 5])
        let a = gpt.forward(ids, batch: 1, Tape(recording: false)).logits.values
        let b = loaded.forward(ids, batch: 1, Tape(recording: false)).logits.values
        #expect(a == b)
    }

    @Test func namesAndShapesAreNanoGPTs() throws {
        let gpt = GPT(GPTConfig(vocab: 256, context: 8, width: 16, heads: 2, layers: 1, tiedHead: false), seed: 3)
        let path = temporaryPath("m.safetensors")
        try ModelCheckpoint.save(.gpt(gpt), to: path)
        let (arrays, metadata) = try Safetensors.read(path)
        let expected: [String: [Int]] = [
            "transformer.wte.weight": [256, 16], "transformer.wpe.weight": [8, 16],
            "transformer.h.0.ln_1.weight": [16], "transformer.h.0.ln_1.bias": [16],
            "transformer.h.0.attn.c_attn.weight": [48, 16], "transformer.h.0.attn.c_attn.bias": [48],
            "transformer.h.0.attn.c_proj.weight": [16, 16], "transformer.h.0.attn.c_proj.bias": [16],
            "transformer.h.0.ln_2.weight": [16], "transformer.h.0.ln_2.bias": [16],
            "transformer.h.0.mlp.c_fc.weight": [64, 16], "transformer.h.0.mlp.c_fc.bias": [64],
            "transformer.h.0.mlp.c_proj.weight": [16, 64], "transformer.h.0.mlp.c_proj.bias": [16],
            "transformer.ln_f.weight": [16], "transformer.ln_f.bias": [16], "lm_head.weight": [256, 16],
        ]
        #expect(Dictionary(uniqueKeysWithValues: arrays.map { ($0.key, $0.value.shape) }) == expected)
        #expect(metadata["mnemo.model"] == "gpt")
        #expect(metadata["format"] == "pt")
    }

    @Test func loraAdaptersAndMLPsRoundTrip() throws {
        let gpt = GPT(GPTConfig(vocab: 256, context: 8, width: 16, heads: 2, layers: 1), seed: 3)
        gpt.attachLoRA(rank: 2, alpha: 8, targets: ["c_attn"], seed: 1)
        var rng = SeededRandom(seed: 5)
        gpt.linears[0].layer.lora!.b.fillNormal(std: 0.3, using: &rng)
        let path = temporaryPath("lora.safetensors")
        try ModelCheckpoint.save(.gpt(gpt), to: path)
        guard case .gpt(let loaded) = try ModelCheckpoint.load(path) else { Issue.record("not a GPT"); return }
        #expect(loaded.linears[0].layer.lora?.scale == 4)
        let ids = IndexTensor([7, 8, 9])
        #expect(gpt.forward(ids, batch: 1, Tape(recording: false)).logits.values
                == loaded.forward(ids, batch: 1, Tape(recording: false)).logits.values)

        let mlp = MLP(sizes: [4, 5, 3], activation: .tanh, seed: 2)
        let mpath = temporaryPath("mlp.safetensors")
        try ModelCheckpoint.save(.mlp(mlp), to: mpath)
        guard case .mlp(let m2) = try ModelCheckpoint.load(mpath) else { Issue.record("not an MLP"); return }
        #expect(m2.sizes == [4, 5, 3] && m2.flatParameters() == mlp.flatParameters())
    }

    @Test func badFilesGiveClearErrors() throws {
        let missing = temporaryPath("none.safetensors")
        #expect(throws: CheckpointError.missingFile(path: missing)) { try ModelCheckpoint.load(missing) }

        let gpt = GPT(GPTConfig(vocab: 256, context: 8, width: 16, heads: 2, layers: 1), seed: 3)
        let path = temporaryPath("m.safetensors")
        try ModelCheckpoint.save(.gpt(gpt), to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let truncated = temporaryPath("cut.safetensors")
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: truncated))
        #expect(throws: CheckpointError.self) { try ModelCheckpoint.load(truncated) }

        // A file without mnemo metadata (someone else's safetensors) names what is missing.
        let foreign = temporaryPath("foreign.safetensors")
        try Safetensors.write([NamedArray(name: "w", shape: [2], values: [1, 2])], to: foreign)
        #expect(throws: ModelCheckpointError.unknownModel(path: foreign, reason: "metadata has no mnemo.model")) {
            try ModelCheckpoint.load(foreign)
        }
    }
}
