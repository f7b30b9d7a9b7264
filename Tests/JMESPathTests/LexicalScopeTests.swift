import JMESPath
import Testing

/// Community Edition `let` (JEP-11a) and the root `$` (JEP-17). labspec compiles
/// strictly: a variable no enclosing `let` binds fails when the query compiles, with
/// its column, since a spec's queries have no other scope.
@Suite struct LexicalScopeTests {
    private func search(_ expression: String, _ document: JSONValue) throws -> JSONValue {
        try Query.search(expression, document)
    }

    private func compileError(_ expression: String) -> JMESPathError? {
        do {
            _ = try JMESPathExpression(expression)
            return nil
        } catch {
            return error
        }
    }

    @Test func theProposalsExamples() throws {
        #expect(try search("let $foo = foo in $foo", ["foo": "bar"]) == "bar")
        #expect(try search("let $foo = foo.bar in $foo", ["foo": ["bar": "baz"]]) == "baz")
        #expect(try search("let $foo = foo in [$foo, $foo]", ["foo": "bar"]) == ["bar", "bar"])
        let nested: JSONValue = ["a": "topval", "b": [["a": "inner1"], ["a": "inner2"]]]
        #expect(try search("let $a = a in b[*].[a, $a, let $a = 'shadow' in $a]", nested)
                == [["inner1", "topval", "shadow"], ["inner2", "topval", "shadow"]])
        let lists: JSONValue = ["foo": [[0, 1], [2, 3], [4, 5]]]
        #expect(try search("foo[*][0]", lists) == [0, 2, 4])
        #expect(try search("let $foo = foo[*] in $foo[0]", lists) == [0, 1], "a bound projection has stopped")
    }

    @Test func aGateComparesEachItemWithTheWhole() throws {
        let samples: JSONValue = ["idle": 1, "samples": [["n": 1], ["n": 6], ["n": 6]]]
        #expect(try search("let $idle = idle in length(samples[?n > $idle])", samples) == .int(2))
        #expect(try search("samples[?n > $.idle] | length(@)", samples) == .int(2))
        #expect(try search("let $first = samples[0].n, $last = samples[-1].n in $last - $first", samples) == .int(5))
    }

    @Test func undefinedVariablesFailWhenTheQueryCompiles() {
        #expect(compileError("$foo")?.kind == .undefinedVariable)
        #expect(compileError("[let $foo = 'bar' in $foo, $foo]")?.kind == .undefinedVariable)
        let sequential = compileError("let $x = a, $y = $x in $y")
        #expect(sequential?.kind == .undefinedVariable, "bindings see the enclosing scope, not each other")
        #expect(sequential?.offset == 17, "the column of `$x`")
        #expect(compileError("let $x = a $x")?.kind == .syntax)
        #expect(compileError("a = b")?.message.contains("compare with `==`") == true)
    }

    /// `let`, `in` and `$` take their new meaning only where standard JMESPath had none.
    @Test func standardQueriesKeepTheirMeaning() throws {
        #expect(try search("let", ["let": 5]) == .int(5))
        #expect(try search("in", ["in": 6]) == .int(6))
        #expect(try search("let.in", ["let": ["in": 7]]) == .int(7))
        #expect(try search("\"$\"", ["$": 8]) == .int(8))
        #expect(try search("$", ["a": 1]) == ["a": 1])
        #expect(try search("a.[$.b]", ["a": ["x": 1], "b": 2]) == [2])
    }
}
