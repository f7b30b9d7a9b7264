import Foundation
import LabRunner
import LabSpec

/// Writes the reports a run asked for. Every report goes through here, so each is
/// masked with the run's secrets and written atomically (a temporary file renamed).
public enum ReportWriter {
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Writes each report; returns the problems, one per report that could not be written.
    public static func write(_ requests: [ReportRequest], record: RunRecord, lab: Lab) -> [Problem] {
        var problems: [Problem] = []
        for request in requests {
            // Each format masks secrets also in the escaped form it writes them in.
            let (text, masker) = switch request.format {
            case .junit: (JUnitReport.render(record, lab: lab), record.masker.including(JUnitReport.escape))
            case .json: (JSONReport.render(record, lab: lab), record.masker)
            case .md: (MarkdownReport.render(record, lab: lab), record.masker.including(MarkdownReport.inline))
            }
            let url = URL(fileURLWithPath: request.path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(masker(text).utf8).write(to: url, options: .atomic)
            } catch {
                problems.append(Problem(message: "cannot write the \(request.format.rawValue) report to \(request.path)"))
            }
        }
        return problems
    }
}
