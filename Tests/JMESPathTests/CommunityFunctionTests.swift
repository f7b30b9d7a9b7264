import JMESPath
import Testing

/// The Community Edition functions labspec has: `items`, `from_items`, `zip`,
/// `group_by`, `lower`, `upper`.
@Suite struct CommunityFunctionTests {
    @Test func itemsAndFromItemsAreInverses() throws {
        let object: JSONValue = ["b": 2, "a": [1]]
        #expect(try Query.search("items(@)", object) == [["b", 2], ["a", [1]]])
        #expect(try Query.search("from_items(items(@))", object) == object)
        #expect(try Query.search("from_items(`[[\"k\", 1], [\"k\", 2]]`)") == ["k": 2], "a later pair wins")
        #expect(Query.errorKind("items(`[1]`)") == "invalid-type")
        #expect(Query.errorKind("from_items(`[[1, 2]]`)") == "invalid-type")
        #expect(Query.errorKind("from_items(`[[\"a\"]]`)") == "invalid-type")
    }

    @Test func zipTruncatesToTheShortest() throws {
        #expect(try Query.search("zip(`[1, 2, 3]`, `[\"a\", \"b\"]`)") == [[1, "a"], [2, "b"]])
        #expect(try Query.search("zip(`[1]`)") == [[1]])
        #expect(Query.errorKind("zip(`[1]`, `2`)") == "invalid-type")
        #expect(Query.errorKind("zip()") == "invalid-arity")
    }

    @Test func groupByKeepsFirstSeenOrderAndDropsNullKeys() throws {
        let events: JSONValue = [["reason": "ProbeFailed", "n": 1], ["reason": "Started", "n": 2],
                                 ["reason": "ProbeFailed", "n": 3], ["n": 4]]
        #expect(try Query.search("group_by(@, &reason)", events) == [
            "ProbeFailed": [["reason": "ProbeFailed", "n": 1], ["reason": "ProbeFailed", "n": 3]],
            "Started": [["reason": "Started", "n": 2]],
        ])
        #expect(try Query.search("group_by(@, &reason).ProbeFailed | length(@)", events) == .int(2))
        #expect(try Query.search("keys(group_by(@, &reason))", events) == ["ProbeFailed", "Started"])
        #expect(try Query.search("group_by(@, &reason)", []) == .null, "as the edition's reference answers")
        #expect(Query.errorKind("group_by(@, &n)", events) == "invalid-type", "keys must be text or null")
    }

    @Test func caseFunctions() throws {
        #expect(try Query.search("lower('Key Vault')") == "key vault")
        #expect(try Query.search("upper('rbac')") == "RBAC")
        #expect(try Query.search("[?lower(state) == 'running'] | length(@)", [["state": "Running"], ["state": "Failed"]]) == .int(1))
        #expect(Query.errorKind("upper(`1`)") == "invalid-type")
    }

    @Test func stringFunctionsCountScalarsAsTheReferenceDoes() throws {
        #expect(try Query.search("split('average|-|min|-|max', '|-|')") == ["average", "min", "max"])
        #expect(try Query.search("split('average|-|min|-|max', '|-|', `1`)") == ["average", "min|-|max"])
        #expect(try Query.search("split('abc', '')") == ["a", "b", "c"])
        #expect(try Query.search("split('abc', '', `1`)") == ["a", "bc"])
        #expect(try Query.search("split('/', '/')") == ["", ""])
        #expect(try Query.search("replace('a-b-c', '-', '+')") == "a+b+c")
        #expect(try Query.search("replace('a-b-c', '-', '+', `1`)") == "a+b-c")
        #expect(try Query.search("replace('ab', '', '-')") == "-a-b-")
        #expect(try Query.search("trim(`\"  Running \\n\"`)") == "Running")
        #expect(try Query.search("trim_left('xxabxx', 'x')") == "abxx")
        #expect(try Query.search("trim_right('xxabxx', 'x')") == "xxab")
        #expect(try Query.search("pad_left('7', `3`, '0')") == "007")
        #expect(try Query.search("pad_right('ab', `4`)") == "ab  ")
        #expect(try Query.search("pad_left('long', `2`)") == "long")
        #expect(try Query.search("find_first('subject string', 'string')") == .int(8))
        #expect(try Query.search("find_last('a-b-c', '-')") == .int(3))
        #expect(try Query.search("find_first('a-b-c', '-', `2`)") == .int(3))
        #expect(try Query.search("find_first('a-b-c', '-', `-2`)") == .int(3), "a negative start counts from the end")
        #expect(try Query.search("find_first('abc', 'x')") == .null)
        #expect(try Query.search("find_first('abc', '')") == .null)
        #expect(try Query.search("find_first('ééa', 'a')") == .int(2), "indices count scalars, not bytes")
    }

    @Test func stringFunctionArgumentsAreCheckedTypesFirst() {
        #expect(Query.errorKind("split('a', '-', `-1`)") == "invalid-value")
        #expect(Query.errorKind("split('a', '-', `1.5`)") == "invalid-value")
        #expect(Query.errorKind("pad_left('a', `2`, 'ab')") == "invalid-value")
        #expect(Query.errorKind("pad_right('a', `2.5`, `1`)") == "invalid-type", "every type is checked before any value")
        #expect(Query.errorKind("replace('a', 'b')") == "invalid-arity")
        #expect(Query.errorKind("find_first('a', 'b', `0`, `1`, `2`)") == "invalid-arity")
        #expect(Query.errorKind("trim(`1`)") == "invalid-type")
    }

    /// A query cannot make a text or array grow without end.
    @Test func growthIsBounded() {
        #expect(Query.errorKind("pad_left('a', `100000000000000`)") == "too-large")
        #expect(Query.errorKind("pad_right('a', `16777217`)") == "too-large")
        #expect(Query.errorKind("replace(@, '', @)", .string(String(repeating: "x", count: 5_000))) == "too-large")
        #expect(Query.errorKind("split(@, '')", .string(String(repeating: "x", count: 16_777_217))) == "too-large")
        #expect(Query.errorKind("pad_left('a', `3`)") == nil)
        let many = JSONValue.array(Array(repeating: .int(1), count: 5))
        #expect(Query.errorKind("[*].pad_left('', `16000000`)", many) == "too-large", "the calls of one query add up")
        #expect(Query.errorKind("[*].pad_left('', `16000000`)", .array(Array(repeating: .int(1), count: 4))) == nil)
    }

    /// Searching text is linear: a needle that almost matches everywhere (the worst case
    /// of a naive search, billions of comparisons here) is answered at once.
    @Test func searchesDoNotMultiplyTheLengths() throws {
        let haystack = JSONValue.string(String(repeating: "a", count: 400_000))
        let needle = String(repeating: "a", count: 20_000) + "b"
        #expect(try Query.search("find_first(@, '\(needle)')", haystack) == .null)
        #expect(try Query.search("contains(@, '\(needle)')", haystack) == .bool(false))
        #expect(try Query.search("length(split(@, '\(needle)'))", haystack) == .int(1))
        #expect(try Query.search("find_last('aaa', 'aa')") == .int(1), "the last start, overlapping the first")
        #expect(try Query.search("find_first('abab', 'ab', `1`)") == .int(2))
        #expect(try Query.search("split('a--b--', '--')") == ["a", "b", ""])
        #expect(try Query.search("contains('Key Vault', 'y V')") == .bool(true))
    }
}
