/// A compiled JMESPath expression, ready to evaluate against any number of documents.
///
/// ```swift
/// let query = try JMESPathExpression("length([?roleDefinitionName=='Key Vault Secrets User'])")
/// let count = try query.search(assignments)
/// ```
public struct JMESPathExpression: Sendable {
    public let text: String
    let tree: Expression

    /// Compiles `text`; syntax, unknown functions and wrong argument counts fail here.
    public init(_ text: String) throws(JMESPathError) {
        self.text = text
        tree = try Parser.parse(text)
    }

    /// Evaluates the expression; type errors in function arguments fail here.
    public func search(_ value: JSONValue) throws(JMESPathError) -> JSONValue {
        let result = try Interpreter(root: value).evaluate(tree, value)
        try Interpreter.checkSize(result)
        return result
    }
}
