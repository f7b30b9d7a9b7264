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
}
