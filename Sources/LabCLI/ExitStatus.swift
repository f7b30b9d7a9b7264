import ArgumentParser

/// Exit statuses of every command, documented once here, in `--help` and in the README.
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// The command did what was asked; for `validate`, every spec is valid.
    case success = 0
    /// A spec (or a query, or an input file) is invalid: errors were printed with positions.
    case invalidInput = 2
    /// The command line itself is wrong (unknown flag, missing argument).
    case usage = 64

    public var exitCode: ExitCode { ExitCode(rawValue) }

    var meaning: String {
        switch self {
        case .success: "success: every spec is valid / the command did what was asked"
        case .invalidInput: "invalid input: a spec, query or file has errors (printed with file:line:col)"
        case .usage: "usage error: unknown option or missing argument"
        }
    }

    static var helpText: String {
        "Exit status:\n" + allCases.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0)) \($0.meaning)" }
            .joined(separator: "\n")
    }
}
