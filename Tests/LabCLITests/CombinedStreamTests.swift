import Foundation
import Testing
import TestSupport

/// `evidence: {combined: FILE}` keeps both streams in one artifact, in the order they
/// arrived; a pack that did not record a stream never has it judged as empty.
@Suite struct CombinedStreamTests {
    static let spec = InProcess.path("Tests/Fixtures/runs/combined-streams.yaml")

    @Test func bothStreamsLandInOneArtifactInOrderAndMasked() async throws {
        let pack = try Fixtures.newFolder("combined").appendingPathComponent("pack")
        let run = await InProcess.record(Self.spec, into: pack)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let log = try String(contentsOf: pack.appendingPathComponent("04-deploy.log"), encoding: .utf8)
        #expect(log == "start ***\nERROR: RoleAssignmentExists\ndone\n")
        #expect(run.stdout.contains("verdict: confirmed"), "\(run.stdout)")

        let verify = await InProcess.verify(Self.spec, pack: pack)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("verdict: confirmed"))
        // The step's own stderr check needs stderr apart, which the pack does not hold.
        #expect(verify.stdout.contains("NOT JUDGED stderr contains \"RoleAssignmentExists\": the pack records this step's "
            + "stderr only mixed with its output"), "\(verify.stdout)")
    }

    /// Before, a pack with only a step's output artifact answered `stderr` checks as if
    /// the program had printed nothing there.
    @Test func aStderrThePackNeverRecordedIsNotJudged() async throws {
        let root = try Fixtures.newFolder("combined"), pack = root.appendingPathComponent("pack")
        let spec = try Fixtures.spec(Fixtures.onePhaseLab(id: "stderr-unrecorded", steps: """
            - {id: show, run: [sh, -c, 'echo "{}"; echo boom >&2'], evidence: 01.json}
            """, rest: """
            evidence:
              during-failure:
                - {claim: Quiet, source: 01.json, expect: [{stderr: {not: {contains: boom}}}]}
              after-fix:
                - {claim: Output, source: 01.json, expect: [{query: "@", equals: {}}]}
            """), in: root)
        let run = await InProcess.record(spec.path, into: pack)
        #expect(run.status == 5, "the live run saw stderr: \(run.stdout)")
        let verify = await InProcess.verify(spec.path, pack: pack)
        #expect(verify.status == 7, "\(verify.stdout)")
        #expect(verify.stdout.contains("NOT JUDGED stderr not (contains \"boom\"): the pack does not record this step's stderr"),
                "\(verify.stdout)")
    }

    /// A pack that lacks one of a step's artifacts still holds the others: what reads the
    /// present one is judged, what reads the missing one is not (and an optional
    /// alternative over it does not apply). Before, the whole step was unrecorded.
    @Test func aMissingSecondArtifactLeavesTheOthersJudged() async throws {
        let root = try Fixtures.newFolder("combined"), pack = root.appendingPathComponent("pack")
        let spec = try Fixtures.spec(Fixtures.onePhaseLab(id: "partial-pack", steps: """
            - {id: show, run: [sh, -c, 'echo "{\\"n\\": 1}"; echo oops >&2'], evidence: {output: 01.json, stderr: 01.err}}
            """, rest: """
            evidence:
              during-failure:
                - {claim: Output, source: 01.json, expect: [{query: n, equals: 1}]}
                - claim: Output, or else its stderr
                  any:
                    - {source: 01.json, expect: [{query: n, equals: 1}]}
                    - {source: 01.err, optional: true, expect: [{stderr: {contains: oops}}]}
              after-fix:
                - {claim: Stderr, source: 01.err, expect: [{stderr: {contains: oops}}]}
            """), in: root)
        let run = await InProcess.record(spec.path, into: pack)
        #expect(run.status == 0, "\(run.stdout)")
        try FileManager.default.removeItem(at: pack.appendingPathComponent("01.err"))
        let verify = await InProcess.verify(spec.path, pack: pack)
        #expect(verify.status == 7, "\(verify.stdout)")
        #expect(verify.stdout.contains("✔ Output [01.json]"), "\(verify.stdout)")
        #expect(verify.stdout.contains("✔ Output, or else its stderr"), "\(verify.stdout)")
        #expect(verify.stdout.contains("artifact `01.err` is missing from the evidence"), "\(verify.stdout)")
        #expect(verify.stdout.contains("H1 2/2 held"), "\(verify.stdout)")
    }
}
