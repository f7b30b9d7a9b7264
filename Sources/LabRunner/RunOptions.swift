import Foundation
import LabSpec

/// How a run is shaped: which phases, whether to go on after a failure, the environment
/// programs see, and the defaults the spec may leave out.
public struct RunOptions: Sendable {
    /// Run only the phases from this id on (inclusive).
    public var fromPhase: String?
    /// Run only the phases up to this id (inclusive).
    public var toPhase: String?
    /// Run only these phases.
    public var onlyPhases: [String] = []
    /// Go on after a failing step instead of skipping to cleanup.
    public var keepGoing = false
    /// `--verbose`: each line a step prints is reported as it is printed, masked.
    public var verbose = false
    /// The account the preflight found, shown in the header and recorded.
    public var account: AzPreflight.Account?
    /// `--keep`: leave the resources; cleanup is recorded as kept, with each command as it
    /// would run, for `labspec cleanup` later.
    public var keepResources = false
    /// The environment of every program the lab runs.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Between attempts of an `until` loop when the spec gives no `interval`.
    public var defaultInterval: TimeInterval = 5
    /// Per request when neither the request nor the step gives a timeout.
    public var defaultHTTPTimeout: TimeInterval = 30
    /// Between samples of a probe with `count` when the spec gives no `every`.
    public var defaultSampleInterval: TimeInterval = 1
    /// Where to record artifacts, when a pack is wanted.
    public var evidence: EvidenceWriter?

    public init() {}

    /// The phases selected; an id that names no phase, `--phase` with `--from`/`--to`, or
    /// a range that runs backwards is an error, never silently ignored.
    public func selectPhases(of lab: Lab) -> Result<[Phase], PhaseSelectionError> {
        let ids = lab.phases.map(\.id.value)
        let named = onlyPhases + [fromPhase, toPhase].compactMap { $0 }
        for name in named where !ids.contains(name) {
            return .failure(PhaseSelectionError(name: name, suggestion: Suggestion.closest(to: name, in: ids), known: ids))
        }
        if !onlyPhases.isEmpty, fromPhase != nil || toPhase != nil {
            return .failure(PhaseSelectionError(conflict: "--phase selects phases one by one; it cannot be combined with --from or --to"))
        }
        if let fromPhase, let toPhase, let start = ids.firstIndex(of: fromPhase), let end = ids.firstIndex(of: toPhase),
           start > end {
            return .failure(PhaseSelectionError(conflict: "--from `\(fromPhase)` comes after --to `\(toPhase)`: "
                + "phases run in the order " + ids.map { "`\($0)`" }.joined(separator: ", ")))
        }
        var phases = lab.phases
        if !onlyPhases.isEmpty { phases = phases.filter { onlyPhases.contains($0.id.value) } }
        if let fromPhase, let start = phases.firstIndex(where: { $0.id.value == fromPhase }) {
            phases = Array(phases[start...])
        }
        if let toPhase, let end = phases.firstIndex(where: { $0.id.value == toPhase }) {
            phases = Array(phases[...end])
        }
        return .success(phases)
    }
}

public struct PhaseSelectionError: Error, Sendable, CustomStringConvertible {
    public var name: String?
    public var suggestion: String?
    public var known: [String] = []
    /// Options that cannot go together, said as is.
    public var conflict: String?

    init(name: String, suggestion: String?, known: [String]) {
        self.name = name
        self.suggestion = suggestion
        self.known = known
    }

    init(conflict: String) {
        self.conflict = conflict
    }

    public var description: String {
        if let conflict { return conflict }
        return "the lab has no phase `\(name ?? "")`" + (suggestion.map { "; did you mean `\($0)`?" }
            ?? "; its phases are " + known.map { "`\($0)`" }.joined(separator: ", "))
    }
}

/// Lets the CLI stop a run: the first interrupt cancels the phases (cleanup still runs),
/// the second cancels cleanup too.
public final class RunInterruption: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var firstReason: String?
    private var cleanupTask: Task<Void, Never>?
    private var cleanupAborted = false

    public init() {}

    /// Records an interrupt — Ctrl-C, SIGTERM, or `reason` (the run's time limit) — and
    /// returns how many there have been.
    @discardableResult
    public func interrupt(reason: String? = nil) -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        if count == 1 { firstReason = reason }
        if count >= 2, let cleanupTask {
            cleanupAborted = true
            cleanupTask.cancel()
        }
        return count
    }

    /// Why the run was stopped, when it was not a signal.
    public var reason: String? {
        lock.lock()
        defer { lock.unlock() }
        return firstReason
    }

    public var wasInterrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return count > 0
    }

    var didAbortCleanup: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cleanupAborted
    }

    func register(cleanup task: Task<Void, Never>) {
        lock.lock()
        cleanupTask = task
        let abortNow = count >= 2
        if abortNow { cleanupAborted = true }
        lock.unlock()
        if abortNow { task.cancel() }
    }
}
