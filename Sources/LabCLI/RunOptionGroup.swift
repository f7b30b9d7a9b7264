import ArgumentParser
import LabRunner

/// Flags shared by `run` and `plan`.
struct RunOptionGroup: ParsableArguments {
    @Argument(help: "The lab spec to run.", completion: .file(extensions: ["yaml", "yml"]))
    var spec: String

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Set an input: NAME=VALUE (repeatable). Precedence: --set, then the environment variable NAME, then the spec's default.",
        valueName: "NAME=VALUE"))
    var assignments: [String] = []

    @Option(name: .customLong("phase"), help: "Run only this phase (repeatable).")
    var phases: [String] = []

    @Option(help: "Start at this phase.")
    var from: String?

    @Option(help: "Stop after this phase.")
    var to: String?

    @Flag(help: "Go on after a failing step instead of skipping to cleanup.")
    var keepGoing = false

    @Flag(name: [.short, .long], help: "Print only what fails, and the verdict.")
    var quiet = false

    @Flag(name: [.short, .long], help: "Show each line a step prints as it is printed, masked.")
    var verbose = false

    @OptionGroup var reports: ReportOptions

    @OptionGroup var output: OutputOptions

    /// `NAME=VALUE` pairs; a malformed one is a usage error.
    func overrides() throws -> [String: String] {
        var result: [String: String] = [:]
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--set takes NAME=VALUE, got `\(assignment)`")
            }
            result[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        return result
    }

    func runOptions() -> RunOptions {
        var options = RunOptions()
        options.onlyPhases = phases
        options.fromPhase = from
        options.toPhase = to
        options.keepGoing = keepGoing
        options.verbose = verbose
        return options
    }
}
