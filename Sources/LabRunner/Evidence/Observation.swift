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
    /// How the output reads as a document: by the name of the step's output artifact.
    public let format: ArtifactFormat
    /// The artifact the output is (or will be) recorded in, for messages.
    public let artifact: String?
    /// The parsed document, computed on first use: a step's captures and expectations
    /// all query the same output, which is parsed once.
    private let parsed = ParsedDocument()
    /// False when a pack holds only the step's stderr: its output was never recorded,
    /// so nothing about it can be judged (it is not the empty text).
    public let outputRecorded: Bool
    /// False when a pack holds no stderr artifact of the step: its stderr is unknown, not
    /// the empty text.
    public let stderrRecorded: Bool
    /// Both streams as one text, as a pack's `combined` artifact holds them.
    private let recordedCombined: String?
    /// An `until` step's attempts, one JSON line each, as its `attempts` artifact holds them.
    let attempts: String?
    /// Artifacts of the step a pack lacks while holding others: each is absent on its own.
    public let missingArtifacts: [String]

    public init(_ source: Source, format: ArtifactFormat = .json, artifact: String? = nil, outputRecorded: Bool = true,
                stderrRecorded: Bool = true, combined: String? = nil, attempts: String? = nil,
                missingArtifacts: [String] = []) {
        self.source = source
        self.format = format
        self.artifact = artifact
        self.outputRecorded = outputRecorded
        self.stderrRecorded = stderrRecorded
        recordedCombined = combined
        self.attempts = attempts
        self.missingArtifacts = missingArtifacts
    }

    /// The same output, read as `step`'s output artifact says.
    public func read(as step: Step) -> Observation {
        Observation(source, format: ArtifactFormat(of: step), artifact: step.evidence?.value, outputRecorded: outputRecorded,
                    stderrRecorded: stderrRecorded, combined: recordedCombined, attempts: attempts,
                    missingArtifacts: missingArtifacts)
    }

    /// The same observation with the transcript of the attempts that led to it.
    func with(attempts transcript: String) -> Observation {
        Observation(source, format: format, artifact: artifact, outputRecorded: outputRecorded,
                    stderrRecorded: stderrRecorded, combined: recordedCombined, attempts: transcript,
                    missingArtifacts: missingArtifacts)
    }

    /// Why the output cannot be read, when the pack never recorded it.
    var unrecordedOutput: String? {
        guard !outputRecorded else { return nil }
        return recordedCombined != nil
            ? "the pack records this step's output only mixed with its stderr: name its `combined` artifact to read that text"
            : "the pack records only this step's stderr, not its output"
    }

    /// Why the output cannot be judged whole, when more came than is kept: a program's
    /// stream or an HTTP body past `maximumOutput`.
    var cutOutput: String? {
        switch source {
        case .process(let outcome) where outcome.droppedBytes > 0:
            return "the program printed \(outcome.droppedBytes) bytes more than the \(maximumOutput >> 20) MiB kept "
                + "of each stream; what was cut cannot be judged"
        case .http(let responses):
            let dropped = responses.reduce(0) { $0 + $1.droppedBytes }
            guard dropped > 0 else { return nil }
            return "the response body was \(dropped) bytes longer than the \(maximumOutput >> 20) MiB kept; "
                + "what was cut cannot be judged"
        default:
            return nil
        }
    }

    /// Why stderr cannot be read, when the pack never recorded it.
    var unrecordedStderr: String? {
        guard !stderrRecorded else { return nil }
        return recordedCombined != nil
            ? "the pack records this step's stderr only mixed with its output: name its `combined` artifact to read that text"
            : "the pack does not record this step's stderr"
    }

    /// Both streams in the order they arrived, when the step kept them so.
    public var combined: String? {
        if case .process(let outcome) = source, let combined = outcome.combined { return String(decoding: combined, as: UTF8.self) }
        return recordedCombined
    }

    /// What a claim naming the `combined` artifact reads: that text as the output (with the
    /// exit code when known); its stderr is not apart.
    func combinedView(artifact: String) -> Observation {
        let text = combined ?? ""
        switch source {
        case .process(var outcome):
            outcome.stdout = Data(text.utf8)
            outcome.stderr = Data()
            outcome.combined = nil
            return Observation(.process(outcome), format: .text, artifact: artifact, stderrRecorded: false)
        default:
            return Observation(.recorded(stdout: text, stderr: ""), format: .text, artifact: artifact, stderrRecorded: false)
        }
    }

    /// The observation each name of `step` reads: the step id and its output and stderr
    /// artifacts the whole observation, the `combined` artifact its text.
    func views(for step: Step) -> [(name: String, observation: Observation)] {
        var views = ([step.id] + [step.evidence, step.stderrEvidence].compactMap { $0?.value }
            .filter { !missingArtifacts.contains($0) }).map { ($0, self) }
        if let combined = step.combinedEvidence, !missingArtifacts.contains(combined.value) {
            views.append((combined.value, combinedView(artifact: combined.value)))
        }
        if let name = step.attemptsEvidence?.value, let attempts {
            views.append((name, Observation(.recorded(stdout: attempts, stderr: ""), format: ArtifactFormat(fileName: name),
                                            artifact: name, stderrRecorded: false)))
        }
        return views
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

    /// The JSON a query sees: stdout read in the artifact's format, an HTTP envelope, or
    /// for a sampled probe the array of envelopes.
    public func document() throws(ArtifactFormat.Problem) -> JSONValue {
        try parsed.value { () throws(ArtifactFormat.Problem) in try parse() }
    }

    /// How this output takes part in a claim over several sources.
    public func joinedDocument() throws(ArtifactFormat.Problem) -> JSONValue {
        if format == .text, response == nil { return .string(stdout) }
        return try document()
    }

    private func parse() throws(ArtifactFormat.Problem) -> JSONValue {
        switch source {
        case .http(let responses):
            return responses.count == 1 ? responses[0].envelope : .array(responses.map(\.envelope))
        case .process, .recorded:
            return try format.read(stdout)
        case .none:
            return .null
        }
    }
}

/// Holds an observation's document once parsed.
private final class ParsedDocument: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<JSONValue, ArtifactFormat.Problem>?

    func value(
        _ parse: () throws(ArtifactFormat.Problem) -> JSONValue
    ) throws(ArtifactFormat.Problem) -> JSONValue {
        lock.lock()
        defer { lock.unlock() }
        if let result { return try result.get() }
        let computed = Result { () throws(ArtifactFormat.Problem) in try parse() }
        result = computed
        return try computed.get()
    }
}
