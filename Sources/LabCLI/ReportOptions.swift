import ArgumentParser
import LabReports
import LabRunner

/// `--report FORMAT:FILE`, shared by `run`, `plan` and `verify`.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("report"), help: ArgumentHelp(
        "Write a report: junit:FILE, json:FILE or md:FILE (repeatable, or comma-separated).",
        valueName: "FORMAT:FILE"))
    var arguments: [String] = []

    /// A malformed `--report` is a usage error, found before anything runs.
    func validate() throws {
        do {
            _ = try ReportRequest.all(arguments)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The reports asked for (checked by `validate`).
    var requests: [ReportRequest] { (try? ReportRequest.all(arguments)) ?? [] }
}
