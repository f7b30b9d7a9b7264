import JMESPath
import LabSpec

/// How one expectation, capture or claim came out.
public struct ExpectationResult: Sendable {
    public enum Status: String, Sendable {
        case passed
        case failed
        /// Dry-run: nothing was observed, so nothing was checked.
        case notEvaluated = "not-evaluated"
        /// What it looks at could not be read (an exit code a pack lacks, unreadable
        /// output, a value captured by a step or claim that saw nothing): nothing is said
        /// either way, and it never counts as passed.
        case notJudged = "not-judged"
    }

    public var status: Status
    /// `status != 200`, `query length(@) >= 1`.
    public var description: String
    /// The value that was looked at, as text (`500`, `"Running"`), masked.
    public var observed: String?
    /// Why it failed, when the reason is not just a mismatch.
    public var message: String?
    public var location: SourceLocation
    /// The value looked at, whole and unmasked, when there was one: what a poll
    /// transcript records of each attempt.
    public var value: JSONValue? = nil

    public var passed: Bool { status == .passed }
}
