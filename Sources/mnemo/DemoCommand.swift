import ArgumentParser
import Foundation
import MnemoKernel

/// `mnemo demo`: pretrains a small GPT on the embedded synthetic corpus and shows its loss
/// falling and a sample, with no files needed.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Pretrain a tiny GPT on embedded synthetic text and sample from it.")

    @Option(help: "Training steps.") var steps = 400
    @Option(help: "Random seed.") var seed: UInt64 = 7

    func run() throws {
        let docs = SyntheticText.documents(count: 2000, seed: seed)
        let (train, held) = try TextCorpus.split(docs, heldOut: 0.05, seed: seed)
        let model = GPT(GPTConfig(context: 64, width: 128, heads: 4, layers: 2), seed: seed)
        print("model: GPT d=128 heads=4 layers=2 ctx=64, \(model.parameterCount) parameters")
        let windows = try TokenWindows(stream: TokenStream(documents: train), context: 64)
        let heldOut = try TokenStream(documents: held).evaluationWindows(context: 64, maxWindows: 128)
        print(String(format: "held-out loss before: %.3f", LanguageModeling.evaluate(model, on: heldOut).loss))
        let result = try LanguageModeling.pretrain(model, on: windows,
                                                   settings: .init(steps: steps, batch: 32, lr: 2e-3, warmup: 20, seed: seed)) { p in
            if p.step % 50 == 0 || p.step == p.totalSteps {
                print(String(format: "step %4d/%d  loss %.3f  %.0f tok/s", p.step, p.totalSteps, p.loss, p.tokensPerSecond))
            }
        }
        let eval = LanguageModeling.evaluate(model, on: heldOut)
        print(String(format: "held-out loss after: %.3f (perplexity %.2f) in %.1f s", eval.loss, eval.perplexity, result.seconds))
        let sample = LanguageModeling.generate(model, prompt: ByteTokenizer.encode("The "), maxTokens: 160,
                                               options: .init(temperature: 0.7, topK: 20, seed: seed))
        print("sample: The " + ByteTokenizer.decode(sample))
    }
}
