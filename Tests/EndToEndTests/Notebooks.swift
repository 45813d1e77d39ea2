/// Small notebooks the end-to-end tests write into their sandboxes.
enum TestNotebooks {
    /// Only language builtins: a parameters cell, a computation, prose.
    static let language = """
        # %% [markdown]
        # A notebook that needs no science builtins.
        # %% parameters
        n = 4
        label = "items"
        # %% count
        xs = range(n)
        len(xs)
        print(label, len(xs) * 2.5)
        # %% last
        xs[n - 1] + 0.25
        """

    /// Fails in its second code cell at line 6, column 1 (an unknown name).
    static let failing = """
        # %% first
        a = 2
        a * 3
        # %% second
        b = a + 1
        bogus_name + b
        # %% never
        print("not reached")
        """

    /// Two mistakes `check` must find without running anything.
    static let mistakes = """
        # %% parameters
        steps = 10
        # %% cell
        x = range(stpes)
        len(x, 2)
        """

    /// A tiny pretraining run: seconds in debug builds, and every number reproducible.
    static let science = """
        # %% parameters
        steps = 12
        lr = 2e-3
        # %% setup
        seed(3)
        general = corpus.synthetic(docs: 40)
        base = gpt(ctx: 16, d: 16, layers: 1, heads: 2)
        # %% train
        run = pretrain(base, general, steps: steps, lr: lr, batch: 4, eval_windows: 4, name: "tiny")
        run
        eval(base, general, windows: 4)
        generate(base, "The ", tokens: 12, seed: 1)
        """

    /// Two tiny continual runs (plain fine-tuning and TM replay) and their comparison table.
    static let continual = """
        # %% parameters
        steps = 4
        # %% setup
        seed(5)
        general = corpus.synthetic(docs: 60)
        base = gpt(ctx: 32, d: 16, layers: 1, heads: 2)
        pretrain(base, general, steps: 6, batch: 4, eval_windows: 4)
        seq = tasks.synthetic(count: 2, train: 16, test: 8)
        R = replay(general, n: 20)
        # %% continual
        naive = continual(base, seq, steps: steps, batch: 4, general_windows: 4)
        gere = continual(base, seq, steps: steps, batch: 4, replay: R, method: tm(w: 100), general_windows: 4)
        compare(naive, gere)
        """
}
