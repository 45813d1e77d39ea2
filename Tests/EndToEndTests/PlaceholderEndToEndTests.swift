import Testing
import Foundation

@Test func placeholderEndToEnd() { #expect(Bool(true)) }
