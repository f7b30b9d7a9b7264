import ArgumentParser

/// Exit statuses of every command, documented once here, in `--help` and in the README.
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// The command did what was asked; for `validate`, every spec is valid.
    case success = 0
    /// `run`: a step failed (a command, an expectation, a capture or a wait).
    case stepFailed = 1
    /// A spec (or a query, or an input file) is invalid: errors were printed with positions.
    case invalidInput = 2
    /// `run`: the backend cannot work here (no `az` on PATH).
    case backendUnavailable = 3
    /// `run`: the lab's own steps passed but a cleanup step failed; resources may be left.
    case cleanupFailed = 4
    /// Verdict `not-reproduced`: a during-failure claim (H1) does not hold.
    case notReproduced = 5
    /// Verdict `not-recovered`: H1 holds, but an after-fix claim (H2) does not.
    case notRecovered = 6
    /// Verdict `error`: a claim could not be judged (a missing or unreadable artifact).
    case verdictError = 7
    /// The command line itself is wrong (unknown flag, missing argument).
    case usage = 64
    /// `run`: stopped by Ctrl-C, SIGTERM or `--time-limit` (cleanup still ran, unless interrupted twice).
    case interrupted = 130

    public var exitCode: ExitCode { ExitCode(rawValue) }

    var meaning: String {
        switch self {
        case .success: "success: every spec is valid / every step passed"
        case .stepFailed: "a step failed: a command, expectation, capture or wait"
        case .invalidInput: "invalid input: a spec, query, input value or file has errors"
        case .backendUnavailable: "backend unavailable: `az` is not installed or not on PATH"
        case .cleanupFailed: "the steps passed but cleanup failed: resources may be left behind"
        case .notReproduced: "verdict not-reproduced: a during-failure claim does not hold"
        case .notRecovered: "verdict not-recovered: an after-fix claim does not hold"
        case .verdictError: "verdict error: a claim was not judged (missing or unreadable evidence), or a side has no claim"
        case .usage: "usage error: unknown option or missing argument"
        case .interrupted: "interrupted by Ctrl-C, SIGTERM or --time-limit (cleanup ran)"
        }
    }

    static var helpText: String {
        "Exit status:\n" + allCases.map { "  \(String($0.rawValue) + String(repeating: " ", count: max(0, 4 - String($0.rawValue).count))) \($0.meaning)" }
            .joined(separator: "\n")
    }
}
