import JMESPath
import Testing

/// Community Edition arithmetic (JEP-16): numbers only, usual precedence, left to right,
/// flooring `//` and `%`, `not-a-number` for what has no finite result.
@Suite struct ArithmeticTests {
    @Test func precedenceAndAssociativity() throws {
        #expect(try Query.search("`1` + `2` * `3`") == .int(7))
        #expect(try Query.search("(`1` + `2`) * `3`") == .int(9))
        #expect(try Query.search("`8` / `2` * `2`") == .double(8))
        #expect(try Query.search("`8` / `2` × `2`") == .double(8))
        #expect(try Query.search("`8` - `2` - `2`") == .int(4))
        #expect(try Query.search("`2` * `3` % `4`") == .int(2))
        #expect(try Query.search("-`1` − +`2`") == .int(-3))
        #expect(try Query.search("-`10` // `3`") == .int(-3), "a unary minus binds like `+`: -(10 // 3)")
        #expect(try Query.search("`1` + `2` > `2`") == .bool(true))
        #expect(try Query.search("a.b + c.d", ["a": ["b": 1], "c": ["d": 2]]) == .int(3))
        #expect(try Query.search("{ab: a.b, cd: c.d} | ab + cd", ["a": ["b": 1], "c": ["d": 2]]) == .int(3))
    }

    @Test func integersStayIntegersAndFloorDivisionFloors() throws {
        #expect(try Query.search("`7` // `2`") == .int(3))
        #expect(try Query.search("(-`7`) // `2`") == .int(-4))
        #expect(try Query.search("(-`7`) % `2`") == .int(1))
        #expect(try Query.search("`7` % (-`2`)") == .int(-1))
        #expect(try Query.search("`7.5` // `2`") == .double(3))
        #expect(try Query.search("(-`7.5`) % `2`") == .double(0.5))
        #expect(try Query.search("`4` / `2`") == .double(2))
        if case .double = try Query.search("`4` / `2`") {} else { Issue.record("`/` always gives a real number") }
        #expect(try Query.search("`9223372036854775807` + `1`") == .double(9_223_372_036_854_775_808))
    }

    @Test func onlyNumbersAndFiniteResults() {
        #expect(Query.errorKind("`1` / `0`") == "not-a-number")
        #expect(Query.errorKind("`1` // `0`") == "not-a-number")
        #expect(Query.errorKind("`1.5` % `0`") == "not-a-number")
        #expect(Query.errorKind("`1e308` * `10`") == "not-a-number")
        #expect(Query.errorKind("a + `1`", ["a": "1"]) == "invalid-type", "a text is never read as a number here")
        #expect(Query.errorKind("missing - `1`", [:]) == "invalid-type")
        #expect(Query.errorKind("`true` + `1`") == "invalid-type")
        #expect(Query.errorKind("+a", ["a": [1]]) == "invalid-type")
        #expect(Query.errorKind("`1` +") == "syntax")
        #expect(throws: JMESPathError.self) { try JMESPathExpression("length(@) -1") }
        do {
            _ = try JMESPathExpression("length(@) -1")
        } catch {
            #expect(error.message.contains("write `- `1``"), "\(error.message)")
            #expect(error.offset == 10)
        }
    }

    /// `*` keeps its standard meanings wherever it stood before.
    @Test func theWildcardIsUnchanged() throws {
        let document: JSONValue = ["a": [["b": 1], ["b": 2]], "o": ["x": 1, "y": 2]]
        #expect(try Query.search("a[*].b", document) == [1, 2])
        #expect(try Query.search("o.*", document) == [1, 2])
        #expect(try Query.search("*", ["k": 3]) == [3])
        #expect(try Query.search("length(a) * `2`", document) == .int(4))
        #expect(try Query.search("a[0].b * `3`", document) == .int(3))
        #expect(try Query.search("a[?b * `2` > `3`].b", document) == [2])
    }

    /// `to_epoch`, labspec's own: time spans as arithmetic, with Azure's seven fraction
    /// digits and offsets.
    @Test func timestampsBecomeEpochSecondsForSpans() throws {
        #expect(try Query.search("to_epoch('1970-01-01T00:00:00Z')") == .int(0))
        #expect(try Query.search("to_epoch('2026-06-22T15:12:40Z')") == .int(1_782_141_160))
        #expect(try Query.search("to_epoch('2026-06-22T15:12:40+09:00')") == .int(1_782_141_160 - 9 * 3600))
        let run: JSONValue = ["start": "2026-06-22T15:10:44.5000000Z", "end": "2026-06-22T15:12:14.0694807Z"]
        let span = try #require(try Query.search("to_epoch(end) - to_epoch(start)", run).number)
        #expect(abs(span - 89.5694807) < 1e-6)
        #expect(try Query.search("to_epoch(end) - to_epoch(start) > `60`", run) == .bool(true))
        #expect(try Query.search("to_epoch('yesterday')") == .null, "a text that is not a timestamp is null, as to_number's is")
        #expect(Query.errorKind("to_epoch(`1782141160`)") == "invalid-type")
        #expect(Query.errorKind("to_epoch(missing)", [:]) == "invalid-type")
        #expect(Query.errorKind("to_epoch('a', 'b')") == "invalid-arity")
    }
}
