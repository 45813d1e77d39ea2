import CEditLine
import Foundation
import MnemoLang

/// What one read from the line editor gave.
enum LineInput: Equatable {
    /// A line the user entered (without its newline).
    case line(String)
    /// Ctrl-C at the prompt: the line was dropped.
    case interrupted
    /// Ctrl-D on an empty line (or the terminal went away).
    case endOfInput
}

/// The thin libedit layer: `readline` with a prompt, history entries, and Tab completion from a
/// completer function. libedit's state is global, so there is one editor per process.
final class LineEditor {
    /// The editor whose completer the C callback asks (C callbacks cannot capture context).
    private static var current: LineEditor?
    /// Candidates of the completion in progress, handed to libedit one by one.
    private static var candidates: [String] = []

    private let completer: (String) -> REPLCompletion

    /// Sets up libedit: UTF-8 aware editing, `history` loaded oldest first, Tab calling `completer`
    /// with the text before the cursor.
    init(history: [String], completer: @escaping (String) -> REPLCompletion) {
        self.completer = completer
        LineEditor.useUTF8Locale()
        mnemo_set_readline_name("mnemo")
        using_history()
        for entry in history { add_history(entry) }
        // Everything that cannot be part of a dotted name ends a word, so `corpus.syn` and `.hel`
        // are completed whole and `pretrain(lr` completes `lr`.
        mnemo_set_basic_word_break_characters(LineEditor.wordBreaks)
        mnemo_set_completion(LineEditor.attemptCompletion)
        LineEditor.current = self
    }

    /// Character handling from the environment's locale, or C.UTF-8 when that is the plain C
    /// locale (unset `LANG` in containers): without it libedit edits UTF-8 byte by byte.
    private static func useUTF8Locale() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
        if chosen == "C" || chosen == "POSIX" { _ = setlocale(LC_CTYPE, "C.UTF-8") }
    }

    private static let wordBreaks: UnsafePointer<CChar> = {
        UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{(}[]),:+-*/?#!%^~"))
    }()

    /// Reads one line with `prompt`.
    func read(prompt: String) -> LineInput {
        _ = InterruptHandler.takeInterrupt()
        errno = 0
        guard let raw = readline(prompt) else {
            return InterruptHandler.takeInterrupt() || errno == EINTR ? .interrupted : .endOfInput
        }
        defer { free(raw) }
        if InterruptHandler.takeInterrupt() { return .interrupted }
        return .line(String(cString: raw))
    }

    /// Adds an entry (a whole block for a multi-line statement) to the in-memory history.
    func addHistory(_ entry: String) { add_history(entry) }

    /// libedit's completion hook: the candidates for the text before the cursor.
    private static let attemptCompletion: mnemo_completion_fn = { text, _, end in
        mnemo_set_attempted_completion_over(1)  // never fall back to libedit's file names
        guard let editor = LineEditor.current, let text, let buffer = mnemo_line_buffer() else { return nil }
        // libedit counts `end` in characters (code points) of the line.
        let line = String(cString: buffer)
        let beforeCursor = String(line.unicodeScalars.prefix(Int(end)))
        let completion = editor.completer(beforeCursor)
        guard !completion.candidates.isEmpty else { return nil }
        // libedit replaces only its own word, which starts after the last break character; our
        // word may start earlier (`my-file` for a file name), so drop that head from each candidate.
        let extra = completion.word.count - String(cString: text).count
        candidates = completion.candidates.map { extra > 0 ? String($0.dropFirst(extra)) : $0 }
        // A completed dot-command is followed by a space for its argument; names, named
        // arguments (`lr:`) and paths go on without one.
        let typed = beforeCursor.drop { $0 == " " || $0 == "\t" }
        let completingCommand = typed.hasPrefix(".") && !typed.contains(" ")
        mnemo_set_completion_append_character(completingCommand && candidates.count == 1 ? 32 : 0)
        return rl_completion_matches(text, LineEditor.generate)
    }

    /// Hands libedit the `state`-th candidate (it frees the copy).
    private static let generate: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        let index = Int(state)
        guard index >= 0, index < candidates.count else { return nil }
        return strdup(candidates[index])
    }
}
