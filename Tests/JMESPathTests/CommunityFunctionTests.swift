import JMESPath
import Testing

/// The Community Edition functions labspec has: `items`, `from_items`, `zip`,
/// `group_by`, `lower`, `upper`.
@Suite struct CommunityFunctionTests {
    private func search(_ expression: String, _ document: JSONValue = .null) throws -> JSONValue {
        try JMESPathExpression(expression).search(document)
    }

    private func errorKind(_ expression: String, _ document: JSONValue = .null) -> String? {
        do {
            _ = try JMESPathExpression(expression).search(document)
            return nil
        } catch {
            return error.kind.rawValue
        }
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
}
