import ArgumentParser
import Foundation
import LabRunner
import LabSpec

extension LabspecCommand {
    struct Cleanup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cleanup",
            abstract: "Run only a lab's cleanup, with the values a recorded run captured.",
            discussion: """
                Reads the inputs and the non-secret captured values from the pack's manifest.json \\
                (secrets from --set or the environment) and runs the cleanup steps through az. \\
                A cleanup step whose values are missing is skipped with a warning that names \\
                them, never run with empty values.
                """ + HelpExamples.section([("labspec run specs/lab.yaml --evidence-dir pack --keep", "run, leave the resources"),
                                            ("labspec cleanup specs/lab.yaml --evidence pack", "remove them later")]))

        @Argument(help: "The lab spec whose cleanup to run.", completion: .file(extensions: ["yaml", "yml"]))
        var spec: String

        @Option(help: ArgumentHelp("The evidence pack of the run to clean up after.", valueName: "DIR"), completion: .directory)
        var evidence: String

        @Option(help: ArgumentHelp("The az executable to use instead of the one on PATH.", valueName: "PATH"), completion: .file())
        var az: String?

        @Option(name: .customLong("set"), help: ArgumentHelp("Set an input: NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
        var assignments: [String] = []

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let console = Console.current
            let (lab, _) = try console.loadSpec(spec, color: output.color, nothingWas: "cleaned up")
            var overrides: [String: String] = [:]
            for assignment in assignments {
                guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                    throw ValidationError("--set takes NAME=VALUE, got `\(assignment)`")
                }
                overrides[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
            }
            let usesAz = lab.cleanup.contains { if case .az = $0.action { true } else { false } }
            let backend: AzBackend
            do {
                backend = try AzBackend(azPath: az, required: usesAz)
            } catch let error as BackendUnavailable {
                throw CLIError(error.message, .backendUnavailable)
            }
            let session: LabSession
            do {
                session = try LabSession.cleaningUp(lab, evidence: URL(fileURLWithPath: evidence), backend: backend,
                                                    overrides: overrides)
            } catch {
                throw CLIError(error.message, .invalidInput)
            }
            let colors = output.color.enabled(for: console.standardOutput)
            let record = await session.run(phases: [], observer: ConsoleObserver(console: console, colors: colors, live: false))
            for step in record.cleanup where step.status == .skipped {
                console.err("labspec: warning: cleanup step `\(step.id)` was skipped: \(step.message ?? "")\n")
            }
            if record.cleanup.contains(where: { $0.status == .failed || $0.status == .skipped }) {
                throw ExitStatus.cleanupFailed.exitCode
            }
        }
    }
}
