import Foundation
import JMESPath

/// What a pack's `manifest.json` records of its run: per step its exit code and
/// attempts, the inputs and the non-secret captured values (masked as written), and the
/// hash of the spec text it was recorded from.
public struct RecordedManifest: Sendable {
    public struct Step: Sendable {
        public var exitCode: Int?
        public var attempts: Int?
        /// Output the run did not keep: the recorded artifact is cut.
        public var droppedBytes = 0
        /// How the step came out (`passed`, `failed`, …).
        public var status: String?
    }

    public var steps: [String: Step] = [:]
    public var inputs: [String: String] = [:]
    /// Values captured by steps, secrets never among them: what `cleanup` needs later.
    public var captures: [String: String] = [:]
    public var specHash: String?
    /// Digests of the secret values the run masked.
    public var secrets: SecretDigests?

    public init() {}

    public struct Problem: Error, Sendable {
        public var message: String
    }

    /// No manifest is no problem; one that cannot be read (malformed, wrong types, not a
    /// regular file, too deep or too large) is.
    static func read(in directory: URL) -> Result<RecordedManifest, Problem> {
        let data: Data
        do {
            data = try SealedFolder(root: directory).read("manifest.json")
        } catch {
            if case .missing = error { return .success(RecordedManifest()) }
            return .failure(problem(error.description))
        }
        return parse(data)
    }

    /// Whether `data` reads as a manifest: nil when it does, else why not.
    public static func problem(in data: Data) -> String? {
        if case .failure(let problem) = parse(data) { return problem.message }
        return nil
    }

    static func parse(_ data: Data) -> Result<RecordedManifest, Problem> {
        guard let text = String(data: data, encoding: .utf8) else { return .failure(problem("not UTF-8 text")) }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            return .failure(problem("not JSON: \(error.description)"))
        }
        guard case .object(let object) = value else { return .failure(problem("not a JSON object")) }
        guard case .array(let steps)? = object["steps"] else { return .failure(problem("it has no `steps` list")) }
        var manifest = RecordedManifest()
        for case .object(let step) in steps {
            guard case .string(let id)? = step["id"] else { continue }
            var entry = Step()
            if case .int(let code)? = step["exit_code"] { entry.exitCode = code }
            if case .int(let attempts)? = step["attempts"] { entry.attempts = attempts }
            if case .int(let dropped)? = step["dropped_bytes"], dropped > 0 { entry.droppedBytes = dropped }
            if case .string(let status)? = step["status"] { entry.status = status }
            manifest.steps[id] = entry
        }
        manifest.inputs = strings(object["inputs"])
        manifest.captures = strings(object["captures"])
        if case .string(let hash)? = object["spec_hash"] { manifest.specHash = hash }
        manifest.secrets = SecretDigests(json: object["masked"])
        return .success(manifest)
    }

    private static func strings(_ value: JSONValue?) -> [String: String] {
        guard case .object(let object)? = value else { return [:] }
        var result: [String: String] = [:]
        for entry in object { if case .string(let text) = entry.value { result[entry.key] = text } }
        return result
    }

    private static func problem(_ reason: String) -> Problem {
        Problem(message: "`manifest.json` cannot be read (\(reason)); the pack is judged without it")
    }
}
