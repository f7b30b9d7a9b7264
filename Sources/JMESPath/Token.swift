/// A lexical token of a JMESPath expression with its scalar offset.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case unquotedIdentifier(String)
        case quotedIdentifier(String)
        case number(Int)
        case literal(JSONValue)
        case dot, star, flatten, filter, lbracket, rbracket, lbrace, rbrace, lparen, rparen
        case comma, colon, pipe, or, and, not, expref, current
        case eq, ne, lt, le, gt, ge
        /// Community Edition arithmetic (JEP-16); `*` stays `star` and multiplies as an infix.
        case plus, minus, multiply, divide, integerDivide, modulo
        /// Community Edition: `$` (the root document, JEP-17), `$name` and `=` (`let`, JEP-11).
        case root, variable(String), assign
        case eof
    }

    var kind: Kind
    var offset: Int

    /// How strongly the token binds as an infix operator (the Pratt parser's left binding power).
    var bindingPower: Int {
        switch kind {
        case .pipe: 1
        case .or: 2
        case .and: 3
        case .eq, .ne, .lt, .le, .gt, .ge: 5
        case .plus, .minus: 6
        // `*` as an infix can only multiply: it binds like `×`, so `a / b * c` is
        // `(a / b) * c`. (As a prefix or inside brackets it is the wildcard.)
        case .star, .multiply, .divide, .integerDivide, .modulo: 7
        case .flatten: 9
        case .filter: 21
        case .dot: 40
        case .not: 45
        case .lbrace: 50
        case .lbracket: 55
        case .lparen: 60
        default: 0
        }
    }

    var text: String {
        switch kind {
        case .unquotedIdentifier(let name): name
        case .quotedIdentifier(let name): "\"\(name)\""
        case .number(let value): String(value)
        case .literal(let value): "`\(value.compactText)`"
        case .dot: "."
        case .star: "*"
        case .flatten: "[]"
        case .filter: "[?"
        case .lbracket: "["
        case .rbracket: "]"
        case .lbrace: "{"
        case .rbrace: "}"
        case .lparen: "("
        case .rparen: ")"
        case .comma: ","
        case .colon: ":"
        case .pipe: "|"
        case .or: "||"
        case .and: "&&"
        case .not: "!"
        case .expref: "&"
        case .current: "@"
        case .eq: "=="
        case .ne: "!="
        case .lt: "<"
        case .le: "<="
        case .gt: ">"
        case .ge: ">="
        case .plus: "+"
        case .minus: "-"
        case .multiply: "×"
        case .divide: "/"
        case .integerDivide: "//"
        case .modulo: "%"
        case .root: "$"
        case .variable(let name): "$\(name)"
        case .assign: "="
        case .eof: "end of expression"
        }
    }
}
