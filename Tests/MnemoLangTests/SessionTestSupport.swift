@testable import MnemoLang

extension Session {
    /// The number `source` evaluates to, or an error naming what it gave instead.
    func number(_ source: String) throws -> Double {
        guard case .number(let x) = try evaluate(source) else { throw MnemoError(.type, "\(source) is not a number") }
        return x
    }
}
