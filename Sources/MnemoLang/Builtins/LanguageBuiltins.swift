/// The builtins of the language itself; the science builtins are registered by the application.
enum LanguageBuiltins {
    static let category = "language"

    static var all: [Builtin] { [print, len, range, type, help, choose] }

    static let choose = Builtin(
        name: "choose", category: category,
        parameters: [
            .required("condition", .bool, doc: "which value to take"),
            .required("if_true", .any, doc: "the value when the condition is true"),
            .required("if_false", .any, doc: "the value when it is false"),
        ],
        returns: .any,
        doc: "One of two values by a condition (both are evaluated). Notebooks stay straight-line; this lets a "
            + "parameter such as `quick` pick sizes.",
        example: "d = choose(quick, 32, 128)"
    ) { call in
        try call.args.bool("condition") ? call.args["if_true"] : call.args["if_false"]
    }

    static let print = Builtin(
        name: "print", category: category,
        parameters: [
            .variadic("values", .any, doc: "the values to print"),
            .optional("sep", .string, default: .string(" "), namedOnly: true, doc: "text between values"),
        ],
        returns: .none,
        doc: "Prints its arguments on one line, separated by spaces. Strings print without quotes; "
            + "models, runs and other handles print their one-line summary.",
        example: "print(\"lr is\", 3e-4)   # lr is 0.0003"
    ) { call in
        let values = try call.args.list("values")
        call.print(values.map(\.displayText).joined(separator: try call.args.string("sep")))
        return .nothing
    }

    static let len = Builtin(
        name: "len", category: category,
        parameters: [.required("x", .string, .list, doc: "a string or a list")],
        returns: .number,
        doc: "The number of characters of a string or of items in a list.",
        example: "len([1, 2, 3])   # 3"
    ) { call in
        switch call.args["x"] {
        case .string(let text): return .number(Double(text.count))
        case .list(let items): return .number(Double(items.count))
        default: return .number(0)
        }
    }

    /// The largest list `range` builds, so a typo like `range(1e9)` fails instead of exhausting memory.
    static let rangeLimit = 10_000_000

    static let range = Builtin(
        name: "range", category: category,
        parameters: [.required("n", .integer, doc: "how many numbers")],
        returns: .list,
        doc: "The list of whole numbers 0, 1, ..., n-1 (handy for sweeps and seeds).",
        example: "range(3)   # [0, 1, 2]"
    ) { call in
        let n = try call.args.int("n")
        guard (0...rangeLimit).contains(n) else {
            throw MnemoError(.value, "argument 'n' of range must be between 0 and \(rangeLimit), got \(n)")
        }
        return .list((0..<n).map { .number(Double($0)) })
    }

    static let type = Builtin(
        name: "type", category: category,
        parameters: [.required("x", .any, doc: "any value")],
        returns: .string,
        doc: "The type name of a value: number, string, bool, none, list, function, or a handle type "
            + "such as model, corpus, tasks, replay, run, plot, table, method.",
        example: "type(1e-4)   # \"number\""
    ) { call in
        .string(call.args["x"].typeName)
    }

    static let help = Builtin(
        name: "help", category: category,
        parameters: [.optional("topic", .string, .function, default: .nothing, doc: "a builtin, by name or itself")],
        returns: .none,
        doc: "Shows the signature, description, arguments and an example of a builtin; without an "
            + "argument, lists every builtin by category.",
        example: "help(\"len\")\nhelp(len)\nhelp()"
    ) { call in
        let registry = call.session.registry
        switch call.args["topic"] {
        case .string(let name): call.output.write(try registry.help(name))
        case .handle(let handle as FunctionHandle): call.output.write(try registry.help(handle.builtin.name))
        default: call.output.write(registry.helpIndex())
        }
        return .nothing
    }
}
