import Foundation
import GRDB

/// Reads text parameters as numbers for filters, so `params.lr = 1e-4` matches a stored "0.0001".
enum NumericText {
    /// `mnemo_number(x)`: x as a REAL when it is a number or numeric text, else NULL (never 0 for "abc").
    static let sqlFunction = DatabaseFunction("mnemo_number", argumentCount: 1, pure: true) { values in
        switch values[0].storage {
        case .int64(let int): return Double(int)
        case .double(let double): return double
        case .string(let text): return number(text)
        case .null, .blob: return nil
        }
    }

    /// Parses a decimal or scientific number; nil for anything else, including "nan" and "inf" words.
    static func number(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.unicodeScalars.first,
              CharacterSet(charactersIn: "0123456789+-.").contains(first),
              let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }
}
