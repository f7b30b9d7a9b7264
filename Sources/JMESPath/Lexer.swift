import Foundation

/// Splits a JMESPath expression into tokens.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ expression: String) {
        scalars = Array(expression.unicodeScalars)
    }

    static func tokens(_ expression: String) throws(JMESPathError) -> [Token] {
        var lexer = Lexer(expression)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .eof { return tokens }
        }
    }

    private func peek(_ distance: Int = 0) -> Unicode.Scalar? {
        index + distance < scalars.count ? scalars[index + distance] : nil
    }

    private mutating func next() throws(JMESPathError) -> Token {
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            index += 1
        }
        let start = index
        guard let scalar = peek() else { return Token(kind: .eof, offset: start) }
        func simple(_ kind: Token.Kind, length: Int = 1) -> Token {
            index += length
            return Token(kind: kind, offset: start)
        }
        switch scalar {
        case ".": return simple(.dot)
        case "*": return simple(.star)
        case "]": return simple(.rbracket)
        case "{": return simple(.lbrace)
        case "}": return simple(.rbrace)
        case "(": return simple(.lparen)
        case ")": return simple(.rparen)
        case ",": return simple(.comma)
        case ":": return simple(.colon)
        case "@": return simple(.current)
        case "+": return simple(.plus)
        case "%": return simple(.modulo)
        case "\u{2212}": return simple(.minus)
        case "\u{00D7}": return simple(.multiply)
        case "\u{00F7}": return simple(.divide)
        case "/": return peek(1) == "/" ? simple(.integerDivide, length: 2) : simple(.divide)
        case "-" where !(peek(1).map { ("0"..."9").contains($0) } ?? false):
            return simple(.minus)
        case "[":
            if peek(1) == "]" { return simple(.flatten, length: 2) }
            if peek(1) == "?" { return simple(.filter, length: 2) }
            return simple(.lbracket)
        case "|": return peek(1) == "|" ? simple(.or, length: 2) : simple(.pipe)
        case "&": return peek(1) == "&" ? simple(.and, length: 2) : simple(.expref)
        case "<": return peek(1) == "=" ? simple(.le, length: 2) : simple(.lt)
        case ">": return peek(1) == "=" ? simple(.ge, length: 2) : simple(.gt)
        case "!": return peek(1) == "=" ? simple(.ne, length: 2) : simple(.not)
        case "=":
            return peek(1) == "=" ? simple(.eq, length: 2) : simple(.assign)
        case "$":
            index += 1
            guard let next = peek(), isIdentifierStart(next) else { return Token(kind: .root, offset: start) }
            while let next = peek(), isIdentifierStart(next) || ("0"..."9").contains(next) { index += 1 }
            return Token(kind: .variable(String(String.UnicodeScalarView(scalars[(start + 1)..<index]))), offset: start)
        case "'":
            let body = try delimited(by: "'")
            // Raw strings unescape only `\'`; every other backslash stays.
            return Token(kind: .literal(.string(body.replacingOccurrences(of: "\\'", with: "'"))), offset: start)
        case "`":
            let body = try delimited(by: "`").replacingOccurrences(of: "\\`", with: "`")
            return Token(kind: .literal(try literal(body, at: start)), offset: start)
        case "\"":
            let body = try delimited(by: "\"")
            do {
                guard case .string(let name) = try JSONValue(parsing: "\"\(body)\"") else {
                    throw JMESPathError(.syntax, "invalid quoted identifier", offset: start)
                }
                return Token(kind: .quotedIdentifier(name), offset: start)
            } catch {
                throw JMESPathError(.syntax, "invalid quoted identifier", offset: start)
            }
        case "-", "0"..."9":
            index += 1
            while let digit = peek(), ("0"..."9").contains(digit) { index += 1 }
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            guard let value = Int(text) else {
                throw JMESPathError(.syntax, "`\(text)` is not a number", offset: start)
            }
            return Token(kind: .number(value), offset: start)
        default:
            if isIdentifierStart(scalar) {
                index += 1
                while let next = peek(), isIdentifierStart(next) || ("0"..."9").contains(next) { index += 1 }
                return Token(kind: .unquotedIdentifier(String(String.UnicodeScalarView(scalars[start..<index]))),
                             offset: start)
            }
            throw JMESPathError(.syntax, "unexpected character `\(scalar)`", offset: start)
        }
    }

    private func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// The text up to the closing `delimiter`; a backslash keeps the next scalar from closing it.
    private mutating func delimited(by delimiter: Unicode.Scalar) throws(JMESPathError) -> String {
        let start = index
        index += 1
        var body = String.UnicodeScalarView()
        while let scalar = peek() {
            if scalar == delimiter {
                index += 1
                return String(body)
            }
            if scalar == "\\", let next = peek(1) {
                body.append(scalar)
                body.append(next)
                index += 2
                continue
            }
            body.append(scalar)
            index += 1
        }
        throw JMESPathError(.syntax, "unterminated \(delimiter == "`" ? "literal" : "string"): no closing \(delimiter)",
                            offset: start)
    }

    /// A backtick literal is JSON; text that is not JSON is read as a string, as the
    /// reference implementation still does for old expressions.
    private func literal(_ body: String, at offset: Int) throws(JMESPathError) -> JSONValue {
        if let value = try? JSONValue(parsing: body) { return value }
        let trimmed = String(body.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        if let value = try? JSONValue(parsing: "\"\(trimmed)\"") { return value }
        throw JMESPathError(.syntax, "invalid JSON literal `\(body)`", offset: offset)
    }
}
