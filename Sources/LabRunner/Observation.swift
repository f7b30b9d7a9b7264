import Foundation
import JMESPath
import LabSpec

/// What one attempt of a step produced, in the shapes expectations and captures read.
public struct Observation: Sendable {
    public enum Source: Sendable {
        case process(ProcessOutcome)
        case http([HTTPResponse])
        /// Recorded text with no process behind it (`check` steps over an artifact).
        case text(String)
        case none
    }

    public var source: Source

    public init(_ source: Source) {
        self.source = source
    }

    public var exitCode: Int? {
        if case .process(let outcome) = source { return Int(outcome.exitCode) }
        return nil
    }

    public var stdout: String {
        switch source {
        case .process(let outcome): String(decoding: outcome.stdout, as: UTF8.self)
        case .text(let text): text
        case .http(let responses): responses.last?.body ?? ""
        case .none: ""
        }
    }

    public var stderr: String {
        if case .process(let outcome) = source { return String(decoding: outcome.stderr, as: UTF8.self) }
        return ""
    }

    /// The last response of an HTTP step.
    public var response: HTTPResponse? {
        if case .http(let responses) = source { return responses.last }
        return nil
    }

    /// The JSON a query sees: parsed stdout (JSON or YAML), an HTTP envelope, or for a
    /// sampled probe the array of envelopes.
    public func document() throws(StructuredDocument.Problem) -> JSONValue {
        switch source {
        case .http(let responses):
            return responses.count == 1 ? responses[0].envelope : .array(responses.map(\.envelope))
        case .process, .text:
            let text = stdout
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .null }
            return try StructuredDocument.parse(text)
        case .none:
            return .null
        }
    }
}
