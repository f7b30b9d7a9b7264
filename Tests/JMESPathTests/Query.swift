import JMESPath

/// One query on one document, for the query-language tests.
enum Query {
    static func search(_ expression: String, _ document: JSONValue = .null) throws -> JSONValue {
        try JMESPathExpression(expression).search(document)
    }

    /// The kind of error the query raises (compiling or evaluating), or nil.
    static func errorKind(_ expression: String, _ document: JSONValue = .null) -> String? {
        do {
            _ = try JMESPathExpression(expression).search(document)
            return nil
        } catch {
            return error.kind.rawValue
        }
    }
}
