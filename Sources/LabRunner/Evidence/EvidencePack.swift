import Foundation
import JMESPath
import LabSpec

/// A folder of recorded artifacts, read back with no backend: JSON, YAML or text. An
/// HTTP artifact may be labspec's own envelope (`{url, status, headers, body}`) or the
/// `{request_url, status_code, headers[], body}` form labs record with curl.
public struct EvidencePack: Sendable {
    public let directory: URL
    /// What `manifest.json` records; empty for a pack recorded by hand or by another tool.
    public let manifest: RecordedManifest
    /// Why `manifest.json` was set aside, when the pack has one that cannot be read: the
    /// pack is then judged as a pack without manifest (exit codes not judged).
    public let manifestProblem: String?

    /// The recorded value of each input, secrets already masked.
    public var recordedInputs: [String: String] { manifest.inputs }
    /// The hash of the spec the pack was recorded from (`EvidenceWriter.specHash`).
    public var recordedSpecHash: String? { manifest.specHash }

    public init(directory: URL) {
        self.directory = directory
        switch RecordedManifest.read(in: directory) {
        case .success(let read):
            manifest = read
            manifestProblem = nil
        case .failure(let problem):
            manifest = RecordedManifest()
            manifestProblem = problem.message
        }
    }

    public enum Problem: Error, Sendable, Equatable {
        case missing(String)
        /// The file exists but cannot be read as what it must be; the reason says why.
        case unreadable(String, reason: String)

        public var message: String {
            switch self {
            case .missing(let name): "artifact `\(name)` is missing from the evidence"
            case .unreadable(let name, let reason): "artifact `\(name)` cannot be read: \(reason)"
            }
        }
    }

    public func exists(_ name: String) -> Bool {
        SealedFolder(root: directory).contains(name)
    }

    /// A step's artifacts as one observation: its output and stderr together, with the
    /// exit code when the manifest recorded it. An HTTP step's artifact must hold a
    /// recorded response.
    func observation(for step: Step) throws(Problem) -> Observation {
        // Each artifact on its own: one that is missing leaves its stream unrecorded; only
        // a step none of whose artifacts is there was not recorded at all.
        var missing: [String] = []
        func read(_ artifact: Located<String>?) throws(Problem) -> String? {
            guard let artifact else { return nil }
            do {
                return try text(of: artifact.value)
            } catch {
                guard case .missing = error, step.artifacts.count > 1 else { throw error }
                missing.append(artifact.value)
                return nil
            }
        }
        let output = try read(step.evidence)
        if case .http = step.action, let artifact = step.evidence?.value, let output {
            guard let responses = Self.responses(in: output) else {
                throw .unreadable(artifact, reason: "it does not hold an HTTP response "
                    + "(`{url, status, headers, body}` or curl's `{request_url, status_code, headers, body}`)")
            }
            return Observation(.http(responses), artifact: artifact)
        }
        let stderr = try read(step.stderrEvidence)
        let combined = try read(step.combinedEvidence)
        let attempts = try read(step.attemptsEvidence)
        if missing.count == step.artifacts.count, let first = missing.first { throw .missing(first) }
        let source: Observation.Source
        if let entry = manifest.steps[step.id], let code = entry.exitCode {
            source = Self.process(exitCode: code, stdout: output ?? "", stderr: stderr ?? "", dropped: entry.droppedBytes)
        } else {
            source = .recorded(stdout: output ?? "", stderr: stderr ?? "")
        }
        return Observation(source, outputRecorded: output != nil, stderrRecorded: stderr != nil,
                           combined: combined, attempts: attempts, missingArtifacts: missing).read(as: step)
    }

    /// A warning when the manifest says the pack was recorded from another text of the
    /// spec: its steps and artifacts may no longer match.
    public func specMismatch(_ specText: String) -> String? {
        let current = EvidenceWriter.specHash(specText)
        guard let recordedSpecHash, recordedSpecHash != current else { return nil }
        return "the pack was recorded from another version of this spec (spec_hash \(recordedSpecHash), now \(current)); "
            + "its artifacts may not match the steps"
    }

    /// How many attempts the recorded run made of a step, when the manifest says.
    public func attempts(of step: Step) -> Int? { manifest.steps[step.id]?.attempts }

    /// An artifact's text, read from inside the pack only: a link, a device, a FIFO or
    /// a file too large is unreadable, never followed or read without end.
    private func text(of name: String) throws(Problem) -> String {
        let data: Data
        do {
            data = try SealedFolder(root: directory).read(name)
        } catch {
            if case .missing = error { throw .missing(name) }
            throw .unreadable(name, reason: error.description)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let valid = String(decoding: data, as: UTF8.self).prefix { $0 != "\u{FFFD}" }
            let line = valid.split(separator: "\n", omittingEmptySubsequences: false).count
            throw .unreadable(name, reason: "it is not readable as UTF-8 text (the first invalid byte is on line \(line))")
        }
        return text
    }

    private static func process(exitCode: Int, stdout: String, stderr: String, dropped: Int) -> Observation.Source {
        let date = Date(timeIntervalSince1970: 0)
        var outcome = ProcessOutcome(exitCode: Int32(clamping: exitCode), signal: nil, stdout: Data(stdout.utf8),
                                     stderr: Data(stderr.utf8), started: date, ended: date, timedOut: false, cancelled: false)
        outcome.droppedBytes = dropped
        return .process(outcome)
    }

    static func responses(in text: String) -> [HTTPResponse]? {
        guard let value = try? JSONValue(parsing: text) else { return nil }
        return responses(from: value)
    }

    /// One envelope, or an array of them (a sampled probe).
    static func responses(from value: JSONValue) -> [HTTPResponse]? {
        if case .array(let items) = value, !items.isEmpty {
            let parsed = items.compactMap(response(from:))
            return parsed.count == items.count ? parsed : nil
        }
        return response(from: value).map { [$0] }
    }

    static func response(from value: JSONValue) -> HTTPResponse? {
        guard case .object(let object) = value, case .string(let body)? = object["body"] else { return nil }
        let status = (object["status"] ?? object["status_code"])?.number
        guard let status else { return nil }
        var headers: [(name: String, value: String)] = []
        switch object["headers"] {
        case .object(let map)?:
            for entry in map { headers.append((entry.key, ExpectationEvaluator.text(entry.value))) }
        case .array(let lines)?:
            // curl's raw header lines: "name: value", after the status line.
            for case .string(let line) in lines {
                guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("HTTP/") else { continue }
                headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        default:
            break
        }
        let url: String
        if case .string(let text)? = object["url"] ?? object["request_url"] { url = text } else { url = "" }
        var response = HTTPResponse(url: url, status: Int(status), headers: headers, body: body,
                                    elapsed: object["elapsed"]?.number ?? 0)
        if case .string(let error)? = object["error"] { response.error = error }
        if case .int(let dropped)? = object["dropped_bytes"], dropped > 0 { response.droppedBytes = dropped }
        return response
    }
}
