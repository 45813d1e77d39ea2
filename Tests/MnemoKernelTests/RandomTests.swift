import Testing
@testable import MnemoKernel

@Test func seededRandomIsDeterministic() {
    var a = SeededRandom(seed: 1), b = SeededRandom(seed: 1), c = SeededRandom(seed: 2)
    let xa = (0..<4).map { _ in a.next() }, xb = (0..<4).map { _ in b.next() }, xc = (0..<4).map { _ in c.next() }
    #expect(xa == xb)
    #expect(xa != xc)
}
