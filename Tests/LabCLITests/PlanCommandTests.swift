import Foundation
import Testing
import TestSupport

/// `labspec plan`, in-process: what each step will do, nothing run.
@Suite struct PlanCommandTests {
    static let spec = """
        labspec: 1
        id: plan-facts
        title: Plan facts
        inputs:
          APP_URL: {description: "Base URL"}
          NOTE: {default: "line one\\nline two"}
        phases:
          - id: p
            steps:
              - id: wait
                http: GET ${APP_URL}/health
                until: {status: 200}
                interval: 10s
                within: 2m
              - id: report
                run: [./report.sh, "${evidence.dir}"]
                env: {MODE: strict}
                timeout: 30s
                allow-failure: true
                evidence: 01-report.txt
                expect: [{stdout: {contains: "${NOTE}"}}]
        """

    @Test func planShowsWhatEachStepWillDoAndWarnsOnMissingInputs() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-plan-\(UUID().uuidString).yaml")
        try Self.spec.write(to: file, atomically: true, encoding: .utf8)
        let outcome = await InProcess.run(["plan", file.path, "--color", "never"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("labspec: warning: required input `APP_URL` has no value: shown as `${NAME}`"))
        #expect(outcome.stdout.contains("inputs: APP_URL=${APP_URL} NOTE=line one …\n"))
        #expect(outcome.stdout.contains("      Repeated every 10s until status == 200, for at most 2m\n"))
        // Nothing is recorded: the folder is a placeholder, pasted as the variable `render` exports.
        #expect(outcome.stdout.contains("      ./report.sh \"${LABSPEC_EVIDENCE_DIR}\"\n"))
        #expect(outcome.stdout.contains("      Stopped after 30s\n      Environment `MODE=strict`\n"))
        #expect(outcome.stdout.contains("      A failure is recorded, and the lab goes on\n      Recorded as `01-report.txt`\n"))
        // Inputs are filled in expectations as in commands.
        #expect(outcome.stdout.contains(#"expect stdout contains "${NOTE}" with NOTE="line one\nline two" (not evaluated)"#))
    }
}

/// Durations from inputs: filled when the run knows the value, refused when it is not a
/// duration, shown as written in a preview.
@Suite struct InputDurationTests {
    static let spec = """
        labspec: 1
        id: input-durations
        title: Input durations
        inputs:
          NAP: {default: 10ms}
        phases:
          - id: p
            steps:
              - {id: nap, sleep: "${NAP}"}
        """

    @Test func aDurationComesFromAnInput() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-durations-\(UUID().uuidString).yaml")
        try Self.spec.write(to: file, atomically: true, encoding: .utf8)
        let good = await InProcess.run(["run", file.path, "--backend", "az", "--color", "never"])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        let bad = await InProcess.run(["run", file.path, "--backend", "az", "--set", "NAP=abc", "--color", "never"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("`${NAP}` is `abc`, which is not a duration"))
        let plan = await InProcess.run(["plan", file.path, "--color", "never"])
        #expect(plan.stdout.contains("sleep 10ms"), "\(plan.stdout)")
    }
}

/// `--verbose` shows each line a step prints while it runs, masked.
@Suite struct VerboseTests {
    @Test func verboseStreamsMaskedLinesBeforeTheStepEnds() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-verbose-\(UUID().uuidString).yaml")
        try """
            labspec: 1
            id: verbose
            title: Verbose
            inputs:
              TOKEN: {default: s3cr3t-token, secret: true}
            phases:
              - id: p
                steps:
                  - {id: talk, run: [sh, -c, "echo one; echo two ${TOKEN}; echo err >&2"], expect: [{exit-code: 0}]}
            """.write(to: file, atomically: true, encoding: .utf8)
        let outcome = await InProcess.run(["run", file.path, "--backend", "az", "--verbose", "--color", "never"])
        #expect(outcome.status == 0)
        let text = outcome.stdout
        let first = try #require(text.range(of: "      talk | one\n"))
        let finished = try #require(text.range(of: "✔ talk"))
        #expect(first.lowerBound < finished.lowerBound)
        #expect(text.contains("      talk | two ***\n"))
        #expect(text.contains("      talk ! err\n"))
        #expect(!text.contains("s3cr3t"))
    }
}

/// `consecutive: N`: the condition must hold N attempts in a row; a flapping one is not met.
@Suite struct ConsecutiveTests {
    @Test func aConditionMustHoldInARow() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-consecutive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let counter = folder.appendingPathComponent("count").path
        // Attempts 1 and 3 are unhealthy; 2, 4, 5 and 6 healthy.
        let script = "n=$(( $(cat \(counter) 2>/dev/null || echo 0) + 1 )); echo $n > \(counter); "
            + "case $n in 1|3) echo unhealthy;; *) echo healthy;; esac"
        let spec = folder.appendingPathComponent("lab.yaml")
        try """
            labspec: 1
            id: consecutive
            title: Healthy three polls in a row
            phases:
              - id: p
                steps:
                  - id: poll
                    run: [sh, -c, "\(script)"]
                    until: {stdout: {contains: "healthy\\n", not: {contains: unhealthy}}}
                    interval: 10ms
                    within: 20s
                    consecutive: 3
            """.write(to: spec, atomically: true, encoding: .utf8)
        let outcome = await InProcess.run(["run", spec.path, "--backend", "az", "--color", "never"])
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("[6 attempts]"), "\(outcome.stdout)")
    }
}
