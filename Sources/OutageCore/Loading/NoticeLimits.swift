import Yams

/// How much a notice may hold, after YAML aliases are expanded: a 30 KB notice whose `notes`
/// repeat one text through aliases made 2.5 GB of feeds, and 100,000 `dates` 7.6 GB. Each
/// bound is many times what a real notice needs (the largest bundled notice is 3.4 KB, three
/// windows), and `validate` names it when it refuses one.
public enum NoticeLimits {
    /// Characters in any one text (a title, a label, a note, a guidance text).
    public static let textCharacters = 2_000
    /// Characters in all of a notice's `notes` together: they are written into every event.
    public static let notesCharacters = 4_000
    /// Windows in one notice.
    public static let windows = 500
    /// Days in one all-day window's `dates`: a year.
    public static let daysPerWindow = 366
    /// Events one notice makes (a timed window is one, an all-day window one a day).
    public static let events = 2_000
    /// Characters in a whole YAML file once its aliases are expanded (any file OutageCal reads).
    public static let expandedCharacters = 1_000_000

    /// The characters `node` holds with every alias expanded, counted until `limit` is passed:
    /// nested aliases can stand for more than memory holds, so the count stops there.
    static func expandedCharacters(of node: Node, limit: Int) -> Int {
        var total = 0
        var stack: [Node] = [node]
        while let next = stack.popLast(), total <= limit {
            switch next {
            case .scalar(let scalar): total += scalar.string.utf16.count
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            case .alias: total += 1
            }
        }
        return total
    }
}
