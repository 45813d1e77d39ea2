import Testing
@testable import MnemoPlot

@Test func moduleLoads() { #expect(Bool(true)) }
