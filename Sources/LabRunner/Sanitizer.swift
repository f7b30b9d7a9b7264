import Foundation

/// Replaces GUIDs (subscription, tenant, principal and resource IDs, with or without
/// hyphens) and e-mail addresses in what an evidence pack records. The same value gets
/// the same stand-in in every file, so artifacts still compare with one another:
/// the first GUID seen becomes `00000000-0000-0000-0000-000000000001`, the first
/// address `user1@example.invalid`.
public final class Sanitizer: @unchecked Sendable {
    private let lock = NSLock()
    private var guids: [String: Int] = [:]
    private var emails: [String: Int] = [:]

    // Neither form may touch a longer run of hex digits.
    private static let guid = try? NSRegularExpression(
        pattern: "(?<![0-9A-Fa-f-])([0-9A-Fa-f]{8})-?([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{12})(?![0-9A-Fa-f-])")
    private static let email = try? NSRegularExpression(pattern: "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")

    public init() {}

    /// How many distinct values were replaced, for the manifest.
    public var counts: (guids: Int, emails: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (guids.count, emails.count)
    }

    public func callAsFunction(_ text: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        var result = replace(Self.email, in: text) { match in
            "user\(self.number(for: match.lowercased(), in: &self.emails))@example.invalid"
        }
        result = replace(Self.guid, in: result) { match in
            let hex = match.replacingOccurrences(of: "-", with: "").lowercased()
            // All zeros is already a stand-in.
            if hex.allSatisfy({ $0 == "0" }) { return match }
            let digits = String(self.number(for: hex, in: &self.guids), radix: 16)
            let stand = String(repeating: "0", count: 32 - digits.count) + digits
            guard match.contains("-") else { return stand }
            let parts = [8, 4, 4, 4, 12].reduce(into: (parts: [String](), rest: Substring(stand))) { state, length in
                state.parts.append(String(state.rest.prefix(length)))
                state.rest = state.rest.dropFirst(length)
            }.parts
            return parts.joined(separator: "-")
        }
        return result
    }

    private func number(for key: String, in table: inout [String: Int]) -> Int {
        if let known = table[key] { return known }
        table[key] = table.count + 1
        return table.count
    }

    private func replace(_ regex: NSRegularExpression?, in text: String, with stand: (String) -> String) -> String {
        guard let regex else { return text }
        let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
        guard !matches.isEmpty else { return text }
        var result = ""
        var cursor = text.startIndex
        for match in matches {
            guard let range = Range(match.range, in: text) else { continue }
            result += text[cursor..<range.lowerBound]
            result += stand(String(text[range]))
            cursor = range.upperBound
        }
        result += text[cursor...]
        return result
    }
}
