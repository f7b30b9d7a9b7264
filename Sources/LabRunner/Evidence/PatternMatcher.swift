import Foundation

/// Runs a regular expression with a deadline. ICU backtracks, and a pattern such as
/// `(.*a){20}` can take minutes on a few dozen characters; labspec stops it after
/// `budget` and says so — the expectation is then not judged, never "no match".
enum PatternMatcher {
    /// Per match attempt; documented in `specs/README.md`.
    static let budget: TimeInterval = 1

    enum Outcome {
        case match(NSTextCheckingResult)
        case noMatch
        /// The deadline passed before the engine decided.
        case exhausted
    }

    static func firstMatch(_ regex: NSRegularExpression, in text: String, budget: TimeInterval = budget) -> Outcome {
        let deadline = Date().addingTimeInterval(budget)
        var outcome = Outcome.noMatch
        regex.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) { match, _, stop in
            if let match {
                outcome = .match(match)
                stop.pointee = true
            } else if Date() > deadline {
                outcome = .exhausted
                stop.pointee = true
            }
        }
        return outcome
    }

    static func exhaustedMessage(_ pattern: String, length: Int) -> String {
        "/\(pattern)/ did not finish within \(Int(budget)) s on \(length) characters "
            + "(nested repetition makes some patterns backtrack without end); simplify the pattern"
    }

    /// Every match, within the same deadline, at most `limit` of them; nil when the
    /// deadline passed first.
    static func allMatches(_ regex: NSRegularExpression, in text: String, limit: Int = 100_000,
                           budget: TimeInterval = budget) -> [NSTextCheckingResult]? {
        let deadline = Date().addingTimeInterval(budget)
        var matches: [NSTextCheckingResult] = []
        var exhausted = false
        regex.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) { match, _, stop in
            if let match {
                matches.append(match)
                if matches.count >= limit { stop.pointee = true }
            } else if Date() > deadline {
                exhausted = true
                stop.pointee = true
            }
        }
        return exhausted ? nil : matches
    }
}
