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
        func result(_ status: ExpectationResult.Status, observed: String? = nil, message: String? = nil) -> ExpectationResult {
            ExpectationResult(status: status, description: masker(description), observed: observed.map { masker($0) },
                              message: message.map { masker($0) }, location: expectation.location)
        }
        if case .alternatives(let alternatives) = expectation.subject {
            let judged = judge(alternatives, on: observation)
            return result(judged.status, observed: judged.observed, message: judged.message)
        }
        if let unknown = variables.firstUnknown(in: expectation.variables) {
            return result(.notJudged, message: "`${\(unknown.name)}` is \(unknown.reason)")
        }
        if let cut = observation.cutOutput {
            switch expectation.subject {
            case .query, .stdout, .stderr, .body:
                return result(.notJudged, message: cut)
            default: break
            }
        }
        if let reason = observation.unrecordedOutput {
            switch expectation.subject {
            case .query, .stdout, .body: return result(.notJudged, message: reason)
            default: break
            }
        }
        if case .stderr = expectation.subject, let reason = observation.unrecordedStderr {
            return result(.notJudged, message: reason)
        }
        if case .exitCode = expectation.subject, case .recorded = observation.source {
            return result(.notJudged, message: "the pack holds no exit code for this output (it has no manifest entry)")
        }
        let subject: JSONValue
        switch subjectValue(expectation.subject, observation) {
        case .success(let value): subject = value
        case .failure(let problem): return result(problem.judged ? .failed : .notJudged, message: problem.message)
        }
        // A status of 0 means no response: say why.
        var shown = Self.show(subject)
        if case .status = expectation.subject, let error = observation.response?.error { shown += " (\(error))" }
        var judged: ExpectationResult
        switch match(expectation.matcher, subject) {
        case .success(let holds):
            judged = result(holds ? .passed : .failed, observed: shown)
        case .failure(let problem):
            judged = result(problem.judged ? .failed : .notJudged, observed: Self.show(subject), message: problem.message)
        }
        judged.value = subject
        return judged
    }

    /// `any:` holds when every expectation of one alternative passed; fails when each
    /// alternative had one that failed; else it is not judged. The observed text names the
    /// alternative that held, the message why the others did not.
    private func judge(_ alternatives: [[Expectation]], on observation: Observation)
        -> (status: ExpectationResult.Status, observed: String?, message: String?) {
        var reasons: [String] = []
        var anyUnjudged = false
        for (index, alternative) in alternatives.enumerated() {
            let results = alternative.map { evaluate($0, on: observation) }
            if results.allSatisfy(\.passed) { return (.passed, "alternative \(index + 1) held", nil) }
            let failed = results.first { $0.status == .failed }
            if failed == nil { anyUnjudged = true }
            guard let first = failed ?? results.first(where: { !$0.passed }) else { continue }
            let label = first.status == .failed ? "FAIL" : "NOT JUDGED"
            let detail = [first.observed.map { "got \($0)" }, first.message].compactMap { $0 }.joined(separator: ": ")
            reasons.append("alternative \(index + 1): \(label) \(first.description)" + (detail.isEmpty ? "" : " (\(detail))"))
        }
        return (anyUnjudged ? .notJudged : .failed, "no alternative held", reasons.joined(separator: "; "))
    }

    /// The expectation as written, with the value of each variable the run knows.
    public func describeFilled(_ expectation: Expectation) -> String {
        Self.describe(expectation) + bindings(of: expectation)
    }

    /// ` with NAME="value"` for each variable the expectation uses, so a reader sees
    /// what was compared, not only the spec's `${NAME}`.
    private func bindings(of expectation: Expectation) -> String {
        var seen: Set<String> = []
        let parts = expectation.variables.compactMap { reference -> String? in
            guard seen.insert(reference.name).inserted, variables.unknown[reference.name] == nil,
                  !variables.placeholders.contains(reference.name), let value = variables[reference.name] else { return nil }
            let shown = value.count > 48 ? String(value.prefix(48)) + "…" : value
            return "\(reference.name)=\(JSONValue.string(shown).compactText)"
        }
        return parts.isEmpty ? "" : " with " + parts.joined(separator: ", ")
    }

    struct Problem: Error {
        var message: String
        /// False when the evidence could not be read or a value is missing, so nothing
        /// was judged; true when it was read and does not show what is expected.
        var judged = true
    }

    private func subjectValue(_ subject: Subject, _ observation: Observation) -> Result<JSONValue, Problem> {
        switch subject {
        case .query(let query):
            return runQuery(query, on: observation)
        case .value(let template):
            let rendered = variables.render(template)
            if let name = rendered.missing.first { return .failure(Self.noValue(name)) }
            return .success(.string(rendered.text))
        case .exitCode:
            guard let code = observation.exitCode else {
                return .failure(Problem(message: "no exit code: not a program run", judged: false))
            }
            return .success(.int(code))
        case .stdout:
            return .success(.string(observation.stdout))
        case .stderr:
            return .success(.string(observation.stderr))
        case .status:
            guard let response = observation.response else { return .failure(Self.notHTTP("status")) }
            return .success(.int(response.status))
        case .body:
            guard let response = observation.response else { return .failure(Self.notHTTP("body")) }
            return .success(.string(response.body))
        case .header(let name):
            guard let response = observation.response else { return .failure(Self.notHTTP("headers")) }
            return .success(response.header(name).map { .string($0) } ?? .null)
        case .alternatives:
            return .failure(Problem(message: "alternatives are judged one by one", judged: false))
        }
    }

    /// Fills the query's variables, compiles it and runs it on the observation's JSON.
    func runQuery(_ query: Query, on observation: Observation) -> Result<JSONValue, Problem> {
        let rendered = variables.render(query.template)
        if let name = rendered.missing.first { return .failure(Self.noValue(name)) }
        if let reason = observation.unrecordedOutput { return .failure(Problem(message: reason, judged: false)) }
        let document: JSONValue
        do {
            document = try observation.document()
        } catch {
            let what = observation.artifact.map { "artifact `\($0)`" } ?? "the output"
            return .failure(Problem(message: "\(what) cannot be read: \(error.reason)", judged: false))
        }
        do {
            return .success(try JMESPathExpression(rendered.text).search(document))
        } catch {
            // The query has no answer on this evidence (a value it needs is absent or of
            // another type, a division by zero): nothing was judged, so nothing failed.
            return .failure(Problem(message: "query `\(rendered.text)` has no answer on this evidence: \(error.message)",
                                    judged: false))
        }
    }

    private func operand(_ operand: Operand) -> Result<JSONValue, Problem> {
        switch operand {
        case .literal(let value): return .success(value)
        case .template(let template):
            // `"${NAME}"` alone is the captured value itself, with its JSON type.
            if template.parts.count == 1, case .variable(let reference) = template.parts[0],
               let value = variables.json(reference.name) {
                return .success(value)
            }
            let rendered = variables.render(template)
            if let name = rendered.missing.first { return .failure(Self.noValue(name)) }
            return .success(.string(rendered.text))
        }
    }

    private static func noValue(_ name: String) -> Problem {
        Problem(message: "`${\(name)}` has no value", judged: false)
    }

    private static func notHTTP(_ what: String) -> Problem {
        Problem(message: "no HTTP \(what): the source is not an HTTP response", judged: false)
    }

    func match(_ matcher: Matcher, _ subject: JSONValue) -> Result<Bool, Problem> {
        switch matcher {
        case .equals(let expected):
            return operand(expected).map { subject == $0 }
        case .not(let inner):
            return match(inner, subject).map { !$0 }
        case .oneOf(let options):
            for option in options {
                switch operand(option) {
                case .success(let value): if subject == value { return .success(true) }
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(false)
        case .contains(let needle):
            return operand(needle).flatMap { value -> Result<Bool, Problem> in
                switch subject {
                case .array(let items): return .success(items.contains(value))
                case .string(let text):
                    return .success(text.contains(Self.text(value)))
                default:
                    return .failure(Problem(message: "`contains` needs text or a list, found \(subject.typeName)"))
                }
            }
        case .matches(let pattern):
            guard let regex = RegexCache.shared.regex(pattern.filled { variables[$0] }) else {
                return .failure(Problem(message: "the pattern does not compile"))
            }
            let text = Self.text(subject)
            switch PatternMatcher.firstMatch(regex, in: text) {
            case .match: return .success(true)
            case .noMatch: return .success(false)
            case .exhausted:
                return .failure(Problem(message: PatternMatcher.exhaustedMessage(pattern.source, length: text.count), judged: false))
            }
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

    static func numeric(_ value: JSONValue) -> Double? {
        if let number = value.number { return number }
        if case .string(let text) = value {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty, let number = Double(trimmed), number.isFinite { return number }
        }
        return nil
    }

    /// Orders two values: as numbers (text holding a number counts, as KQL and
    /// `--output tsv` give numbers as text), else as RFC 3339 timestamps by instant.
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
        if case .alternatives(let alternatives) = expectation.subject {
            return "any of " + alternatives.map { "(" + $0.map { describe($0) }.joined(separator: " and ") + ")" }
                .joined(separator: " or ")
        }
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

