import ArgumentParser
import Foundation
import LabReports
import LabRunner
import LabSpec

/// What `run` and `plan` do around a `LabSession`: load the spec, open the pack to
/// record, print the run and the verdict, write reports, map the record to an exit
/// status. Every decision about the run itself is the session's.
struct RunDriver {
    var options: RunOptionGroup
    /// Where `run --evidence-dir` records the pack.
    var evidenceDirectory: String?
    var force = false
    var sanitize = false
    var keep = false
    /// `--resume`: the pack in `evidenceDirectory` is added to, not refused.
    var appending = false
    /// `run --time-limit`, in seconds: when it passes, the run is interrupted as by Ctrl-C.
    var timeLimit: Double?
    var console = Console.current

    func execute(backend makeBackend: (Lab) throws -> any Backend) async throws {
        let colors = options.output.color.enabled(for: console.standardOutput)
        let (lab, loaded) = try console.loadSpec(options.spec, color: options.output.color, nothingWas: "run")
        let overrides = try options.overrides()
        let reports = options.reports.requests
        var runOptions = options.runOptions()
        runOptions.keepResources = keep
        let phases = try CLIError.invalidInput { try runOptions.selectPhases(of: lab).get() }
        if let evidenceDirectory {
            runOptions.evidence = try CLIError.invalidInput {
                try EvidenceWriter(directory: URL(fileURLWithPath: evidenceDirectory), force: force, sanitize: sanitize,
                                   appending: appending)
            }
        }
        let backend: any Backend
        do {
            backend = try makeBackend(lab)
        } catch let error as BackendUnavailable {
            throw CLIError(error.message, .backendUnavailable)
        }
        var session = try CLIError.invalidInput {
            try LabSession(lab: lab, backend: backend, options: runOptions, overrides: overrides,
                           evidenceDirectory: evidenceDirectory.map { URL(fileURLWithPath: $0) })
        }
        warn(about: session, specText: loaded.source.text)
        // Before the first action: a value the selected phases or cleanup would lack.
        let missing = session.mode == .live || session.mode == .dryRun
            ? Preflight.missingValues(in: lab, phases: phases) : []
        if !missing.isEmpty, session.mode == .live {
            throw CLIError("the selected phases cannot run, so nothing was run; include the phases that capture:\n"
                + missing.map { "  - \($0)" }.joined(separator: "\n"), .invalidInput)
        }
        for value in missing { console.err("labspec: warning: a run of these phases would stop: \(value)\n") }
        if session.mode == .live {
            do {
                session.options.account = try await AzPreflight.check(lab, backend: backend, environment: runOptions.environment)
            } catch {
                throw CLIError("\(error.message); nothing was run", .backendUnavailable)
            }
        }

        let interruption = RunInterruption()
        let observer = ConsoleObserver(console: console, colors: colors,
                                       live: colors && isatty(console.standardOutput.fileDescriptor) == 1, quiet: options.quiet)
        let ready = session
        let runTask = Task { await ready.run(phases: phases, observer: observer, interruption: interruption) }
        let signals = SignalForwarder { signal in
            if interruption.interrupt() == 1 {
                runTask.cancel()
            } else {
                Console.write("\nlabspec: second \(signal == SIGTERM ? "SIGTERM" : "interrupt"): aborting cleanup\n",
                              to: FileHandle.standardError.fileDescriptor)
            }
        }
        // The time limit interrupts as the first Ctrl-C does: the step under way ends and
        // cleanup runs; a Ctrl-C after it aborts cleanup. A dispatch timer, not a task, so
        // no work holding the concurrency pool's threads can delay it.
        let limit = timeLimit.map { seconds in
            let reason = "time limit \(LabDuration.format(milliseconds: Int64(seconds * 1000))) reached"
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.setEventHandler {
                if interruption.interrupt(reason: reason) == 1 { runTask.cancel() }
            }
            timer.schedule(deadline: .now() + seconds)
            timer.resume()
            return timer
        }
        let record = await runTask.value
        limit?.cancel()
        signals.stop()
        let writeFailed = !write(record, of: lab, to: runOptions.evidence, reports: reports, specText: loaded.source.text)
        for report in reports { console.out("report: \(report.path) (\(report.format.rawValue))\n") }
        if keep, session.mode == .live { printKept(record) }
        if let verdict = record.verdict {
            console.out("\n")
            let source = session.pack.map { "\($0.directory.relativePath) (replayed)" } ?? "this run"
            VerdictPrinter(console: console, colors: colors, quiet: options.quiet)
                .print(verdict, lab: lab, source: source, interrupted: record.outcome == .interrupted)
        }
        let status = Self.exitStatus(for: record)
        // A pack or report that could not be written is not a success, whatever the run said.
        if writeFailed, status == .success { throw ExitStatus.invalidInput.exitCode }
        throw status.exitCode
    }

    /// `--keep`: how to clean up later — `labspec cleanup` over the recorded pack, or the
    /// cleanup commands with this run's values when nothing was recorded.
    private func printKept(_ record: RunRecord) {
        guard !record.cleanup.isEmpty else { return }
        console.out("\ncleanup kept (--keep); the resources are still there. To remove them:\n")
        if let evidenceDirectory {
            console.out("  " + ShellQuoting.line(["labspec", "cleanup", options.spec, "--evidence", evidenceDirectory]) + "\n")
        } else {
            for step in record.cleanup where !step.action.isEmpty { console.out("  \(step.action)\n") }
        }
    }

    /// What the user should know before anything runs.
    private func warn(about session: LabSession, specText: String) {
        if session.mode == .dryRun, !session.unsetInputs.isEmpty {
            let names = session.unsetInputs.map { "`\($0)`" }.joined(separator: ", ")
            console.err("labspec: warning: required input\(session.unsetInputs.count == 1 ? "" : "s") \(names) "
                + "\(session.unsetInputs.count == 1 ? "has" : "have") no value: shown as `${NAME}`; a run needs --set NAME=VALUE\n")
        }
        if session.variables.masker.hasShortSecrets {
            console.err("labspec: warning: a secret input is shorter than \(Masker.minimumLength) characters: it is masked "
                + "only where it stands alone, never inside longer words\n")
        }
        if let warning = session.pack?.manifestProblem { console.err("labspec: warning: \(warning)\n") }
        if let warning = session.pack?.specMismatch(specText) { console.err("labspec: warning: \(warning)\n") }
    }

    /// The pack's manifest and the reports; false when any could not be written.
    private func write(_ record: RunRecord, of lab: Lab, to writer: EvidenceWriter?, reports: [ReportRequest],
                       specText: String) -> Bool {
        var written = true
        if let writer {
            do {
                try writer.writeManifest(record, lab: lab, specText: specText, version: LabspecVersion.current)
                console.out("evidence: \(writer.directory.path)\n")
            } catch {
                console.err("labspec: error: \(error.message)\n")
                written = false
            }
        }
        for problem in ReportWriter.write(reports, record: record, lab: lab) {
            console.err("labspec: error: \(problem.message)\n")
            written = false
        }
        return written
    }

    /// Interrupts and failed steps come first; then the verdict, when the lab states claims.
    static func exitStatus(for record: RunRecord) -> ExitStatus {
        switch record.outcome {
        case .interrupted: return record.cleanupAborted ? .cleanupFailed : .interrupted
        case .failed: return .stepFailed
        case .succeeded:
            if record.cleanupAborted { return .cleanupFailed }
            if let verdict = record.verdict { return VerdictPrinter.exitStatus(for: verdict.outcome) }
            return record.cleanupFailed ? .cleanupFailed : .success
        }
    }
}

/// Turns SIGINT and SIGTERM into calls on the main queue instead of ending the process,
/// so the run can go to cleanup. Never exits from the handler itself.
final class SignalForwarder: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(_ handler: @escaping @Sendable (Int32) -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            sources.append(source)
        }
    }

    func stop() {
        sources.forEach { $0.cancel() }
        sources = []
    }
}
