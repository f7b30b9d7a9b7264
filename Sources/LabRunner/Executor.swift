import Foundation
import JMESPath
import LabSpec

/// Runs a lab: phases in order, each step through the backend, captures handed forward,
/// expectations checked, and cleanup always last — after success, failure, timeout or
/// interrupt.
public struct Executor: Sendable {
    public let lab: Lab
    public let backend: any Backend
    public let clock: any LabClock
    public let options: RunOptions
    public let observer: (any RunObserver)?
    /// Step ids and artifacts whose output a claim queries or captures from: an `az`
    /// step among them must print JSON. Gathered once, not per step.
    let queriedByClaims: Set<String>

    public init(lab: Lab, backend: any Backend, clock: any LabClock = SystemClock(), options: RunOptions = RunOptions(),
                observer: (any RunObserver)? = nil) {
        self.lab = lab
        self.backend = backend
        self.clock = clock
        self.options = options
        self.observer = observer
        queriedByClaims = ShellCommand.queriedByClaims(in: lab)
    }

    /// What the steps have produced so far.
    struct State: Sendable {
        var variables: Variables
        /// Observations by step id and by artifact name, for `check` steps.
        var observations: [String: Observation] = [:]
        /// Why a step id or artifact has no observation (a replay had no usable recording),
        /// for the `check` steps and claims that read it.
        var unobserved: [String: String] = [:]
        /// Of those, the ones whose artifact is absent (rather than unreadable): an optional
        /// alternative over them does not apply.
        var absent: Set<String> = []
        var records: [StepRecord] = []
        var failed = false
        /// Where the lab's files are written, and which are written already.
        var workFolder: URL?
        var writtenFiles: Set<String> = []

        /// What `step` observed, under each of its names; an artifact a pack lacks while
        /// holding the step's others is absent on its own.
        mutating func keep(_ observation: Observation, of step: Step) {
            for view in observation.views(for: step) { observations[view.name] = view.observation }
            for name in observation.missingArtifacts {
                unobserved[name] = "artifact `\(name)` is missing from the evidence"
                absent.insert(name)
            }
        }
    }

    /// Runs the selected phases, then cleanup, then judges the claims — once, on what
    /// the run observed. `variables` holds the resolved inputs.
    public func run(phases: [Phase], variables: Variables, interruption: RunInterruption = RunInterruption()) async -> RunRecord {
        var state = State(variables: Self.withBuiltins(variables, lab: lab, clock: clock))
        state.workFolder = Self.makeWorkFolder(for: lab, dryRun: backend.isDryRun)
        Self.fileVariables(lab, workFolder: state.workFolder, into: &state.variables)
        defer { if let folder = state.workFolder { try? FileManager.default.removeItem(at: folder) } }
        let started = clock.now()
        let masker = state.variables.masker
        let shownInputs = lab.inputs.map { input in
            (name: input.name, value: input.secret ? Masker.mask : Self.headerValue(masker(state.variables[input.name] ?? "")))
        }
        observer?.handle(.started(lab: lab.id.value, title: lab.title, backend: backend.name, inputs: shownInputs,
                                  account: options.account.map { masker($0.description) }))
        for phase in phases { await run(phase, state: &state) }
        let interrupted = Task.isCancelled || interruption.wasInterrupted
        if interrupted { observer?.handle(.interrupted(reason: interruption.reason)) }
        let cleanupRecords = await cleanup(after: state, interruption: interruption)

        let outcome: RunRecord.Outcome = interrupted ? .interrupted : (state.failed ? .failed : .succeeded)
        let cleanupFailed = cleanupRecords.contains { $0.status == .failed }
        var verdict: Verdict?
        if !backend.isDryRun, !lab.evidence.all.isEmpty {
            let claims = Verifier(lab: lab, observations: state.observations, unobserved: state.unobserved, absent: state.absent)
                .verify(variables: state.variables)
            verdict = Verdict.judge(claims, cleanupFailed: cleanupFailed)
        }
        var record = RunRecord(
            lab: lab.id.value, backend: backend.name, inputs: shownInputs, steps: state.records, cleanup: cleanupRecords,
            outcome: outcome, cleanupFailed: cleanupFailed,
            cleanupAborted: interruption.didAbortCleanup, started: started, ended: clock.now(), verdict: verdict,
            masker: state.variables.masker)
        record.interruption = interrupted ? interruption.reason ?? "interrupted by a signal" : nil
        record.capturedValues = Self.capturedValues(lab, state.variables)
        record.account = options.account
        observer?.handle(.finished(record))
        return record
    }

    /// Non-secret step captures with a value this run knows, masked.
    static func capturedValues(_ lab: Lab, _ variables: Variables) -> [String: String] {
        var values: [String: String] = [:]
        let masker = variables.masker
        for capture in lab.allSteps.flatMap(\.capture) where !capture.secret {
            guard let value = variables[capture.name], variables.unknown[capture.name] == nil,
                  !variables.placeholders.contains(capture.name) else { continue }
            values[capture.name] = masker(value)
        }
        return values
    }

    /// An input as a header shows it: its first line, cut at 80 characters.
    static func headerValue(_ value: String) -> String {
        let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines.first.map(String.init) ?? ""
        if first.count > 80 { return String(first.prefix(80)) + "…" }
        return lines.count > 1 ? first + " …" : first
    }

    /// One phase: steps in order, background steps beside the ones after them, records
    /// kept in the spec's order.
    private func run(_ phase: Phase, state: inout State) async {
        observer?.handle(.phaseStarted(id: phase.id.value, title: phase.title))
        let phaseStart = state.records.count
        var pending: [PendingStep] = []
        for step in phase.steps {
            if Task.isCancelled || (state.failed && !options.keepGoing) {
                let record = skipped(step, phase: phase.id.value,
                                     because: Task.isCancelled ? "the run was interrupted" : "an earlier step failed",
                                     masker: state.variables.masker)
                state.records.append(record)
                observer?.handle(.stepFinished(record))
                continue
            }
            if step.background, !backend.isDryRun, case .perform = backend.playback(of: step) {
                pending.append(launch(step, phase: phase.id.value, state: state))
                continue
            }
            if case .check(let source?) = step.action,
               let index = pending.firstIndex(where: { $0.step.answers(to: source.value) }) {
                await join(pending.remove(at: index), into: &state)
            }
            let record = await execute(step, phase: phase.id.value, state: &state)
            state.records.append(record)
            observer?.handle(.stepFinished(record))
            if record.status == .failed { state.failed = true }
        }
        for step in pending { await join(step, into: &state) }
        // Background steps finish out of order; records keep the spec's.
        let position = Dictionary(phase.steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        state.records[phaseStart...].sort { (position[$0.id] ?? 0) < (position[$1.id] ?? 0) }
    }

    /// Cleanup runs in a task of its own, so the interrupt that cancelled the phases does
    /// not cancel it; a second interrupt does.
    private func cleanup(after state: State, interruption: RunInterruption) async -> [StepRecord] {
        let cleanupResult = CleanupBox()
        let cleanupTask = Task {
            var cleanupState = state
            cleanupState.records = []
            await runCleanup(state: &cleanupState)
            cleanupResult.set(cleanupState.records)
        }
        interruption.register(cleanup: cleanupTask)
        await cleanupTask.value
        return cleanupResult.get()
    }

    /// A background step in flight, with what it saw of the run when it started.
    struct PendingStep: Sendable {
        let step: Step
        let task: Task<(StepRecord, Observation?), Never>
    }

    private func launch(_ step: Step, phase: String, state: State) -> PendingStep {
        let snapshot = state
        let task = Task {
            var own = snapshot
            let record = await execute(step, phase: phase, state: &own)
            return (record, own.observations[step.id])
        }
        return PendingStep(step: step, task: task)
    }

    /// Waits for a background step; an interrupt meanwhile stops it (and its process group).
    private func join(_ pending: PendingStep, into state: inout State) async {
        let (record, observation) = await withTaskCancellationHandler {
            await pending.task.value
        } onCancel: {
            pending.task.cancel()
        }
        if let observation {
            state.keep(observation, of: pending.step)
        }
        state.records.append(record)
        observer?.handle(.stepFinished(record))
        if record.status == .failed { state.failed = true }
    }

    private func runCleanup(state: inout State) async {
        guard !lab.cleanup.isEmpty else { return }
        observer?.handle(.cleanupStarted)
        for step in lab.cleanup {
            if options.keepResources {
                var record = skipped(step, phase: Phase.cleanupID, because: "kept by --keep", masker: state.variables.masker)
                if case .success(let action) = prepare(step, variables: state.variables) {
                    record.action = action.display(masking: state.variables.masker)
                }
                state.records.append(record)
                observer?.handle(.stepFinished(record))
                continue
            }
            if Task.isCancelled {
                let record = skipped(step, phase: Phase.cleanupID, because: "cleanup was aborted by a second interrupt",
                                     masker: state.variables.masker)
                state.records.append(record)
                observer?.handle(.stepFinished(record))
                continue
            }
            let record = await execute(step, phase: Phase.cleanupID, state: &state)
            state.records.append(record)
            observer?.handle(.stepFinished(record))
        }
    }

    func skipped(_ step: Step, phase: String, because reason: String, masker: Masker) -> StepRecord {
        StepRecord(id: step.id, phase: phase, title: step.title, status: .skipped, action: "", started: nil, ended: nil,
                   attempts: 0, exitCode: nil, httpStatus: nil, stderrTail: nil, expectations: [], captured: [],
                   message: reason, artifact: step.artifacts.first?.value, sources: [])
    }

    /// The built-ins alone, for resolving inputs whose defaults use them (`rg-${run.id}`).
    public static func builtins(for lab: Lab, clock: any LabClock = SystemClock()) -> Variables {
        withBuiltins(Variables(), lab: lab, clock: clock)
    }

    /// Every `BuiltinVariable` not already set; `evidence.dir` is empty unless the
    /// session set it to the pack being recorded.
    static func withBuiltins(_ variables: Variables, lab: Lab, clock: any LabClock) -> Variables {
        var result = variables
        let now = clock.now()
        let iso = Timestamp.text(epochSeconds: now.timeIntervalSince1970)
        for builtin in BuiltinVariable.allCases where !result.contains(builtin.rawValue) {
            let value = switch builtin {
            case .nowEpoch: String(Int(now.timeIntervalSince1970))
            case .nowISO, .runStarted: iso
            case .runID: String(UUID().uuidString.prefix(8)).lowercased()
            case .labID: lab.id.value
            case .evidenceDir: ""
            }
            result.set(builtin.rawValue, value)
        }
        return result
    }
}

/// Hands cleanup's records out of its task.
private final class CleanupBox: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [StepRecord] = []

    func set(_ value: [StepRecord]) {
        lock.lock()
        records = value
        lock.unlock()
    }

    func get() -> [StepRecord] {
        lock.lock()
        defer { lock.unlock() }
        return records
    }
}
