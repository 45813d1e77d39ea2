import Foundation

/// The numbers a cell printed that should come out the same when it is run again: used by
/// `mnemo replay --verify` to compare outputs without tripping on what legitimately changes.
///
/// Left out, because they differ from one run to the next by design:
/// - progress lines (any line with a rate such as `tok/s`, or with `ETA` or `elapsed`): how many are
///   printed, and at which steps, depends on the machine's speed;
/// - durations and speeds: a number followed by a time or rate unit (`1.2 s`, `350 ms`, `4.1k tok/s`);
/// - clock times and dates (`00:12`, `2026-12-06T03:04:05Z`);
/// - table columns whose header names a time or speed (`seconds`, `time`, `tok/s`; see `ReplayVerifier.isTiming`):
///   a table is a header line over a rule line of `─` or `-` runs, which give the columns' extents;
/// - ids of things the store numbers (`run 3`, `run #3`, `session 12`, `#7`, `id 4`).
public enum PrintedNumbers {
    /// The kept numbers of `text`, in order, as written.
    public static func scan(_ text: String) -> [String] {
        // `\r` redraws a progress line on a terminal: each redraw is a line of its own here.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" })
            .filter { !isProgressLine($0) }.map(String.init)
        var cleaned = blankingTimingColumns(lines).joined(separator: "\n")
        guard let number, let dateTime, let clock else { return [] }
        for pattern in [dateTime, clock] {
            cleaned = pattern.stringByReplacingMatches(in: cleaned, range: NSRange(cleaned.startIndex..., in: cleaned),
                                                       withTemplate: " ")
        }
        let range = NSRange(cleaned.startIndex..., in: cleaned)
        return number.matches(in: cleaned, range: range).compactMap { match -> String? in
            guard let tokenRange = Range(match.range(at: 1), in: cleaned) else { return nil }
            let before = cleaned[..<tokenRange.lowerBound]
            let after = cleaned[tokenRange.upperBound...]
            if isIdentifier(before) || isDurationOrRate(after) { return nil }
            return String(cleaned[tokenRange])
        }
    }

    /// Numbers preceded by `#`, or by the words run, session or id: store ids, new on every replay.
    private static func isIdentifier(_ before: Substring) -> Bool {
        if before.hasSuffix("#") { return true }
        let words = before.lowercased().split(whereSeparator: { !$0.isLetter })
        guard let last = words.last, before.last.map({ $0 == " " || $0 == "#" || $0 == "=" || $0 == ":" }) ?? false else {
            return false
        }
        return ["run", "runs", "session", "id"].contains(String(last))
    }

    /// The lines with the cells of timing columns blanked, in every table (header, rule, rows up to a blank line).
    static func blankingTimingColumns(_ lines: [String]) -> [String] {
        var result = lines.map { Array($0) }
        var index = 1
        while index < result.count {
            let rule = result[index]
            let isRule = rule.contains { $0 == "─" || $0 == "-" } && rule.allSatisfy { $0 == "─" || $0 == "-" || $0 == " " }
            guard isRule, rule.count > 1 else {
                index += 1
                continue
            }
            let header = result[index - 1]
            let timing = columnSpans(rule).filter { span in
                let name = String(header[min(span.lowerBound, header.count)..<min(span.upperBound, header.count)])
                    .trimmingCharacters(in: .whitespaces)
                return !name.isEmpty && (ReplayVerifier.isTiming(name) || ["s", "sec", "secs", "ms"].contains(name.lowercased()))
            }
            var row = index + 1
            while row < result.count, !result[row].allSatisfy({ $0 == " " }) {
                for span in timing where span.lowerBound < result[row].count {
                    for column in span.clamped(to: 0..<result[row].count) { result[row][column] = " " }
                }
                row += 1
            }
            index = row + 1
        }
        return result.map { String($0) }
    }

    /// The character ranges of the runs of `─`/`-` in a table's rule line.
    private static func columnSpans(_ rule: [Character]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var start: Int?
        for (offset, character) in rule.enumerated() {
            if character == " " {
                if let open = start { spans.append(open..<offset) }
                start = nil
            } else if start == nil {
                start = offset
            }
        }
        if let open = start { spans.append(open..<rule.count) }
        return spans
    }

    private static func isProgressLine(_ line: Substring) -> Bool {
        line.contains("/s") || line.contains("ETA") || line.contains("elapsed")
    }

    private static func isDurationOrRate(_ after: Substring) -> Bool {
        // A magnitude suffix glued to the number (`4.1k tok/s`) belongs to it.
        let unsuffixed = after.first.map { "kMG".contains($0) } ?? false ? after.dropFirst() : after
        let rest = unsuffixed.drop(while: { $0 == " " })
        let word = String(rest.prefix(while: { $0.isLetter || $0 == "/" || $0 == "µ" }))
        if word.hasSuffix("/s") || word.hasSuffix("/sec") { return true }
        return ["s", "ms", "us", "µs", "ns", "sec", "secs", "second", "seconds", "min", "mins", "minutes", "h"].contains(word)
    }

    // Constant patterns (a test checks what they match); `try?` only because the API throws.
    // A number not glued to a word: `x1` and `d128` are names, not numbers.
    private static let number = try? NSRegularExpression(
        pattern: #"(?<![A-Za-z_0-9.])(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"#)
    private static let dateTime = try? NSRegularExpression(
        pattern: #"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"#)
    private static let clock = try? NSRegularExpression(pattern: #"\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\b"#)
}
