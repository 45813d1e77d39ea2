/// A grid of character cells addressed by dots: 2x4 dots per cell for braille, 2x2 for blocks,
/// 1x1 for ASCII. Dots are set with a colour; glyph overlays (series markers, clip arrows) win
/// over dots, and background glyphs (marker lines) show only in cells left empty.
public struct Canvas: Sendable {
    /// How dots are packed into cells.
    public let kind: CanvasKind
    /// Width in character cells.
    public let columns: Int
    /// Height in character cells.
    public let rows: Int

    private var masks: [UInt8]
    private var dotGlyphs: [Character?]
    private var colours: [AnsiColour?]
    private var overlays: [Character?]
    private var overlayColours: [AnsiColour?]
    private var backgrounds: [Character?]

    /// An empty canvas of `columns` x `rows` cells.
    public init(kind: CanvasKind, columns: Int, rows: Int) {
        self.kind = kind
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        let n = self.columns * self.rows
        masks = Array(repeating: 0, count: n)
        dotGlyphs = Array(repeating: nil, count: n)
        colours = Array(repeating: nil, count: n)
        overlays = Array(repeating: nil, count: n)
        overlayColours = Array(repeating: nil, count: n)
        backgrounds = Array(repeating: nil, count: n)
    }

    /// Dots per cell horizontally.
    public var dotsPerColumn: Int { kind == .ascii ? 1 : 2 }
    /// Dots per cell vertically.
    public var dotsPerRow: Int { kind == .braille ? 4 : (kind == .block ? 2 : 1) }
    /// Width in dots.
    public var dotWidth: Int { columns * dotsPerColumn }
    /// Height in dots.
    public var dotHeight: Int { rows * dotsPerRow }

    /// Sets the dot at (`x`, `y`), `y` counted from the top; `glyph` is what an ASCII cell shows.
    /// Dots outside the canvas are ignored, so callers may draw partly visible lines.
    public mutating func setDot(x: Int, y: Int, colour: AnsiColour? = nil, glyph: Character = "*") {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / dotsPerRow) * columns + x / dotsPerColumn
        masks[cell] |= Canvas.bit(kind, dx: x % dotsPerColumn, dy: y % dotsPerRow)
        dotGlyphs[cell] = glyph
        if colour != nil { colours[cell] = colour }
    }

    /// Draws a straight segment between two dot positions (inclusive).
    public mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), colour: AnsiColour? = nil,
                              glyph: Character = "*") {
        let steps = max(abs(b.x - a.x), abs(b.y - a.y))
        if steps == 0 { setDot(x: a.x, y: a.y, colour: colour, glyph: glyph); return }
        guard steps < 1_000_000 else { return }
        for i in 0...steps {
            let t = Double(i) / Double(steps)
            let x = Double(a.x) + t * Double(b.x - a.x), y = Double(a.y) + t * Double(b.y - a.y)
            setDot(x: Int(x.rounded()), y: Int(y.rounded()), colour: colour, glyph: glyph)
        }
    }

    /// Puts `glyph` in a cell, above any dots.
    public mutating func overlay(column: Int, row: Int, glyph: Character, colour: AnsiColour? = nil) {
        guard column >= 0, row >= 0, column < columns, row < rows else { return }
        overlays[row * columns + column] = glyph
        overlayColours[row * columns + column] = colour
    }

    /// Puts `glyph` in a cell only if nothing else is drawn there when rendering.
    public mutating func background(column: Int, row: Int, glyph: Character) {
        guard column >= 0, row >= 0, column < columns, row < rows else { return }
        backgrounds[row * columns + column] = glyph
    }

    /// Whether a cell has neither dots nor an overlay.
    public func isEmpty(column: Int, row: Int) -> Bool {
        let cell = row * columns + column
        return masks[cell] == 0 && overlays[cell] == nil
    }

    /// One row of cells as text, exactly `columns` characters wide (escapes aside).
    public func render(row: Int, colour: Bool) -> String {
        var out = ""
        var pending = ""
        var pendingColour: AnsiColour?
        func flush() {
            out += Ansi.paint(pending, pendingColour, on: colour)
            pending = ""
        }
        for column in 0..<columns {
            let cell = row * columns + column
            let (glyph, cellColour): (Character, AnsiColour?)
            if let o = overlays[cell] {
                (glyph, cellColour) = (o, overlayColours[cell])
            } else if masks[cell] != 0 {
                (glyph, cellColour) = (Canvas.glyph(kind, mask: masks[cell], ascii: dotGlyphs[cell]), colours[cell])
            } else {
                (glyph, cellColour) = (backgrounds[cell] ?? " ", nil)
            }
            if cellColour != pendingColour { flush(); pendingColour = cellColour }
            pending.append(glyph)
        }
        flush()
        return out
    }

    static func bit(_ kind: CanvasKind, dx: Int, dy: Int) -> UInt8 {
        switch kind {
        case .ascii: return 1
        case .block: return UInt8(1 << (dy * 2 + dx))
        case .braille:
            if dy == 3 { return dx == 0 ? 0x40 : 0x80 }
            return UInt8(1 << (dx * 3 + dy))
        }
    }

    static let quadrants: [Character] = [" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛",
                                         "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"]

    static func glyph(_ kind: CanvasKind, mask: UInt8, ascii: Character?) -> Character {
        switch kind {
        case .ascii: return ascii ?? "*"
        case .block: return quadrants[Int(mask & 0x0F)]
        case .braille: return Character(Unicode.Scalar(0x2800 + UInt32(mask)) ?? " ")
        }
    }
}
