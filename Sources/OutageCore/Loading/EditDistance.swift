/// How many single-character insertions, deletions and substitutions turn one word into another
/// (Levenshtein): how every file and flag reader finds the key a typo meant (`did you mean …?`).
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        between(Array(a), Array(b))
    }

    static func between(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
