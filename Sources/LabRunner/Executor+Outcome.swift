import Foundation
import LabSpec

extension Executor {
    /// Exit status, timeouts and transport errors, judged before any expectation.
    func outcomeProblems(_ step: Step, _ observation: Observation, _ variables: Variables) -> [String] {
        switch observation.source {
        case .process(let outcome):
            if outcome.timedOut { return ["timed out after \(LabDurationText.format(step.timeout?.seconds ?? 0))"] }
            if outcome.cancelled { return ["interrupted"] }
            if let expected = step.expectFailure {
                if outcome.exitCode == 0 { return ["expected to fail, but exited 0"] }
                if let code = expected.exitCode, Int(outcome.exitCode) != code {
                    return ["expected exit code \(code), got \(outcome.exitCode)"]
                }
                if let problem = stderrProblem(expected, observation, variables) { return [problem] }
                return []
            }
            let checksExitCode = (step.expect + (step.wait?.until ?? [])).flatMap(\.leaves).contains {
                if case .exitCode = $0.subject { return true }
                return false
            }
            if !checksExitCode, outcome.exitCode != 0 {
                return [outcome.signal.map { "ended by signal \($0)" } ?? "exit code \(outcome.exitCode)"]
            }
            return []
        case .http(let responses):
            let checksStatus = (step.expect + (step.wait?.until ?? [])).flatMap(\.leaves).contains {
                if case .status = $0.subject { return true }
                return false
            }
            if !checksStatus, let failed = responses.first(where: { $0.status == 0 }) {
                return ["\(failed.url): \(failed.error ?? "no response")"]
            }
            return []
        case .recorded:
            // A pack without a manifest holds no exit code; the stderr pattern can still be checked.
            if let expected = step.expectFailure, let problem = stderrProblem(expected, observation, variables) { return [problem] }
            return []
        case .none:
            return []
        }
    }

    func stderrProblem(_ expected: ExpectedFailure, _ observation: Observation, _ variables: Variables) -> String? {
        // Unrecorded, it is not judged (a result of its own), never matched against "".
        guard let pattern = expected.stderr, observation.stderrRecorded else { return nil }
        let stderr = observation.stderr
        guard let regex = RegexCache.shared.regex(pattern.filled { variables[$0] }) else {
            return "/\(pattern.source)/ does not compile"
        }
        switch PatternMatcher.firstMatch(regex, in: stderr) {
        case .match: return nil
        case .noMatch: return "failed as expected, but stderr does not match /\(pattern.source)/"
        case .exhausted: return PatternMatcher.exhaustedMessage(pattern.source, length: stderr.count)
        }
    }
}
