/// The Community Edition's object, grouping and case functions: `items`, `from_items`,
/// `zip` (JEP-13), `group_by` (JEP-18), `lower`, `upper` (JEP-14). Wrong argument
/// types are `invalid-type` errors, as for the standard functions.
extension Interpreter {
    func callCommunity(_ function: Function, _ arguments: [Argument]) throws(JMESPathError) -> JSONValue {
        let name = function.rawValue
        func wrongType(_ index: Int, _ expected: String, _ found: JSONValue) -> JMESPathError {
            Self.wrongType(name, index, expected, found)
        }
        func value(_ index: Int) throws(JMESPathError) -> JSONValue { try Self.value(arguments, index, of: name) }
        func array(_ index: Int) throws(JMESPathError) -> [JSONValue] {
            let argument = try value(index)
            guard case .array(let items) = argument else { throw wrongType(index, "an array", argument) }
            return items
        }
        func string(_ index: Int) throws(JMESPathError) -> String {
            let argument = try value(index)
            guard case .string(let text) = argument else { throw wrongType(index, "a string", argument) }
            return text
        }

        switch function {
        case .items:
            let argument = try value(0)
            guard case .object(let object) = argument else { throw wrongType(0, "an object", argument) }
            return .array(object.map { .array([.string($0.key), $0.value]) })
        case .fromItems:
            var object = JSONObject()
            for pair in try array(0) {
                guard case .array(let parts) = pair, parts.count == 2, case .string(let key) = parts[0] else {
                    throw wrongType(0, "an array of [key, value] pairs with text keys", pair)
                }
                object[key] = parts[1]
            }
            return .object(object)
        case .zip:
            var columns: [[JSONValue]] = []
            for index in arguments.indices { columns.append(try array(index)) }
            let rows = columns.map(\.count).min() ?? 0
            return .array((0..<rows).map { row in .array(columns.map { $0[row] }) })
        case .groupBy:
            let items = try array(0)
            guard case .reference(let key) = arguments[1] else {
                throw JMESPathError(.invalidType, "group_by() expects an &expression as argument 2")
            }
            // As the edition's reference answers: an empty array is null, and an item whose
            // key is null (a number has no fields) is left out.
            if items.isEmpty { return .null }
            var order: [String] = []
            var members: [String: [JSONValue]] = [:]
            for item in items {
                switch try evaluate(key, item) {
                case .null: continue
                case .string(let group):
                    if members[group] == nil { order.append(group) }
                    members[group, default: []].append(item)
                case let other:
                    throw JMESPathError(.invalidType, "group_by() needs keys that are strings or null, found \(other.typeName)")
                }
            }
            return .object(JSONObject(order.map { ($0, .array(members[$0] ?? [])) }))
        case .lower:
            return .string(try string(0).lowercased())
        case .upper:
            return .string(try string(0).uppercased())
        default:
            throw JMESPathError(.unknownFunction, "\(name)() is not a Community Edition function")
        }
    }
}
