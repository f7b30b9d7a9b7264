import JMESPath

/// The format as a JSON Schema (draft 2020-12), for editors that complete and check
/// YAML as it is typed. Each mapping's properties come from the key lists the loader
/// reads, through exhaustive switches, so a key added to the format without a schema
/// does not compile. `validate` remains the judge of what a schema cannot say (data
/// flow, queries, regular expressions, durations' order).
public enum SpecSchema {
    public static let id = "https://labspec.dev/schema/v1.json"

    public static var document: JSONValue {
        var root = object(LabKey.self) { key -> JSONValue in
            switch key {
            case .labspec: ["const": 1, "description": "Format version."]
            case .id: ref("identifier")
            case .title, .summary, .background: string
            case .metadata: metadata
            case .requires: requires
            case .callouts: ["type": "array", "items": .object(callout)]
            case .diagram: .object(object(DiagramKey.self) { _ in string })
            case .hypothesis: hypothesis
            case .inputs: inputs
            case .phases: ["type": "array", "minItems": 1, "items": .object(phase)]
            case .evidence: .object(object(EvidenceKey.self) { _ in ["type": "array", "items": ref("claim")] })
            case .cleanup: ["type": "array", "items": ref("step")]
            }
        }
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["$id"] = .string(id)
        root["title"] = "labspec failure lab, format 1"
        var defs = JSONObject()
        defs["identifier"] = ["type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"]
        defs["variableName"] = ["type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"]
        defs["duration"] = ["type": "string", "pattern": "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"]
        defs["strings"] = ["anyOf": [string, ["type": "array", "items": string]]]
        defs["command"] = ["anyOf": [string, ["type": "array", "minItems": 1, "items": scalar]]]
        defs["expectation"] = .object(expectation)
        defs["expectations"] = ["anyOf": [ref("expectation"), ["type": "array", "items": ref("expectation")]]]
        defs["captures"] = captures
        defs["step"] = .object(step)
        defs["claim"] = .object(claim)
        root["$defs"] = .object(defs)
        return .object(root)
    }

    private static var metadata: JSONValue {
        .object(object(MetadataKey.self) { key in
            switch key {
            case .difficulty, .duration, .tier, .failureMode: string
            case .skills: ref("strings")
            }
        })
    }

    private static var requires: JSONValue {
        .object(object(RequiresKey.self) { key in
            switch key {
            case .az: ["type": "string", "pattern": "^(>=|<=|==|>|<)?[0-9]+(\\.[0-9]+)*$"]
            case .extensions, .permissions, .tools: ref("strings")
            }
        })
    }

    private static var callout: JSONObject {
        object(CalloutKey.self) { key in
            switch key {
            case .kind: ["enum": .array(Callout.Kind.allCases.map { .string($0.rawValue) })]
            case .title, .body: string
            }
        }
    }

    private static var hypothesis: JSONValue {
        .object(object(HypothesisKey.self) { key in
            switch key {
            case .statement: string
            case .variables: ["type": "array", "items": .object(object(HypothesisVariableKey.self) { _ in string })]
            }
        })
    }

    private static var inputs: JSONValue {
        let declaration = object(InputKey.self) { key -> JSONValue in
            switch key {
            case .default: scalar
            case .description: string
            case .secret, .required: boolean
            }
        }
        return [
            "type": "object",
            "propertyNames": ref("variableName"),
            "additionalProperties": ["anyOf": [["type": ["string", "number", "boolean", "null"]], .object(declaration)]],
        ]
    }

    private static var phase: JSONObject {
        object(PhaseKey.self) { key in
            switch key {
            case .id: ref("identifier")
            case .title, .description: string
            case .steps: ["type": "array", "items": ref("step")]
            }
        }
    }

    private static var step: JSONObject {
        var schema = object(StepKey.self) { key -> JSONValue in
            switch key {
            case .id: ref("identifier")
            case .title, .description, .workdir: string
            case .az, .run: ref("command")
            case .http: ["anyOf": [string, .object(http)]]
            case .sleep, .interval, .within, .timeout: ref("duration")
            case .check: ["anyOf": [string, .object(object(CheckKey.self) { _ in string })]]
            case .expect, .until: ref("expectations")
            case .capture: ref("captures")
            case .evidence:
                ["anyOf": [string, .object(object(StepEvidenceKey.self, minProperties: 1) { _ in string })]]
            case .expectFailure:
                ["anyOf": [boolean, .object(object(ExpectFailureKey.self) { key in
                    switch key {
                    case .exitCode: ["type": "integer", "minimum": 1]
                    case .stderr: string
                    }
                })]]
            case .allowFailure, .background: boolean
            case .env: ["type": "object", "propertyNames": ref("variableName"), "additionalProperties": scalar]
            }
        }
        // Exactly one action.
        schema["oneOf"] = .array(StepKey.actions.map { ["required": [.string($0.rawValue)]] })
        return schema
    }

    private static var http: JSONObject {
        object(HTTPKey.self) { key in
            switch key {
            case .method: ["enum": .array(HTTPRequest.methods.map { .string($0) })]
            case .url, .body: string
            case .headers: ["type": "object", "additionalProperties": scalar]
            case .timeout, .every: ref("duration")
            case .count: ["type": "integer", "minimum": 1]
            case .followRedirects: boolean
            }
        }
    }

    /// One subject and its operators; what each takes is left to `validate`.
    private static var expectation: JSONObject {
        object(ExpectationKey.self, minProperties: 1) { _ in [:] }
    }

    private static var captures: JSONValue {
        let detailed = object(CaptureKey.self) { key -> JSONValue in
            switch key {
            case .query, .regex, .format: string
            case .from: ["enum": .array(Capture.Stream.allCases.map { .string($0.rawValue) })]
            case .group: ["type": "integer", "minimum": 0]
            case .secret: boolean
            }
        }
        return [
            "type": "object",
            "propertyNames": ref("variableName"),
            "additionalProperties": ["anyOf": [string, .object(detailed)]],
        ]
    }

    private static var claim: JSONObject {
        object(ClaimKey.self) { key in
            switch key {
            case .id: ref("identifier")
            case .claim: string
            case .source: ["anyOf": [string, ["type": "array", "minItems": 1, "items": string]]]
            case .expect: ref("expectations")
            case .capture: ref("captures")
            }
        }
    }

    // MARK: - Building blocks

    private static let string: JSONValue = ["type": "string"]
    private static let boolean: JSONValue = ["type": "boolean"]
    private static let scalar: JSONValue = ["type": ["string", "number", "boolean"]]

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/$defs/\(name)")] }

    /// A mapping of exactly `K`'s keys, each with the schema `property` gives it, and
    /// `K`'s required keys.
    private static func object<K: SpecKeySet>(
        _: K.Type, minProperties: Int? = nil, _ property: (K) -> JSONValue
    ) -> JSONObject {
        var schema = JSONObject()
        schema["type"] = "object"
        var properties = JSONObject()
        for key in K.allCases { properties[key.rawValue] = property(key) }
        schema["properties"] = .object(properties)
        schema["additionalProperties"] = false
        if !K.required.isEmpty { schema["required"] = .array(K.required.map { .string($0.rawValue) }) }
        if let minProperties { schema["minProperties"] = .int(minProperties) }
        return schema
    }
}
