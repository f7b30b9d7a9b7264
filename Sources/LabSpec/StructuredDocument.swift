import JMESPath
import Yams

/// Reads YAML documents (and, for files whose kind is not known, JSON or YAML) as JSON
/// values. Artifacts are read by their file name instead (`ArtifactFormat`).
public enum StructuredDocument {
    public enum Problem: Error, Sendable, Equatable {
        case notStructured(String)
    }

    /// JSON, or else YAML with the YAML 1.2 core types (`yes` stays a string).
    public static func parse(_ text: String) throws(Problem) -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch let jsonError {
            do {
                return try parseYAML(text)
            } catch {
                throw .notStructured("neither JSON (\(jsonError.message)) nor YAML")
            }
        }
    }

    /// YAML only, with the YAML 1.2 core types.
    public static func parseYAML(_ text: String) throws(Problem) -> JSONValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .basic)
        } catch {
            throw .notStructured(String(describing: error).split(separator: "\n").first.map(String.init) ?? "invalid YAML")
        }
        guard let node else { return .null }
        guard size(of: node, within: maximumValues) != nil else {
            throw .notStructured("it expands to more than \(maximumValues) values (through YAML aliases)")
        }
        return json(from: node)
    }

    /// How many values a document may hold once its aliases are expanded: far above any
    /// real artifact or spec, far below what would exhaust memory (a "billion laughs"
    /// document of a few hundred bytes expands to billions).
    public static let maximumValues = 2_000_000

    /// The number of nodes `node` stands for with every alias expanded, or nil as soon as
    /// it passes `limit` — so counting a bomb costs at most `limit` steps.
    public static func size(of node: Node, within limit: Int) -> Int? {
        var count = 0
        var pending: [Node] = [node]
        while let next = pending.popLast() {
            count += 1
            if count > limit { return nil }
            switch next {
            case .scalar, .alias: break
            case .sequence(let sequence): pending.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            }
        }
        return count
    }

    /// A YAML node as JSON: plain scalars follow the YAML 1.2 core schema.
    public static func json(from node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return .string(scalar.string) }
            return coreLiteral(scalar.string) ?? .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map(json(from:)))
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                let name: String
                if case .scalar(let scalar) = key { name = scalar.string } else { name = json(from: key).compactText }
                object[name] = json(from: value)
            }
            return .object(object)
        case .alias:
            return .null
        }
    }

    /// Null, booleans and numbers of the YAML 1.2 core schema; nil when the text is a string.
    public static func coreLiteral(_ text: String) -> JSONValue? {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let integer = Int(text) { return .int(integer) }
        let isNumeric = text.unicodeScalars.allSatisfy { "0123456789.eE+-".unicodeScalars.contains($0) }
        if isNumeric, text.unicodeScalars.contains(where: { ("0"..."9").contains($0) }), let double = Double(text) {
            return .double(double)
        }
        return nil
    }
}
