import Foundation
import Testing
import TestSupport

/// `any:` in a step's `expect`: the step holds when one alternative holds whole, and the
/// console says which — or why none did.
@Suite struct StepAlternativeTests {
    private func spec(_ script: String, extra: String = "") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-step-any-\(UUID().uuidString).yaml")
        try """
            labspec: 1
            id: step-any
            title: Step alternatives
            phases:
              - id: p
                steps:
                  - id: probe
                    run: [sh, -c, '\(script)']
                    expect:
                      - any:
                          - {exit-code: 0}
                          - [{exit-code: 3}, {query: state, equals: Failed}]
            \(extra)
            """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func theStepPassesWhenOneAlternativeHoldsAndSaysWhich() async throws {
        let run = await InProcess.run(["run", try spec(#"echo "{\"state\": \"Failed\"}"; exit 3"#).path, "--color", "never"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains(
            "PASS any of (exit-code == 0) or (exit-code == 3 and query state == \"Failed\") (got alternative 2 held)"),
            "\(run.stdout)")
    }

    @Test func noAlternativeHoldingFailsTheStepWithEachReason() async throws {
        let run = await InProcess.run(["run", try spec(#"echo "{\"state\": \"Running\"}"; exit 3"#).path, "--color", "never"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("FAIL any of"), "\(run.stdout)")
        #expect(run.stdout.contains("alternative 1: FAIL exit-code == 0 (got 3); "
            + "alternative 2: FAIL query state == \"Failed\" (got \"Running\")"), "\(run.stdout)")
    }

    /// An alternative that cannot be judged (output that is not JSON) leaves the whole
    /// expectation unjudged when none holds — in a live run, a failed step.
    @Test func anUnjudgedAlternativeIsNeverAPass() async throws {
        let run = await InProcess.run(["run", try spec("echo not-json; exit 3").path, "--color", "never"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("NOT JUDGED any of"), "\(run.stdout)")
        #expect(run.stdout.contains("alternative 2: NOT JUDGED query state == \"Failed\""), "\(run.stdout)")
    }

    /// The fixture is also one of the specs the schema parity test accepts.
    @Test func aClaimsExpectationsMayStateAlternativesToo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-step-any-\(UUID().uuidString)")
        let spec = InProcess.path("Tests/Fixtures/runs/step-alternatives.yaml")
        #expect(await InProcess.run(["validate", spec, "--strict"]).status == 0)
        let run = await InProcess.record(spec, into: folder)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let verify = await InProcess.verify(spec, pack: folder)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("PASS any of (query state == \"Failed\") or (stdout matches /Failed/) (got alternative 1 held)"),
                "\(verify.stdout)")
    }
}
