import ArgumentParser
import Foundation
import LabRunner
import LabSpec

extension LabspecCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a lab: its phases in order through a backend, then cleanup.",
            discussion: """
                Backends: `az` runs the real Azure CLI (from --az or PATH) and sends HTTP \
                probes; `dry-run` runs nothing (the same as `labspec plan`); `replay` plays \
                back the evidence pack in --evidence, so captures, waits, expectations and the \
                verdict are computed again from recorded outputs. Cleanup runs after a failure, \
                a timeout, Ctrl-C or SIGTERM; a second Ctrl-C aborts it.
                """ + HelpExamples.section([("labspec run specs/lab.yaml --evidence-dir evidence/run-1", "run against Azure and record the pack"), ("labspec run specs/lab.yaml --backend replay --evidence pack", "replay a recorded pack, no Azure"), ("labspec run specs/lab.yaml --from fix --set RG=rg-lab", "run from the fix phase on")]))

        enum BackendKind: String, ExpressibleByArgument, CaseIterable {
            case az
            case dryRun = "dry-run"
            case replay
        }

        @OptionGroup var options: RunOptionGroup

        @Option(help: "The backend: az, dry-run or replay.")
        var backend: BackendKind = .az

        @Option(help: ArgumentHelp("The evidence pack the replay backend plays back.", valueName: "DIR"), completion: .directory)
        var evidence: String?

        @Option(help: ArgumentHelp("The az executable to use instead of the one on PATH.", valueName: "PATH"), completion: .file())
        var az: String?

        @Option(help: ArgumentHelp("Record each step's output and manifest.json in this folder.", valueName: "DIR"), completion: .directory)
        var evidenceDir: String?

        @Flag(help: "Overwrite an evidence pack already in --evidence-dir.")
        var force = false

        @Flag(help: "Leave the resources: skip cleanup, and print the command that runs it later.")
        var keep = false

        @Option(help: ArgumentHelp("Continue the run recorded in this pack from its first step that did not pass, with its values; the pack is added to.", valueName: "DIR"), completion: .directory)
        var resume: String?

        @Flag(help: "Replace GUIDs (subscription, tenant, object IDs) and e-mail addresses in the evidence pack, consistently across its files.")
        var sanitize = false

        @Option(help: ArgumentHelp(
            "Stop the run after this long (e.g. 45m) as Ctrl-C would: the step under way is ended, cleanup still runs, with its own timeouts.",
            valueName: "DURATION"))
        var timeLimit: String?

        /// `--time-limit`, read as the spec's durations are.
        func timeLimitSeconds() throws -> Double? {
            guard let timeLimit else { return nil }
            guard let milliseconds = LabDuration.parseMilliseconds(timeLimit), milliseconds > 0 else {
                throw ValidationError("--time-limit takes a duration such as 45m or 1h30m, got `\(timeLimit)`")
            }
            return Double(milliseconds) / 1000
        }

        func validate() throws {
            switch (backend, evidence) {
            case (.replay, nil): throw ValidationError("--backend replay needs --evidence DIR, the pack to play back")
            case (.az, _?), (.dryRun, _?): throw ValidationError("--evidence is read only by --backend replay")
            default: break
            }
            _ = try timeLimitSeconds()
            if sanitize, evidenceDir == nil { throw ValidationError("--sanitize applies to the pack --evidence-dir records") }
            if resume != nil, backend != .az || evidenceDir != nil || !options.phases.isEmpty || options.from != nil || options.to != nil {
                throw ValidationError("--resume continues a live run in its own pack: it takes no --backend, --evidence-dir or phase selection")
            }
            if let evidence, let evidenceDir, URL(fileURLWithPath: evidence).standardized == URL(fileURLWithPath: evidenceDir).standardized {
                throw ValidationError("--evidence-dir must not be the pack being replayed")
            }
        }

        func run() async throws {
            let kind = backend
            let azPath = az
            let pack = evidence
            let resumed = resume
            try await RunDriver(options: options, evidenceDirectory: evidenceDir ?? resume, force: force, sanitize: sanitize,
                                keep: keep, appending: resume != nil, timeLimit: try timeLimitSeconds()).execute { lab in
                switch kind {
                case .az:
                    let usesAz = lab.allSteps.contains { if case .az = $0.action { true } else { false } }
                    let live = try AzBackend(azPath: azPath, required: usesAz)
                    guard let resumed else { return live }
                    return try ResumeBackend(live: live, directory: URL(fileURLWithPath: resumed), lab: lab)
                case .dryRun: return DryRunBackend()
                case .replay: return try ReplayBackend(directory: URL(fileURLWithPath: pack ?? "."))
                }
            }
        }
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Preview a lab: every action with its inputs filled in, nothing run.",
            discussion: """
                Captured values appear as ${NAME} with the step they come from; secrets as ***; \
                expectations are listed as not evaluated. No process is started and no request sent.
                """ + HelpExamples.section([("labspec plan specs/lab.yaml --set RG=rg-lab", "every command as it would run, nothing run")]))

        @OptionGroup var options: RunOptionGroup

        func run() async throws {
            try await RunDriver(options: options).execute { _ in DryRunBackend() }
        }
    }
}
