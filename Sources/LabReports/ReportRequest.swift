import Foundation
import LabRunner

/// One `--report FORMAT:FILE`.
public struct ReportRequest: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case junit, json, md
    }

    public var format: Format
    public var path: String

    public init(format: Format, path: String) {
        self.format = format
        self.path = path
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Every `--report` given, in order.
    public static func all(_ arguments: [String]) throws(Problem) -> [ReportRequest] {
        var requests: [ReportRequest] = []
        for argument in arguments { requests += try parse(argument) }
        return requests
    }

    /// `junit:FILE`, `json:FILE` or `md:FILE`; several may be joined with commas.
    public static func parse(_ text: String) throws(Problem) -> [ReportRequest] {
        var requests: [ReportRequest] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            guard let colon = item.firstIndex(of: ":") else {
                throw Problem(message: "--report takes FORMAT:FILE (junit, json or md), got `\(item)`")
            }
            let name = String(item[..<colon])
            let path = String(item[item.index(after: colon)...])
            guard let format = Format(rawValue: name.lowercased()) else {
                let hint = name.lowercased() == "markdown" ? " (did you mean `md`?)" : ""
                throw Problem(message: "unknown report format `\(name)`\(hint): use junit, json or md")
            }
            guard !path.isEmpty else { throw Problem(message: "--report \(name): needs a file, as in \(name):report.\(format.rawValue == "junit" ? "xml" : format.rawValue)") }
            requests.append(ReportRequest(format: format, path: path))
        }
        return requests
    }
}
