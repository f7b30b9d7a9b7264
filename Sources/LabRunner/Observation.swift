import Foundation
import JMESPath
import LabSpec

/// What one attempt of a step produced, in the shapes expectations and captures read.
public struct Observation: Sendable {
    public enum Source: Sendable {
        case process(ProcessOutcome)
        case http([HTTPResponse])
        /// Recorded output with no exit code known: an artifact of a pack that has no
        /// manifest (recorded by hand, or by another tool).
        case recorded(stdout: String, stderr: String)
        case none
    }

    public let source: Source
    /// The parsed document, computed on first use: a step's captures and expectations
    /// all query the same output, which is parsed once.
    private let parsed = ParsedDocument()

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
        case .recorded(let stdout, _): stdout
        case .http(let responses): responses.last?.body ?? ""
        case .none: ""
        }
    }

    public var stderr: String {
        switch source {
        case .process(let outcome): String(decoding: outcome.stderr, as: UTF8.self)
        case .recorded(_, let stderr): stderr
        case .http, .none: ""
        }
    }

    /// The last response of an HTTP step.
    public var response: HTTPResponse? {
        if case .http(let responses) = source { return responses.last }
        return nil
    }

    /// The JSON a query sees: parsed stdout (JSON or YAML), an HTTP envelope, or for a
    /// sampled probe the array of envelopes.
    public func document() throws(StructuredDocument.Problem) -> JSONValue {
        try parsed.value { () throws(StructuredDocument.Problem) in try parse() }
    }

    private func parse() throws(StructuredDocument.Problem) -> JSONValue {
        switch source {
        case .http(let responses):
            return responses.count == 1 ? responses[0].envelope : .array(responses.map(\.envelope))
        case .process, .recorded:
            let text = stdout
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .null }
            return try StructuredDocument.parse(text)
        case .none:
            return .null
        }
    }
}

/// Holds an observation's document once parsed.
private final class ParsedDocument: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<JSONValue, StructuredDocument.Problem>?

    func value(
        _ parse: () throws(StructuredDocument.Problem) -> JSONValue
    ) throws(StructuredDocument.Problem) -> JSONValue {
        lock.lock()
        defer { lock.unlock() }
        if let result { return try result.get() }
        let computed = Result { () throws(StructuredDocument.Problem) in try parse() }
        result = computed
        return try computed.get()
    }
}
