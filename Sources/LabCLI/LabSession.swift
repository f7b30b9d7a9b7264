import ArgumentParser
import Foundation
import LabReports
import LabRunner
import LabSpec

/// What `run` and `plan` share: load and check the spec, resolve inputs, pick phases,
/// run with Ctrl-C/SIGTERM leading to cleanup, and map the outcome to an exit status.
struct LabSession {
    var options: RunOptionGroup
    /// Where `run --evidence-dir` records the pack.
    var evidenceDirectory: String?
    var force = false
    var sanitize = false
    var console = Console()

    func execute(backend makeBackend: (Lab) throws -> any Backend) async throws {
        let colors = options.output.color.enabled(for: console.standardOutput)
        let (lab, loaded) = try console.loadSpec(options.spec, color: options.output.color, nothingWas: "run")
        let overrides = try options.overrides()
        let reports = options.reports.requests
        var runOptions = options.runOptions()
        if let evidenceDirectory {
            do {
                runOptions.evidence = try EvidenceWriter(directory: URL(fileURLWithPath: evidenceDirectory), force: force,
                                                         sanitize: sanitize)
            } catch {
                console.err("labspec: error: \(error.message)\n")
                throw ExitStatus.invalidInput.exitCode
            }
        }
        let phases: [Phase]
        switch runOptions.selectPhases(of: lab) {
        case .success(let selected): phases = selected
        case .failure(let error):
            console.err("labspec: error: \(error)\n")
            throw ExitStatus.invalidInput.exitCode
        }
        let backend: any Backend
        do {
            backend = try makeBackend(lab)
        } catch let error as BackendUnavailable {
            console.err("labspec: error: \(error.message)\n")
            throw ExitStatus.backendUnavailable.exitCode
        }
        // A replay has every recorded output at hand and no effects, so it goes on past
        // a failing step and judges the whole pack, as `verify` does.
        if let replay = backend as? ReplayBackend {
            runOptions.keepGoing = true
            if let warning = replay.pack.specMismatch(loaded.source.text) { console.err("labspec: warning: \(warning)\n") }
        }
        let variables: Variables
        do {
            variables = try Self.inputs(of: lab, backend: backend, overrides: overrides, environment: runOptions.environment,
                                        evidenceDirectory: evidenceDirectory)
        } catch {
            console.err("labspec: error: \(error.message)\n")
            throw ExitStatus.invalidInput.exitCode
        }

        let interruption = RunInterruption()
        let executor = Executor(lab: lab, backend: backend, options: runOptions,
                                observer: ConsoleObserver(console: console, colors: colors,
                                                          live: colors && isatty(console.standardOutput.fileDescriptor) == 1))
        let runTask = Task { await executor.run(phases: phases, variables: variables, interruption: interruption) }
        let signals = SignalForwarder { signal in
            if interruption.interrupt() == 1 {
                runTask.cancel()
            } else {
                FileHandle.standardError.write(Data("\nlabspec: second \(signal == SIGTERM ? "SIGTERM" : "interrupt"): aborting cleanup\n".utf8))
            }
        }
        let record = await runTask.value
        signals.stop()
        if let writer = runOptions.evidence {
            do {
                try writer.writeManifest(record, lab: lab, specText: loaded.source.text, version: LabspecVersion.current)
                console.out("evidence: \(writer.directory.path)\n")
            } catch {
                console.err("labspec: error: \(error.message)\n")
            }
        }
        for problem in ReportWriter.write(reports, record: record, lab: lab) {
            console.err("labspec: error: \(problem.message)\n")
        }
        for report in reports { console.out("report: \(report.path) (\(report.format.rawValue))\n") }
        if let verdict = record.verdict {
            console.out("\n")
            let source = (backend as? ReplayBackend).map { "\($0.pack.directory.relativePath) (replayed)" } ?? "this run"
            VerdictPrinter(console: console, colors: colors).print(verdict, lab: lab, source: source)
        }
        throw Self.exitStatus(for: record).exitCode
    }

    /// The inputs by `--set`, the environment and defaults. A replay takes what the pack's
    /// manifest recorded, below `--set`. A preview shows what it cannot know as `${NAME}`;
    /// a replay marks it unknown, so expectations that need it are not verifiable.
    static func inputs(
        of lab: Lab, backend: any Backend, overrides: [String: String], environment: [String: String],
        evidenceDirectory: String? = nil
    ) throws(InputResolver.Problem) -> Variables {
        var overrides = overrides
        let replay = backend as? ReplayBackend
        if let recorded = replay?.pack.recordedInputs {
            let declared = Set(lab.inputs.map(\.name))
            for (name, value) in recorded where overrides[name] == nil && declared.contains(name) { overrides[name] = value }
        }
        var builtins = Executor.builtins(for: lab)
        if let evidenceDirectory { builtins.set("evidence.dir", URL(fileURLWithPath: evidenceDirectory).standardized.path) }
        var variables = builtins
        do {
            try InputResolver.resolve(lab, overrides: overrides, environment: environment, into: &variables)
            return variables
        } catch {
            guard backend.isDryRun || replay != nil, error.kind == .missingValue else { throw error }
        }
        variables = builtins
        for input in lab.inputs {
            if let value = overrides[input.name] ?? environment[input.name] ?? input.defaultValue.map({ variables.render($0).text }) {
                variables.set(input.name, value, secret: input.secret, origin: "input")
            } else if replay != nil {
                variables.setUnknown(input.name, because: "an input with no value in this replay", origin: "input")
            } else {
                variables.set(input.name, "${\(input.name)}", secret: input.secret, origin: "input")
            }
        }
        return variables
    }

    /// Interrupts and failed steps come first; then the verdict, when the lab states claims.
    static func exitStatus(for record: RunRecord) -> ExitStatus {
        switch record.outcome {
        case .interrupted: return .interrupted
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
