import ArgumentParser
import LabRunner

extension LabspecCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a lab: its phases in order through a backend, then cleanup.",
            discussion: """
                Backends: `az` runs the real Azure CLI (from --az or PATH) and sends HTTP \
                probes; `dry-run` runs nothing (the same as `labspec plan`). Cleanup runs \
                after a failure, a timeout, Ctrl-C or SIGTERM; a second Ctrl-C aborts it.
                """)

        enum BackendKind: String, ExpressibleByArgument, CaseIterable {
            case az
            case dryRun = "dry-run"
        }

        @OptionGroup var options: RunOptionGroup

        @Option(help: "The backend: az or dry-run.")
        var backend: BackendKind = .az

        @Option(help: ArgumentHelp("The az executable to use instead of the one on PATH.", valueName: "PATH"))
        var az: String?

        @Option(help: ArgumentHelp("Record each step's output and manifest.json in this folder.", valueName: "DIR"))
        var evidenceDir: String?

        @Flag(help: "Overwrite an evidence pack already in --evidence-dir.")
        var force = false

        func run() async throws {
            let kind = backend
            let azPath = az
            try await LabSession(options: options, evidenceDirectory: evidenceDir, force: force).execute {
                switch kind {
                case .az: try AzBackend(azPath: azPath)
                case .dryRun: DryRunBackend()
                }
            }
        }
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Preview a lab: every action with its inputs filled in, nothing run.",
            discussion: """
                Captured values appear as ${NAME} with the step they come from; secrets as ***; \
                expectations are listed as not evaluated. No process is started and no request sent.
                """)

        @OptionGroup var options: RunOptionGroup

        func run() async throws {
            try await LabSession(options: options).execute { DryRunBackend() }
        }
    }
}
