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

    /// `run SPEC` recording its pack into `pack`, uncoloured.
    static func record(_ spec: String, into pack: URL) async -> LabspecBinary.Outcome {
        await run(["run", spec, "--evidence-dir", pack.path, "--color", "never"])
    }

    /// `verify SPEC` on `pack`, uncoloured.
    static func verify(_ spec: String, pack: URL) async -> LabspecBinary.Outcome {
        await run(["verify", spec, "--evidence", pack.path, "--color", "never"])
    }

    /// `path` inside the repository, absolute.
    static func path(_ relative: String) -> String {
        Fixtures.repositoryRoot.appendingPathComponent(relative).path
    }
}
