import LabSpec

/// How one expectation, capture or claim came out.
public struct ExpectationResult: Sendable {
    public enum Status: String, Sendable {
        case passed
        case failed
        /// Dry-run: nothing was observed, so nothing was checked.
        case notEvaluated = "not-evaluated"
        /// Offline: what it looks at (an exit code, a value captured by an unrecorded
        /// step) is not in the recording.
        case notVerifiable = "not-verifiable"
    }

    public var status: Status
    /// `status != 200`, `query length(@) >= 1`.
    public var description: String
    /// The value that was looked at, as text (`500`, `"Running"`), masked.
    public var observed: String?
    /// Why it failed, when the reason is not just a mismatch.
    public var message: String?
    public var location: SourceLocation

    public var passed: Bool { status == .passed }
    /// Nothing contradicts it: passed, or beyond what the recording can show.
    public var holds: Bool { status == .passed || status == .notVerifiable }
}
