import Foundation
import JMESPath
import LabSpec

/// A folder of recorded artifacts, read back with no backend: JSON, YAML or text. An
/// HTTP artifact may be labspec's own envelope (`{url, status, headers, body}`) or the
/// `{request_url, status_code, headers[], body}` form labs record with curl.
public struct EvidencePack: Sendable {
    public let directory: URL
    /// Exit codes by artifact, from `manifest.json` when the pack has one.
    private let recordedExitCodes: [String: Int]

    public init(directory: URL) {
        self.directory = directory
        recordedExitCodes = Self.exitCodes(in: directory)
    }

    public enum Problem: Error, Sendable, Equatable {
        case missing(String)
        case unreadable(String)
    }

    public func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
    }

    /// The artifact as an observation: HTTP envelopes become responses, anything else text.
    public func observation(of name: String) throws(Problem) -> Observation {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missing(name) }
        guard let data = FileManager.default.contents(atPath: url.path),
              let text = String(data: data, encoding: .utf8) else { throw .unreadable(name) }
        if let value = try? JSONValue(parsing: text) {
            if let responses = Self.responses(from: value) { return Observation(.http(responses)) }
        }
        // A pack labspec recorded knows the exit code too; a foreign pack does not.
        if let exitCode = recordedExitCodes[name] {
            let date = Date(timeIntervalSince1970: 0)
            return Observation(.process(ProcessOutcome(exitCode: Int32(exitCode), signal: nil, stdout: data, stderr: Data(),
                                                       started: date, ended: date, timedOut: false, cancelled: false)))
        }
        return Observation(.text(text))
    }

    private static func exitCodes(in directory: URL) -> [String: Int] {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("manifest.json").path),
              let text = String(data: data, encoding: .utf8),
              case .object(let manifest)? = try? JSONValue(parsing: text),
              case .array(let steps)? = manifest["steps"] else { return [:] }
        var codes: [String: Int] = [:]
        for case .object(let step) in steps {
            if case .string(let artifact)? = step["artifact"], case .int(let code)? = step["exit_code"] {
                codes[artifact] = code
            }
        }
        return codes
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
        return HTTPResponse(url: url, status: Int(status), headers: headers, body: body,
                            elapsed: object["elapsed"]?.number ?? 0)
    }
}
