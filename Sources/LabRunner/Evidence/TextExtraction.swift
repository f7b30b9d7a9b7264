import Foundation
import JMESPath
import LabSpec

/// `extract:` — every match of a pattern in a text artifact as a JSON array, so ordinary
/// queries count, sum, compare and order what logs and transcripts say. A match is an
/// object of its named groups, numbers as numbers (`(?<mib>\d+)` gives `{"mib": 12}`);
/// a pattern without named groups gives each matched text.
enum TextExtraction {
    struct Problem: Error {
        var message: String
    }

    static func matches(of pattern: Pattern, in text: String, variables: Variables) -> Result<JSONValue, Problem> {
        let source = pattern.filled { variables[$0] }
        guard let regex = RegexCache.shared.regex(source) else {
            return .failure(Problem(message: "/\(pattern.source)/ does not compile"))
        }
        guard let matches = PatternMatcher.allMatches(regex, in: text) else {
            return .failure(Problem(message: PatternMatcher.exhaustedMessage(pattern.source, length: text.count)))
        }
        let names = groupNames(in: source)
        let values = matches.map { match -> JSONValue in
            guard !names.isEmpty else { return .string(substring(match.range, in: text) ?? "") }
            var object = JSONObject()
            for name in names {
                let range = match.range(withName: name)
                object[name] = substring(range, in: text).map(typed) ?? .null
            }
            return .object(object)
        }
        return .success(.array(values))
    }

    /// `(?<name>…)` group names, in order.
    static func groupNames(in pattern: String) -> [String] {
        guard let finder = RegexCache.shared.regex("\\(\\?<([A-Za-z][A-Za-z0-9]*)>") else { return [] }
        return finder.matches(in: pattern, range: NSRange(pattern.startIndex..., in: pattern)).compactMap {
            substring($0.range(at: 1), in: pattern)
        }
    }

    private static func substring(_ range: NSRange, in text: String) -> String? {
        guard range.location != NSNotFound, let bounds = Range(range, in: text) else { return nil }
        return String(text[bounds])
    }

    /// A group's text as a number when it is one.
    private static func typed(_ text: String) -> JSONValue {
        if let integer = Int(text) { return .int(integer) }
        if let number = Double(text), number.isFinite, text.contains(where: \.isNumber) { return .double(number) }
        return .string(text)
    }
}
