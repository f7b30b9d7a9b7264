import Foundation

/// Validates regular expressions (ICU syntax, as `NSRegularExpression` reads them) when a
/// spec loads, so a bad pattern is a positioned error rather than a failure mid-run.
public enum RegexCheck {
    /// Nil when the pattern compiles; otherwise a short reason.
    public static func problem(in pattern: String) -> String? {
        do {
            _ = try NSRegularExpression(pattern: pattern)
            return nil
        } catch {
            return "the pattern does not compile (check brackets, parentheses and escapes)"
        }
    }

    /// The number of capture groups, or nil when the pattern does not compile.
    public static func groupCount(in pattern: String) -> Int? {
        (try? NSRegularExpression(pattern: pattern))?.numberOfCaptureGroups
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
}
