import Foundation

/// A parsed run filter: conditions joined by `and`, e.g. `status = finished and metrics.loss < 2.0 and params.lr = 1e-4`.
///
/// Conditions on `params.X` and `metrics.X` only match runs that have that param or metric; metrics
/// compare their latest value (highest step). `~` is a case-insensitive substring test on text.
/// Names with spaces or operators are quoted with backticks or double quotes: ``metrics.`f1 score` > 0.5``.
public struct RunFilter: Sendable, Equatable {
    /// What a condition looks at.
    public enum Field: Sendable, Equatable {
        case status, name, kind, seed, id, session
        case param(String)
        case metric(String)
    }

    /// A comparison operator.
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case contains = "~"
    }

    /// The right-hand side as written; `number` is set when unquoted text reads as a number.
    public struct Value: Sendable, Equatable {
        public var text: String
        public var number: Double?
    }

    /// One `field op value` with the 1-based column where it starts.
    public struct Condition: Sendable, Equatable {
        public var field: Field
        public var op: Operator
        public var value: Value
        public var column: Int
    }

    /// The conditions, all of which must hold; empty matches every run.
    public var conditions: [Condition]

    /// Field names accepted before the operator (params.NAME and metrics.NAME besides).
    public static let plainFields = ["status", "name", "kind", "seed", "id", "session"]

    /// Parses a filter; errors are `StoreError.invalidFilter` naming the column and the problem.
    public static func parse(_ text: String) throws -> RunFilter {
        var parser = FilterParser(Array(text))
        return RunFilter(conditions: try parser.parseConditions())
    }
}

/// A hand-written scanner over characters so every error can name its column.
private struct FilterParser {
    let chars: [Character]
    var position = 0

    init(_ chars: [Character]) { self.chars = chars }

    private static let operatorChars: Set<Character> = ["=", "!", "<", ">", "~"]

    mutating func parseConditions() throws -> [RunFilter.Condition] {
        var conditions: [RunFilter.Condition] = []
        skipSpaces()
        if atEnd { return conditions }
        while true {
            conditions.append(try parseCondition())
            skipSpaces()
            if atEnd { return conditions }
            let column = position + 1
            let word = readWord()
            switch word.lowercased() {
            case "and", "&&":
                skipSpaces()
                if atEnd { throw fail(column, "expected a condition after '\(word)'") }
            case "or", "||":
                throw fail(column, "only 'and' can join conditions ('\(word)' is not supported)")
            default:
                throw fail(column, "expected 'and' between conditions, found '\(word)'")
            }
        }
    }

    private mutating func parseCondition() throws -> RunFilter.Condition {
        let column = position + 1
        var name = ""
        while !atEnd, !chars[position].isWhitespace, !Self.operatorChars.contains(chars[position]) {
            let quote = chars[position]
            guard quote == "`" || quote == "\"" else {
                name.append(quote)
                position += 1
                continue
            }
            // Quoted parts let keys hold spaces or operators: metrics.`f1 score`.
            let quoteColumn = position + 1
            position += 1
            while !atEnd, chars[position] != quote {
                name.append(chars[position])
                position += 1
            }
            if atEnd { throw fail(quoteColumn, "unterminated name starting here (add a closing \(quote))") }
            position += 1
        }
        if name.isEmpty {
            let before = atEnd || chars[position].isWhitespace ? "" : " before '\(chars[position])'"
            throw fail(column, "expected a field name\(before)")
        }
        let field = try Self.field(name, column: column)
        skipSpaces()
        let opColumn = position + 1
        guard let op = readOperator() else {
            let found = atEnd ? "end of filter" : "'\(chars[position])'"
            throw fail(opColumn, "expected an operator (= != < <= > >= ~) after '\(name)', found \(found)")
        }
        skipSpaces()
        let valueColumn = position + 1
        let value = try readValue(after: op)
        try Self.check(field, name: name, op: op, value: value, opColumn: opColumn, valueColumn: valueColumn)
        return RunFilter.Condition(field: field, op: op, value: value, column: column)
    }

    private static func field(_ name: String, column: Int) throws -> RunFilter.Field {
        let lower = name.lowercased()
        for (prefix, isParam) in [("params.", true), ("param.", true), ("metrics.", false), ("metric.", false)]
        where lower.hasPrefix(prefix) {
            let key = String(name.dropFirst(prefix.count))
            if key.isEmpty { throw fail(column, "'\(name)' needs a name after the dot, e.g. \(prefix)lr") }
            return isParam ? .param(key) : .metric(key)
        }
        switch lower {
        case "status": return .status
        case "name": return .name
        case "kind": return .kind
        case "seed": return .seed
        case "id": return .id
        case "session": return .session
        default:
            let known = RunFilter.plainFields + ["params.NAME", "metrics.NAME"]
            let hint = Suggest.nearest(lower, among: RunFilter.plainFields).map { " (did you mean '\($0)'?)" }
                ?? " (fields: \(known.joined(separator: ", ")))"
            throw fail(column, "unknown field '\(name)'\(hint)")
        }
    }

    private static func check(_ field: RunFilter.Field, name: String, op: RunFilter.Operator, value: RunFilter.Value,
                              opColumn: Int, valueColumn: Int) throws {
        switch field {
        case .seed, .id, .session, .metric:
            if op == .contains { throw fail(opColumn, "'~' needs a text field, but '\(name)' is a number") }
            if value.number == nil { throw fail(valueColumn, "'\(name)' compares with a number, found '\(value.text)'") }
        case .status:
            if op != .contains, RunStatus(rawValue: value.text.lowercased()) == nil {
                let statuses = RunStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(valueColumn, "unknown status '\(value.text)' (\(statuses))")
            }
        case .name, .kind, .param:
            break
        }
    }

    private mutating func readOperator() -> RunFilter.Operator? {
        guard !atEnd else { return nil }
        let next = position + 1 < chars.count ? chars[position + 1] : nil
        let two = next.map { String([chars[position], $0]) }
        if let two, let op = ["<=": RunFilter.Operator.lessOrEqual, ">=": .greaterOrEqual, "!=": .notEqual,
                              "==": .equal, "<>": .notEqual][two] {
            position += 2
            return op
        }
        guard let op = RunFilter.Operator(rawValue: String(chars[position])) else { return nil }
        position += 1
        return op
    }

    private mutating func readValue(after op: RunFilter.Operator) throws -> RunFilter.Value {
        let column = position + 1
        guard !atEnd else { throw fail(column, "expected a value after '\(op.rawValue)'") }
        let quote = chars[position]
        if quote == "'" || quote == "\"" {
            position += 1
            var text = ""
            while !atEnd, chars[position] != quote {
                // A backslash keeps the next character, so quotes can appear inside.
                if chars[position] == "\\", position + 1 < chars.count { position += 1 }
                text.append(chars[position])
                position += 1
            }
            if atEnd { throw fail(column, "unterminated string starting here (add a closing \(quote))") }
            position += 1
            return RunFilter.Value(text: text, number: nil)
        }
        let word = readWord()
        if let stray = word.first(where: { Self.operatorChars.contains($0) }) {
            throw fail(column, "unexpected '\(stray)' in value '\(word)' (quote values that contain operators)")
        }
        return RunFilter.Value(text: word, number: NumericText.number(word))
    }

    private mutating func readWord() -> String {
        var word = ""
        while !atEnd, !chars[position].isWhitespace {
            word.append(chars[position])
            position += 1
        }
        return word
    }

    private var atEnd: Bool { position >= chars.count }

    private mutating func skipSpaces() {
        while !atEnd, chars[position].isWhitespace { position += 1 }
    }

    private static func fail(_ column: Int, _ message: String) -> StoreError {
        .invalidFilter(column: column, message: message)
    }

    private func fail(_ column: Int, _ message: String) -> StoreError { Self.fail(column, message) }
}
