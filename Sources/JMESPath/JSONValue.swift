/// The one JSON value type of labspec: command output, HTTP bodies, query results and
/// expectation operands all use it.
///
/// Integers that fit in `Int` stay exact (`.int`), everything else is `.double`; the two
/// compare equal when they denote the same number, as JSON and JMESPath require.
/// Objects keep their key order so output reads like the input.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The number as a `Double`, for numeric values only.
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    public var isNumber: Bool { number != nil }

    /// JMESPath truthiness: false, null, empty string, array and object are false.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .string(let value): !value.isEmpty
        case .array(let value): !value.isEmpty
        case .object(let value): !value.isEmpty
        case .int, .double: true
        }
    }

    /// The JMESPath type name (`number`, `string`, …).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: Equatable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default:
            if let a = lhs.number, let b = rhs.number { return a == b }
            return false
        }
    }
}

extension JSONValue: Hashable {
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .int(let value): hasher.combine(Double(value))
        case .double(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .array(let value): hasher.combine(value)
        case .object(let value): hasher.combine(value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}

/// A JSON object that remembers the order its keys arrived in; equality ignores order,
/// as JSON's does.
///
/// Small objects are scanned; larger ones keep an open-addressing table keyed by an
/// FNV-1a hash of the key, which a compiled query computes once per field name instead
/// of once per lookup.
public struct JSONObject: Sendable, Hashable, Sequence {
    public typealias Element = (key: String, value: JSONValue)

    private var entries: [Element] = []
    /// Slots hold an entry position or -1; the count of slots is a power of two.
    private var table: [Int32] = []
    private static let tableThreshold = 8

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }
    public var values: [JSONValue] { entries.map(\.value) }

    /// The FNV-1a hash used for lookups; stable across runs.
    public static func keyHash(_ key: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash)
    }

    private func position(of key: String, hash: Int) -> Int? {
        guard !table.isEmpty else { return entries.firstIndex { $0.key == key } }
        let mask = table.count - 1
        var slot = hash & mask
        while true {
            let entry = table[slot]
            if entry < 0 { return nil }
            if entries[Int(entry)].key == key { return Int(entry) }
            slot = (slot + 1) & mask
        }
    }

    /// The value for `key`, whose `keyHash` the caller already knows.
    public func value(forKey key: String, hash: Int) -> JSONValue? {
        position(of: key, hash: hash).map { entries[$0].value }
    }

    public subscript(key: String) -> JSONValue? {
        get { value(forKey: key, hash: table.isEmpty ? 0 : Self.keyHash(key)) }
        set {
            let hash = Self.keyHash(key)
            if let existing = position(of: key, hash: hash) {
                if let newValue {
                    entries[existing].value = newValue
                } else {
                    entries.remove(at: existing)
                    rebuildTable()
                }
            } else if let newValue {
                entries.append((key, newValue))
                if entries.count > Self.tableThreshold, entries.count * 2 > table.count {
                    rebuildTable()
                } else if !table.isEmpty {
                    insert(entries.count - 1, hash: hash)
                }
            }
        }
    }

    private mutating func insert(_ position: Int, hash: Int) {
        let mask = table.count - 1
        var slot = hash & mask
        while table[slot] >= 0 { slot = (slot + 1) & mask }
        table[slot] = Int32(position)
    }

    private mutating func rebuildTable() {
        guard entries.count > Self.tableThreshold else {
            table = []
            return
        }
        var size = 16
        while size < entries.count * 4 { size *= 2 }
        table = Array(repeating: -1, count: size)
        for (position, entry) in entries.enumerated() { insert(position, hash: Self.keyHash(entry.key)) }
    }

    public func makeIterator() -> IndexingIterator<[Element]> {
        entries.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.entries.allSatisfy { entry in rhs[entry.key] == entry.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-entry hashes commutatively.
        var combined = 0
        for entry in entries {
            var single = Hasher()
            single.combine(entry.key)
            single.combine(entry.value)
            combined ^= single.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
