import JMESPath
import Testing

@Suite struct JSONValueTests {
    @Test func objectsKeepKeyOrderAndCompareWithoutIt() throws {
        let value = try JSONValue(parsing: #"{"b":1,"a":[true,null],"c":{"d":"e"}}"#)
        #expect(value.compactText == #"{"b":1,"a":[true,null],"c":{"d":"e"}}"#)
        #expect(value == (try JSONValue(parsing: #"{"c":{"d":"e"},"a":[true,null],"b":1.0}"#)))
    }

    @Test func largeObjectsUseTheirIndexCorrectly() {
        var object = JSONObject()
        for index in 0..<100 { object["key\(index)"] = .int(index) }
        object["key50"] = .string("replaced")
        object["key7"] = nil
        #expect(object.count == 99)
        #expect(object["key50"] == .string("replaced"))
        #expect(object["key7"] == nil)
        #expect(object["key99"] == .int(99))
        #expect(object.keys.first == "key0" && object.keys.last == "key99")
        var shuffled = JSONObject()
        for key in object.keys.reversed() { shuffled[key] = object[key] }
        #expect(shuffled == object)
        #expect(shuffled.hashValue == object.hashValue)
    }

    @Test func numbersStayExactWhereTheyCan() throws {
        #expect(try JSONValue(parsing: "9007199254740993") == .int(9_007_199_254_740_993))
        #expect(try JSONValue(parsing: "1e400") == .double(.infinity))
        #expect(try JSONValue(parsing: "-0") == .int(0))
        #expect(try JSONValue(parsing: "2.50") == .double(2.5))
        #expect(JSONValue.int(1) == .double(1.0))
        #expect(JSONValue.bool(true) != .int(1))
    }

    @Test func stringsRoundTripWithEscapes() throws {
        let value = try JSONValue(parsing: #""a\"b\\c\n\u00e9\ud83d\ude80\u0001""#)
        #expect(value == .string("a\"b\\c\né🚀\u{01}"))
        #expect(value.compactText == #""a\"b\\c\né🚀\u0001""#)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"\\x\"", "[1] 2", "\"a\nb\""])
    func malformedJSONIsRejected(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func prettyTextIndentsByTwoSpaces() throws {
        let value = try JSONValue(parsing: #"{"a":[1,{}],"b":{}}"#)
        #expect(value.prettyText == "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": {}\n}")
    }

    @Test func errorsCarryTheirKindAndOffset() {
        #expect(throws: JMESPathError(.syntax, "expected `]`, found the end of the expression", offset: 6)) {
            try JMESPathExpression("foo[?a")
        }
        #expect(throws: JMESPathError(.unknownFunction, "unknown function `nope()`", offset: 0)) {
            try JMESPathExpression("nope(@)")
        }
    }

    @Test func stringsOrderByCodePointAsAzQueryDoes() throws {
        let result = try JMESPathExpression("[?name > 'b'].name").search(
            try JSONValue(parsing: #"[{"name":"a"},{"name":"c"},{"name":"ba"}]"#))
        #expect(result == ["c", "ba"])
    }
}
