import Foundation
import JMESPath
import LabRunner
import LabSpec
import Testing
import TestSupport

/// Each matcher on its own, as the evaluator applies it to a value a query found.
@Suite struct MatcherTests {
    private let here = SourceLocation(file: "matchers.yaml", line: 1, column: 1)

    /// Runs `matcher` on `value` (the whole document, queried with `@`).
    private func status(_ value: String, _ matcher: Matcher, variables: Variables = Variables()) -> ExpectationResult.Status {
        let expectation = Expectation(subject: .query(Query(text: "@", location: here)), matcher: matcher, location: here)
        let observation = Observation(.recorded(stdout: value, stderr: ""))
        return ExpectationEvaluator(variables: variables).evaluate(expectation, on: observation).status
    }

    private func literal(_ json: String) throws -> Operand {
        .literal(try JSONValue(parsing: json))
    }

    @Test func equalsIsJSONEquality() throws {
        #expect(status("80", .equals(try literal("80"))) == .passed)
        #expect(status("80", .equals(try literal("80.0"))) == .passed)
        #expect(status("\"080\"", .equals(try literal("80"))) == .failed)
        #expect(status("\"000000\"", .equals(try literal("0"))) == .failed)
        #expect(status("\"80\"", .equals(try literal("80"))) == .failed)
        #expect(status("true", .equals(try literal("\"true\""))) == .failed)
        #expect(status("null", .equals(try literal("null"))) == .passed)
        #expect(status("[1, 2]", .equals(try literal("[1, 2]"))) == .passed)
        #expect(status("{\"a\": 1, \"b\": 2}", .equals(try literal("{\"b\": 2, \"a\": 1}"))) == .passed)
        #expect(status("\"80\"", .not(.equals(try literal("80")))) == .passed)
    }

    @Test func inAndContainsFollowTheSameRule() throws {
        #expect(status("80", .oneOf([try literal("\"80\""), try literal("443")])) == .failed)
        #expect(status("443", .oneOf([try literal("\"80\""), try literal("443")])) == .passed)
        #expect(status("[1, 2, 3]", .contains(try literal("2"))) == .passed)
        #expect(status("[\"1\", \"2\"]", .contains(try literal("2"))) == .failed)
        #expect(status("\"RoleAssignmentExists\"", .contains(try literal("\"Exists\""))) == .passed)
        #expect(status("5", .contains(try literal("5"))) == .failed)
    }

    @Test func orderingComparesNumbersWrittenAsTextAsNumbers() throws {
        #expect(status("\"10\"", .compare(.gt, try literal("9"))) == .passed)
        #expect(status("10", .compare(.lt, try literal("\"9\""))) == .failed)
        #expect(status("5", .between(try literal("1"), try literal("5"))) == .passed)
        #expect(status("6", .between(try literal("1"), try literal("5"))) == .failed)
        #expect(status("\"abc\"", .compare(.gt, try literal("1"))) == .failed)
    }

    @Test func timestampsOrderByInstantWithEveryDigit() throws {
        let later = "\"2026-06-26T08:25:19.0694807Z\""
        #expect(status(later, .compare(.gt, try literal("\"2026-06-26T08:25:19.0694806Z\""))) == .passed)
        #expect(status(later, .compare(.gt, try literal("\"2026-06-26T08:25:19.0694807Z\""))) == .failed)
        #expect(status(later, .compare(.ge, try literal("\"2026-06-26T17:25:19.06948070+09:00\""))) == .passed)
        #expect(status(later, .compare(.lt, try literal("\"2026-06-26T08:25:19.069481Z\""))) == .passed)
        #expect(status("\"2026-06-26T08:25:19Z\"", .compare(.lt, try literal("\"2026-06-26T08:25:19.0000001Z\""))) == .passed)
    }

    /// `"${NAME}"` alone stands for the captured value with its JSON type.
    @Test func aCapturedNumberComparesAsANumber() throws {
        var variables = Variables()
        variables.set("COUNT", "2", typed: .int(2))
        variables.set("TEXT", "2")
        let count = Operand.template(Template(parts: [.variable(VariableReference(name: "COUNT", location: here))]))
        let text = Operand.template(Template(parts: [.variable(VariableReference(name: "TEXT", location: here))]))
        #expect(status("2", .equals(count), variables: variables) == .passed)
        #expect(status("2", .equals(text), variables: variables) == .failed)
        #expect(status("\"2\"", .equals(text), variables: variables) == .passed)
    }

    @Test func anUnknownValueIsNotJudged() throws {
        var variables = Variables()
        variables.setUnknown("X", because: "captured by `deploy`, which the pack does not record")
        let unknown = Operand.template(Template(parts: [.variable(VariableReference(name: "X", location: here))]))
        #expect(status("1", .equals(unknown), variables: variables) == .notJudged)
    }
}

/// A pattern that backtracks without end stops at its deadline and is not judged.
@Suite struct PatternDeadlineTests {
    @Test func aCatastrophicPatternIsNotJudgedWithinItsBudget() throws {
        let here = SourceLocation(file: "regex.yaml", line: 1, column: 1)
        let expectation = Expectation(subject: .stdout, matcher: .matches(Pattern(source: "(.*a){20}", location: here)),
                                      location: here)
        let observation = Observation(.recorded(stdout: String(repeating: "a", count: 31) + "b", stderr: ""))
        let started = Date()
        let result = ExpectationEvaluator(variables: Variables()).evaluate(expectation, on: observation)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(result.status == .notJudged)
        #expect(result.message?.contains("did not finish within 1 s on 32 characters") == true)
    }

    @Test func nestedRepetitionIsSpotted() {
        for pattern in ["(.*a){20}", "(a*)*b", "(\\w+)+$", "((ab)+)+", "(x+x+)+y"] {
            #expect(RegexCheck.hasNestedRepetition(pattern), "\(pattern)")
        }
        for pattern in ["(?:ERROR|WARN) [0-9]+", "([0-9a-f]{8})([0-9a-f]{4})", "a*b*", "(ab)+", "[(.*)]+", "\\(.*\\)+"] {
            #expect(!RegexCheck.hasNestedRepetition(pattern), "\(pattern)")
        }
    }
}

/// `${NAME}` in a pattern is the value as literal text, never regular-expression syntax.
@Suite struct PatternValueTests {
    @Test func aValueInAPatternIsMatchedLiterally() throws {
        let lab = try PackVerification.lab("""
            labspec: 1
            id: rx
            title: Regex with a value
            inputs:
              APP: {default: "app.v1+"}
            phases:
              - id: p
                steps:
                  - {id: s, run: [echo, x], expect: [{stdout: {matches: "^${APP}$"}}]}
            """)
        let expectation = lab.phases[0].steps[0].expect[0]
        var variables = Variables()
        variables.set("APP", "app.v1+")
        let evaluator = ExpectationEvaluator(variables: variables)
        #expect(evaluator.evaluate(expectation, on: Observation(.recorded(stdout: "app.v1+", stderr: ""))).status == .passed)
        #expect(evaluator.evaluate(expectation, on: Observation(.recorded(stdout: "appXv11", stderr: ""))).status == .failed)
    }
}
