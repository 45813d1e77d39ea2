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
}
