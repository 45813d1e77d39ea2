import Testing
@testable import MnemoLang

@Test func moduleLoads() { #expect(Bool(true)) }
