extension JSONValue {
    /// Compact JSON (`{"a":1,"b":[true,null]}`), keys in their original order.
    public var compactText: String {
        var output = ""
        write(to: &output, indent: nil, depth: 0)
        return output
    }

    /// JSON indented by two spaces per level.
    public var prettyText: String {
        var output = ""
        write(to: &output, indent: "  ", depth: 0)
        return output
    }

    private func write(to output: inout String, indent: String?, depth: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value): output += JSONValue.format(value)
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (position, item) in items.enumerated() {
                if position > 0 { output += "," }
                newline(&output, indent: indent, depth: depth + 1)
                item.write(to: &output, indent: indent, depth: depth + 1)
            }
            newline(&output, indent: indent, depth: depth)
            output += "]"
        case .object(let object):
            guard !object.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            for (position, entry) in object.enumerated() {
                if position > 0 { output += "," }
                newline(&output, indent: indent, depth: depth + 1)
                JSONValue.writeString(entry.key, to: &output)
                output += indent == nil ? ":" : ": "
                entry.value.write(to: &output, indent: indent, depth: depth + 1)
            }
            newline(&output, indent: indent, depth: depth)
            output += "}"
        }
    }

    private func newline(_ output: inout String, indent: String?, depth: Int) {
        guard let indent else { return }
        output += "\n" + String(repeating: indent, count: depth)
    }

    /// Shortest text that reads back as the same double; whole numbers keep `.0`,
    /// non-finite values (which JSON cannot hold) become null.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return "\(value)"
    }

    static func writeString(_ value: String, to output: inout String) {
        output += "\""
        JSONValue.escape(value, into: &output)
        output += "\""
    }
}

extension JSONValue {
    /// How to write characters beyond ASCII inside a JSON string.
    public enum NonASCII: Sendable {
        /// As they are, in UTF-8 (what labspec writes).
        case utf8
        /// As `\uXXXX` escapes with lower- or upper-case hex digits (what `json.dumps`
        /// and many tools write).
        case escaped(uppercase: Bool)
    }

    /// `text` escaped for the inside of a JSON string (without the quotes).
    public static func escaped(_ text: String, nonASCII: NonASCII = .utf8) -> String {
        var output = ""
        escape(text, into: &output, nonASCII: nonASCII)
        return output
    }

    static func escape(_ value: String, into output: inout String, nonASCII: NonASCII = .utf8) {
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                let escapes: Bool
                var uppercase = false
                switch nonASCII {
                case .utf8: escapes = scalar.value < 0x20
                case .escaped(let upper):
                    escapes = scalar.value < 0x20 || scalar.value > 0x7E
                    uppercase = upper
                }
                guard escapes else {
                    output.unicodeScalars.append(scalar)
                    continue
                }
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16, uppercase: uppercase)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
        }
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { compactText }
}
