/// Evaluates a syntax tree against a JSON value.
struct Interpreter {
    /// The document the search started on, for `$`.
    let root: JSONValue
    /// What `let` has bound around the expression being evaluated.
    var variables: [String: JSONValue] = [:]
    /// The text every string function of this one search may build, together.
    let budget = TextBudget()

    /// An argument of a function: a value, or an unevaluated `&expression`.
    enum Argument {
        case value(JSONValue)
        case reference(Expression)
    }

    func evaluate(_ expression: Expression, _ value: JSONValue) throws(JMESPathError) -> JSONValue {
        switch expression {
        case .identity:
            return value
        case .field(let name, let hash):
            guard case .object(let object) = value else { return .null }
            return object.value(forKey: name, hash: hash) ?? .null
        case .subexpression(let left, let right):
            return try evaluate(right, try evaluate(left, value))
        case .index(let position):
            guard case .array(let items) = value else { return .null }
            let resolved = position < 0 ? items.count + position : position
            return items.indices.contains(resolved) ? items[resolved] : .null
        case .slice(let start, let stop, let step):
            guard case .array(let items) = value else { return .null }
            return .array(try slice(items, start: start, stop: stop, step: step))
        case .indexExpression(let left, let right):
            return try evaluate(right, try evaluate(left, value))
        case .projection(let left, let right):
            guard case .array(let items) = try evaluate(left, value) else { return .null }
            return .array(try project(items, right))
        case .valueProjection(let left, let right):
            guard case .object(let object) = try evaluate(left, value) else { return .null }
            return .array(try project(object.values, right))
        case .filterProjection(let left, let right, let condition):
            guard case .array(let items) = try evaluate(left, value) else { return .null }
            return .array(try filter(items, condition, right))
        case .flatten(let inner):
            guard case .array(let items) = try evaluate(inner, value) else { return .null }
            return .array(Self.flatten(items))
        case .multiSelectList(let items):
            if value == .null { return .null }
            var results: [JSONValue] = []
            results.reserveCapacity(items.count)
            for item in items { results.append(try evaluate(item, value)) }
            return .array(results)
        case .multiSelectHash(let pairs):
            if value == .null { return .null }
            var object = JSONObject()
            for pair in pairs { object[pair.key] = try evaluate(pair.value, value) }
            return .object(object)
        case .literal(let literal):
            return literal
        case .comparator(let comparator, let left, let right):
            return compare(comparator, try evaluate(left, value), try evaluate(right, value))
        case .or(let left, let right):
            let first = try evaluate(left, value)
            return first.isTruthy ? first : try evaluate(right, value)
        case .and(let left, let right):
            let first = try evaluate(left, value)
            return first.isTruthy ? try evaluate(right, value) : first
        case .not(let inner):
            return .bool(!(try evaluate(inner, value)).isTruthy)
        case .pipe(let left, let right):
            let intermediate = try evaluate(left, value)
            try Self.checkSize(intermediate)
            return try evaluate(right, intermediate)
        case .function(let function, let arguments):
            return try call(function, try evaluateArguments(arguments, value))
        case .arithmetic(let operation, let left, let right):
            return try Self.apply(operation, try evaluate(left, value), try evaluate(right, value))
        case .negate(let inner):
            return try Self.negate(try evaluate(inner, value))
        case .positive(let inner):
            let operand = try evaluate(inner, value)
            _ = try Self.number(operand, for: "+")
            return operand
        case .root:
            return root
        case .variable(let name):
            // The parser admits only names a `let` around it binds.
            return variables[name] ?? .null
        case .letExpression(let bindings, let body):
            var inner = self
            for binding in bindings { inner.variables[binding.name] = try evaluate(binding.value, value) }
            return try inner.evaluate(body, value)
        case .expressionReference:
            // Only meaningful as a function argument; elsewhere it evaluates to null.
            return .null
        }
    }

    /// How many values a result may hold, counted with every shared part counted again:
    /// `[@,@]|[@,@]|…` doubles its size at each stage while sharing its storage, and the
    /// work to compare, sort or print it grows with this count, not with memory.
    static let maximumValues = 10_000_000

    /// Throws when `value` holds more than `maximumValues` values; stops counting there.
    static func checkSize(_ value: JSONValue) throws(JMESPathError) {
        var count = 0
        var pending: [JSONValue] = [value]
        while let next = pending.popLast() {
            count += 1
            if count > maximumValues {
                throw JMESPathError(.tooLarge, "the result holds more than \(maximumValues) values")
            }
            switch next {
            case .array(let items): pending.append(contentsOf: items)
            case .object(let object): pending.append(contentsOf: object.values)
            default: break
            }
        }
    }

    /// Function arguments: values, except `&expr`, which is handed over unevaluated.
    private func evaluateArguments(_ arguments: [Expression], _ value: JSONValue) throws(JMESPathError) -> [Argument] {
        var evaluated: [Argument] = []
        evaluated.reserveCapacity(arguments.count)
        for argument in arguments {
            if case .expressionReference(let inner) = argument {
                evaluated.append(.reference(inner))
            } else {
                evaluated.append(.value(try evaluate(argument, value)))
            }
        }
        return evaluated
    }

    private func filter(_ items: [JSONValue], _ condition: Expression, _ right: Expression) throws(JMESPathError) -> [JSONValue] {
        var kept: [JSONValue] = []
        for item in items where try evaluate(condition, item).isTruthy {
            let projected = try evaluate(right, item)
            if projected != .null { kept.append(projected) }
        }
        return kept
    }

    private static func flatten(_ items: [JSONValue]) -> [JSONValue] {
        var flat: [JSONValue] = []
        for item in items {
            if case .array(let nested) = item { flat += nested } else { flat.append(item) }
        }
        return flat
    }

    private func project(_ items: [JSONValue], _ right: Expression) throws(JMESPathError) -> [JSONValue] {
        var results: [JSONValue] = []
        results.reserveCapacity(items.count)
        for item in items {
            let projected = try evaluate(right, item)
            if projected != .null { results.append(projected) }
        }
        return results
    }

    private func compare(_ comparator: Expression.Comparator, _ left: JSONValue, _ right: JSONValue) -> JSONValue {
        switch comparator {
        case .eq: return .bool(left == right)
        case .ne: return .bool(left != right)
        default:
            // Ordering is defined on numbers and, as in the `jmespath` module behind
            // `az --query`, on strings (by code point); anything else gives null.
            if case .string(let a) = left, case .string(let b) = right {
                let less = a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
                let greater = b.unicodeScalars.lexicographicallyPrecedes(a.unicodeScalars)
                switch comparator {
                case .lt: return .bool(less)
                case .le: return .bool(!greater)
                case .gt: return .bool(greater)
                default: return .bool(!less)
                }
            }
            guard let a = left.number, let b = right.number else { return .null }
            switch comparator {
            case .lt: return .bool(a < b)
            case .le: return .bool(a <= b)
            case .gt: return .bool(a > b)
            default: return .bool(a >= b)
            }
        }
    }

    /// Python-style slicing with negative indices and steps.
    private func slice(_ items: [JSONValue], start: Int?, stop: Int?, step: Int?) throws(JMESPathError) -> [JSONValue] {
        let step = step ?? 1
        guard step != 0 else { throw JMESPathError(.invalidValue, "a slice step cannot be 0") }
        let count = items.count
        func clamp(_ value: Int?, default fallback: Int) -> Int {
            guard var value else { return fallback }
            if value < 0 {
                value += count
                if value < 0 { value = step < 0 ? -1 : 0 }
            } else if value >= count {
                value = step < 0 ? count - 1 : count
            }
            return value
        }
        let first = clamp(start, default: step < 0 ? count - 1 : 0)
        let last = clamp(stop, default: step < 0 ? -1 : count)
        var result: [JSONValue] = []
        var index = first
        while step > 0 ? index < last : index > last {
            result.append(items[index])
            index += step
        }
        return result
    }
}
