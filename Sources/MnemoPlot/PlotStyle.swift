/// How dots are packed into character cells on a canvas.
public enum CanvasKind: String, Sendable, Equatable, CaseIterable {
    /// Braille patterns: 2x4 dots per cell (the finest, needs unicode).
    case braille
    /// Quadrant block elements: 2x2 dots per cell (needs unicode).
    case block
    /// One dot per cell drawn with an ASCII glyph (always readable).
    case ascii
}

/// The rendering options shared by every plot: size, colour, charset and canvas.
public struct PlotStyle: Sendable, Equatable {
    /// Total columns a rendered line may use (axes and labels included).
    public var width: Int
    /// Rows of the data area of charts (the canvas height in character cells).
    public var height: Int
    /// Whether ANSI colour escapes are written.
    public var colour: Bool
    /// Which characters may be written.
    public var charset: Charset
    /// Requested canvas; `plain` charset always uses `.ascii`, whatever is asked.
    public var canvas: CanvasKind

    /// Creates a style; the canvas defaults to braille for unicode and ASCII for plain.
    public init(width: Int = MnemoPlotInfo.defaultWidth, height: Int = 15, colour: Bool = false,
                charset: Charset = .unicode, canvas: CanvasKind? = nil) {
        self.width = max(width, 20)
        self.height = max(height, 3)
        self.colour = colour
        self.charset = charset
        self.canvas = canvas ?? (charset == .unicode ? .braille : .ascii)
    }

    /// A style matching a detected terminal (plots use at most `height - 9` rows of it, at least 8).
    public init(terminal: TerminalInfo, height: Int? = nil, canvas: CanvasKind? = nil) {
        self.init(width: terminal.width, height: height ?? min(15, max(8, terminal.height - 9)),
                  colour: terminal.colour, charset: terminal.charset, canvas: canvas)
    }

    /// The canvas actually used: ASCII whenever the charset is plain.
    public var effectiveCanvas: CanvasKind { charset == .plain ? .ascii : canvas }

    var unicode: Bool { charset == .unicode }
}
