import Testing
@testable import MnemoREPL

@Test func promptIsSet() { #expect(REPLInfo.prompt.hasPrefix("mnemo")) }
