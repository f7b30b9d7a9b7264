import Foundation
import JMESPath
import LabSpec

/// Takes a capture's value from an observation.
enum CaptureEvaluator {
    enum Outcome: Equatable {
        /// Set — or, when its query needs a value this run cannot know, unknown too.
        case captured
        /// The evidence was read and does not hold the value (a query found null, a
        /// pattern does not match).
        case notFound(String)
        /// The evidence could not be read as the capture needs.
        case unreadable(String)

        var problem: String? {
            switch self {
            case .captured: nil
            case .notFound(let message), .unreadable(let message): message
            }
        }
    }

    /// Sets the capture's variable from the observation.
    static func apply(_ capture: Capture, to variables: inout Variables, from observation: Observation,
                      origin: String? = nil) -> Outcome {
        if let unknown = variables.firstUnknown(in: capture.variables) {
            variables.setUnknown(capture.name, because: unknown.reason, origin: origin)
            return .captured
        }
        switch capture.source {
        case .query(let query):
            switch ExpectationEvaluator(variables: variables).runQuery(query, on: observation) {
            case .failure(let problem):
                return problem.judged ? .notFound(problem.message) : .unreadable(problem.message)
            case .success(.null):
                return .notFound("query `\(query.text)` found nothing (null)")
            case .success(let value):
                let text = if case .string(let string) = value { string } else { value.compactText }
                variables.set(capture.name, text, typed: value, secret: capture.secret, origin: origin)
                return .captured
            }
        case .text(let stream, let regex, let group, let format):
            switch textValue(stream: stream, regex: regex, group: group, format: format, in: observation, variables: variables) {
            case .success(let text):
                variables.set(capture.name, text, secret: capture.secret, origin: origin)
                return .captured
            case .failure(let problem):
                return problem.judged ? .notFound(problem.message) : .unreadable(problem.message)
            }
        }
    }

    private static func textValue(stream: Capture.Stream, regex: Pattern?, group: Int, format: String?,
                                  in observation: Observation, variables: Variables) -> Result<String, ExpectationEvaluator.Problem> {
        if let reason = stream == .stderr ? observation.unrecordedStderr : observation.unrecordedOutput {
            return .failure(.init(message: reason, judged: false))
        }
        let text: String = switch stream {
        case .stdout: observation.stdout
        case .stderr: observation.stderr
        case .body: observation.response?.body ?? observation.stdout
        }
        guard let regex else { return .success(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard let compiled = RegexCache.shared.regex(regex.filled { variables[$0] }) else {
            return .failure(.init(message: "/\(regex.source)/ does not compile"))
        }
        let match: NSTextCheckingResult
        switch PatternMatcher.firstMatch(compiled, in: text) {
        case .match(let found): match = found
        case .noMatch: return .failure(.init(message: "/\(regex.source)/ does not match \(stream.rawValue)"))
        case .exhausted:
            return .failure(.init(message: PatternMatcher.exhaustedMessage(regex.source, length: text.count), judged: false))
        }
        if let format {
            return .success(compiled.replacementString(for: match, in: text, offset: 0, template: format))
        }
        guard let range = Range(match.range(at: group), in: text) else {
            return .failure(.init(message: "group \(group) of /\(regex.source)/ matched nothing in \(stream.rawValue)"))
        }
        return .success(String(text[range]))
    }
}
