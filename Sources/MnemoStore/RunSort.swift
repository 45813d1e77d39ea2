import Foundation

/// One sort key for run listings: a field and a direction; runs lacking the value sort last either way.
public struct RunSortKey: Sendable, Equatable {
    /// What to sort by.
    public enum Field: Sendable, Equatable {
        case id, name, kind, status, seed, session, started, ended
        case param(String)
        case metric(String)
    }
    public var field: Field
    public var descending: Bool

    /// Sort keys accepted besides params.NAME and metrics.NAME.
    public static let plainFields = ["id", "name", "kind", "status", "seed", "session", "started", "ended"]

    /// Parses `started`, `-metrics.loss`, `+name`, or several separated by commas (`status,-metrics.loss`).
    public static func parseList(_ text: String) throws -> [RunSortKey] {
        try text.split(separator: ",").map { try parse(String($0).trimmingCharacters(in: .whitespaces)) }
    }

    /// Parses one key; a leading `-` means descending, `+` (or nothing) ascending.
    public static func parse(_ text: String) throws -> RunSortKey {
        var body = Substring(text)
        var descending = false
        if body.first == "-" || body.first == "+" {
            descending = body.first == "-"
            body = body.dropFirst()
        }
        let name = String(body)
        let lower = name.lowercased()
        for (prefix, isParam) in [("params.", true), ("param.", true), ("metrics.", false), ("metric.", false)]
        where lower.hasPrefix(prefix) && lower.count > prefix.count {
            let key = String(name.dropFirst(prefix.count))
            return RunSortKey(field: isParam ? .param(key) : .metric(key), descending: descending)
        }
        let fields: [String: Field] = ["id": .id, "name": .name, "kind": .kind, "status": .status, "seed": .seed,
                                       "session": .session, "started": .started, "ended": .ended]
        guard let field = fields[lower] else { throw StoreError.invalidSort(text) }
        return RunSortKey(field: field, descending: descending)
    }
}
