import Testing
@testable import MnemoLang

@Test func registryRejectsBadDeclarations() throws {
    let registry = try makeTestRegistry()
    func make(_ name: String, _ parameters: [Parameter]) -> Builtin {
        Builtin(name: name, category: "x", parameters: parameters, returns: .none, doc: "d", example: "e") { _ in .nothing }
    }
    #expect(throws: RegistryError.self) { try registry.register(make("len", [])) }
    #expect(throws: RegistryError.self) { try registry.register(make("bad name", [])) }
    #expect(throws: RegistryError.self) { try registry.register(make("a..b", [])) }
    #expect(throws: RegistryError.self) { try registry.register(make("f1", [.optional("n", .integer, default: .number(0.5), doc: "")])) }
    #expect(throws: RegistryError.self) { try registry.register(make("f2", [.optional("n", .number, default: .number(1), allowed: ["a"], doc: "")])) }
    #expect(throws: RegistryError.self) { try registry.register(make("f3", [.required("a", .any, doc: ""), .required("a", .any, doc: "")])) }
    #expect(throws: RegistryError.self) { try registry.register(make("f4", [.variadic("a", .any, doc: ""), .variadic("b", .any, doc: "")])) }
    #expect(throws: RegistryError.self) {
        try registry.register(make("f5", [.optional("m", .string, default: .string("z"), allowed: ["a"], doc: "")]))
    }
    do {
        try registry.register(make("len", []))
    } catch let error as RegistryError {
        #expect(error.description == "builtin registry: cannot register 'len': a builtin of that name is already registered")
    }
    #expect(registry.builtin(named: "f1") == nil)
}

@Test func helpComesFromTheDeclaration() throws {
    let registry = try makeTestRegistry()
    #expect(try registry.help("pretrain") == """
        pretrain(model: model, corpus: corpus, steps: integer = 1000, lr: number = 0.0003, schedule: string = "cosine") -> run

          Trains a model on a corpus. Prints a line per 100 steps.

          Arguments:
            model     model              the model (required)
            corpus    corpus             the data (required)
            steps     integer = 1000     optimiser steps
            lr        number = 0.0003    learning rate
            schedule  string = "cosine"  learning-rate schedule (named only; one of "cosine", "constant")

          Example:
            pretrain(base, general, steps: 800)

        """)
    #expect(throws: MnemoError.self) { try registry.help("pretrian") }
    let index = registry.helpIndex()
    #expect(index.contains("\nlanguage\n  choose "))
    #expect(index.contains("\ntraining\n  pretrain          Trains a model on a corpus.\n"))
}

@Test func completionOffersNamedArgumentsNamesAndBuiltins() throws {
    let registry = try makeTestRegistry()
    let bound = ["base", "steps_total", "general"]
    func complete(_ text: String) -> Completion {
        registry.completions(for: text, boundNames: bound, dotCommands: [".help", ".history", ".runs", ".quit"]) { name in
            name == "base" ? ["width", "summary_x"] : []
        }
    }
    #expect(complete("pretrain(base, general, st") == Completion(word: "st", candidates: ["steps:", "steps_total"]))
    #expect(complete("pretrain(base, general, steps: 3, ").candidates.prefix(3) == ["lr:", "schedule:", "base"])
    #expect(!complete("pretrain(base, general, steps: 3, ").candidates.contains("steps:"))
    #expect(complete("pretrain(base, general, steps: st") == Completion(word: "st", candidates: ["steps_total"]))
    #expect(complete("pre") == Completion(word: "pre", candidates: ["pretrain"]))
    #expect(complete("x = corpus.sy") == Completion(word: "corpus.sy", candidates: ["corpus.synthetic"]))
    #expect(complete("base.w") == Completion(word: "base.w", candidates: ["base.width"]))
    #expect(complete(".h") == Completion(word: ".h", candidates: [".help", ".history"]))
    #expect(complete(".help pre") == Completion(word: "pre", candidates: ["pretrain"]))
    #expect(complete("?le") == Completion(word: "le", candidates: ["len"]))
    #expect(complete("print(\"pre") == Completion(word: "pre", candidates: []))
    #expect(complete("gpt(d: 3, layers: len(").candidates.first == "x:")
    #expect(complete("x = tr").candidates == ["true"])
}

@Test func sessionCompletionUsesItsBindingsAndHandleAttributes() throws {
    let (session, _) = try makeTestSession()
    _ = session.execute("run = pretrain(gpt(), corpus.synthetic(), steps: 0)")
    #expect(session.completions(for: "run.g").candidates == ["run.general"])
    #expect(session.completions(for: "ru").candidates == ["run"])
}

@Test func markdownReferenceListsEveryBuiltin() throws {
    let registry = try makeTestRegistry()
    let reference = registry.markdownReference()
    #expect(reference.hasPrefix("# mnemo language reference\n"))
    for name in registry.names { #expect(reference.contains("\n### \(name)\n"), "\(name)") }
    #expect(reference.contains("- **data**: [`corpus.synthetic`](#corpussynthetic)\n"))
    #expect(reference.contains("""
        | argument | type | default | description |
        |---|---|---|---|
        | `x` | string \\| list | required | a string or a list (required) |
        """))
    #expect(reference.contains("```mnemo\npretrain(base, general, steps: 800)\n```\n"))
    #expect(reference.contains("| `values` | any | any number, positional | the values to print |"))
    #expect(reference == registry.markdownReference())   // deterministic
}

@Test func standardRegistryHasTheLanguageBuiltins() {
    let registry = BuiltinRegistry.standard()
    #expect(registry.names == ["choose", "help", "len", "print", "range", "type"])
    for builtin in LanguageBuiltins.all { #expect(builtin.declarationProblems().isEmpty, "\(builtin.name)") }
}
