import Foundation
import JMESPath
import Testing
import TestSupport

/// `labspec schema`: the JSON Schema editors use, shipped as specs/labspec.schema.json.
@Suite struct SchemaCommandTests {
    static let shipped = Fixtures.repositoryRoot.appendingPathComponent("specs/labspec.schema.json")

    @Test func theShippedSchemaIsWhatTheCommandPrints() throws {
        let outcome = try LabspecBinary.run(["schema"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == (try String(contentsOf: Self.shipped, encoding: .utf8)),
                "specs/labspec.schema.json is stale: regenerate it with `labspec schema > specs/labspec.schema.json`")
    }

    /// Broken fixtures whose fault a schema cannot express: data flow, queries, regular
    /// expressions, cross references, order, and what PyYAML reads differently
    /// (`yes` as a boolean) or cannot read at all.
    static let beyondTheSchema: Set<String> = [
        "ambiguous-boolean-yes.yaml", "ambiguous-literal-in-expectation.yaml", "between-reversed.yaml",
        "capture-group-out-of-range.yaml", "check-reads-later-step.yaml", "duplicate-artifact.yaml",
        "duplicate-claim-id.yaml", "duplicate-key-top-level.yaml", "duplicate-phase-id.yaml", "duplicate-step-id.yaml",
        "http-check-on-run-step.yaml", "input-default-uses-a-later-input.yaml", "invalid-query-syntax.yaml",
        "invalid-query-unknown-function.yaml", "invalid-query-with-variable.yaml", "invalid-regex.yaml",
        "multiple-documents.yaml", "operator-beside-matcher-subject.yaml", "reserved-cleanup-phase.yaml",
        "undefined-variable.yaml", "undefined-yaml-alias.yaml", "unknown-evidence-source.yaml", "unterminated-quote.yaml",
        "unterminated-variable.yaml", "variable-captured-later.yaml", "variable-in-quoted-and-block-scalars.yaml",
        "variable-inside-a-list-operand.yaml", "yaml-syntax-bad-indentation.yaml", "yaml-syntax-tab-indentation.yaml",
        "yaml-tags-unknown.yaml", "duration-default-not-a-duration.yaml",
    ]

    /// Parity with `validate`, both ways: every spec it accepts passes the schema, and every
    /// broken fixture the schema can express fails it (python's jsonschema as the reference).
    @Test func theSchemaAgreesWithValidate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-schema-\(UUID().uuidString)")
        let scaffold = try LabspecBinary.run(["new", "scaffolded", "--directory", folder.path])
        #expect(scaffold.status == 0)
        let fixtures = try Fixtures.strippedCopy(of: ["invalid", "warnings", "runs"])
        func specs(_ sub: String) -> [URL] {
            ((try? FileManager.default.contentsOfDirectory(at: fixtures.appendingPathComponent(sub), includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
        }
        var accepted = specs("warnings") + specs("runs") + [folder.appendingPathComponent("scaffolded.yaml")]
            + Fixtures.files(under: "../../specs", extensions: ["yaml"])
        let extraAccepted = [
            "labspec: 1\nid: x\ntitle: X\nphases: [{id: p, steps: [{http: {method: get, url: 'https://a.example/'}, expect: [{status: 200}]}]}]\n",
            "labspec: 1\nid: x\ntitle: X\nphases: [{id: p, steps: [{run: [ls], cwd: /tmp, expect: [{exit-code: 0}]}]}]\n",
        ]
        let extraBroken = [
            "labspec: 1\nid: x\ntitle: X\nphases: [{id: p, steps: [{http: GET https://a.example/, until: {status: 200}, within: 1m, interval: 1.5s}]}]\n",
            "labspec: 1\nid: x\ntitle: X\nphases: [{id: p, steps: [{http: GET https://a.example/, expect: [{status: {not_equals: 200}}]}]}]\n",
            "labspec: 1\nid: x\ntitle: X\nphases: [{id: p, steps: [{az: group list, evidence: ../x.json}]}]\n",
            "labspec: 1\nid: x\ntitle: X\nphases: [{id: p, steps: [{az: group list, expect-failure: true, allow-failure: true}]}]\n",
        ]
        for (index, text) in (extraAccepted + extraBroken).enumerated() {
            try text.write(to: folder.appendingPathComponent("extra-\(index).yaml"), atomically: true, encoding: .utf8)
        }
        accepted += extraAccepted.indices.map { folder.appendingPathComponent("extra-\($0).yaml") }
        let rejected = specs("invalid").filter { !Self.beyondTheSchema.contains($0.lastPathComponent) }
            + extraBroken.indices.map { folder.appendingPathComponent("extra-\(extraAccepted.count + $0).yaml") }
        #expect(accepted.count >= 14 && rejected.count >= 25)
        // Every spec `validate` accepts, it accepts; every rejected one, it rejects.
        for spec in accepted {
            let outcome = try LabspecBinary.run(["validate", spec.path])
            #expect(outcome.status == 0, "validate rejects \(spec.lastPathComponent): \(outcome.stderr)")
        }
        for spec in rejected {
            #expect(try LabspecBinary.run(["validate", spec.path]).status == 2, "validate accepts \(spec.lastPathComponent)")
        }
        let script = """
            import json, sys
            try:
                import jsonschema, yaml
            except ImportError:
                sys.exit(3)
            validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
            jsonschema.Draft202012Validator.check_schema(validator.schema)
            for path in sys.argv[2:]:
                errors = list(validator.iter_errors(yaml.safe_load(open(path))))
                print(path, 'invalid' if errors else 'valid')
            """
        guard let outcome = try PythonReference.run(script, arguments: [Self.shipped.path] + (accepted + rejected).map(\.path)) else {
            #expect(PythonReference.mayBeMissing, "CI must have python3 jsonschema and PyYAML")
            return
        }
        #expect(outcome.status == 0, "\(outcome.stdout)")
        let verdicts = Dictionary(outcome.stdout.split(separator: "\n").map { line -> (String, String) in
            let parts = line.split(separator: " ")
            return (String(parts.first ?? ""), String(parts.last ?? ""))
        }, uniquingKeysWith: { first, _ in first })
        for spec in accepted { #expect(verdicts[spec.path] == "valid", "the schema rejects \(spec.lastPathComponent)") }
        for spec in rejected { #expect(verdicts[spec.path] == "invalid", "the schema accepts \(spec.lastPathComponent)") }
    }

    /// Every key of every mapping carries a description editors can show.
    @Test func everyKeyIsDescribed() throws {
        let schema = try JSONValue(parsing: try String(contentsOf: Self.shipped, encoding: .utf8))
        var missing: [String] = []
        func visit(_ value: JSONValue, path: String) {
            switch value {
            case .object(let object):
                if case .object(let properties)? = object["properties"] {
                    for entry in properties {
                        guard case .object(let property) = entry.value, case .string? = property["description"] else {
                            missing.append("\(path).\(entry.key)")
                            continue
                        }
                    }
                }
                // `if` holds a condition, not the keys of a mapping.
                for entry in object where entry.key != "if" { visit(entry.value, path: path + "/" + entry.key) }
            case .array(let items):
                for item in items { visit(item, path: path) }
            default:
                break
            }
        }
        visit(schema, path: "")
        #expect(missing.isEmpty, "\(missing)")
    }
}
