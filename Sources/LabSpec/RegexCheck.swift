import Foundation

/// Validates regular expressions (ICU syntax, as `NSRegularExpression` reads them) when a
/// spec loads, so a bad pattern is a positioned error rather than a failure mid-run.
public enum RegexCheck {
    /// Nil when the pattern compiles; otherwise a short reason.
    public static func problem(in pattern: String) -> String? {
        RegexCache.shared.regex(pattern) == nil ? "the pattern does not compile (check brackets, parentheses and escapes)" : nil
    }

    /// The number of capture groups, or nil when the pattern does not compile.
    public static func groupCount(in pattern: String) -> Int? {
        RegexCache.shared.regex(pattern)?.numberOfCaptureGroups
    }

    /// The group numbers a replacement template uses: `$1-$2` gives [1, 2]; `\$` is a
    /// literal dollar sign.
    public static func groupReferences(in template: String) -> [Int] {
        var numbers: [Int] = []
        var scalars = template.unicodeScalars.makeIterator()
        var pending: UnicodeScalar? = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if scalar == "\\" {
                pending = scalars.next()
            } else if scalar == "$" {
                var digits = ""
                while let next = pending, ("0"..."9").contains(next) {
                    digits.unicodeScalars.append(next)
                    pending = scalars.next()
                }
                if let number = Int(digits) { numbers.append(number) }
            }
        }
        return numbers
    }

    /// Whether a repeated group holds an unbounded repetition of its own — `(a*)*`,
    /// `(.*a){20}`, `(\\w+)+` — the shape that makes a backtracking engine take
    /// exponential time on text that almost matches.
    public static func hasNestedRepetition(_ pattern: String) -> Bool {
        let scalars = Array(pattern.unicodeScalars)
        var unboundedInside: [Bool] = []
        var index = 0
        func quantifier(at position: Int) -> (repeats: Bool, unbounded: Bool, length: Int)? {
            guard position < scalars.count else { return nil }
            switch scalars[position] {
            case "*", "+": return (true, true, 1)
            case "?": return (false, false, 1)
            case "{":
                guard let close = scalars[position...].firstIndex(of: "}") else { return nil }
                let body = String(String.UnicodeScalarView(scalars[(position + 1)..<close]))
                let bounds = body.split(separator: ",", omittingEmptySubsequences: false)
                guard let low = Int(bounds.first ?? "") else { return nil }
                let high = bounds.count == 1 ? low : Int(bounds[1])
                return (high.map { $0 > 1 } ?? true, high == nil, close - position + 1)
            default: return nil
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\":
                index += 2
                if let found = quantifier(at: index), found.unbounded, !unboundedInside.isEmpty {
                    unboundedInside[unboundedInside.count - 1] = true
                }
                continue
            case "[":
                // A character class is one item; skip to its end.
                var end = index + 1
                if end < scalars.count, scalars[end] == "^" { end += 1 }
                if end < scalars.count, scalars[end] == "]" { end += 1 }
                while end < scalars.count, scalars[end] != "]" { end += scalars[end] == "\\" ? 2 : 1 }
                index = end + 1
                if let found = quantifier(at: index), found.unbounded, !unboundedInside.isEmpty {
                    unboundedInside[unboundedInside.count - 1] = true
                }
                continue
            case "(":
                unboundedInside.append(false)
            case ")":
                let inner = unboundedInside.popLast() ?? false
                if let found = quantifier(at: index + 1) {
                    if inner, found.repeats { return true }
                    if found.unbounded, !unboundedInside.isEmpty { unboundedInside[unboundedInside.count - 1] = true }
                }
                if inner, !unboundedInside.isEmpty { unboundedInside[unboundedInside.count - 1] = true }
            default:
                if let found = quantifier(at: index + 1), found.unbounded, !unboundedInside.isEmpty,
                   scalar != "*", scalar != "+", scalar != "?", scalar != "}" {
                    unboundedInside[unboundedInside.count - 1] = true
                }
            }
            index += 1
        }
        return false
    }
}
