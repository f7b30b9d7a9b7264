import Foundation

extension Interpreter {
    func call(_ function: Function, _ arguments: [Argument]) throws(JMESPathError) -> JSONValue {
        let name = function.rawValue
        func value(_ index: Int) throws(JMESPathError) -> JSONValue { try Self.value(arguments, index, of: name) }
        func reference(_ index: Int) throws(JMESPathError) -> Expression {
            guard case .reference(let expression) = arguments[index] else {
                throw JMESPathError(.invalidType, "\(name)() expects an &expression as argument \(index + 1)")
            }
            return expression
        }
        func wrongType(_ index: Int, _ expected: String, _ found: JSONValue) -> JMESPathError {
            Self.wrongType(name, index, expected, found)
        }
        func number(_ index: Int) throws(JMESPathError) -> Double {
            let argument = try value(index)
            guard let number = argument.number else { throw wrongType(index, "a number", argument) }
            return number
        }
        func string(_ index: Int) throws(JMESPathError) -> String {
            let argument = try value(index)
            guard case .string(let text) = argument else { throw wrongType(index, "a string", argument) }
            return text
        }
        func array(_ index: Int) throws(JMESPathError) -> [JSONValue] {
            let argument = try value(index)
            guard case .array(let items) = argument else { throw wrongType(index, "an array", argument) }
            return items
        }
        func object(_ index: Int) throws(JMESPathError) -> JSONObject {
            let argument = try value(index)
            guard case .object(let object) = argument else { throw wrongType(index, "an object", argument) }
            return object
        }
        func numbers(_ index: Int) throws(JMESPathError) -> [JSONValue] {
            let items = try array(index)
            guard items.allSatisfy(\.isNumber) else { throw wrongType(index, "an array of numbers", .array(items)) }
            return items
        }

        switch function {
        case .items, .fromItems, .zip, .groupBy, .lower, .upper:
            return try callCommunity(function, arguments)
        case .split, .replace, .trim, .trimLeft, .trimRight, .padLeft, .padRight, .findFirst, .findLast:
            return try callString(function, arguments)
        case .abs:
            switch try value(0) {
            case .int(let integer) where integer != .min: return .int(Swift.abs(integer))
            default: return .double(Swift.abs(try number(0)))
            }
        case .avg:
            let items = try numbers(0)
            guard !items.isEmpty else { return .null }
            return .double(items.reduce(0) { $0 + ($1.number ?? 0) } / Double(items.count))
        case .ceil:
            return integral(Foundation.ceil(try number(0)), original: try value(0))
        case .floor:
            return integral(Foundation.floor(try number(0)), original: try value(0))
        case .contains:
            switch try value(0) {
            case .array(let items): return .bool(items.contains(try value(1)))
            case .string(let text):
                guard case .string(let search) = try value(1) else { return .bool(false) }
                let needle = Array(search.unicodeScalars), haystack = Array(text.unicodeScalars)
                return .bool(needle.isEmpty || !ScalarSearch(needle).occurrences(in: haystack, haystack.indices, limit: 1).isEmpty)
            case let other: throw wrongType(0, "an array or a string", other)
            }
        case .endsWith:
            let text = try string(0), suffix = try string(1)
            return .bool(Array(text.unicodeScalars).reversed().starts(with: Array(suffix.unicodeScalars).reversed()))
        case .startsWith:
            let text = try string(0), prefix = try string(1)
            return .bool(text.unicodeScalars.starts(with: prefix.unicodeScalars))
        case .join:
            let glue = try string(0)
            let items = try array(1)
            var pieces: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw wrongType(1, "an array of strings", .array(items)) }
                pieces.append(text)
            }
            return .string(pieces.joined(separator: glue))
        case .keys:
            return .array(try object(0).keys.map { .string($0) })
        case .values:
            return .array(try object(0).values)
        case .length:
            switch try value(0) {
            case .string(let text): return .int(text.unicodeScalars.count)
            case .array(let items): return .int(items.count)
            case .object(let object): return .int(object.count)
            case let other: throw wrongType(0, "a string, an array or an object", other)
            }
        case .map:
            let expression = try reference(0)
            var results: [JSONValue] = []
            for item in try array(1) { results.append(try evaluate(expression, item)) }
            return .array(results)
        case .max, .min:
            let items = try array(0)
            guard let first = items.first else { return .null }
            let wantsMax = function == .max
            if first.isNumber {
                guard items.allSatisfy(\.isNumber) else { throw wrongType(0, "an array of numbers or of strings", .array(items)) }
                return items.dropFirst().reduce(first) { best, item in
                    let better = wantsMax ? (item.number ?? 0) > (best.number ?? 0) : (item.number ?? 0) < (best.number ?? 0)
                    return better ? item : best
                }
            }
            guard case .string = first, items.allSatisfy({ if case .string = $0 { true } else { false } }) else {
                throw wrongType(0, "an array of numbers or of strings", .array(items))
            }
            return items.dropFirst().reduce(first) { best, item in
                let better = wantsMax ? Self.scalarOrder(best, item) : Self.scalarOrder(item, best)
                return better ? item : best
            }
        case .maxBy, .minBy:
            let items = try array(0)
            let expression = try reference(1)
            let keyed = try sortKeys(items, expression, function: name)
            guard var best = keyed.first else { return .null }
            for candidate in keyed.dropFirst() {
                let better = function == .maxBy ? Self.keyLess(best.key, candidate.key) : Self.keyLess(candidate.key, best.key)
                if better { best = candidate }
            }
            return best.item
        case .merge:
            var merged = JSONObject()
            for index in arguments.indices {
                for entry in try object(index) { merged[entry.key] = entry.value }
            }
            return .object(merged)
        case .notNull:
            for index in arguments.indices {
                let argument = try value(index)
                if argument != .null { return argument }
            }
            return .null
        case .reverse:
            switch try value(0) {
            case .string(let text): return .string(String(String.UnicodeScalarView(text.unicodeScalars.reversed())))
            case .array(let items): return .array(items.reversed())
            case let other: throw wrongType(0, "an array or a string", other)
            }
        case .sort:
            let items = try array(0)
            guard let first = items.first else { return .array([]) }
            let allNumbers = items.allSatisfy(\.isNumber)
            let allStrings = items.allSatisfy { if case .string = $0 { true } else { false } }
            guard (first.isNumber && allNumbers) || allStrings else {
                throw wrongType(0, "an array of numbers or of strings", .array(items))
            }
            return .array(items.sorted { Self.keyLess($0, $1) })
        case .sortBy:
            let items = try array(0)
            let keyed = try sortKeys(items, try reference(1), function: name)
            // Stable: ties keep their original order.
            let sorted = keyed.enumerated().sorted { lhs, rhs in
                if Self.keyLess(lhs.element.key, rhs.element.key) { return true }
                if Self.keyLess(rhs.element.key, lhs.element.key) { return false }
                return lhs.offset < rhs.offset
            }
            return .array(sorted.map(\.element.item))
        case .sum:
            let items = try numbers(0)
            var integerSum = 0
            var exact = true
            for item in items {
                guard case .int(let integer) = item else { exact = false; break }
                let (result, overflow) = integerSum.addingReportingOverflow(integer)
                if overflow { exact = false; break }
                integerSum = result
            }
            return exact ? .int(integerSum) : .double(items.reduce(0) { $0 + ($1.number ?? 0) })
        case .type:
            return .string(try value(0).typeName)
        case .toArray:
            let argument = try value(0)
            if case .array = argument { return argument }
            return .array([argument])
        case .toEpoch:
            let argument = try value(0)
            guard case .string(let text) = argument else { throw wrongType(0, "a timestamp string", argument) }
            return Timestamp.parse(text)?.epochSeconds ?? .null
        case .toString:
            let argument = try value(0)
            if case .string = argument { return argument }
            return .string(argument.compactText)
        case .toNumber:
            switch try value(0) {
            case .int, .double: return try value(0)
            case .string(let text): return Self.number(from: text)
            default: return .null
            }
        }
    }

    /// Keys of `sort_by`, `max_by` and `min_by`: all numbers or all strings.
    private func sortKeys(
        _ items: [JSONValue], _ expression: Expression, function: String
    ) throws(JMESPathError) -> [(item: JSONValue, key: JSONValue)] {
        var keyed: [(item: JSONValue, key: JSONValue)] = []
        var kind: String?
        for item in items {
            let key = try evaluate(expression, item)
            let keyKind = key.isNumber ? "number" : (key.typeName == "string" ? "string" : nil)
            guard let keyKind, kind == nil || kind == keyKind else {
                throw JMESPathError(.invalidType,
                                    "\(function)() needs keys that are all numbers or all strings, found \(key.typeName)")
            }
            kind = keyKind
            keyed.append((item, key))
        }
        return keyed
    }

    private func integral(_ result: Double, original: JSONValue) -> JSONValue {
        if case .int = original { return original }
        if let integer = Int(exactly: result) { return .int(integer) }
        return .double(result)
    }

    static func keyLess(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let a = lhs.number, let b = rhs.number { return a < b }
        return scalarOrder(lhs, rhs)
    }

    /// Strings order by code point, as JSON text compares.
    static func scalarOrder(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        guard case .string(let a) = lhs, case .string(let b) = rhs else { return false }
        return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    /// `to_number` on text: an integer when it reads as one, else a decimal; null otherwise.
    static func number(from text: String) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let integer = Int(trimmed) { return .int(integer) }
        guard let value = try? JSONValue(parsing: trimmed), value.isNumber else {
            if let double = Double(trimmed), double.isFinite,
               trimmed.unicodeScalars.allSatisfy({ "0123456789.eE+-".unicodeScalars.contains($0) }) {
                return .double(double)
            }
            return .null
        }
        return value
    }

    /// Argument `index` of a call to `name` as a value (not an `&expression`).
    static func value(_ arguments: [Argument], _ index: Int, of name: String) throws(JMESPathError) -> JSONValue {
        guard case .value(let value) = arguments[index] else {
            throw JMESPathError(.invalidType, "\(name)() expects a value as argument \(index + 1), not an &expression")
        }
        return value
    }

    static func wrongType(_ name: String, _ index: Int, _ expected: String, _ found: JSONValue) -> JMESPathError {
        JMESPathError(.invalidType, "\(name)() expects \(expected) as argument \(index + 1), found \(found.typeName)")
    }
}

