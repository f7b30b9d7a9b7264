import Foundation
import JMESPath

/// The secret values a run masked, known only by salted SHA-256 digests: `manifest.json`
/// keeps them so that `verify` and replays — which never learn a secret's value — can
/// still mask it wherever it turns up whole: a word, a quoted text or a JSON string
/// (decoded first, so `"pa\"ss"` is found as `pa"ss`).
///
/// A digest proves nothing about a secret that guessing would not: a short or common
/// secret can be found by hashing candidates with the recorded salt. Masking by value
/// is the protection; the digests only let a later reader repeat it.
public struct SecretDigests: Sendable, Equatable {
    /// 32 hex digits, fresh for each run and written beside the digests.
    public var salt: String
    public var digests: Set<String>

    public init(salt: String, digests: Set<String> = []) {
        self.salt = salt
        self.digests = digests
    }

    /// A fresh random salt.
    public static func freshSalt() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    public func digest(_ value: some StringProtocol) -> String {
        SHA256.hex(Array(salt.utf8) + Array(value.utf8))
    }

    /// These digests and those of `values`.
    public func adding(_ values: some Sequence<String>) -> SecretDigests {
        SecretDigests(salt: salt, digests: digests.union(values.filter { !$0.isEmpty }.map { digest($0) }))
    }

    /// How the manifest writes them.
    public var json: JSONValue {
        var object = JSONObject()
        object["hash"] = .string("sha256")
        object["salt"] = .string(salt)
        object["values"] = .array(digests.sorted().map { .string($0) })
        return .object(object)
    }

    /// Reads the manifest's `masked` entry; nil when it is absent or not of this shape.
    public init?(json: JSONValue?) {
        guard case .object(let object)? = json, case .string("sha256")? = object["hash"],
              case .string(let salt)? = object["salt"], !salt.isEmpty,
              case .array(let values)? = object["values"] else { return nil }
        var digests = Set<String>()
        for case .string(let digest) in values where digest.count == 64 { digests.insert(digest.lowercased()) }
        self.init(salt: salt, digests: digests)
    }

    /// Values longer than this are never looked up: a secret is a token, not a document.
    static let longestCandidate = 4096
    /// Characters that end a word: blanks and the punctuation of JSON, shells, XML, URLs.
    private static let delimiters = Set<Character>(" \t\r\n\"'`,;:=()[]{}<>|&/\\?#")

    /// `text` with every whole word, quoted text or JSON string whose digest is recorded
    /// replaced by `mask`.
    public func mask(_ text: String, with mask: String) -> String {
        guard !digests.isEmpty else { return text }
        var result = maskQuoted(text, with: mask)
        result = maskWords(result, with: mask)
        return result
    }

    private func matches(_ candidate: some StringProtocol) -> Bool {
        !candidate.isEmpty && candidate.utf8.count <= Self.longestCandidate && digests.contains(digest(candidate))
    }

    /// Text between double quotes (read as a JSON string) or single quotes (as a shell
    /// word, `'\''` standing for a quote).
    private func maskQuoted(_ text: String, with mask: String) -> String {
        var result = ""
        var index = text.startIndex
        while let open = text[index...].firstIndex(where: { $0 == "\"" || $0 == "'" }) {
            let quote = text[open]
            guard let close = closingQuote(quote, in: text, after: open) else { break }
            let inner = text[text.index(after: open)..<close]
            result += text[index...open]
            result += matches(decoded(inner, quote: quote)) ? mask : String(inner)
            result.append(quote)
            index = text.index(after: close)
        }
        return result + text[index...]
    }

    private func closingQuote(_ quote: Character, in text: String, after open: String.Index) -> String.Index? {
        var index = text.index(after: open)
        while index < text.endIndex {
            if quote == "\"", text[index] == "\\" {
                index = text.index(after: index)
                if index < text.endIndex { index = text.index(after: index) }
                continue
            }
            if text[index] == quote { return index }
            index = text.index(after: index)
        }
        return nil
    }

    private func decoded(_ inner: Substring, quote: Character) -> String {
        guard quote == "\"" else { return String(inner) }
        if case .string(let value)? = try? JSONValue(parsing: "\"" + inner + "\"") { return value }
        return String(inner)
    }

    private func maskWords(_ text: String, with mask: String) -> String {
        var result = ""
        var word = ""
        for character in text {
            if Self.delimiters.contains(character) {
                result += matches(word) ? mask : word
                result.append(character)
                word = ""
            } else {
                word.append(character)
            }
        }
        return result + (matches(word) ? mask : word)
    }
}
