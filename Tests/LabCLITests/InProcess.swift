import Foundation
import LabCLI
import TestSupport

/// Runs a `labspec` command inside the test process, output captured: the CLI's
/// behaviour without starting the binary. Paths are made absolute against the
/// repository root, as the binary tests run there.
enum InProcess {
    static func run(_ arguments: [String], stdin: String = "") async -> LabspecBinary.Outcome {
        let output = CapturedOutput(input: stdin)
        let status = await LabspecCommand.execute(arguments, capturing: output)
        return LabspecBinary.Outcome(status: status, stdout: output.stdout, stderr: output.stderr)
    }

    /// `path` inside the repository, absolute.
    static func path(_ relative: String) -> String {
        Fixtures.repositoryRoot.appendingPathComponent(relative).path
    }
}
