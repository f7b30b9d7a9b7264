/// The parser's compound forms: multi-select lists and hashes, function calls and
/// `let` expressions.
extension Parser {
    /// `let $a = EXPR, $b = EXPR in BODY`: the bindings are evaluated in the enclosing
    /// scope, the body in one where they are bound (the innermost binding of a name wins).
    mutating func letExpression() throws(JMESPathError) -> Expression {
        var bindings: [(name: String, value: Expression)] = []
        while true {
            guard case .variable(let name) = current.kind else { throw unexpected("a variable such as `$name`") }
            advance()
            try match(.assign, "`=`")
            bindings.append((name, try expression(0)))
            guard current.kind == .comma else { break }
            advance()
        }
        guard case .unquotedIdentifier("in") = current.kind else { throw unexpected("`,` or `in`") }
        advance()
        scopes.append(Set(bindings.map(\.name)))
        defer { scopes.removeLast() }
        return .letExpression(bindings, try expression(0))
    }

    mutating func multiSelectList() throws(JMESPathError) -> Expression {
        var items: [Expression] = []
        while true {
            items.append(try expression(0))
            if current.kind == .rbracket { break }
            try match(.comma, "`,` or `]`")
        }
        try match(.rbracket, "`]`")
        return .multiSelectList(items)
    }

    mutating func multiSelectHash() throws(JMESPathError) -> Expression {
        var pairs: [(key: String, value: Expression)] = []
        while true {
            let key: String
            switch current.kind {
            case .unquotedIdentifier(let name), .quotedIdentifier(let name): key = name
            default: throw unexpected("a key name")
            }
            advance()
            try match(.colon, "`:`")
            pairs.append((key, try expression(0)))
            if current.kind == .comma {
                advance()
                continue
            }
            try match(.rbrace, "`,` or `}`")
            return .multiSelectHash(pairs)
        }
    }

    mutating func functionCall(_ name: String, at offset: Int) throws(JMESPathError) -> Expression {
        var arguments: [Expression] = []
        while current.kind != .rparen {
            arguments.append(try expression(0))
            if current.kind == .comma {
                advance()
                if current.kind == .rparen { throw unexpected("an argument") }
            } else if current.kind != .rparen {
                throw unexpected("`,` or `)`")
            }
        }
        advance()
        guard let function = Function(rawValue: name) else {
            throw JMESPathError(.unknownFunction, "unknown function `\(name)()`", offset: offset - name.unicodeScalars.count)
        }
        try function.checkArity(arguments.count, offset: offset - name.unicodeScalars.count)
        return .function(function, arguments)
    }
}
