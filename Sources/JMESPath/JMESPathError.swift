/// A failure to compile or evaluate a JMESPath expression. The kinds are those of the
/// JMESPath compliance suite.
public struct JMESPathError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case syntax
        case invalidType = "invalid-type"
        case invalidValue = "invalid-value"
        case invalidArity = "invalid-arity"
        case unknownFunction = "unknown-function"
        /// Arithmetic with no number as its result: division by zero, overflow.
        case notANumber = "not-a-number"
        /// `$name` outside any `let` that binds it.
        case undefinedVariable = "undefined-variable"
        /// Not of the compliance suite: a value grew past what labspec evaluates.
        case tooLarge = "too-large"
    }

    public var kind: Kind
    public var message: String
    /// Offset in Unicode scalars into the expression, where known.
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String {
        offset.map { "\(kind.rawValue) error at column \($0 + 1): \(message)" } ?? "\(kind.rawValue) error: \(message)"
    }
}
