import Foundation
import LabSpec

/// What happened to one step. Every text in it is already masked.
public struct StepRecord: Sendable {
    public enum Status: String, Sendable {
        case passed
        case failed
        /// Failed, but `allow-failure` let the lab go on.
        case allowedFailure = "allowed-failure"
        /// Not run: an earlier step failed, the run was interrupted, or (in cleanup) a
        /// value it needs was never captured.
        case skipped
        /// Dry-run: shown, not run.
        case planned
        /// Replay: the evidence pack holds no artifact of this step.
        case notRecorded = "not-recorded"
        /// `--resume`: passed in the recorded run, not run again.
        case resumed
        /// Replay: nothing failed, but some expectation could not be judged from the
        /// recording (an exit code a pack without manifest lacks, unreadable output).
        case notJudged = "not-judged"
    }

    public var id: String
    public var phase: String
    public var title: String?
    public var status: Status
    /// The action as it ran (argv in shell quoting, or `GET url`), masked.
    public var action: String
    public var started: Date?
    public var ended: Date?
    public var attempts: Int
    public var exitCode: Int?
    public var httpStatus: Int?
    /// The last lines of stderr, masked, when the step failed.
    public var stderrTail: String?
    public var expectations: [ExpectationResult]
    public var captured: [String]
    /// Why the step failed or was skipped.
    public var message: String?
    public var artifact: String?
    /// Dry-run: where each `${NAME}` in the action comes from.
    public var sources: [(name: String, origin: String)]
    /// The step ran beside the ones after it in its phase.
    public var background = false
    /// Dry-run: what the step does besides its action (timeout, waiting, failure handling…).
    public var notes: [String] = []
    /// Output bytes past what a step keeps, not recorded.
    public var droppedBytes = 0

    public var elapsed: TimeInterval? {
        guard let started, let ended else { return nil }
        return ended.timeIntervalSince(started)
    }
}

/// The whole run.
public struct RunRecord: Sendable {
    public enum Outcome: String, Sendable {
        case succeeded, failed, interrupted
    }

    public var lab: String
    public var backend: String
    public var inputs: [(name: String, value: String)]
    public var steps: [StepRecord]
    public var cleanup: [StepRecord]
    public var outcome: Outcome
    public var cleanupFailed: Bool
    /// Cleanup was cut short by a second interrupt.
    public var cleanupAborted: Bool
    /// Why an interrupted run stopped: a signal, or its time limit.
    public var interruption: String?
    public var started: Date
    public var ended: Date
    /// The claims judged on what this run observed; nil for a dry-run or a lab without claims.
    public var verdict: Verdict?
    /// Masks every secret the run saw, for anything written from the record.
    public var masker = Masker(secrets: [])
    /// The value each step's non-secret capture ended with, masked: what `cleanup` and a
    /// later run of some phases need.
    public var capturedValues: [String: String] = [:]
    /// The signed-in account a live `az` run changed, as `az account show` said.
    public var account: AzPreflight.Account?

    public init(lab: String, backend: String, inputs: [(name: String, value: String)], steps: [StepRecord],
                cleanup: [StepRecord], outcome: Outcome, cleanupFailed: Bool, cleanupAborted: Bool, started: Date,
                ended: Date, verdict: Verdict?, masker: Masker = Masker(secrets: [])) {
        self.lab = lab
        self.backend = backend
        self.inputs = inputs
        self.steps = steps
        self.cleanup = cleanup
        self.outcome = outcome
        self.cleanupFailed = cleanupFailed
        self.cleanupAborted = cleanupAborted
        self.started = started
        self.ended = ended
        self.verdict = verdict
        self.masker = masker
    }
}

/// What the executor reports as it goes; the CLI turns these into console lines.
public enum RunEvent: Sendable {
    case started(lab: String, title: String, backend: String, inputs: [(name: String, value: String)], account: String?)
    case phaseStarted(id: String, title: String?)
    /// `sleep` is the duration of a `sleep` step, for a countdown.
    case stepStarted(id: String, title: String?, action: String, sleep: TimeInterval?)
    /// One attempt of an `until` loop that has not yet succeeded.
    case waiting(id: String, attempt: Int, elapsed: TimeInterval, deadline: TimeInterval, observed: String)
    /// `--verbose`: one line a running step printed, masked (`error` for stderr).
    case output(id: String, line: String, error: Bool)
    case stepFinished(StepRecord)
    case cleanupStarted
    /// The run stopped early; `reason` when it was not a signal (its time limit).
    case interrupted(reason: String?)
    case finished(RunRecord)
}

public protocol RunObserver: Sendable {
    func handle(_ event: RunEvent)
}
