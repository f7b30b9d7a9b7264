/// The syntax tree of a compiled JMESPath expression.
indirect enum Expression: Sendable {
    case identity
    /// A key with its lookup hash computed once, when the expression compiles.
    case field(String, hash: Int)
    case subexpression(Expression, Expression)
    case index(Int)
    case slice(start: Int?, stop: Int?, step: Int?)
    /// `left[*]…`, `left[]…` (with flatten), `left.*…` (over object values), `left[?c]…`.
    case projection(Expression, Expression)
    case valueProjection(Expression, Expression)
    case filterProjection(Expression, Expression, condition: Expression)
    case flatten(Expression)
    case indexExpression(Expression, Expression)
    case multiSelectList([Expression])
    case multiSelectHash([(key: String, value: Expression)])
    case literal(JSONValue)
    case comparator(Comparator, Expression, Expression)
    case or(Expression, Expression)
    case and(Expression, Expression)
    case not(Expression)
    case pipe(Expression, Expression)
    case function(Function, [Expression])
    case expressionReference(Expression)
    /// Community Edition arithmetic (JEP-16) on numbers.
    case arithmetic(Arithmetic, Expression, Expression)
    case negate(Expression)
    /// Unary `+`: the operand, which must be a number.
    case positive(Expression)
    /// `$`: the document the search started on.
    case root
    case variable(String)
    case letExpression([(name: String, value: Expression)], Expression)

    enum Arithmetic: Sendable {
        case add, subtract, multiply, divide, integerDivide, modulo
    }

    enum Comparator: Sendable {
        case eq, ne, lt, le, gt, ge
    }

    var isSlice: Bool {
        if case .slice = self { return true }
        return false
    }
}
