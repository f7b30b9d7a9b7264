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
            case .files: files
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
        // A step or phase id may hold the `${ITEM}` of its `for-each`.
        defs["repeatableIdentifier"] = ["type": "string",
                                        "pattern": "^([A-Za-z0-9]|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})([A-Za-z0-9_.-]|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})*$"]
        defs["forEach"] = ["type": "object", "minProperties": 1, "maxProperties": 1, "propertyNames": ref("variableName"),
                           "additionalProperties": ["anyOf": [
                               ["type": "array", "minItems": 1, "maxItems": .int(Repetition.maximumItems),
                                "items": ["type": ["string", "number", "boolean"]]],
                               ["type": "integer", "minimum": 1, "maximum": .int(Repetition.maximumItems)]]],
                           "description": "Repeat for each item: `{ITEM: [a, b]}` or `{N: 3}`; `${ITEM}` in the id and artifact names."]
        defs["variableName"] = ["type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"]
        defs["duration"] = ["anyOf": [["type": "string", "pattern": "^([0-9]+(ms|s|m|h))+$"],
                                      ["type": "string", "pattern": "\\$\\{[A-Za-z_][A-Za-z0-9_.]*\\}"]],
                            "description": "A whole number with a unit, or several from largest to smallest: 500ms, 10s, 3m, 1m30s; or ${NAME} of an input."]
        defs["artifact"] = artifact
        defs["matcher"] = matcher
        defs["operand"] = ["description": "A value to compare with; a text may hold ${NAME}."]
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

    private static var files: JSONValue {
        let file = object(FileKey.self) { key -> JSONValue in
            switch key {
            case .name: ["type": "string", "pattern": "^[A-Za-z0-9_.-]+$", "not": ["pattern": "^\\.\\.?$"]]
            case .content: string
            }
        }
        return ["type": "object", "propertyNames": ref("variableName"), "additionalProperties": .object(file)]
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
            case .id: ref("repeatableIdentifier")
            case .title, .description: string
            case .steps: ["type": "array", "items": ref("step")]
            case .forEach: ref("forEach")
            }
        }
    }

    private static var step: JSONObject {
        var schema = object(StepKey.self) { key -> JSONValue in
            switch key {
            case .id: ref("repeatableIdentifier")
            case .forEach: ref("forEach")
            case .title, .description, .workdir: string
            case .az: ["allOf": [ref("command"), ["not": ["type": "string", "pattern": "^\\s*az(\\s|$)"]]]]
            case .run: ref("command")
            case .http:
                ["anyOf": [["type": "string", "pattern": .string("^ *(" + HTTPRequest.methods.map(anyCase).joined(separator: "|") + ") +[^ ]")],
                           .object(http)]]
            case .sleep, .interval, .within, .timeout: ref("duration")
            case .consecutive: ["type": "integer", "minimum": 1, "maximum": 1_000]
            case .check: ["anyOf": [string, .object(object(CheckKey.self) { _ in string })]]
            case .expect, .until: ref("expectations")
            case .capture: ref("captures")
            case .evidence:
                ["anyOf": [ref("artifact"), .object(object(StepEvidenceKey.self, minProperties: 1) { _ in ref("artifact") })]]
            case .expectFailure:
                ["anyOf": [boolean, .object(object(ExpectFailureKey.self) { key in
                    switch key {
                    case .exitCode: ["type": "integer", "minimum": 1, "maximum": 255]
                    case .stderr: string
                    }
                })]]
            case .allowFailure, .background: boolean
            case .env: ["type": "object", "propertyNames": ref("variableName"), "additionalProperties": scalar]
            }
        }
        // Exactly one action; `until` needs `within`, `interval` needs `until`; a step
        // cannot both have to fail and be allowed to.
        schema["oneOf"] = .array(StepKey.actions.map { ["required": [.string($0.rawValue)]] })
        schema["dependentRequired"] = ["until": ["within"], "interval": ["until"], "consecutive": ["until"]]
        schema["not"] = ["required": ["expect-failure", "allow-failure"]]
        // A background step may not capture: the steps beside it would race for the value.
        schema["if"] = ["properties": ["background": ["const": true]], "required": ["background"]]
        schema["then"] = ["not": ["required": ["capture"]]]
        schema["defaultSnippets"] = [[
            "label": "az step",
            "body": ["id": "${1:step-id}", "title": "${2:What it does}", "az": "${3:group show --name ${RG}}",
                     "expect": [["query": "${4:properties.provisioningState}", "equals": "${5:Succeeded}"]]],
        ], [
            "label": "http probe",
            "body": ["id": "${1:probe}", "http": "GET ${2:https://${FQDN}/health}", "expect": [["status": 200]]],
        ]]
        return schema
    }

    private static var http: JSONObject {
        object(HTTPKey.self) { key in
            switch key {
            case .method: ["type": "string", "pattern": .string("^(" + HTTPRequest.methods.map(anyCase).joined(separator: "|") + ")$")]
            case .url, .body: string
            case .headers: ["type": "object", "additionalProperties": scalar,
                             "propertyNames": ["pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"]]
            case .timeout, .every: ref("duration")
            case .count: ["type": "integer", "minimum": 1, "maximum": .int(HTTPRequest.maximumCount)]
            case .followRedirects: boolean
            }
        }
    }

    /// One subject and its operators: `query`, `value` and `header` take operators beside
    /// them; `status`, `body`, `stdout`, `stderr` and `exit-code` take a matcher.
    private static var expectation: JSONObject {
        var schema = object(ExpectationKey.self, minProperties: 1) { key -> JSONValue in
            switch key {
            case .query, .value, .header: string
            case .status, .body, .stdout, .stderr, .exitCode: ref("matcher")
            case .any: ["type": "array", "minItems": 2,
                        "items": ["anyOf": [ref("expectation"), ["type": "array", "minItems": 1, "items": ref("expectation")]]]]
            default: operatorSchema(MatcherKey(rawValue: key.rawValue))
            }
        }
        let subjects = ExpectationKey.namedSubjects + ExpectationKey.matcherSubjects
        schema["oneOf"] = .array(subjects.map { ["required": [.string($0.rawValue)]] }
                                 + [["required": ["any"], "maxProperties": 1]])
        return schema
    }

    /// A bare value (meaning `equals`) or a mapping of operators.
    private static var matcher: JSONValue {
        ["anyOf": [["type": ["string", "number", "boolean", "null", "array"]],
                   .object(object(MatcherKey.self, minProperties: 1) { operatorSchema($0) })]]
    }

    private static func operatorSchema(_ key: MatcherKey?) -> JSONValue {
        switch key {
        case .equals?, .contains?: ref("operand")
        case .not?: ["anyOf": [["type": ["string", "number", "boolean", "null", "array"]], ref("matcher")]]
        case .in?: ["type": "array"]
        case .matches?: string
        case .exists?: boolean
        case .lt?, .le?, .gt?, .ge?: ["type": ["number", "string"]]
        case .between?: ["type": "array", "minItems": 2, "maxItems": 2, "items": ["type": ["number", "string"]]]
        case nil: [:]
        }
    }

    /// A relative path inside the evidence folder, named plainly.
    private static var artifact: JSONValue {
        ["type": "string", "pattern": "^[^/~\\\\]",
         "not": ["anyOf": [["pattern": "(^|/)\\.\\.?(/|$)"], ["pattern": "^manifest\\.json$"], ["pattern": "^files/"],
                           ["pattern": "\\\\"], ["pattern": "//"], ["pattern": "/$"],
                           ["pattern": "[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]"]]],
         "description": "A file name inside the evidence folder: .json, .jsonl, .yaml or text."]
    }

    /// `get` → `[Gg][Ee][Tt]`: methods in any case, as `validate` reads them.
    private static func anyCase(_ word: String) -> String {
        word.map { "[\($0.uppercased())\($0.lowercased())]" }.joined()
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
        var schema = object(ClaimKey.self) { key -> JSONValue in
            switch key {
            case .id: ref("identifier")
            case .claim: string
            case .source: ["anyOf": [string, ["type": "array", "minItems": 1, "items": string]]]
            case .expect: ["anyOf": [ref("expectation"), ["type": "array", "minItems": 1, "items": ref("expectation")]]]
            case .capture: ref("captures")
            case .advisory: boolean
            case .extract: string
            case .any: ["type": "array", "minItems": 2, "items": .object(object(AlternativeKey.self) { key in
                switch key {
                case .source: ["anyOf": [string, ["type": "array", "minItems": 1, "items": string]]]
                case .expect: ["anyOf": [ref("expectation"), ["type": "array", "minItems": 1, "items": ref("expectation")]]]
                case .optional: boolean
                case .extract: string
                }
            })]
            }
        }
        // One source with its expectations, or alternatives under `any`.
        schema["oneOf"] = [["required": ["source", "expect"], "not": ["required": ["any"]]],
                           ["required": ["any"], "not": ["anyOf": [["required": ["source"]], ["required": ["expect"]], ["required": ["capture"]],
                                                                   ["required": ["extract"]]]]]]
        schema["defaultSnippets"] = [[
            "label": "evidence claim",
            "body": ["id": "${1:claim-id}", "claim": "${2:What the evidence shows}", "source": "${3:01-artifact.json}",
                     "expect": [["query": "${4:length(@)}", "ge": 1]]],
        ]]
        return schema
    }

    // MARK: - Building blocks

    private static let string: JSONValue = ["type": "string"]
    private static let boolean: JSONValue = ["type": "boolean"]
    private static let scalar: JSONValue = ["type": ["string", "number", "boolean"]]

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/$defs/\(name)")] }

    private static func described(_ schema: JSONValue, _ text: String?) -> JSONValue {
        guard let text, case .object(var object) = schema else { return schema }
        object["description"] = .string(text)
        return .object(object)
    }

    /// A mapping of exactly `K`'s keys, each with the schema `property` gives it, and
    /// `K`'s required keys.
    private static func object<K: SpecKeySet>(
        _: K.Type, minProperties: Int? = nil, _ property: (K) -> JSONValue
    ) -> JSONObject {
        var schema = JSONObject()
        schema["type"] = "object"
        var properties = JSONObject()
        for key in K.allCases {
            let text = SpecKeyDocs.text(K.context, key.rawValue) ?? SpecKeyDocs.text("expectation", key.rawValue)
            properties[key.rawValue] = described(property(key), text)
        }
        // Old spellings `validate` still reads, with a warning.
        for (old, key) in K.renamed.sorted(by: { $0.key < $1.key }) {
            var renamed = described(property(key), "Renamed to `\(key.rawValue)`.")
            if case .object(var object) = renamed {
                object["deprecated"] = true
                renamed = .object(object)
            }
            properties[old] = renamed
        }
        schema["properties"] = .object(properties)
        schema["additionalProperties"] = false
        if !K.required.isEmpty { schema["required"] = .array(K.required.map { .string($0.rawValue) }) }
        if let minProperties { schema["minProperties"] = .int(minProperties) }
        return schema
    }
}
