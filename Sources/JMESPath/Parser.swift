/// A Pratt parser over the token list, following the JMESPath grammar's binding powers.
struct Parser {
    private let tokens: [Token]
    private var position = 0
    /// How deep the tree being built is, counting nested expressions and the links of
    /// left-leaning chains (`a.b.c`); bounded so no input can exhaust the stack while
    /// parsing, evaluating or freeing the tree.
    private var depth = 0
    /// The variables `let` has bound around the expression being parsed, innermost last:
    /// a reference to any other is an error when the query compiles, not when it runs.
    var scopes: [Set<String>] = []
    /// Tokens binding weaker than this end a projection's right-hand side.
    private static let projectionStop = 10
    /// Deeper than any real query (the compliance suite's deepest is about 100), far
    /// below what would exhaust a thread's stack.
    static let maximumDepth = 400

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    static func parse(_ expression: String) throws(JMESPathError) -> Expression {
        var parser = Parser(tokens: try Lexer.tokens(expression))
        let tree = try parser.expression(0)
        guard parser.current.kind == .eof else {
            throw parser.unexpected()
        }
        return tree
    }

    var current: Token { tokens[min(position, tokens.count - 1)] }

    func lookahead(_ distance: Int) -> Token {
        tokens[min(position + distance, tokens.count - 1)]
    }

    mutating func advance() {
        position += 1
    }

    func unexpected(_ expected: String? = nil) -> JMESPathError {
        let token = current
        if token.kind == .assign, expected == nil {
            return JMESPathError(.syntax, "`=` is not an operator; compare with `==`", offset: token.offset)
        }
        if case .number(let value) = token.kind, value < 0, position > 0 {
            return JMESPathError(.syntax, "unexpected `\(value)`: to subtract, write `- `\(-value)``: a space after `-` "
                                 + "and the number as a literal", offset: token.offset)
        }
        let found = token.kind == .eof ? "the end of the expression" : "`\(token.text)`"
        let message = expected.map { "expected \($0), found \(found)" } ?? "unexpected \(found)"
        return JMESPathError(.syntax, message, offset: token.offset)
    }

    mutating func match(_ kind: Token.Kind, _ description: String) throws(JMESPathError) {
        guard current.kind == kind else { throw unexpected(description) }
        advance()
    }

    mutating func expression(_ bindingPower: Int) throws(JMESPathError) -> Expression {
        let entry = depth
        defer { depth = entry }
        try deeper(at: current.offset)
        let token = current
        advance()
        var left = try nud(token)
        while bindingPower < current.bindingPower {
            let operatorToken = current
            try deeper(at: operatorToken.offset)
            advance()
            left = try led(operatorToken, left)
        }
        return left
    }

    private mutating func deeper(at offset: Int) throws(JMESPathError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw JMESPathError(.syntax, "the expression is nested too deeply (more than \(Self.maximumDepth) levels)",
                                offset: offset)
        }
    }

    private mutating func nud(_ token: Token) throws(JMESPathError) -> Expression {
        switch token.kind {
        case .literal(let value):
            return .literal(value)
        case .unquotedIdentifier("let") where { if case .variable = current.kind { true } else { false } }():
            return try letExpression()
        case .root:
            return .root
        case .variable(let name):
            guard scopes.contains(where: { $0.contains(name) }) else {
                throw JMESPathError(.undefinedVariable, "`$\(name)` is not bound by an enclosing `let`", offset: token.offset)
            }
            return .variable(name)
        case .unquotedIdentifier(let name):
            return .field(name, hash: JSONObject.keyHash(name))
        case .quotedIdentifier(let name):
            if current.kind == .lparen {
                throw JMESPathError(.syntax, "a function name cannot be quoted", offset: token.offset)
            }
            return .field(name, hash: JSONObject.keyHash(name))
        case .star:
            let right: Expression = current.kind == .rbracket ? .identity : try projectionRHS(20)
            return .valueProjection(.identity, right)
        case .filter:
            return try filter(.identity)
        case .lbrace:
            return try multiSelectHash()
        case .lparen:
            let inner = try expression(0)
            try match(.rparen, "`)`")
            return inner
        case .flatten:
            return .projection(.flatten(.identity), try projectionRHS(9))
        case .not:
            return .not(try expression(45))
        case .lbracket:
            if case .number = current.kind { return try projectIfSlice(.identity, try indexExpression()) }
            if current.kind == .colon { return try projectIfSlice(.identity, try indexExpression()) }
            if current.kind == .star, lookahead(1).kind == .rbracket {
                advance()
                advance()
                return .projection(.identity, try projectionRHS(20))
            }
            return try multiSelectList()
        case .current:
            return .identity
        case .minus:
            return .negate(try expression(6))
        case .plus:
            return .positive(try expression(6))
        case .expref:
            return .expressionReference(try expression(0))
        case .eof:
            throw JMESPathError(.syntax, "the expression ends too early", offset: token.offset)
        default:
            position -= 1
            throw unexpected()
        }
    }

    private mutating func led(_ token: Token, _ left: Expression) throws(JMESPathError) -> Expression {
        switch token.kind {
        case .dot:
            if current.kind == .star {
                advance()
                return .valueProjection(left, try projectionRHS(40))
            }
            return .subexpression(left, try dotRHS(40))
        case .pipe:
            return .pipe(left, try expression(1))
        case .or:
            return .or(left, try expression(2))
        case .and:
            return .and(left, try expression(3))
        case .lparen:
            guard case .field(let name, _) = left else {
                throw JMESPathError(.syntax, "only a name can be called as a function", offset: token.offset)
            }
            return try functionCall(name, at: token.offset)
        case .filter:
            return try filter(left)
        case .eq: return .comparator(.eq, left, try expression(5))
        case .ne: return .comparator(.ne, left, try expression(5))
        case .lt: return .comparator(.lt, left, try expression(5))
        case .le: return .comparator(.le, left, try expression(5))
        case .gt: return .comparator(.gt, left, try expression(5))
        case .ge: return .comparator(.ge, left, try expression(5))
        case .plus: return .arithmetic(.add, left, try expression(6))
        case .minus: return .arithmetic(.subtract, left, try expression(6))
        case .star, .multiply: return .arithmetic(.multiply, left, try expression(7))
        case .divide: return .arithmetic(.divide, left, try expression(7))
        case .integerDivide: return .arithmetic(.integerDivide, left, try expression(7))
        case .modulo: return .arithmetic(.modulo, left, try expression(7))
        case .flatten:
            return .projection(.flatten(left), try projectionRHS(9))
        case .lbracket:
            switch current.kind {
            case .number, .colon:
                return try projectIfSlice(left, try indexExpression())
            default:
                try match(.star, "`*`, a number or `:`")
                try match(.rbracket, "`]`")
                return .projection(left, try projectionRHS(20))
            }
        default:
            position -= 1
            throw unexpected()
        }
    }

    private mutating func filter(_ left: Expression) throws(JMESPathError) -> Expression {
        let condition = try expression(0)
        try match(.rbracket, "`]`")
        let right: Expression = current.kind == .flatten ? .identity : try projectionRHS(21)
        return .filterProjection(left, right, condition: condition)
    }

    private mutating func projectIfSlice(_ left: Expression, _ right: Expression) throws(JMESPathError) -> Expression {
        let indexed = Expression.indexExpression(left, right)
        return right.isSlice ? .projection(indexed, try projectionRHS(20)) : indexed
    }

    /// After `[`: a plain index or a slice; consumes the closing `]`.
    private mutating func indexExpression() throws(JMESPathError) -> Expression {
        if current.kind == .colon || lookahead(1).kind == .colon { return try sliceExpression() }
        guard case .number(let value) = current.kind else { throw unexpected("a number") }
        advance()
        try match(.rbracket, "`]`")
        return .index(value)
    }

    private mutating func sliceExpression() throws(JMESPathError) -> Expression {
        var parts: [Int?] = [nil, nil, nil]
        var slot = 0
        while current.kind != .rbracket, slot < 3 {
            switch current.kind {
            case .colon:
                slot += 1
                if slot == 3 { throw unexpected("`]`") }
                advance()
            case .number(let value):
                parts[slot] = value
                advance()
            default:
                throw unexpected("a number, `:` or `]`")
            }
        }
        try match(.rbracket, "`]`")
        return .slice(start: parts[0], stop: parts[1], step: parts[2])
    }

    private mutating func projectionRHS(_ bindingPower: Int) throws(JMESPathError) -> Expression {
        if current.bindingPower < Self.projectionStop { return .identity }
        switch current.kind {
        case .lbracket, .filter:
            return try expression(bindingPower)
        case .dot:
            advance()
            return try dotRHS(bindingPower)
        default:
            throw unexpected("`.`, `[` or the end of the projection")
        }
    }

    private mutating func dotRHS(_ bindingPower: Int) throws(JMESPathError) -> Expression {
        switch current.kind {
        case .unquotedIdentifier, .quotedIdentifier, .star:
            return try expression(bindingPower)
        case .lbracket:
            advance()
            return try multiSelectList()
        case .lbrace:
            advance()
            return try multiSelectHash()
        default:
            throw unexpected("a name, `*`, `[` or `{` after `.`")
        }
    }
}
