import Testing
@testable import MnemoStore

@Test func moduleLoads() { #expect(Bool(true)) }
