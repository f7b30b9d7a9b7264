import Foundation
import Testing
@testable import LabRunner

/// A poll's transcript keeps at most `PollTranscript.mostAttempts` attempts: the first,
/// and always the last, which counts the ones between that went unrecorded.
@Suite struct PollTranscriptCapTests {
    @Test func aLongPollKeepsTheFirstAttemptsAndTheLast() throws {
        var transcript = PollTranscript(recording: true)
        let observation = Observation(.recorded(stdout: "{}", stderr: ""))
        let total = PollTranscript.mostAttempts + 5
        for attempt in 1...total {
            transcript.add(attempt: attempt, at: Date(timeIntervalSince1970: 0), elapsed: 0, inARow: 0,
                           observation: observation, results: [])
        }
        let text = try #require(transcript.attach(to: observation).attempts)
        let lines = text.split(separator: "\n")
        #expect(lines.count == PollTranscript.mostAttempts)
        #expect(lines[lines.count - 2].hasPrefix(#"{"attempt":\#(PollTranscript.mostAttempts - 1),"#))
        #expect(lines.last?.hasPrefix(#"{"attempt":\#(total),"#) == true, "\(lines.last ?? "")")
        #expect(lines.last?.contains(#""not_recorded_before":5"#) == true)
    }
}
