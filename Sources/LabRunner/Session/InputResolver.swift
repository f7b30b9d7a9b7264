import LabSpec

/// Inputs from defaults, the environment and `--set`, in rising precedence.
public enum InputResolver {
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// `--set` names an input the lab does not declare.
            case unknownInput
            /// A required input has no value.
            case missingValue
        }

        public var kind: Kind
        public var message: String
        /// The inputs concerned.
        public var names: [String]
        public var description: String { message }
    }

    /// `--set NAME=VALUE` beats an environment variable `NAME`, which beats the default.
    /// An optional input with no value is empty; a required one is a problem, reported
    /// after every input that has a value is set.
    public static func resolve(
        _ lab: Lab, overrides: [String: String], environment: [String: String], into variables: inout Variables
    ) -> Result<Void, Problem> {
        let declared = Set(lab.inputs.map(\.name))
        for name in overrides.keys.sorted() where !declared.contains(name) {
            let hint = Suggestion.hint(for: name, in: declared).map { " (\($0))" } ?? ""
            return .failure(Problem(kind: .unknownInput, message: "--set \(name): the lab declares no input `\(name)`\(hint)",
                                    names: [name]))
        }
        var missing: [String] = []
        for input in lab.inputs {
            let value: String? = overrides[input.name] ?? environment[input.name]
                ?? input.defaultValue.map { variables.render($0).text }
            if input.required, value?.isEmpty ?? true {
                missing.append(input.name)
                continue
            }
            variables.set(input.name, value ?? "", secret: input.secret, origin: "input")
        }
        guard missing.isEmpty else {
            let list = missing.map { "`\($0)`" }.joined(separator: ", ")
            return .failure(Problem(kind: .missingValue, message: "required input\(missing.count == 1 ? "" : "s") \(list) not set: "
                + "pass --set NAME=VALUE or set the environment variable", names: missing))
        }
        return .success(())
    }
}
