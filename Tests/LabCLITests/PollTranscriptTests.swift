import Foundation
import Testing
import TestSupport

/// An `until` step's `attempts` artifact records every attempt, so claims judge how the
/// poll went — also when it never met its condition.
@Suite struct PollTranscriptTests {
    /// A poll of a counter that rises by one per attempt, until it reaches `target`.
    private func spec(target: Int, within: String) throws -> (spec: URL, root: URL) {
        let root = try Fixtures.newFolder("poll")
        let spec = try Fixtures.spec("""
            labspec: 1
            id: poll-transcript
            title: Poll transcript
            phases:
              - id: p
                steps:
                  - id: poll
                    run: [sh, -c, 'n=$(cat counter 2>/dev/null || echo 0); n=$((n+1)); echo $n > counter; echo "{\\"n\\": $n}"']
                    workdir: \(root.path)
                    until: {query: n, ge: \(target)}
                    interval: 10ms
                    within: \(within)
                    allow-failure: true
                    evidence: {output: 01-poll.json, attempts: 01-poll-attempts.jsonl}
            evidence:
              during-failure:
                - claim: Two attempts saw the counter below three
                  source: 01-poll-attempts.jsonl
                  expect:
                    - {query: "length([?!held])", equals: 2}
                    - {query: "[*].conditions[0].observed", equals: [1, 2, 3]}
                    - {query: "[*].attempt", equals: [1, 2, 3]}
              after-fix:
                - claim: The last attempt met the condition
                  source: 01-poll-attempts.jsonl
                  expect: [{query: "[-1].held", equals: true}, {query: "to_epoch([-1].at) >= to_epoch([0].at)", equals: true}]
            """, in: root)
        return (spec, root)
    }

    @Test func everyAttemptIsRecordedAndJudgedLiveAndFromThePack() async throws {
        let (spec, root) = try spec(target: 3, within: "30s")
        let pack = root.appendingPathComponent("pack")
        let run = await InProcess.record(spec.path, into: pack)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let lines = try String(contentsOf: pack.appendingPathComponent("01-poll-attempts.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.contains(#""held":false"#) == true && lines.first?.contains(#""exit_code":0"#) == true, "\(lines)")
        let verify = await InProcess.verify(spec.path, pack: pack)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    /// A poll that gives up still records what it saw: its output and its attempts.
    @Test func aPollThatGivesUpIsStillRecorded() async throws {
        let (spec, root) = try spec(target: 1_000, within: "1500ms")
        let pack = root.appendingPathComponent("pack")
        let run = await InProcess.record(spec.path, into: pack)
        #expect(run.stdout.contains("gave up after"), "\(run.stdout)")
        let lines = try String(contentsOf: pack.appendingPathComponent("01-poll-attempts.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.contains(#""held":false"#) }, "\(lines)")
        #expect(FileManager.default.fileExists(atPath: pack.appendingPathComponent("01-poll.json").path))
        // The last attempt did not hold: the after-fix claim fails on the recorded attempts.
        let verify = await InProcess.verify(spec.path, pack: pack)
        #expect(verify.stdout.contains("FAIL query [-1].held == true (got false)"), "\(verify.stdout)")
    }

    @Test func attemptsNeedAnUntil() async throws {
        let root = try Fixtures.newFolder("poll")
        let spec = try Fixtures.spec("""
            labspec: 1
            id: no-until
            title: No until
            phases:
              - id: p
                steps:
                  - {id: once, run: [echo, "{}"], evidence: {output: 01.json, attempts: 01-attempts.jsonl}}
            """, in: root)
        let validate = await InProcess.run(["validate", spec.path])
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("lab.yaml:7:77: error: only a step with `until` makes attempts to record"),
                "\(validate.stderr)")
    }
}
