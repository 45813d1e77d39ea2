/// ANSI SGR colours used by the renderers.
public enum AnsiColour: Sendable, Equatable {
    /// One of the 16 basic colours, as its SGR foreground code (30...37, 90...97).
    case basic(Int)
    /// An entry of the 256-colour palette.
    case palette(Int)

    /// Colours given to series in order, chosen to stay distinct on dark and light backgrounds.
    public static let seriesCycle: [AnsiColour] = [.basic(34), .basic(31), .basic(32), .basic(33),
                                                  .basic(35), .basic(36)]

    var foreground: String {
        switch self {
        case .basic(let code): return "\u{1B}[\(code)m"
        case .palette(let index): return "\u{1B}[38;5;\(index)m"
        }
    }

    var background: String {
        switch self {
        case .basic(let code): return "\u{1B}[\(code + 10)m"
        case .palette(let index): return "\u{1B}[48;5;\(index)m"
        }
    }
}

/// Wraps text in escapes only when colour is on, so colour-off output is plain text.
enum Ansi {
    static let reset = "\u{1B}[0m"

    static func paint(_ text: String, _ colour: AnsiColour?, on: Bool) -> String {
        guard on, let colour, !text.isEmpty else { return text }
        return colour.foreground + text + reset
    }

    static func paint(_ text: String, foreground: AnsiColour?, background: AnsiColour?, on: Bool) -> String {
        guard on, foreground != nil || background != nil else { return text }
        return (foreground?.foreground ?? "") + (background?.background ?? "") + text + reset
    }
}

/// Builds a line from pieces, opening a new escape only when the colours change.
struct ColourRuns {
    let on: Bool
    private(set) var text = ""
    private var pending = ""
    private var colours: (AnsiColour?, AnsiColour?) = (nil, nil)

    init(on: Bool) { self.on = on }

    mutating func append(_ piece: String, foreground: AnsiColour?, background: AnsiColour?) {
        if foreground != colours.0 || background != colours.1 {
            flush()
            colours = (foreground, background)
        }
        pending += piece
    }

    private mutating func flush() {
        text += Ansi.paint(pending, foreground: colours.0, background: colours.1, on: on)
        pending = ""
    }

    /// The finished line.
    var result: String {
        var copy = self
        copy.flush()
        return copy.text
    }
}
