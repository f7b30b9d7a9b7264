import Foundation
import JMESPath
import LabSpec

/// How an artifact's text is read, decided by its file name and never guessed from its
/// content: `.json` is JSON (or, when every non-empty line is a JSON value, as
/// `az containerapp logs show` prints, the array of those values); `.jsonl`/`.ndjson`
/// is JSON Lines; `.yaml`/`.yml` is YAML; anything else is text. A step that records no
/// output artifact is read as JSON, which is what `az` prints under `--output json`.
public enum ArtifactFormat: String, Sendable, CaseIterable {
    case json
    case jsonLines = "json-lines"
    case yaml
    case text

    public init(fileName: String?) {
        guard let fileName else {
            self = .json
            return
        }
        let lowered = fileName.lowercased()
        if lowered.hasSuffix(".json") {
            self = .json
        } else if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") {
            self = .jsonLines
        } else if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") {
            self = .yaml
        } else {
            self = .text
        }
    }

    /// The format of what a step prints: that of its output artifact.
    public init(of step: Step) {
        self.init(fileName: step.evidence?.value)
    }

    /// Why a text could not be read in this format.
    public struct Problem: Error, Sendable, Equatable {
        /// What is wrong, without the artifact's name ("not JSON: …, line 1: `ERROR: …`").
        public var reason: String
    }

    /// The text as a JSON value. Text never reads as a document: a query needs JSON,
    /// and a text artifact joins a multi-source claim as a string (see `joined`).
    public func read(_ text: String) throws(Problem) -> JSONValue {
        if text.allSatisfy(\.isWhitespace) {
            // `az` prints nothing at all for commands with no result.
            if self == .text { throw Problem(reason: "it is text, and a query reads JSON or YAML") }
            return self == .jsonLines ? .array([]) : .null
        }
        switch self {
        case .json:
            do {
                return try JSONValue(parsing: text)
            } catch let whole {
                if let lines = try? Self.lines(text), lines.count > 1 { return .array(lines) }
                throw Problem(reason: "not JSON: \(whole.message) \(Self.position(whole.offset, in: text))")
            }
        case .jsonLines:
            return .array(try Self.lines(text))
        case .yaml:
            do {
                return try StructuredDocument.parseYAML(text)
            } catch {
                guard case .notStructured(let reason) = error else { throw Problem(reason: "not YAML") }
                throw Problem(reason: "not YAML: \(reason)\(Self.firstLine(of: text))")
            }
        case .text:
            throw Problem(reason: "it is text, and a query reads JSON or YAML")
        }
    }

    /// How the text takes part in a claim over several sources: its document, or for
    /// text the string itself.
    public func joined(_ text: String) throws(Problem) -> JSONValue {
        if self == .text { return .string(text) }
        return try read(text)
    }

    /// Every non-empty line as one JSON value.
    private static func lines(_ text: String) throws(Problem) -> [JSONValue] {
        var values: [JSONValue] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do {
                values.append(try JSONValue(parsing: String(line)))
            } catch {
                throw Problem(reason: "line \(number) is not a JSON value (\(error.message)): `\(shown(line))`")
            }
        }
        return values
    }

    private static func firstLine(of text: String) -> String {
        guard let line = text.split(separator: "\n").first(where: { !$0.allSatisfy(\.isWhitespace) }) else { return "" }
        return "; it begins `\(shown(line))`"
    }

    /// `at line 3, column 7: `the line``, for a byte offset.
    private static func position(_ offset: Int, in text: String) -> String {
        let bytes = Array(text.utf8.prefix(max(0, offset)))
        let line = bytes.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let start = bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[start...], as: UTF8.self).count + 1
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let shownLine = line - 1 < lines.count ? shown(lines[line - 1]) : ""
        return "at line \(line), column \(column): `\(shownLine)`"
    }

    private static func shown(_ line: Substring) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > 80 ? String(trimmed.prefix(80)) + "…" : trimmed
    }
}
