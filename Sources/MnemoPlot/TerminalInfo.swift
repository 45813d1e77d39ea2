import Foundation

/// Which characters a renderer may use.
public enum Charset: Sendable, Equatable {
    /// Braille, block elements, box drawing and arrows.
    case unicode
    /// Seven-bit ASCII only (for logs, old terminals and non-UTF-8 locales).
    case plain
}

/// What the output device can show: its width, height, colour support and character set.
///
/// Built by `detect` from facts the caller gathered (environment, isatty, window size), so the
/// rules are testable without a terminal.
public struct TerminalInfo: Sendable, Equatable {
    /// Columns available for one line of output.
    public var width: Int
    /// Rows of the terminal (24 when unknown).
    public var height: Int
    /// Whether ANSI colour escapes may be written.
    public var colour: Bool
    /// Which characters may be written.
    public var charset: Charset

    /// Creates a description of a terminal.
    public init(width: Int = MnemoPlotInfo.defaultWidth, height: Int = 24, colour: Bool = false,
                charset: Charset = .unicode) {
        self.width = width
        self.height = height
        self.colour = colour
        self.charset = charset
    }

    /// Applies mnemo's output rules.
    ///
    /// - Width: the terminal's `columns` (or `COLUMNS`) on a TTY; a fixed 80 when not a TTY so
    ///   that piped output and reports are deterministic.
    /// - Colour: an explicit `colour` option wins; otherwise a non-empty `NO_COLOR` turns it off,
    ///   then `FORCE_COLOR` turns it on (unless it is `0`, `false`, `no`, `off` or `none`);
    ///   otherwise colour only on a TTY whose `TERM` is not `dumb`. `NO_COLOR` is checked before
    ///   `FORCE_COLOR` because it expresses the reader's wish, `FORCE_COLOR` a tool's default.
    /// - Charset: an explicit `plain` option wins; otherwise the first non-empty of `LC_ALL`,
    ///   `LC_CTYPE`, `LANG` decides: UTF-8 gives unicode, anything else (or nothing) plain ASCII.
    public static func detect(environment: [String: String], isTTY: Bool, columns: Int?,
                              lines: Int? = nil, colour explicitColour: Bool? = nil,
                              plain explicitPlain: Bool? = nil) -> TerminalInfo {
        let width: Int
        if isTTY {
            width = columns.flatMap(usableSize) ?? environment["COLUMNS"].flatMap(parseSize)
                ?? MnemoPlotInfo.defaultWidth
        } else {
            width = MnemoPlotInfo.defaultWidth
        }
        let height = isTTY ? (lines.flatMap(usableSize) ?? environment["LINES"].flatMap(parseSize) ?? 24) : 24
        return TerminalInfo(width: max(width, 20), height: max(height, 5),
                            colour: decideColour(environment, isTTY: isTTY, explicit: explicitColour),
                            charset: decideCharset(environment, explicitPlain: explicitPlain))
    }

    static func decideColour(_ env: [String: String], isTTY: Bool, explicit: Bool?) -> Bool {
        if let explicit { return explicit }
        if let no = env["NO_COLOR"], !no.isEmpty { return false }
        if let force = env["FORCE_COLOR"] {
            return !["0", "false", "no", "off", "none"].contains(force.lowercased())
        }
        return isTTY && env["TERM"] != "dumb"
    }

    static func decideCharset(_ env: [String: String], explicitPlain: Bool?) -> Charset {
        if let explicitPlain { return explicitPlain ? .plain : .unicode }
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { env[$0] }.first { !$0.isEmpty } ?? ""
        let normalised = locale.lowercased().replacingOccurrences(of: "-", with: "")
        return normalised.contains("utf8") ? .unicode : .plain
    }

    private static func parseSize(_ text: String) -> Int? {
        Int(text.trimmingCharacters(in: .whitespaces)).flatMap(usableSize)
    }

    private static func usableSize(_ value: Int) -> Int? { value > 0 ? value : nil }
}
