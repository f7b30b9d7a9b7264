import Foundation

/// Community Edition arithmetic (JEP-16). Operands must be numbers (anything else is an
/// `invalid-type` error, never a guess); integers stay integers where the result is one
/// and fits, and a division by zero or a result that is not finite is `not-a-number`.
/// `//` and `%` floor, as the reference implementation does: `-7 // 2` is -4, `-7 % 2` is 1.
extension Interpreter {
    static func apply(_ operation: Expression.Arithmetic, _ left: JSONValue, _ right: JSONValue) throws(JMESPathError) -> JSONValue {
        let symbol = operation.symbol
        let a = try number(left, for: symbol)
        let b = try number(right, for: symbol)
        if case .int(let x) = a, case .int(let y) = b, let exact = try integer(operation, x, y) { return .int(exact) }
        return try finite(real(operation, a.number ?? .nan, b.number ?? .nan), symbol)
    }

    static func negate(_ operand: JSONValue) throws(JMESPathError) -> JSONValue {
        switch try number(operand, for: "-") {
        case .int(let value) where value != .min: return .int(-value)
        case let value: return try finite(-(value.number ?? .nan), "-")
        }
    }

    static func number(_ value: JSONValue, for symbol: String) throws(JMESPathError) -> JSONValue {
        switch value {
        case .int, .double: return value
        default: throw JMESPathError(.invalidType, "`\(symbol)` needs numbers, got \(value.typeName) \(value.compactText.prefix(40))")
        }
    }

    /// The exact integer result, or nil when it needs a fraction or does not fit.
    private static func integer(_ operation: Expression.Arithmetic, _ x: Int, _ y: Int) throws(JMESPathError) -> Int? {
        switch operation {
        case .add: return x.addingReportingOverflow(y).overflow ? nil : x + y
        case .subtract: return x.subtractingReportingOverflow(y).overflow ? nil : x - y
        case .multiply: return x.multipliedReportingOverflow(by: y).overflow ? nil : x * y
        case .divide:
            if y == 0 { throw JMESPathError(.notANumber, "division by zero") }
            return nil
        case .integerDivide, .modulo:
            if y == 0 { throw JMESPathError(.notANumber, "division by zero") }
            if x == .min, y == -1 { return nil }
            let (quotient, remainder) = x.quotientAndRemainder(dividingBy: y)
            let floors = remainder != 0 && (remainder < 0) != (y < 0)
            return operation == .modulo ? (floors ? remainder + y : remainder) : (floors ? quotient - 1 : quotient)
        }
    }

    private static func real(_ operation: Expression.Arithmetic, _ x: Double, _ y: Double) throws(JMESPathError) -> Double {
        switch operation {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide, .integerDivide, .modulo:
            if y == 0 { throw JMESPathError(.notANumber, "division by zero") }
            if operation == .divide { return x / y }
            if operation == .integerDivide { return (x / y).rounded(.down) }
            let remainder = fmod(x, y)
            return remainder != 0 && (remainder < 0) != (y < 0) ? remainder + y : remainder
        }
    }

    private static func finite(_ value: Double, _ symbol: String) throws(JMESPathError) -> JSONValue {
        guard value.isFinite else { throw JMESPathError(.notANumber, "`\(symbol)` gives no finite number") }
        return .double(value)
    }
}

extension Expression.Arithmetic {
    var symbol: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .integerDivide: "//"
        case .modulo: "%"
        }
    }
}
