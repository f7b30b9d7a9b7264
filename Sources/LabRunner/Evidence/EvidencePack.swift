import Foundation
import JMESPath
import LabSpec

/// A folder of recorded artifacts, read back with no backend: JSON, YAML or text. An
/// HTTP artifact may be labspec's own envelope (`{url, status, headers, body}`) or the
/// `{request_url, status_code, headers[], body}` form labs record with curl.
public struct EvidencePack: Sendable {
    public let directory: URL
    /// What `manifest.json` says of each step, by step id; empty for a pack recorded by
    /// hand or by another tool.
    private let manifest: [String: ManifestEntry]
    /// The recorded value of each input, secrets already masked.
    public let recordedInputs: [String: String]
    /// The hash of the spec the pack was recorded from (`EvidenceWriter.specHash`).
    public let recordedSpecHash: String?

    struct ManifestEntry: Sendable {
        var exitCode: Int?
        var attempts: Int?
    }

    public init(directory: URL) {
        self.directory = directory
        (manifest, recordedInputs, recordedSpecHash) = Self.readManifest(in: directory)
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
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
    }

    /// A step's artifacts as one observation: its output and stderr together, with the
    /// exit code when the manifest recorded it. An HTTP step's artifact must hold a
    /// recorded response.
    func observation(for step: Step) throws(Problem) -> Observation {
        let output = try step.evidence.map { artifact throws(Problem) in try text(of: artifact.value) }
        if case .http = step.action, let artifact = step.evidence?.value, let output {
            guard let responses = Self.responses(in: output) else {
                throw .unreadable(artifact, reason: "it does not hold an HTTP response "
                    + "(`{url, status, headers, body}` or curl's `{request_url, status_code, headers, body}`)")
            }
            return Observation(.http(responses), artifact: artifact)
        }
        let stderr = try step.stderrEvidence.map { artifact throws(Problem) in try text(of: artifact.value) } ?? ""
        let source: Observation.Source
        if let code = manifest[step.id]?.exitCode {
            source = Self.process(exitCode: code, stdout: output ?? "", stderr: stderr)
        } else {
            source = .recorded(stdout: output ?? "", stderr: stderr)
        }
        return Observation(source).read(as: step)
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
    public func attempts(of step: Step) -> Int? { manifest[step.id]?.attempts }

    private func text(of name: String) throws(Problem) -> String {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missing(name) }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .unreadable(name, reason: "the file cannot be opened")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(name, reason: "it is not UTF-8 text")
        }
        return text
    }

    private static func process(exitCode: Int, stdout: String, stderr: String) -> Observation.Source {
        let date = Date(timeIntervalSince1970: 0)
        return .process(ProcessOutcome(exitCode: Int32(clamping: exitCode), signal: nil, stdout: Data(stdout.utf8),
                                       stderr: Data(stderr.utf8), started: date, ended: date,
                                       timedOut: false, cancelled: false))
    }

    private static func readManifest(in directory: URL) -> ([String: ManifestEntry], [String: String], String?) {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("manifest.json").path),
              let text = String(data: data, encoding: .utf8),
              case .object(let manifest)? = try? JSONValue(parsing: text),
              case .array(let steps)? = manifest["steps"] else { return ([:], [:], nil) }
        var entries: [String: ManifestEntry] = [:]
        for case .object(let step) in steps {
            guard case .string(let id)? = step["id"] else { continue }
            var entry = ManifestEntry()
            if case .int(let code)? = step["exit_code"] { entry.exitCode = code }
            if case .int(let attempts)? = step["attempts"] { entry.attempts = attempts }
            entries[id] = entry
        }
        var inputs: [String: String] = [:]
        if case .object(let recorded)? = manifest["inputs"] {
            for entry in recorded { if case .string(let value) = entry.value { inputs[entry.key] = value } }
        }
        var hash: String?
        if case .string(let recorded)? = manifest["spec_hash"] { hash = recorded }
        return (entries, inputs, hash)
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
        return response
    }
}
