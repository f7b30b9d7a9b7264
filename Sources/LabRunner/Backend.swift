import Foundation
import JMESPath
import LabSpec

/// A program to run: argv as words, never a shell line.
public struct CommandInvocation: Sendable {
    public var argv: [String]
    public var environment: [String: String]
    public var workingDirectory: String?
    public var timeout: TimeInterval?
    /// Each chunk of output as it arrives (`true` for stderr), for `--verbose`.
    public var onOutput: (@Sendable (Data, Bool) -> Void)?
    /// Keep both streams also as one, in the order they arrived (`evidence: {combined: …}`).
    public var combinedStreams = false

    public init(argv: [String], environment: [String: String] = [:], workingDirectory: String? = nil,
                timeout: TimeInterval? = nil) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
    }
}

/// An HTTP request with everything filled in.
public struct HTTPInvocation: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: String?
    public var timeout: TimeInterval
    public var followRedirects: Bool

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: String? = nil,
                timeout: TimeInterval = 30, followRedirects: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.followRedirects = followRedirects
    }
}

/// One HTTP response, or the transport error that prevented one (status 0, as `curl`
/// reports `000`).
public struct HTTPResponse: Sendable {
    public var url: String
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: String
    public var elapsed: TimeInterval
    public var error: String?
    /// Bytes of the body past what is kept (`maximumOutput`): what reads the body was cut.
    public var droppedBytes = 0

    public init(url: String, status: Int, headers: [(name: String, value: String)], body: String,
                elapsed: TimeInterval, error: String? = nil) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsed = elapsed
        self.error = error
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// What an HTTP artifact records: `{url, status, headers, body, elapsed}` (and `error`).
    public var recordedEnvelope: JSONValue {
        var object = JSONObject()
        object["url"] = .string(url)
        object["status"] = .int(status)
        var headerObject = JSONObject()
        for header in headers { headerObject[header.name.lowercased()] = .string(header.value) }
        object["headers"] = .object(headerObject)
        object["body"] = .string(body)
        object["elapsed"] = .double((elapsed * 1000).rounded() / 1000)
        if let error { object["error"] = .string(error) }
        if droppedBytes > 0 { object["dropped_bytes"] = .int(droppedBytes) }
        return .object(object)
    }

    /// What queries over an HTTP step see: the recorded envelope plus `json`, the body
    /// parsed when it is JSON (null otherwise).
    public var envelope: JSONValue {
        guard case .object(var object) = recordedEnvelope else { return recordedEnvelope }
        object["json"] = (try? JSONValue(parsing: body)) ?? .null
        return .object(object)
    }
}

/// Where effects happen: every program run and HTTP request of a lab goes through one.
public protocol Backend: Sendable {
    /// Shown in the run header ("az", "dry-run").
    var name: String { get }
    /// True when nothing really runs: outcomes are placeholders and expectations are
    /// reported as not evaluated.
    var isDryRun: Bool { get }
    func run(_ command: CommandInvocation) async throws -> ProcessOutcome
    func send(_ request: HTTPInvocation) async -> HTTPResponse
    /// Whether to perform the step or play back a recording of it.
    func playback(of step: Step) -> Playback
}

extension Backend {
    public func playback(of step: Step) -> Playback { .perform }
}

/// How a backend meets a step.
public enum Playback: Sendable {
    /// Run the action.
    case perform
    /// Use what a run recorded (and how many attempts it took, when known).
    case recorded(Observation, attempts: Int?)
    /// The recording has nothing of this step (it names no artifact, or `verify` leaves
    /// out a step whose artifact is missing), with why.
    case unrecorded(String)
    /// The step names an artifact the recording lacks, with why.
    case missing(String)
    /// A resumed run: the step passed in the recorded run and is not run again; its
    /// recorded output, when the pack holds it, is what later steps and claims read.
    case resumed(Observation?)
    /// The step names an artifact the recording cannot read, with why.
    case unavailable(String)
}

/// Raised when the backend itself cannot work (no `az` on this machine).
public struct BackendUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
