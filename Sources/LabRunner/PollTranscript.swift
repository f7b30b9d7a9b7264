import Foundation
import JMESPath

/// Every attempt of an `until` step, as the JSON lines its `attempts` artifact holds: when
/// it was made, whether the condition held, and what each condition saw — so a claim can
/// count the attempts that saw the failure, not only judge the last one.
struct PollTranscript {
    /// A value longer than this (as JSON) is kept as its shortened text: a transcript
    /// records what was seen, not every attempt's whole document.
    static let largestValue = 4096

    /// The most attempts kept: the first ones, and always the last (a 1 ms poll for an
    /// hour must not fill memory).
    static let mostAttempts = 10_000

    let recording: Bool
    private var lines: [String] = []
    /// Attempts between the kept first ones and the last, not recorded.
    private var skipped = 0

    init(recording: Bool) {
        self.recording = recording
    }

    mutating func add(attempt: Int, at time: Date, elapsed: TimeInterval, inARow: Int, observation: Observation,
                      results: [ExpectationResult]) {
        guard recording else { return }
        var entry = JSONObject()
        entry["attempt"] = .int(attempt)
        entry["at"] = .string(RunRecordJSON.timestamp(time))
        entry["elapsed"] = .double((elapsed * 1000).rounded() / 1000)
        entry["held"] = .bool(results.allSatisfy(\.passed))
        entry["in_a_row"] = .int(inARow)
        if let code = observation.exitCode { entry["exit_code"] = .int(code) }
        if let status = observation.response?.status { entry["status"] = .int(status) }
        entry["conditions"] = .array(results.map { result in
            var condition = JSONObject()
            condition["expectation"] = .string(result.description)
            condition["outcome"] = .string(result.status.rawValue)
            condition["observed"] = Self.bounded(result.value)
            if let message = result.message { condition["message"] = .string(message) }
            return .object(condition)
        })
        if lines.count >= Self.mostAttempts {
            // The last slot always holds the latest attempt, saying how many went unrecorded.
            skipped += 1
            entry["not_recorded_before"] = .int(skipped)
            lines[lines.count - 1] = JSONValue.object(entry).compactText
            return
        }
        lines.append(JSONValue.object(entry).compactText)
    }

    /// `observation` carrying the transcript, when the step records one.
    func attach(to observation: Observation) -> Observation {
        recording ? observation.with(attempts: lines.map { $0 + "\n" }.joined()) : observation
    }

    private static func bounded(_ value: JSONValue?) -> JSONValue {
        guard let value else { return .null }
        let text = value.compactText
        return text.utf8.count > largestValue ? .string(String(text.prefix(largestValue)) + "…") : value
    }
}
