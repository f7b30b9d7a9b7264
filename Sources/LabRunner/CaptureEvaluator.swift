import Foundation
import JMESPath
import LabSpec

/// Takes a capture's value from an observation.
enum CaptureEvaluator {
    struct Problem: Error {
        var message: String
    }

    /// Sets the capture's variable from the observation; a capture whose query needs a
    /// value this run cannot know becomes unknown too. Returns what went wrong, if anything.
    static func apply(_ capture: Capture, to variables: inout Variables, from observation: Observation,
                      origin: String? = nil) -> String? {
        if let unknown = variables.firstUnknown(in: capture.variables) {
            variables.setUnknown(capture.name, because: unknown.reason, origin: origin)
            return nil
        }
        switch value(of: capture, in: observation, variables: variables) {
        case .success(let value):
            variables.set(capture.name, value, secret: capture.secret, origin: origin)
            return nil
        case .failure(let problem):
            return problem.message
        }
    }

    static func value(of capture: Capture, in observation: Observation, variables: Variables) -> Result<String, Problem> {
        switch capture.source {
        case .query(let query):
            switch ExpectationEvaluator(variables: variables).runQuery(query, on: observation) {
            case .failure(let problem): return .failure(Problem(message: problem.message))
            case .success(.null): return .failure(Problem(message: "query `\(query.text)` found nothing (null)"))
            case .success(.string(let text)): return .success(text)
            case .success(let value): return .success(value.compactText)
            }
        case .text(let stream, let regex, let group, let format):
            let text: String = switch stream {
            case .stdout: observation.stdout
            case .stderr: observation.stderr
            case .body: observation.response?.body ?? observation.stdout
            }
            guard let regex else { return .success(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
            guard let compiled = try? NSRegularExpression(pattern: regex.source),
                  let match = compiled.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else {
                return .failure(Problem(message: "/\(regex.source)/ does not match \(stream.rawValue)"))
            }
            if let format {
                return .success(compiled.replacementString(for: match, in: text, offset: 0, template: format))
            }
            guard let range = Range(match.range(at: group), in: text) else {
                return .failure(Problem(message: "group \(group) of /\(regex.source)/ matched nothing in \(stream.rawValue)"))
            }
            return .success(String(text[range]))
        }
    }
}
