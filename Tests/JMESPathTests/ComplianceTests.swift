import Foundation
import JMESPath
import Testing
import TestSupport

/// The official JMESPath compliance suite: every `result` case must produce an equal JSON
/// value and every `error` case must fail with the named kind.
@Suite struct ComplianceTests {
    struct Case: CustomStringConvertible, Sendable {
        var file: String
        var given: JSONValue
        var expression: String
        var result: JSONValue?
        var error: String?

        var description: String { "\(file): \(expression)" }
    }

    static let cases: [Case] = Fixtures.files(under: "jmespath", extensions: ["json"])
        .filter { $0.lastPathComponent != "benchmarks.json" }
        .flatMap(cases(in:))

    /// The cases of one file in the suite's format: `[{given, cases: [{expression, result | error}]}]`.
    static func cases(in url: URL) -> [Case] {
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              case .array(let groups)? = try? JSONValue(parsing: text) else { return [] }
        return groups.flatMap { group -> [Case] in
            guard case .object(let object) = group, case .array(let cases)? = object["cases"] else { return [] }
            let given = object["given"] ?? .null
            return cases.compactMap { item in
                guard case .object(let entry) = item, case .string(let expression)? = entry["expression"] else {
                    return nil
                }
                var error: String?
                if case .string(let kind)? = entry["error"] { error = kind }
                return Case(file: url.lastPathComponent, given: given, expression: expression,
                            result: error == nil ? (entry["result"] ?? .null) : nil, error: error)
            }
        }
    }

    /// Runs one case; nil when it passes, else what went wrong.
    /// `agree` compares the result with the expected value: JSON equality unless a suite
    /// says otherwise.
    static func failure(of item: Case, agree: (JSONValue, JSONValue) -> Bool = { $0 == $1 }) -> String? {
        do {
            let actual = try JMESPathExpression(item.expression).search(item.given)
            if let kind = item.error { return "expected a \(kind) error, got \(actual)" }
            return agree(actual, item.result ?? .null) ? nil : "expected \(item.result ?? .null), got \(actual)"
        } catch {
            if let kind = item.error { return error.kind.rawValue == kind ? nil : "expected \(kind), got \(error)" }
            return "unexpected \(error)"
        }
    }

    @Test func everyCaseOfTheSuitePasses() {
        let failures = Self.cases.compactMap { item in Self.failure(of: item).map { "\(item): \($0)" } }
        let passed = Self.cases.count - failures.count
        print("JMESPath compliance: \(passed) of \(Self.cases.count) cases pass")
        #expect(Self.cases.count == 892, "the suite has 892 result/error cases outside benchmarks.json")
        #expect(failures.isEmpty, "\(failures.prefix(40).joined(separator: "\n"))")
    }

    @Test func benchmarkExpressionsCompileAndRun() throws {
        let url = Fixtures.url("jmespath/benchmarks.json")
        guard case .array(let groups) = try JSONValue(parsing: String(contentsOf: url, encoding: .utf8)) else {
            Issue.record("benchmarks.json is not an array")
            return
        }
        var count = 0
        for case .object(let group) in groups {
            guard case .array(let cases)? = group["cases"] else { continue }
            for case .object(let entry) in cases {
                guard case .string(let expression)? = entry["expression"] else { continue }
                _ = try JMESPathExpression(expression).search(group["given"] ?? .null)
                count += 1
            }
        }
        #expect(count == 16)
    }
}
