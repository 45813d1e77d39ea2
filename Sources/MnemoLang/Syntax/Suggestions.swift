/// Finds the known name nearest to a misspelt one, for "did you mean" hints.
public enum Suggestions {
    /// The edit distance between `a` and `b` where insertion, deletion, substitution and the swap
    /// of two adjacent characters each cost 1 (optimal string alignment, a Damerau-Levenshtein variant).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { table[i][0] = i }
        for j in 0...t.count { table[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    best = min(best, table[i - 2][j - 2] + 1)
                }
                table[i][j] = best
            }
        }
        return table[s.count][t.count]
    }

    /// The largest distance still worth suggesting for a word of `length` characters:
    /// short words allow one edit, longer ones two, long ones three, so hints stay plausible.
    public static func threshold(forLength length: Int) -> Int {
        switch length {
        case ..<4: return 1
        case ..<8: return 2
        default: return 3
        }
    }

    /// The candidate nearest to `word` within the threshold, or nil. A case-only difference wins;
    /// ties go to the alphabetically first candidate, so hints are deterministic.
    public static func nearest<S: Sequence>(to word: String, among candidates: S) -> String? where S.Element == String {
        let lowered = word.lowercased()
        var best: (distance: Int, name: String)?
        for candidate in candidates where candidate != word {
            let distance = candidate.lowercased() == lowered ? 0 : editDistance(lowered, candidate.lowercased())
            guard distance <= threshold(forLength: word.count) else { continue }
            if let current = best, (current.distance, current.name) <= (distance, candidate) { continue }
            best = (distance, candidate)
        }
        return best?.name
    }

    /// ` (did you mean 'x'?)` when a near candidate exists, else the empty string.
    public static func hint<S: Sequence>(for word: String, among candidates: S) -> String where S.Element == String {
        guard let near = nearest(to: word, among: candidates) else { return "" }
        return " (did you mean '\(near)'?)"
    }
}
