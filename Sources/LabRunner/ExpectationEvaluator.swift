import Foundation
import JMESPath
import LabSpec

/// Checks expectations against an observation and the current variables.
public struct ExpectationEvaluator: Sendable {
    public var variables: Variables

    public init(variables: Variables) {
        self.variables = variables
    }

    public func evaluate(_ expectation: Expectation, on observation: Observation) -> ExpectationResult {
        let description = Self.describe(expectation) + bindings(of: expectation)
        let masker = variables.masker
        func failure(_ message: String, observed: String? = nil) -> ExpectationResult {
            ExpectationResult(status: .failed, description: masker(description), observed: observed.map { masker($0) },
                              message: masker(message), location: expectation.location)
        }
        if let unknown = variables.firstUnknown(in: expectation.variables) {
            return ExpectationResult(status: .notVerifiable, description: masker(description), observed: nil,
                                     message: "`${\(unknown.name)}` is \(unknown.reason)",
                                     location: expectation.location)
        }
        if case .exitCode = expectation.subject, case .recorded = observation.source {
            return ExpectationResult(status: .notVerifiable, description: masker(description), observed: nil,
                                     message: "exit codes are not recorded in this pack", location: expectation.location)
        }
        let subject: JSONValue
        switch subjectValue(expectation.subject, observation) {
        case .success(let value): subject = value
        case .failure(let problem): return failure(problem.message)
        }
        // A status of 0 means no response: say why.
        var shown = Self.show(subject)
        if case .status = expectation.subject, let error = observation.response?.error { shown += " (\(error))" }
        switch match(expectation.matcher, subject) {
        case .success(let holds):
            return ExpectationResult(status: holds ? .passed : .failed, description: masker(description),
                                     observed: masker(shown), message: nil, location: expectation.location)
        case .failure(let problem):
            return failure(problem.message, observed: Self.show(subject))
        }
    }

    /// ` with NAME="value"` for each variable the expectation uses, so a reader sees
    /// what was compared, not only the spec's `${NAME}`.
    private func bindings(of expectation: Expectation) -> String {
        var seen: Set<String> = []
        let parts = expectation.variables.compactMap { reference -> String? in
            guard seen.insert(reference.name).inserted, variables.unknown[reference.name] == nil,
                  let value = variables[reference.name] else { return nil }
            let shown = value.count > 48 ? String(value.prefix(48)) + "…" : value
            return "\(reference.name)=\(JSONValue.string(shown).compactText)"
        }
        return parts.isEmpty ? "" : " with " + parts.joined(separator: ", ")
    }

    struct Problem: Error {
        var message: String
    }

    private func subjectValue(_ subject: Subject, _ observation: Observation) -> Result<JSONValue, Problem> {
        switch subject {
        case .query(let query):
            return runQuery(query, on: observation)
        case .value(let template):
            let rendered = variables.render(template)
            if let name = rendered.missing.first { return .failure(Problem(message: "`${\(name)}` has no value")) }
            return .success(.string(rendered.text))
        case .exitCode:
            guard let code = observation.exitCode else { return .failure(Problem(message: "no exit code: not a program run")) }
            return .success(.int(code))
        case .stdout:
            return .success(.string(observation.stdout))
        case .stderr:
            return .success(.string(observation.stderr))
        case .status:
            guard let response = observation.response else { return .failure(Problem(message: "no HTTP status: not an HTTP step")) }
            return .success(.int(response.status))
        case .body:
            guard let response = observation.response else { return .failure(Problem(message: "no HTTP body: not an HTTP step")) }
            return .success(.string(response.body))
        case .header(let name):
            guard let response = observation.response else { return .failure(Problem(message: "no HTTP headers: not an HTTP step")) }
            return .success(response.header(name).map { .string($0) } ?? .null)
        }
    }

    /// Fills the query's variables, compiles it and runs it on the observation's JSON.
    func runQuery(_ query: Query, on observation: Observation) -> Result<JSONValue, Problem> {
        let rendered = variables.render(query.template)
        if let name = rendered.missing.first { return .failure(Problem(message: "`${\(name)}` has no value")) }
        let document: JSONValue
        do {
            document = try observation.document()
        } catch {
            guard case .notStructured(let reason) = error else { return .failure(Problem(message: "unreadable output")) }
            return .failure(Problem(message: "the output is not JSON: \(reason)"))
        }
        do {
            return .success(try JMESPathExpression(rendered.text).search(document))
        } catch {
            return .failure(Problem(message: "query `\(rendered.text)` failed: \(error.message)"))
        }
    }

    private func operand(_ operand: Operand) -> Result<JSONValue, Problem> {
        switch operand {
        case .literal(let value): return .success(value)
        case .template(let template):
            let rendered = variables.render(template)
            if let name = rendered.missing.first { return .failure(Problem(message: "`${\(name)}` has no value")) }
            return .success(.string(rendered.text))
        }
    }

    func match(_ matcher: Matcher, _ subject: JSONValue) -> Result<Bool, Problem> {
        switch matcher {
        case .equals(let expected):
            return operand(expected).map { Self.looselyEqual(subject, $0) }
        case .not(let inner):
            return match(inner, subject).map { !$0 }
        case .oneOf(let options):
            for option in options {
                switch operand(option) {
                case .success(let value): if Self.looselyEqual(subject, value) { return .success(true) }
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(false)
        case .contains(let needle):
            return operand(needle).flatMap { value -> Result<Bool, Problem> in
                switch subject {
                case .array(let items): return .success(items.contains { Self.looselyEqual($0, value) })
                case .string(let text):
                    return .success(text.contains(Self.text(value)))
                default:
                    return .failure(Problem(message: "`contains` needs text or a list, found \(subject.typeName)"))
                }
            }
        case .matches(let pattern):
            guard let regex = try? NSRegularExpression(pattern: pattern.source) else {
                return .failure(Problem(message: "the pattern does not compile"))
            }
            let text = Self.text(subject)
            let range = NSRange(text.startIndex..., in: text)
            return .success(regex.firstMatch(in: text, range: range) != nil)
        case .exists(let expected):
            return .success((subject != .null) == expected)
        case .compare(let comparison, let bound):
            return operand(bound).flatMap { Self.compare(subject, $0).map { order in
                switch comparison {
                case .lt: order < 0
                case .le: order <= 0
                case .gt: order > 0
                case .ge: order >= 0
                }
            } }
        case .between(let low, let high):
            return operand(low).flatMap { lowValue in
                operand(high).flatMap { highValue in
                    Self.compare(subject, lowValue).flatMap { lower in
                        Self.compare(subject, highValue).map { upper in lower >= 0 && upper <= 0 }
                    }
                }
            }
        case .all(let matchers):
            for inner in matchers {
                switch match(inner, subject) {
                case .success(true): continue
                case .success(false): return .success(false)
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(true)
        }
    }

    /// JSON equality, except that a number and a text holding that number are equal:
    /// KQL and `--output tsv` give numbers as text.
    static func looselyEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if lhs == rhs { return true }
        if let a = numeric(lhs), let b = numeric(rhs), lhs.isNumber != rhs.isNumber { return a == b }
        return false
    }

    static func numeric(_ value: JSONValue) -> Double? {
        if let number = value.number { return number }
        if case .string(let text) = value {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty, let number = Double(trimmed), number.isFinite { return number }
        }
        return nil
    }

    /// Orders two values: as numbers (text holding numbers counts), else as timestamps.
    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> Result<Int, Problem> {
        if let a = numeric(lhs), let b = numeric(rhs) { return .success(a < b ? -1 : (a > b ? 1 : 0)) }
        if case .string(let left) = lhs, case .string(let right) = rhs,
           let a = Timestamp.parse(left), let b = Timestamp.parse(right) {
            return .success(a < b ? -1 : (a > b ? 1 : 0))
        }
        return .failure(Problem(message: "cannot order \(show(lhs)) and \(show(rhs)): neither both numbers nor both timestamps"))
    }

    static func text(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.compactText
    }

    /// A value as shown in PASS/FAIL lines: short text, JSON otherwise, long values cut.
    static func show(_ value: JSONValue) -> String {
        let text = value.compactText
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    /// `status != 200`, `query x == "Succeeded"`.
    public static func describe(_ expectation: Expectation) -> String {
        let subject: String = switch expectation.subject {
        case .query(let query): "query \(query.text)"
        case .value(let template): template.symbolic
        default: expectation.subject.label
        }
        return "\(subject) \(describe(expectation.matcher))"
    }

    static func describe(_ matcher: Matcher) -> String {
        switch matcher {
        case .equals(let operand): "== \(describe(operand))"
        case .not(.equals(let operand)): "!= \(describe(operand))"
        case .not(let inner): "not (\(describe(inner)))"
        case .oneOf(let operands): "in [\(operands.map(describe).joined(separator: ", "))]"
        case .contains(let operand): "contains \(describe(operand))"
        case .matches(let pattern): "matches /\(pattern.source)/"
        case .exists(let expected): expected ? "exists" : "does not exist"
        case .compare(let comparison, let operand): "\(comparison.symbol) \(describe(operand))"
        case .between(let low, let high): "between \(describe(low)) and \(describe(high))"
        case .all(let matchers): matchers.map(describe).joined(separator: " and ")
        }
    }

    static func describe(_ operand: Operand) -> String {
        switch operand {
        case .literal(let value): value.compactText
        case .template(let template): "\"\(template.symbolic)\""
        }
    }
}

/// RFC 3339 / ISO 8601 timestamps as Azure writes them.
enum Timestamp {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
