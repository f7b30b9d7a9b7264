import JMESPath
import Testing

/// The Community Edition functions labspec has: `items`, `from_items`, `zip`,
/// `group_by`, `lower`, `upper`.
@Suite struct CommunityFunctionTests {
    private func search(_ expression: String, _ document: JSONValue = .null) throws -> JSONValue {
        try Query.search(expression, document)
    }

    private func errorKind(_ expression: String, _ document: JSONValue = .null) -> String? {
        Query.errorKind(expression, document)
    }

    @Test func itemsAndFromItemsAreInverses() throws {
        let object: JSONValue = ["b": 2, "a": [1]]
        #expect(try search("items(@)", object) == [["b", 2], ["a", [1]]])
        #expect(try search("from_items(items(@))", object) == object)
        #expect(try search("from_items(`[[\"k\", 1], [\"k\", 2]]`)") == ["k": 2], "a later pair wins")
        #expect(errorKind("items(`[1]`)") == "invalid-type")
        #expect(errorKind("from_items(`[[1, 2]]`)") == "invalid-type")
        #expect(errorKind("from_items(`[[\"a\"]]`)") == "invalid-type")
    }

    @Test func zipTruncatesToTheShortest() throws {
        #expect(try search("zip(`[1, 2, 3]`, `[\"a\", \"b\"]`)") == [[1, "a"], [2, "b"]])
        #expect(try search("zip(`[1]`)") == [[1]])
        #expect(errorKind("zip(`[1]`, `2`)") == "invalid-type")
        #expect(errorKind("zip()") == "invalid-arity")
    }

    @Test func groupByKeepsFirstSeenOrderAndDropsNullKeys() throws {
        let events: JSONValue = [["reason": "ProbeFailed", "n": 1], ["reason": "Started", "n": 2],
                                 ["reason": "ProbeFailed", "n": 3], ["n": 4]]
        #expect(try search("group_by(@, &reason)", events) == [
            "ProbeFailed": [["reason": "ProbeFailed", "n": 1], ["reason": "ProbeFailed", "n": 3]],
            "Started": [["reason": "Started", "n": 2]],
        ])
        #expect(try search("group_by(@, &reason).ProbeFailed | length(@)", events) == .int(2))
        #expect(try search("keys(group_by(@, &reason))", events) == ["ProbeFailed", "Started"])
        #expect(try search("group_by(@, &reason)", []) == .null, "as the edition's reference answers")
        #expect(errorKind("group_by(@, &n)", events) == "invalid-type", "keys must be text or null")
    }

    @Test func caseFunctions() throws {
        #expect(try search("lower('Key Vault')") == "key vault")
        #expect(try search("upper('rbac')") == "RBAC")
        #expect(try search("[?lower(state) == 'running'] | length(@)", [["state": "Running"], ["state": "Failed"]]) == .int(1))
        #expect(errorKind("upper(`1`)") == "invalid-type")
    }

    @Test func stringFunctionsCountScalarsAsTheReferenceDoes() throws {
        #expect(try search("split('average|-|min|-|max', '|-|')") == ["average", "min", "max"])
        #expect(try search("split('average|-|min|-|max', '|-|', `1`)") == ["average", "min|-|max"])
        #expect(try search("split('abc', '')") == ["a", "b", "c"])
        #expect(try search("split('abc', '', `1`)") == ["a", "bc"])
        #expect(try search("split('/', '/')") == ["", ""])
        #expect(try search("replace('a-b-c', '-', '+')") == "a+b+c")
        #expect(try search("replace('a-b-c', '-', '+', `1`)") == "a+b-c")
        #expect(try search("replace('ab', '', '-')") == "-a-b-")
        #expect(try search("trim(`\"  Running \\n\"`)") == "Running")
        #expect(try search("trim_left('xxabxx', 'x')") == "abxx")
        #expect(try search("trim_right('xxabxx', 'x')") == "xxab")
        #expect(try search("pad_left('7', `3`, '0')") == "007")
        #expect(try search("pad_right('ab', `4`)") == "ab  ")
        #expect(try search("pad_left('long', `2`)") == "long")
        #expect(try search("find_first('subject string', 'string')") == .int(8))
        #expect(try search("find_last('a-b-c', '-')") == .int(3))
        #expect(try search("find_first('a-b-c', '-', `2`)") == .int(3))
        #expect(try search("find_first('a-b-c', '-', `-2`)") == .int(3), "a negative start counts from the end")
        #expect(try search("find_first('abc', 'x')") == .null)
        #expect(try search("find_first('abc', '')") == .null)
        #expect(try search("find_first('ééa', 'a')") == .int(2), "indices count scalars, not bytes")
    }

    @Test func stringFunctionArgumentsAreCheckedTypesFirst() {
        #expect(errorKind("split('a', '-', `-1`)") == "invalid-value")
        #expect(errorKind("split('a', '-', `1.5`)") == "invalid-value")
        #expect(errorKind("pad_left('a', `2`, 'ab')") == "invalid-value")
        #expect(errorKind("pad_right('a', `2.5`, `1`)") == "invalid-type", "every type is checked before any value")
        #expect(errorKind("replace('a', 'b')") == "invalid-arity")
        #expect(errorKind("find_first('a', 'b', `0`, `1`, `2`)") == "invalid-arity")
        #expect(errorKind("trim(`1`)") == "invalid-type")
    }

    /// A query cannot make a text or array grow without end.
    @Test func growthIsBounded() {
        #expect(errorKind("pad_left('a', `100000000000000`)") == "too-large")
        #expect(errorKind("pad_right('a', `16777217`)") == "too-large")
        #expect(errorKind("replace(@, '', @)", .string(String(repeating: "x", count: 5_000))) == "too-large")
        #expect(errorKind("split(@, '')", .string(String(repeating: "x", count: 16_777_217))) == "too-large")
        #expect(errorKind("pad_left('a', `3`)") == nil)
        let many = JSONValue.array(Array(repeating: .int(1), count: 5))
        #expect(errorKind("[*].pad_left('', `16000000`)", many) == "too-large", "the calls of one query add up")
        #expect(errorKind("[*].pad_left('', `16000000`)", .array(Array(repeating: .int(1), count: 4))) == nil)
    }

    /// Searching text is linear: a needle that almost matches everywhere (the worst case
    /// of a naive search, billions of comparisons here) is answered at once.
    @Test func searchesDoNotMultiplyTheLengths() throws {
        let haystack = JSONValue.string(String(repeating: "a", count: 400_000))
        let needle = String(repeating: "a", count: 20_000) + "b"
        #expect(try search("find_first(@, '\(needle)')", haystack) == .null)
        #expect(try search("contains(@, '\(needle)')", haystack) == .bool(false))
        #expect(try search("length(split(@, '\(needle)'))", haystack) == .int(1))
        #expect(try search("find_last('aaa', 'aa')") == .int(1), "the last start, overlapping the first")
        #expect(try search("find_first('abab', 'ab', `1`)") == .int(2))
        #expect(try search("split('a--b--', '--')") == ["a", "b", ""])
        #expect(try search("contains('Key Vault', 'y V')") == .bool(true))
    }
}
