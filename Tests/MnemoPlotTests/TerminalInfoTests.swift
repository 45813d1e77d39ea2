import Testing
@testable import MnemoPlot

private let utf8 = ["LANG": "en_US.UTF-8"]

@Test func notATTYIsEightyColumnsWithoutColour() {
    let info = TerminalInfo.detect(environment: utf8.merging(["COLUMNS": "132"]) { $1 }, isTTY: false, columns: 200)
    #expect(info.width == 80)
    #expect(info.colour == false)
}

@Test func ttyUsesTerminalWidthThenColumns() {
    #expect(TerminalInfo.detect(environment: ["COLUMNS": "132"], isTTY: true, columns: 100).width == 100)
    #expect(TerminalInfo.detect(environment: ["COLUMNS": "132"], isTTY: true, columns: nil).width == 132)
    #expect(TerminalInfo.detect(environment: ["COLUMNS": "junk"], isTTY: true, columns: nil).width == 80)
    #expect(TerminalInfo.detect(environment: [:], isTTY: true, columns: 0).width == 80)
}

@Test func colourOnlyOnATTY() {
    #expect(TerminalInfo.detect(environment: [:], isTTY: true, columns: 80).colour)
    #expect(!TerminalInfo.detect(environment: [:], isTTY: false, columns: 80).colour)
    #expect(!TerminalInfo.detect(environment: ["TERM": "dumb"], isTTY: true, columns: 80).colour)
}

@Test func noColorAndForceColorPrecedence() {
    #expect(!TerminalInfo.detect(environment: ["NO_COLOR": "1"], isTTY: true, columns: 80).colour)
    #expect(TerminalInfo.detect(environment: ["NO_COLOR": ""], isTTY: true, columns: 80).colour)
    #expect(TerminalInfo.detect(environment: ["FORCE_COLOR": "1"], isTTY: false, columns: 80).colour)
    #expect(!TerminalInfo.detect(environment: ["FORCE_COLOR": "0"], isTTY: true, columns: 80).colour)
    #expect(!TerminalInfo.detect(environment: ["FORCE_COLOR": "false"], isTTY: true, columns: 80).colour)
    // The reader's NO_COLOR wins over a tool's FORCE_COLOR.
    #expect(!TerminalInfo.detect(environment: ["NO_COLOR": "1", "FORCE_COLOR": "1"], isTTY: true, columns: 80).colour)
}

@Test func explicitOptionOverridesEnvironment() {
    #expect(TerminalInfo.detect(environment: ["NO_COLOR": "1"], isTTY: false, columns: nil, colour: true).colour)
    #expect(!TerminalInfo.detect(environment: ["FORCE_COLOR": "1"], isTTY: true, columns: nil, colour: false).colour)
    #expect(TerminalInfo.detect(environment: utf8, isTTY: true, columns: nil, plain: true).charset == .plain)
    #expect(TerminalInfo.detect(environment: ["LANG": "C"], isTTY: true, columns: nil, plain: false).charset == .unicode)
}

@Test func plainASCIIWhenLocaleIsNotUTF8() {
    #expect(TerminalInfo.detect(environment: utf8, isTTY: false, columns: nil).charset == .unicode)
    #expect(TerminalInfo.detect(environment: ["LC_ALL": "de_DE.utf8"], isTTY: false, columns: nil).charset == .unicode)
    #expect(TerminalInfo.detect(environment: ["LANG": "C"], isTTY: false, columns: nil).charset == .plain)
    #expect(TerminalInfo.detect(environment: [:], isTTY: false, columns: nil).charset == .plain)
    // LC_ALL comes first, then LC_CTYPE, then LANG.
    #expect(TerminalInfo.detect(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"], isTTY: false, columns: nil).charset == .plain)
    #expect(TerminalInfo.detect(environment: ["LC_CTYPE": "en_US.UTF-8", "LANG": "C"], isTTY: false, columns: nil).charset == .unicode)
}

@Test func plainStyleAlwaysUsesTheASCIICanvas() {
    let info = TerminalInfo.detect(environment: ["LANG": "C"], isTTY: false, columns: nil)
    let style = PlotStyle(terminal: info, canvas: .braille)
    #expect(style.effectiveCanvas == .ascii)
    #expect(PlotStyle(width: 80).effectiveCanvas == .braille)
}
